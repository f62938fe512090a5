//! The microblog hall for readers elsewhere: Atom feeds per account
//! (`/weibo/@{handle}/feed.atom`) and per hall (`/weibo/feed.atom?region=`),
//! and each verified account as an ActivityPub actor — WebFinger
//! (`/.well-known/webfinger?resource=acct:{handle}@{host}`), the actor
//! (`/ap/weibo/{handle}`: an `Organization` for an institution, a
//! `Person` for an official's post), its outbox (an `OrderedCollection`
//! whose pages hold `Create` activities of `Note`s of public posts) and
//! each note (`/ap/weibo/{handle}/posts/{id}`). The inbox answers 202 and
//! keeps nothing: the hall publishes, it does not take deliveries. Only
//! verified accounts and public posts are ever published here. Absolute
//! URLs are made on the origin the documents' feeds use.
//!
//! Also the public images of public posts.

use crate::documents::{atom, origin_of, AtomEntry};
use app::{
    error::AppError,
    state::AppState,
    weibo::{
        hall::{self, PROVINCE},
        posts::{
            excerpt, html_paragraphs,
            store::{self, Scope},
            Cursor, PostView,
        },
        view::AccountKind,
    },
};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;

/// The ActivityStreams 2.0 context.
pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";
/// Addressed to everyone.
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(crate::http::cache::public(
            OpenApiRouter::new()
                .route("/.well-known/webfinger", get(webfinger))
                .route("/ap/weibo/{handle}", get(actor))
                .route("/ap/weibo/{handle}/outbox", get(outbox))
                .route("/ap/weibo/{handle}/posts/{id}", get(note))
                .route("/weibo/feed.atom", get(hall_feed))
                .route("/weibo/{handle}/feed.atom", get(account_feed))
                .route("/weibo/{handle}/{post}/images/{position}", get(image)),
        ))
        .route("/ap/weibo/{handle}/inbox", get(inbox_get).post(inbox))
}

fn handle_of(segment: &str) -> &str {
    segment.strip_prefix('@').unwrap_or(segment)
}

fn typed(content_type: &'static str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

fn activity(value: Value) -> Response {
    typed(
        "application/activity+json; charset=utf-8",
        value.to_string(),
    )
}

fn actor_url(origin: &str, handle: &str) -> String {
    format!("{origin}/ap/weibo/{handle}")
}

/// Which account: `resource=acct:{handle}@{host}`.
#[derive(Debug, Deserialize)]
pub struct Resource {
    pub resource: Option<String>,
}

/// The host part of an origin (`http://hall.example:8080` → `hall.example:8080`).
fn host_of(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, h)| h)
}

/// `GET /.well-known/webfinger?resource=acct:{handle}@{host}`: the JRD of
/// a verified account (`application/jrd+json`), linking its actor
/// (`rel=self`) and its page. 404 for another host or account.
pub async fn webfinger(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(r): Query<Resource>,
) -> Result<Response, AppError> {
    let resource = r.resource.unwrap_or_default();
    let acct = resource
        .strip_prefix("acct:")
        .ok_or(AppError::InvalidParameter {
            name: "resource".into(),
        })?;
    let (handle, host) = acct.rsplit_once('@').ok_or(AppError::InvalidParameter {
        name: "resource".into(),
    })?;
    let origin = origin_of(&headers, &state);
    let own = host_of(&origin);
    let bare = own.rsplit_once(':').map_or(own, |(h, _)| h);
    if !host.eq_ignore_ascii_case(own) && !host.eq_ignore_ascii_case(bare) {
        return Err(AppError::NotFound);
    }
    let (_, name, _) = hall::store::actor(&state.pool, handle).await?;
    let profile = format!("{origin}{}", name.path());
    let body = json!({
        "subject": format!("acct:{}@{host}", name.handle),
        "aliases": [actor_url(&origin, &name.handle), profile],
        "links": [
            {
                "rel": "self",
                "type": "application/activity+json",
                "href": actor_url(&origin, &name.handle),
            },
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": profile,
            },
        ],
    });
    Ok(typed(
        "application/jrd+json; charset=utf-8",
        body.to_string(),
    ))
}

