//! The microblog hall's HTTP (issue 21): each part's routes, merged here.
//! `app::weibo` holds the rules, SQL and pages.

pub mod accounts;
pub mod activitypub;
pub mod posts;
pub mod questions;

use app::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(accounts::routes())
        .merge(posts::routes())
        .merge(questions::routes())
        .merge(activitypub::routes())
}
