//! Microblog posts over HTTP (tag `weibo-posts`): drafts with an
//! Idempotency-Key, edits, review steps, pins, comments (hidden by the
//! account's reviewers), likes, following, the halls' timelines, an
//! account's posts, refutations; and the pages' forms beside them, which
//! work without JavaScript and show the page again with the problem.

use crate::http::{
    finish, idempotency_key, redirect, see_other, FormLimit, FormPost, JsonBody, PageAbove, Posted,
    SendBack, SignedIn, ThisPage, FORM_WITH_SCANS_LIMIT,
};
use app::{
    accounts::Me,
    clock,
    error::AppError,
    review::Action,
    state::AppState,
    weibo::{
        hall::{self, PROVINCE},
        posts::{
            store::{self, Scope},
            CommentView, Cursor, Draft, ImageInput, PostView, StaffView, Timeline,
        },
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of posts, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    let scans = || Extension(FormLimit(FORM_WITH_SCANS_LIMIT));
    OpenApiRouter::new()
        // Public posts and timelines are the same for everyone.
        .merge(crate::http::cache::public(
            OpenApiRouter::new()
                .routes(routes!(timeline))
                .routes(routes!(account_posts))
                .routes(routes!(refutations))
                .routes(routes!(one, update))
                .routes(routes!(comments, comment)),
        ))
        .routes(routes!(create))
        .routes(routes!(staff_one))
        .routes(routes!(steps))
        .routes(routes!(pin, unpin))
        .routes(routes!(hide))
        .routes(routes!(like, unlike))
        .routes(routes!(follow, unfollow))
        .routes(routes!(comments_closed))
        .routes(routes!(mine))
        .route("/staff/weibo/posts", post(form_create).layer(scans()))
        .route("/staff/weibo/posts/{id}", post(form_update).layer(scans()))
        .route("/staff/weibo/posts/{id}/steps", post(form_step))
        .route("/staff/weibo/posts/{id}/pin", post(form_pin))
        .route("/staff/weibo/comments/{id}/hide", post(form_hide))
        .route(
            "/staff/weibo/accounts/{handle}/comments",
            post(form_comments_closed),
        )
        .route("/weibo/{handle}/follow", post(form_follow))
        .route("/weibo/{handle}/{post}/like", post(form_like))
        .route("/weibo/{handle}/{post}/comments", post(form_comment))
}

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

fn id_of(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

fn before_of(before: Option<&str>) -> Result<Option<Cursor>, AppError> {
    match before.filter(|b| !b.is_empty()) {
        Some(b) => Cursor::parse(b).map(Some).ok_or_else(|| bad("before")),
        None => Ok(None),
    }
}

/// `@handle` or `handle` as a path segment: the handle.
fn handle_of(segment: &str) -> &str {
    segment.strip_prefix('@').unwrap_or(segment)
}

/// A page of a timeline: `before` is the `next` of the page before.
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// `region=440000` (the province, every account) or a city's code.
    pub region: Option<String>,
    /// The previous page's `next` (`{microseconds}.{id}`).
    pub before: Option<String>,
}

/// `GET /api/v1/weibo/timeline?region=&before=`: the hall's public posts,
/// newest first, 20 a page (keyset: `next` is the following page's
/// `before`). The province by default.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/timeline",
    operation_id = "weibo_timeline",
    tag = "weibo-posts",
    params(Page),
    responses(
        (status = 200, description = "A page of public posts, newest first", body = Timeline),
        crate::openapi::BadQuery,
        (status = 404, description = "Not the province or one of its cities (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn timeline(
    State(state): State<AppState>,
    Query(p): Query<Page>,
) -> Result<Json<Timeline>, AppError> {
    let code: i32 = match p.region.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => r.parse().map_err(|_| bad("region"))?,
        None => PROVINCE,
    };
    let (scope, _) = hall::store::scope_of(&state.pool, code).await?;
    let before = before_of(p.before.as_deref())?;
    Ok(Json(store::timeline(&state.pool, scope, before).await?))
}

/// `GET /api/v1/weibo/accounts/{handle}/posts?before=`: a verified
/// account's public posts, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/accounts/{handle}/posts",
    operation_id = "weibo_account_posts",
    tag = "weibo-posts",
    params(("handle" = String, Path, description = "The account's handle"), Page),
    responses(
        (status = 200, description = "A page of the account's public posts", body = Timeline),
        crate::openapi::BadQuery,
        (status = 404, description = "No such verified account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn account_posts(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    Query(p): Query<Page>,
) -> Result<Json<Timeline>, AppError> {
    let before = before_of(p.before.as_deref())?;
    let (id, _, _) = hall::store::actor(&state.pool, handle_of(&handle)).await?;
    Ok(Json(
        store::timeline(&state.pool, Scope::Account(id), before).await?,
    ))
}

/// `GET /api/v1/weibo/refutations?before=`: the refutations (辟谣) of
/// every verified account, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/refutations",
    operation_id = "weibo_refutations",
    tag = "weibo-posts",
    params(Page),
    responses(
        (status = 200, description = "A page of refutations", body = Timeline),
        crate::openapi::BadQuery,
    )
)]
pub async fn refutations(
    State(state): State<AppState>,
    Query(p): Query<Page>,
) -> Result<Json<Timeline>, AppError> {
    let before = before_of(p.before.as_deref())?;
    Ok(Json(
        store::timeline(&state.pool, Scope::Refutations, before).await?,
    ))
}

