//! Disclosure documents over HTTP: the JSON API (search, one document,
//! drafts with an Idempotency-Key, edits, review steps, validity marks,
//! the reviewer's queue), the Atom feeds per department and region, the
//! public attachments, and the staff pages' forms beside them, which work
//! without JavaScript and show the page again with the problem.

use crate::http::{
    cache, finish, idempotency_key, FormLimit, FormPost, JsonBody, PageAbove, Posted, SendBack,
    SignedIn, ThisPage, FORM_WITH_SCANS_LIMIT,
};
use app::{
    accounts::Me,
    clock,
    disclosure::documents::{
        pages::{parse_filters, Filters},
        store::{self, FeedOf},
        DocumentView, Draft, Found, Mark, StaffView,
    },
    error::AppError,
    review::{view::QueueRow, Action},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of documents, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    let scans = || Extension(FormLimit(FORM_WITH_SCANS_LIMIT));
    OpenApiRouter::new()
        // Published documents and feeds are the same for everyone.
        .merge(cache::public(
            OpenApiRouter::new()
                .routes(routes!(list, create))
                .routes(routes!(one, update))
                .route("/disclosure/feeds/department/{file}", get(feed_department))
                .route("/disclosure/feeds/region/{file}", get(feed_region))
                .route(
                    "/disclosure/documents/{index_no}/files/{upload}",
                    get(public_file),
                ),
        ))
        .routes(routes!(steps))
        .routes(routes!(validity))
        .routes(routes!(staff_one))
        .routes(routes!(queue))
        .route("/staff/documents", post(form_create).layer(scans()))
        .route("/staff/documents/{id}", post(form_update).layer(scans()))
        .route("/staff/documents/{id}/steps", post(form_step))
        .route("/staff/documents/{id}/validity", post(form_validity))
}

fn bad(name: &str) -> AppError {
    AppError::InvalidParameter { name: name.into() }
}

/// Which documents: `q` (Chinese or English words), `department=ID`,
/// `region=CODE` (the region and the regions under it), `kind`,
/// `category`, `page=1..=50` (20 a page).
#[derive(utoipa::IntoParams, Debug, Deserialize)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub q: Option<String>,
    pub department: Option<String>,
    pub region: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub page: Option<String>,
}

/// `GET /api/v1/documents`: published documents with every word of `q`,
/// newest first, 20 a page; `total` counted up to 1,000 (`more` beyond).
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    operation_id = "documents_search",
    tag = "documents",
    params(ListParams),
    responses(
        (status = 200, description = "A page of published documents, newest first", body = app::disclosure::documents::Found),
        crate::openapi::BadQuery,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<Found>, AppError> {
    let f = Filters {
        q: p.q.unwrap_or_default(),
        department: p.department.unwrap_or_default(),
        region: p.region.unwrap_or_default(),
        kind: p.kind.unwrap_or_default(),
        category: p.category.unwrap_or_default(),
        page: p.page.unwrap_or_default(),
    };
    let query = parse_filters(&f)?;
    Ok(Json(store::search(&state.pool, &query).await?))
}

/// What creating a draft answers.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct Created {
    /// The draft's id (its staff page is `/staff/documents/{id}`).
    pub id: i64,
}

/// `POST /api/v1/documents` with an `Idempotency-Key`: a new draft of one
/// of the caller's departments as editor; 201, or 200 with the same draft
/// for the same key. 403 for anyone who edits nowhere, 422 for a field
/// that cannot be taken. Nothing is public until a reviewer publishes it.
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    operation_id = "documents_create",
    tag = "documents",
    request_body = app::disclosure::documents::Draft,
    params(("Idempotency-Key" = String, Header, description = "A UUID: the same key gives the same draft")),
    responses(
        (status = 201, description = "The draft", body = Created),
        (status = 200, description = "The same key again: the same draft", body = Created),
        crate::openapi::RoleWrite,
        (status = 422, description = "A field cannot be taken (`document_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    JsonBody(draft): JsonBody<Draft>,
) -> Result<Response, AppError> {
    let key = idempotency_key(Some(&headers), None)?;
    let w = store::create(
        &state.pool,
        &me,
        &draft,
        key,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    let status = if w.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Created { id: w.id })).into_response())
}