/// `GET /ap/weibo/{handle}`: the verified account as an ActivityPub actor
/// (`application/activity+json`): an `Organization` (an institution) or a
/// `Person` (an official's post, with the capacity in its summary).
pub async fn actor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Result<Response, AppError> {
    let (_, name, bio) = hall::store::actor(&state.pool, handle_of(&handle)).await?;
    let origin = origin_of(&headers, &state);
    let id = actor_url(&origin, &name.handle);
    let kind = match name.kind {
        AccountKind::Institution => "Organization",
        AccountKind::Official => "Person",
    };
    let summary = match &name.capacity {
        Some(c) if bio.is_empty() => html_paragraphs(c),
        Some(c) => html_paragraphs(&format!("{c}\n{bio}")),
        None => html_paragraphs(&bio),
    };
    Ok(activity(json!({
        "@context": AS_CONTEXT,
        "id": id,
        "type": kind,
        "preferredUsername": name.handle,
        "name": name.name,
        "summary": summary,
        "url": format!("{origin}{}", name.path()),
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
    })))
}

fn note_of(origin: &str, p: &PostView) -> Value {
    let actor = actor_url(origin, &p.account.handle);
    let mut content = html_paragraphs(&p.body);
    if let Some(claim) = &p.refutes {
        content = format!("{}{content}", html_paragraphs(&format!("【辟谣】{claim}")));
    }
    if let Some(c) = &p.card {
        content.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            app::weibo::posts::escape_html(&format!("{origin}{}", c.href)),
            app::weibo::posts::escape_html(if c.title.is_empty() {
                &c.reference
            } else {
                &c.title
            })
        ));
    }
    json!({
        "id": format!("{actor}/posts/{}", p.id),
        "type": "Note",
        "attributedTo": actor,
        "published": p.published,
        "content": content,
        "url": format!("{origin}{}", p.href),
        "to": [PUBLIC],
    })
}

fn create_of(origin: &str, p: &PostView) -> Value {
    let actor = actor_url(origin, &p.account.handle);
    json!({
        "id": format!("{actor}/posts/{}/activity", p.id),
        "type": "Create",
        "actor": actor,
        "published": p.published,
        "to": [PUBLIC],
        "object": note_of(origin, p),
    })
}

/// The outbox or one of its pages (`page=true`, `before=`).
#[derive(Debug, Deserialize)]
pub struct OutboxPage {
    pub page: Option<String>,
    pub before: Option<String>,
}

/// `GET /ap/weibo/{handle}/outbox`: the account's public posts as an
/// `OrderedCollection`; `?page=true` (and `before=`) its pages of `Create`
/// activities of `Note`s, newest first, 20 a page.
pub async fn outbox(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(handle): Path<String>,
    Query(q): Query<OutboxPage>,
) -> Result<Response, AppError> {
    let (account, name, _) = hall::store::actor(&state.pool, handle_of(&handle)).await?;
    let origin = origin_of(&headers, &state);
    let id = format!("{}/outbox", actor_url(&origin, &name.handle));
    if q.page.as_deref() != Some("true") {
        let total = hall::store::public_count(&state.pool, account).await?;
        return Ok(activity(json!({
            "@context": AS_CONTEXT,
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=true"),
        })));
    }
    let before = match q.before.as_deref().filter(|b| !b.is_empty()) {
        Some(b) => Some(Cursor::parse(b).ok_or(AppError::InvalidParameter {
            name: "before".into(),
        })?),
        None => None,
    };
    let t = store::timeline(&state.pool, Scope::Account(account), before).await?;
    let this = match &q.before {
        Some(b) if before.is_some() => format!("{id}?page=true&before={b}"),
        _ => format!("{id}?page=true"),
    };
    let mut page = json!({
        "@context": AS_CONTEXT,
        "id": this,
        "type": "OrderedCollectionPage",
        "partOf": id,
        "orderedItems": t.posts.iter().map(|p| create_of(&origin, p)).collect::<Vec<_>>(),
    });
    if let Some(next) = t.next {
        page["next"] = json!(format!("{id}?page=true&before={next}"));
    }
    Ok(activity(page))
}