/// `GET /api/v1/me/weibo/timeline?before=`: the posts of the accounts the
/// caller follows.
#[utoipa::path(
    get,
    path = "/api/v1/me/weibo/timeline",
    operation_id = "weibo_my_timeline",
    tag = "weibo-posts",
    params(Page),
    responses(
        (status = 200, description = "A page of the followed accounts' posts", body = Timeline),
        crate::openapi::SignedOut,
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(p): Query<Page>,
) -> Result<Json<Timeline>, AppError> {
    let before = before_of(p.before.as_deref())?;
    Ok(Json(
        store::timeline(&state.pool, Scope::Following(me.id), before).await?,
    ))
}

/// What creating a draft or a comment answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[schema(as = WeiboCreated)]
pub struct Created {
    /// The draft's id (its staff page is `/staff/weibo/posts/{id}`), or
    /// the comment's.
    pub id: i64,
}

/// `POST /api/v1/weibo/posts` with an `Idempotency-Key`: a new draft of
/// the verified account `account` (a handle) by one of its editors; 201,
/// or 200 with the same draft for the same key. Images are uploads of the
/// caller's (`POST /api/v1/uploads`, JPEG or PNG). Nothing is public
/// until a reviewer of the account approves it.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/posts",
    operation_id = "weibo_posts_create",
    tag = "weibo-posts",
    request_body = Draft,
    params(("Idempotency-Key" = String, Header, description = "A UUID: the same key gives the same draft")),
    responses(
        (status = 201, description = "The draft", body = Created),
        (status = 200, description = "The same key again: the same draft", body = Created),
        crate::openapi::RoleWrite,
        (status = 422, description = "A field cannot be taken (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(draft): JsonBody<Draft>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), None)?;
    let w = store::create(&state.pool, &me, &draft, key, state.now.now()).await?;
    let status = if w.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Created { id: w.id })).into_response())
}

/// `GET /api/v1/weibo/posts/{id}`: a public post (404 before approval,
/// after withdrawal, for an account no longer verified).
#[utoipa::path(
    get,
    path = "/api/v1/weibo/posts/{id}",
    operation_id = "weibo_posts_one",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post", body = PostView),
        (status = 404, description = "No such public post (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    Ok(Json(
        store::public_post(&state.pool, None, id_of(&id)?).await?,
    ))
}

async fn staff_view(state: &AppState, me: &Me, id: i64) -> Result<StaffView, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::staff(&state.pool, &cal, me, id, state.now.today()).await
}

