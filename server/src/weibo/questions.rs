//! (issue 21: being built) — helper: READ LEAD-NOTES.md at your worktree root FIRST (deadline 12:00 UTC, copy the built target, anchors). Delete this note.

use app::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