/// `GET /ap/weibo/{handle}/posts/{id}`: a public post as a `Note`.
pub async fn note(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((handle, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let p = store::public_post(&state.pool, Some(handle_of(&handle)), id).await?;
    let origin = origin_of(&headers, &state);
    let mut note = note_of(&origin, &p);
    note["@context"] = json!(AS_CONTEXT);
    Ok(activity(note))
}

/// `POST /ap/weibo/{handle}/inbox`: 202, and nothing is read or kept (the
/// hall publishes; it takes no deliveries).
pub async fn inbox() -> StatusCode {
    StatusCode::ACCEPTED
}

/// `GET /ap/weibo/{handle}/inbox`: 405 (no one's inbox is public).
pub async fn inbox_get() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, HeaderValue::from_static("POST"))],
    )
        .into_response()
}

fn entries(origin: &str, posts: &[PostView]) -> Vec<AtomEntry> {
    posts
        .iter()
        .filter_map(|p| {
            let at = time::OffsetDateTime::parse(
                &p.published,
                &time::format_description::well_known::Rfc3339,
            )
            .ok()?;
            Some(AtomEntry {
                href: format!("{origin}{}", p.href),
                title: format!("{}：{}", p.account.name, excerpt(&p.body, 40)),
                updated: at,
                published: p.published.clone(),
                summary: excerpt(&p.body, 140),
                content_html: Some(html_paragraphs(&p.body)),
            })
        })
        .collect()
}

fn atom_answer(xml: String) -> Response {
    typed("application/atom+xml; charset=utf-8", xml)
}

/// `GET /weibo/@{handle}/feed.atom`: the account's latest 20 public posts.
pub async fn account_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Result<Response, AppError> {
    let (account, name, _) = hall::store::actor(&state.pool, handle_of(&handle)).await?;
    let origin = origin_of(&headers, &state);
    let posts = store::latest(&state.pool, Scope::Account(account), 20).await?;
    Ok(atom_answer(atom(
        &origin,
        &format!("{}/feed.atom", name.path()),
        &format!("{} · 政务微博", name.name),
        &name.path(),
        &entries(&origin, &posts),
        state.now.now(),
    )))
}

/// Which hall: `region=440000` (the province) or a city's code.
#[derive(Debug, Deserialize)]
pub struct Region {
    pub region: Option<String>,
}

/// `GET /weibo/feed.atom?region=`: the hall's latest 20 public posts.
pub async fn hall_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(r): Query<Region>,
) -> Result<Response, AppError> {
    let code: i32 = match r.region.as_deref().filter(|r| !r.is_empty()) {
        Some(c) => c.parse().map_err(|_| AppError::InvalidParameter {
            name: "region".into(),
        })?,
        None => PROVINCE,
    };
    let (scope, region) = hall::store::scope_of(&state.pool, code).await?;
    let origin = origin_of(&headers, &state);
    let posts = store::latest(&state.pool, scope, 20).await?;
    let (path, alternate) = match scope {
        Scope::City(c) => (
            format!("/weibo/feed.atom?region={c}"),
            format!("/weibo/r/{c}"),
        ),
        _ => ("/weibo/feed.atom".to_string(), "/weibo".to_string()),
    };
    Ok(atom_answer(atom(
        &origin,
        &path,
        &format!("{}政务微博发布厅", region.zh),
        &alternate,
        &entries(&origin, &posts),
        state.now.now(),
    )))
}

/// `GET /weibo/@{handle}/{post}/images/{position}`: an image of a public
/// post, to anyone (its kind as judged on upload).
pub async fn image(
    State(state): State<AppState>,
    Path((handle, post, position)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let post: i64 = post.parse().map_err(|_| AppError::NotFound)?;
    let position: i16 = position.parse().map_err(|_| AppError::NotFound)?;
    let (key, kind) = store::public_image(&state.pool, handle_of(&handle), post, position).await?;
    let kind = app::files::ScanKind::from_code(&kind)
        .ok_or_else(|| AppError::internal(format!("unknown upload kind {kind}")))?;
    let bytes = state.objects.get(&key).await.map_err(AppError::internal)?;
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    Ok(res)
}