/// `GET /api/v1/documents/{document}` (an index number): a published
/// document with its links (replacement, replaced, interpretations); a
/// withdrawn one with the notice and not its text. 404 for anything else.
#[utoipa::path(
    get,
    path = "/api/v1/documents/{document}",
    operation_id = "documents_one",
    tag = "documents",
    params(("document" = String, Path, description = "The index number (`440100-MZJ-2026-00012`)")),
    responses(
        (status = 200, description = "The document", body = app::disclosure::documents::DocumentView),
        (status = 404, description = "No such published document (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    Path(document): Path<String>,
) -> Result<Json<DocumentView>, AppError> {
    Ok(Json(store::public(&state.pool, &document).await?))
}

fn id_of(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn staff_view(state: &AppState, me: &Me, id: i64) -> Result<StaffView, AppError> {
    let cal = clock::store::load(&state.pool).await?;
    store::staff(&state.pool, &cal, me, id, state.now.today()).await
}

/// `PUT /api/v1/documents/{document}` (a draft's id): replaces the draft's
/// fields (the kind stays); its department's editors, only while a draft
/// (409 otherwise). The document after it.
#[utoipa::path(
    put,
    path = "/api/v1/documents/{document}",
    operation_id = "documents_update",
    tag = "documents",
    params(("document" = i64, Path, description = "The draft's id")),
    request_body = app::disclosure::documents::Draft,
    responses(
        (status = 200, description = "The document after the edit", body = app::disclosure::documents::StaffView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such document the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not a draft (`document_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field cannot be taken (`document_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Path(document): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(draft): JsonBody<Draft>,
) -> Result<Json<StaffView>, AppError> {
    let id = id_of(&document)?;
    store::update(
        &state.pool,
        &me,
        id,
        &draft,
        state.now.now(),
        state.now.today(),
    )
    .await?;
    Ok(Json(staff_view(&state, &me, id).await?))
}

/// `GET /api/v1/staff/documents/{id}`: a document with its review, the
/// steps the caller may take and the log; its department's editors and
/// reviewers (404 for anyone else).
#[utoipa::path(
    get,
    path = "/api/v1/staff/documents/{id}",
    operation_id = "documents_staff_one",
    tag = "documents",
    params(("id" = i64, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The document and its review", body = app::disclosure::documents::StaffView),
        crate::openapi::SignedOut,
        (status = 404, description = "No such document the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
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

/// `POST /api/v1/documents/{document}/steps` with `{"action":"submit"}`,
/// `{"action":"publish"}`, `{"action":"return","reason":"…"}`… (see
/// `ReviewAction`): a step of the review flow. The author never publishes
/// (403 `review_refused`); publication gives the index number. 409 when
/// the state refuses the step.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{document}/steps",
    operation_id = "documents_step",
    tag = "documents",
    params(("document" = i64, Path, description = "The document's id")),
    request_body = app::review::Action,
    responses(
        (status = 200, description = "The document after the step", body = app::disclosure::documents::StaffView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such document the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "The state refuses the step (`review_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "The reason cannot be taken (`review_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn steps(
    State(state): State<AppState>,
    Path(document): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(action): JsonBody<Action>,
) -> Result<Json<StaffView>, AppError> {
    let id = id_of(&document)?;
    step_as(&state, &me, id, &action).await?;
    Ok(Json(staff_view(&state, &me, id).await?))
}

/// `POST /api/v1/documents/{document}/validity` with
/// `{"validity":"repealed","replaced_by":"440100-MZJ-2026-00031"}`: marks
/// a published policy or plan amended or repealed by the document named
/// (or valid again); its department's editors and reviewers. Logged in
/// the review log as an `edit`.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{document}/validity",
    operation_id = "documents_validity",
    tag = "documents",
    params(("document" = i64, Path, description = "The document's id")),
    request_body = app::disclosure::documents::Mark,
    responses(
        (status = 200, description = "The document after the mark", body = app::disclosure::documents::StaffView),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such document the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 409, description = "Not a published policy or plan (`document_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "No such replacing document (`document_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn validity(
    State(state): State<AppState>,
    Path(document): Path<String>,
    SignedIn(me): SignedIn,
    JsonBody(mark): JsonBody<Mark>,
) -> Result<Json<StaffView>, AppError> {
    let id = id_of(&document)?;
    store::mark(&state.pool, &me, id, &mark, state.now.now()).await?;
    Ok(Json(staff_view(&state, &me, id).await?))
}

/// `GET /api/v1/review/queue`: what waits for the caller's review in the
/// departments where they are a reviewer (every subject), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/review/queue",
    operation_id = "review_queue",
    tag = "documents",
    responses(
        (status = 200, description = "The queue", body = Vec<app::review::view::QueueRow>),
        crate::openapi::RoleRead,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<QueueRow>>, AppError> {
    Ok(Json(app::review::store::queue(&state.pool, &me).await?))
}

// ---- feeds and files ---------------------------------------------------------

/// Text for XML (element content and attribute values).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry are left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// One entry of an Atom feed: its page (absolute), title, times, summary
/// and, when given, its content as HTML.
pub struct AtomEntry {
    pub href: String,
    pub title: String,
    pub updated: time::OffsetDateTime,
    /// RFC 3339.
    pub published: String,
    pub summary: String,
    pub content_html: Option<String>,
}

/// An Atom 1.0 feed: `id` and `self` are paths on `origin`; the entries'
/// pages are their ids. The documents' feeds and the microblog hall's.
pub fn atom(
    origin: &str,
    path: &str,
    title: &str,
    alternate: &str,
    entries: &[AtomEntry],
    fallback_updated: time::OffsetDateTime,
) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(fallback_updated);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    x.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&format!("{origin}{path}"))
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    x.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&format!("{origin}{path}"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&format!("{origin}{alternate}"))
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(title)
    ));
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&e.href)));
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        x.push_str(&format!("    <updated>{}</updated>\n", rfc3339(e.updated)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            xml_escape(&e.published)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&e.href)
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&e.summary)
        ));
        if let Some(html) = &e.content_html {
            x.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                xml_escape(html)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The site's origin as the request names it (the scheme from whether it
/// is served over HTTPS): the feeds' absolute URLs.
pub fn origin_of(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

async fn feed_answer(
    state: &AppState,
    headers: &HeaderMap,
    of: FeedOf,
    path: String,
    alternate: String,
) -> Result<Response, AppError> {
    let (name, entries) = store::feed(&state.pool, of).await?;
    let title = format!("{} · 政务公开", name.zh);
    let origin = origin_of(headers, state);
    let entries: Vec<AtomEntry> = entries
        .into_iter()
        .map(|e| AtomEntry {
            href: format!("{origin}/disclosure/documents/{}", e.index_no),
            title: e.title,
            updated: e.updated_at,
            published: format!("{}T00:00:00+08:00", clock::format_date(e.published_on)),
            summary: e.summary,
            content_html: None,
        })
        .collect();
    let xml = atom(
        &origin,
        &path,
        &title,
        &alternate,
        &entries,
        state.now.now(),
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        xml,
    )
        .into_response())
}

fn atom_name(file: &str) -> Result<&str, AppError> {
    file.strip_suffix(".atom")
        .filter(|n| !n.is_empty() && n.len() <= 19 && n.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(AppError::NotFound)
}

/// `GET /disclosure/feeds/department/{id}.atom`: the department's latest
/// 50 published documents (Atom 1.0).
pub async fn feed_department(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id: i64 = atom_name(&file)?.parse().map_err(|_| AppError::NotFound)?;
    feed_answer(
        &state,
        &headers,
        FeedOf::Department(id),
        format!("/disclosure/feeds/department/{id}.atom"),
        format!("/disclosure/documents?department={id}"),
    )
    .await
}

/// `GET /disclosure/feeds/region/{code}.atom`: the latest 50 published
/// documents of the region and the regions under it (Atom 1.0).
pub async fn feed_region(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let code: i32 = atom_name(&file)?.parse().map_err(|_| AppError::NotFound)?;
    feed_answer(
        &state,
        &headers,
        FeedOf::Region(code),
        format!("/disclosure/feeds/region/{code}.atom"),
        format!("/disclosure/documents?region={code}"),
    )
    .await
}

/// `GET /disclosure/documents/{index_no}/files/{upload}`: an attachment of
/// a published document, to anyone (always as an attachment).
pub async fn public_file(
    State(state): State<AppState>,
    Path((index_no, upload)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let upload: i64 = upload.parse().map_err(|_| AppError::NotFound)?;
    let (key, name, kind) = store::public_file(&state.pool, &index_no, upload).await?;
    let kind = app::files::ScanKind::from_code(&kind)
        .ok_or_else(|| AppError::internal(format!("unknown upload kind {kind}")))?;
    let bytes = state.objects.get(&key).await.map_err(AppError::internal)?;
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    let name = app::files::download_name(&name, kind);
    let ascii = app::files::ascii_fallback(&name);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
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

// ---- the pages' forms (they work without JavaScript) ------------------------

async fn draft_of(state: &AppState, me: &Me, p: &Posted) -> Result<Draft, AppError> {
    let mut files = Vec::new();
    for f in p
        .files
        .iter()
        .filter(|f| f.input == "attachments" && !f.bytes.is_empty())
        .take(10)
    {
        let stored =
            app::files::store::save(&state.pool, &state.objects, me.id, &f.name, f.bytes.clone())
                .await?;
        files.push(stored.id);
    }
    Ok(Draft {
        department: match p.get("department").filter(|s| !s.is_empty()) {
            Some(d) => Some(d.trim().parse().map_err(|_| bad("department"))?),
            None => None,
        },
        kind: p.text("kind"),
        title: p.text("title"),
        doc_number: p.text("doc_number"),
        issuer: p.text("issuer"),
        category: p.text("category"),
        written_on: p.text("written_on"),
        body: p.text("body"),
        interprets: p.text("interprets"),
        interpretation_form: p.text("interpretation_form"),
        files,
    })
}

/// `POST /staff/documents` (the new-draft form): to the draft's page, or
/// the list again with what was typed, the problem and the same key.
pub async fn form_create(FormPost(state, me, parts, posted, ..): FormPost<ThisPage>) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let key = idempotency_key(None, Some(&posted.text("idempotency_key")))?;
        let draft = draft_of(&state, &me, &posted).await?;
        store::create(
            &state.pool,
            &me,
            &draft,
            key,
            state.now.now(),
            state.now.today(),
        )
        .await
    }
    .await;
    let answer = outcome.map(|w| crate::http::see_other(&format!("/staff/documents/{}", w.id)));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at("/staff/documents".to_string())
    })
    .await
}

/// `POST /staff/documents/{id}` (the edit form): back to the document.
pub async fn form_update(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<ThisPage>,
) -> Response {
    let page = format!("/staff/documents/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let id = id_of(&id)?;
        let draft = draft_of(&state, &me, &posted).await?;
        store::update(
            &state.pool,
            &me,
            id,
            &draft,
            state.now.now(),
            state.now.today(),
        )
        .await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
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

/// `POST /staff/documents/{id}/steps`: back to the document.
pub async fn form_step(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/documents/{id}");
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
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

/// `POST /staff/documents/{id}/validity`: back to the document.
pub async fn form_validity(
    Path(id): Path<String>,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let page = format!("/staff/documents/{id}");
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let values = posted.values.clone();
    let outcome = async {
        let mark = Mark {
            validity: posted.text("validity"),
            replaced_by: posted.text("replaced_by"),
        };
        store::mark(&state.pool, &me, id_of(&id)?, &mark, state.now.now()).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other(&page));
    finish(&state, parts, answer, |error| {
        SendBack::fields(values, error).at(page.clone())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_text_is_escaped_and_unusable_characters_dropped() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(atom_name("12.atom").unwrap(), "12");
        assert!(atom_name("12.rss").is_err() && atom_name(".atom").is_err());
        assert!(atom_name("1x.atom").is_err());
    }
}