/// `PUT /api/v1/weibo/posts/{id}`: replaces a draft (its account's
/// editors, only while a draft: 409 otherwise).
#[utoipa::path(
    put,
    path = "/api/v1/weibo/posts/{id}",
    operation_id = "weibo_posts_update",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The draft's id")),
    request_body = Draft,
    responses(
        (status = 200, description = "The post after the edit", body = StaffView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such post the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not a draft (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field cannot be taken (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(draft): JsonBody<Draft>,
) -> Result<Json<StaffView>, AppError> {
    let id = id_of(&id)?;
    store::update(&state.pool, &me, id, &draft, state.now.now()).await?;
    Ok(Json(staff_view(&state, &me, id).await?))
}

/// `GET /api/v1/staff/weibo/posts/{id}`: a post with its review, the
/// steps the caller may take, who wrote and who approved it, the log and
/// the comments; its account's team (404 for anyone else).
#[utoipa::path(
    get,
    path = "/api/v1/staff/weibo/posts/{id}",
    operation_id = "weibo_posts_staff_one",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post and its review", body = StaffView),
        crate::openapi::SignedOut,
        (status = 404, description = "No such post the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn staff_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<StaffView>, AppError> {
    Ok(Json(staff_view(&state, &me, id_of(&id)?).await?))
}

async fn step_as(state: &AppState, me: &Me, id: i64, action: &Action) -> Result<(), AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::take_step(
        &state.pool,
        &cal,
        me,
        id,
        action,
        state.now.now(),
        state.now.today(),
    )
    .await
}

/// `POST /api/v1/weibo/posts/{id}/steps` with `{"action":"submit"}`,
/// `{"action":"publish"}` (approve), `{"action":"return","reason":"…"}`,
/// `{"action":"withdraw","reason":"…"}`…: a step of the review flow. The
/// author never approves (403 `review_refused`, even holding the
/// reviewer's role); 409 when the state refuses the step.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/posts/{id}/steps",
    operation_id = "weibo_posts_step",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    request_body = app::review::Action,
    responses(
        (status = 200, description = "The post after the step", body = StaffView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such post the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The state refuses the step (`review_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The reason cannot be taken (`review_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn steps(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(action): JsonBody<Action>,
) -> Result<Json<StaffView>, AppError> {
    let id = id_of(&id)?;
    step_as(&state, &me, id, &action).await?;
    Ok(Json(staff_view(&state, &me, id).await?))
}

/// `PUT /api/v1/weibo/posts/{id}/pin`: pins the public post on its
/// account's page (the account's reviewers; 409 for a post not public).
#[utoipa::path(
    put,
    path = "/api/v1/weibo/posts/{id}/pin",
    operation_id = "weibo_posts_pin",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 204, description = "Pinned"),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such post the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not public (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn pin(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<StatusCode, AppError> {
    store::pin(&state.pool, &me, id_of(&id)?, true, state.now.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/weibo/posts/{id}/pin`: unpins it.
#[utoipa::path(
    delete,
    path = "/api/v1/weibo/posts/{id}/pin",
    operation_id = "weibo_posts_unpin",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 204, description = "Not pinned"),
        crate::openapi::SignedOut,
        (status = 404, description = "No such post the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn unpin(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<StatusCode, AppError> {
    store::pin(&state.pool, &me, id_of(&id)?, false, state.now.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Comments after one: `after` is the last id seen.
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct After {
    pub after: Option<String>,
}

/// `GET /api/v1/weibo/posts/{id}/comments?after=`: a public post's
/// comments, oldest first, 50 a page; a hidden one without its text, with
/// the account's reason.
#[utoipa::path(
    get,
    path = "/api/v1/weibo/posts/{id}/comments",
    operation_id = "weibo_comments",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id"), After),
    responses(
        (status = 200, description = "Comments", body = Vec<CommentView>),
        (status = 404, description = "No such public post (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(a): Query<After>,
) -> Result<Json<Vec<CommentView>>, AppError> {
    let after = match a.after.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => s.parse().map_err(|_| bad("after"))?,
        None => 0,
    };
    Ok(Json(
        store::comments(&state.pool, id_of(&id)?, after).await?,
    ))
}

/// A comment as posted.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[schema(as = WeiboCommentInput)]
pub struct CommentIn {
    /// 1–500 characters.
    pub body: String,
}

/// `POST /api/v1/weibo/posts/{id}/comments` with an `Idempotency-Key`:
/// the signed-in caller comments on a public post; 201, or 200 with the
/// same comment for the same key. 409 when the account has closed its
/// comments; 429 past 30 comments in an hour.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/posts/{id}/comments",
    operation_id = "weibo_comment",
    tag = "weibo-posts",
    params(
        ("id" = i64, Path, description = "The post's id"),
        ("Idempotency-Key" = String, Header, description = "A UUID: the same key gives the same comment"),
    ),
    request_body = CommentIn,
    responses(
        (status = 201, description = "The comment", body = Created),
        (status = 200, description = "The same key again", body = Created),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such public post (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Comments closed (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The text cannot be taken (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(c): JsonBody<CommentIn>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), None)?;
    let (cid, created) =
        store::comment(&state.pool, &me, id_of(&id)?, &c.body, key, state.now.now()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Created { id: cid })).into_response())
}

/// Why a comment is hidden.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[schema(as = WeiboHide)]
pub struct HideIn {
    /// 1–200 characters, shown in the comment's place.
    pub reason: String,
}

/// `POST /api/v1/weibo/comments/{id}/hide` with `{"reason":"…"}`: the
/// post's account's reviewers hide a comment; the reason is shown in its
/// place.
#[utoipa::path(
    post,
    path = "/api/v1/weibo/comments/{id}/hide",
    operation_id = "weibo_comment_hide",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The comment's id")),
    request_body = HideIn,
    responses(
        (status = 204, description = "Hidden"),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such comment, or the caller does not review its account (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The reason cannot be taken (`weibo_post_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn hide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(h): JsonBody<HideIn>,
) -> Result<StatusCode, AppError> {
    store::hide(&state.pool, &me, id_of(&id)?, &h.reason, state.now.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The likes of a post after a change.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[schema(as = WeiboLikes)]
pub struct Likes {
    pub likes: i32,
}

/// `PUT /api/v1/weibo/posts/{id}/like`: the caller likes a public post
/// (once: liking again changes nothing).
#[utoipa::path(
    put,
    path = "/api/v1/weibo/posts/{id}/like",
    operation_id = "weibo_like",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The likes after it", body = Likes),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such public post (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn like(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<Likes>, AppError> {
    let likes = store::like(&state.pool, &me, id_of(&id)?, true, state.now.now()).await?;
    Ok(Json(Likes { likes }))
}

/// `DELETE /api/v1/weibo/posts/{id}/like`: takes the like back.
#[utoipa::path(
    delete,
    path = "/api/v1/weibo/posts/{id}/like",
    operation_id = "weibo_unlike",
    tag = "weibo-posts",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The likes after it", body = Likes),
        crate::openapi::SignedOut,
        (status = 404, description = "No such public post (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn unlike(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<Likes>, AppError> {
    let likes = store::like(&state.pool, &me, id_of(&id)?, false, state.now.now()).await?;
    Ok(Json(Likes { likes }))
}

/// An account's followers after a change.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[schema(as = WeiboFollowers)]
pub struct Followers {
    pub followers: i32,
}

/// `PUT /api/v1/weibo/accounts/{handle}/follow`: the caller follows a
/// verified account (once).
#[utoipa::path(
    put,
    path = "/api/v1/weibo/accounts/{handle}/follow",
    operation_id = "weibo_follow",
    tag = "weibo-posts",
    params(("handle" = String, Path, description = "The account's handle")),
    responses(
        (status = 200, description = "The followers after it", body = Followers),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such verified account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn follow(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<Followers>, AppError> {
    let followers =
        hall::store::follow(&state.pool, &me, handle_of(&handle), true, state.now.now()).await?;
    Ok(Json(Followers { followers }))
}

/// `DELETE /api/v1/weibo/accounts/{handle}/follow`: stops following.
#[utoipa::path(
    delete,
    path = "/api/v1/weibo/accounts/{handle}/follow",
    operation_id = "weibo_unfollow",
    tag = "weibo-posts",
    params(("handle" = String, Path, description = "The account's handle")),
    responses(
        (status = 200, description = "The followers after it", body = Followers),
        crate::openapi::SignedOut,
        (status = 404, description = "No such verified account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn unfollow(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    SignedIn(me): SignedIn,
) -> Result<Json<Followers>, AppError> {
    let followers =
        hall::store::follow(&state.pool, &me, handle_of(&handle), false, state.now.now()).await?;
    Ok(Json(Followers { followers }))
}

/// Comments closed or open.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[schema(as = WeiboCommentsClosed)]
pub struct ClosedIn {
    pub closed: bool,
}

/// `PUT /api/v1/weibo/accounts/{handle}/comments-closed` with
/// `{"closed":true}`: the account's reviewers close (or open) its
/// comments; shown publicly, and it counts against the account.
#[utoipa::path(
    put,
    path = "/api/v1/weibo/accounts/{handle}/comments-closed",
    operation_id = "weibo_comments_closed",
    tag = "weibo-posts",
    params(("handle" = String, Path, description = "The account's handle")),
    request_body = ClosedIn,
    responses(
        (status = 204, description = "Done"),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account, or the caller does not review it (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn comments_closed(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(c): JsonBody<ClosedIn>,
) -> Result<StatusCode, AppError> {
    store::set_comments_closed(&state.pool, &me, handle_of(&handle), c.closed).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- the pages' forms (they work without JavaScript) ------------------------

/// The draft a form posts: the images chosen now saved (JPEG or PNG,
/// judged by structure as every upload), after the ones kept; their alt
/// texts one a line.
async fn draft_of(state: &AppState, me: &Me, p: &Posted) -> Result<Draft, AppError> {
    let mut uploads: Vec<i64> = p
        .all("keep_image")
        .map(|k| k.parse().map_err(|_| bad("images")))
        .collect::<Result<_, _>>()?;
    for f in p
        .files
        .iter()
        .filter(|f| f.input == "images" && !f.bytes.is_empty())
        .take(app::weibo::posts::MAX_IMAGES + 1)
    {
        let stored =
            app::files::store::save(&state.pool, &state.objects, me.id, &f.name, f.bytes.clone())
                .await?;
        uploads.push(stored.id);
    }
    let alts_text = p.text("alts");
    let mut alts = alts_text.lines();
    let repost = p.text("repost_of");
    Ok(Draft {
        account: p.text("account"),
        body: p.text("body"),
        images: uploads
            .into_iter()
            .map(|upload_id| ImageInput {
                upload_id,
                alt: alts.next().unwrap_or_default().to_string(),
            })
            .collect(),
        card_kind: p.text("card_kind"),
        card_ref: p.text("card_ref"),
        repost_of: match repost.trim() {
            "" => None,
            r => Some(r.parse().map_err(|_| bad("repost_of"))?),
        },
        refutes: p.text("refutes"),
    })
}

/// `POST /staff/weibo/posts` (the new-post form): to the draft's page, or
/// the form again with what was typed, the problem and the same key.
pub async fn form_create(FormPost(state, me, parts, posted, ..): FormPost<ThisPage>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let page = format!("/staff/weibo/posts/new?account={}", posted.text("account"));
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let draft = draft_of(&state, &me, &posted).await?;
        store::create(&state.pool, &me, &draft, key, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|w| see_other(&format!("/staff/weibo/posts/{}", w.id)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page)
    })
    .await
}

/// `POST /staff/weibo/posts/{id}` (the edit form): back to the post.
pub async fn form_update(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<ThisPage>,
) -> Response {
    let page = format!("/staff/weibo/posts/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let id = id_of(&id)?;
        let draft = draft_of(&state, &me, &posted).await?;
        store::update(&state.pool, &me, id, &draft, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|()| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// The review step a form posts (`action=…`, `reason`).
fn action_of(p: &Posted) -> Result<Action, AppError> {
    Action::from_form(p.get("action").unwrap_or_default(), p.text("reason"))
        .ok_or_else(|| bad("action"))
}

/// `POST /staff/weibo/posts/{id}/steps`: back to the post.
pub async fn form_step(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/weibo/posts/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let action = action_of(&posted)?;
        step_as(&state, &me, id_of(&id)?, &action).await
    }
    .await;
    let answer = outcome.map(|()| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/weibo/posts/{id}/pin` (`on=1` pins, `on=0` unpins).
pub async fn form_pin(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/weibo/posts/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let on = posted.get("on") == Some("1");
    let outcome =
        async { store::pin(&state.pool, &me, id_of(&id)?, on, state.now.now()).await }.await;
    let answer = outcome.map(|()| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/weibo/comments/{id}/hide` (`reason`): back to the post.
pub async fn form_hide(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let comment = match id_of(&id) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let page = match store::post_of_comment(&state.pool, comment).await {
        Ok(post) => format!("/staff/weibo/posts/{post}"),
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = store::hide(
        &state.pool,
        &me,
        comment,
        &posted.text("reason"),
        state.now.now(),
    )
    .await;
    let answer = outcome.map(|_| see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/weibo/accounts/{handle}/comments` (`closed=1` or `0`):
/// back to the team's page.
pub async fn form_comments_closed(
    Path(handle): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let closed = posted.get("closed") == Some("1");
    let outcome = store::set_comments_closed(&state.pool, &me, handle_of(&handle), closed).await;
    let answer = outcome.map(|()| see_other("/staff/weibo"));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at("/staff/weibo".to_string())
    })
    .await
}

/// `POST /weibo/@{handle}/follow` (`on=1` follows, `on=0` stops): back to
/// the account's page.
pub async fn form_follow(
    Path(handle): Path<String>,
    FormPost(state, me, _parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let on = match posted {
        Ok(p) => p.get("on") != Some("0"),
        Err(e) => return e.into_response(),
    };
    let h = handle_of(&handle).to_string();
    redirect(
        hall::store::follow(&state.pool, &me, &h, on, state.now.now())
            .await
            .map(|_| format!("/weibo/@{h}")),
    )
}

/// `POST /weibo/@{handle}/{post}/like` (`on=1` likes, `on=0` takes it back).
pub async fn form_like(
    Path((handle, post)): Path<(String, String)>,
    FormPost(state, me, _parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let on = match posted {
        Ok(p) => p.get("on") != Some("0"),
        Err(e) => return e.into_response(),
    };
    let h = handle_of(&handle).to_string();
    let outcome = async {
        let id = id_of(&post)?;
        store::like(&state.pool, &me, id, on, state.now.now()).await?;
        Ok(format!("/weibo/@{h}/{id}"))
    }
    .await;
    redirect(outcome)
}

/// `POST /weibo/@{handle}/{post}/comments` (`body`, `idempotency_key`):
/// to the comment on the post's page, or the page again with the problem
/// (409 when the account closed its comments).
pub async fn form_comment(
    Path((handle, post)): Path<(String, String)>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/weibo/@{}/{post}", handle_of(&handle));
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let id = id_of(&post)?;
        store::comment(
            &state.pool,
            &me,
            id,
            &posted.text("body"),
            key,
            state.now.now(),
        )
        .await
    }
    .await;
    let answer = outcome.map(|(c, _)| see_other(&format!("{page}#c{c}")));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}
