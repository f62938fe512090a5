//! Scanned materials over HTTP: uploading one (the API's raw body, the
//! forms' file inputs) and downloading it for whoever may see it.

use crate::http::{Posted, SignedIn};
use app::{
    applications::materials::{self, ChosenUpload},
    error::AppError,
    files::{self, store::StoredScan},
    state::AppState,
};
use axum::{
    body::Body,
    extract::{DefaultBodyLimit, Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;
use utoipa_axum::{
    router::{OpenApiRouter, UtoipaMethodRouterExt},
    routes,
};

/// One file of at most the upload limit (10 MiB), with room for framing.
const UPLOAD_BODY_LIMIT: usize = 11 * 1024 * 1024;

/// The routes of uploads, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)))
        .routes(routes!(download))
}

/// `POST /api/v1/uploads` with the file as the body and its name in
/// `X-File-Name` (percent-encoded UTF-8): 201 `{"id","name","kind","bytes"}`.
/// The type is judged by content, then by structure (PDFs parsed, images
/// decoded and stored re-encoded); size and quota are checked.
#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    operation_id = "uploads_upload",
    tag = "uploads",
    request_body(content = String, content_type = "application/octet-stream", description = "The file; its name in `X-File-Name` (percent-encoded UTF-8)"),
    responses(
        (status = 201, description = "Stored", body = crate::openapi::Uploaded),
        crate::openapi::SignedInWrite,
        (status = 413, description = "Too large, or over the quota (`upload_refused`)", body = crate::openapi::ErrorBody),
        (status = 415, description = "Not a PDF, JPEG or PNG (`upload_refused`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Empty, no usable name, or refused by structure: a PDF that does not parse, has JavaScript, a launch action, embedded files, rich media or XFA, content after its end or expands too far; an image that does not decode or is too large (`upload_refused`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let limit = files::Limits::default().max_file_bytes;
    let raw_name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(body, limit as usize + 1)
        .await
        .map_err(|_| AppError::from(files::UploadProblem::TooLarge { limit_bytes: limit }))?;
    let scan = files::store::save(&state.pool, &state.objects, me.id, &raw_name, bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": scan.id, "name": scan.name, "kind": scan.kind.code(), "bytes": scan.bytes })),
    )
        .into_response())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /api/v1/uploads/{id}`: the file, to its owner, to staff of a
/// department handling a case it is attached to and to the staff handling a
/// letter it came with (a staff read is shown in the owner's accesses); 404
/// for anyone else. Always an attachment named
/// with the extension of the kind the content was judged to be.
#[utoipa::path(
    get,
    path = "/api/v1/uploads/{id}",
    operation_id = "uploads_download",
    tag = "uploads",
    params(("id" = i64, Path, description = "The upload's id")),
    responses(
        (status = 200, description = "The file, as an attachment (`Content-Disposition: attachment; filename*=UTF-8''…`, the judged kind's extension and type)", content_type = "application/octet-stream", body = String),
        crate::openapi::PathSignedIn,
        (status = 404, description = "No such file the caller may see (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
) -> Result<Response, AppError> {
    let scan = files::store::open(&state.pool, &state.objects, me.id, id).await?;
    Ok(attachment_response(scan))
}

/// A scan read back as a download: its judged kind's type and extension,
/// as an attachment, sandboxed, never stored.
pub(crate) fn attachment_response(scan: files::store::Scan) -> Response {
    let mut res = Body::from(scan.bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(scan.kind.mime()),
    );
    let name = files::download_name(&scan.name, scan.kind);
    if let Ok(v) = HeaderValue::from_str(&attachment(&name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Opened in a tab all the same, the file runs nothing and loads nothing.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// `attachment` with the name twice (RFC 6266): `filename*` in UTF-8
/// (RFC 5987) and an ASCII `filename` for clients that know only that.
fn attachment(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{encoded}",
        files::ascii_fallback(name)
    )
}

/// The uploads a form names (`uploads`, kept from an earlier try) that
/// belong to `owner`, with their names.
pub(crate) async fn named(
    state: &AppState,
    owner: i64,
    posted: &Posted,
) -> Result<Vec<(i64, String)>, AppError> {
    let ids: Vec<i64> = posted
        .all("uploads")
        .filter_map(|v| v.parse().ok())
        .collect();
    files::store::own(&state.pool, owner, &ids).await
}

/// Stores each file chosen in a form for `owner`, adding it to `uploads`
/// as it is kept (so a later refusal still shows the ones received).
pub(crate) async fn save_all(
    state: &AppState,
    owner: i64,
    posted: &Posted,
    uploads: &mut Vec<(i64, String)>,
) -> Result<(), AppError> {
    for file in posted.files.iter().cloned() {
        let StoredScan { id, name, .. } =
            files::store::save(&state.pool, &state.objects, owner, &file.name, file.bytes).await?;
        uploads.push((id, name));
    }
    Ok(())
}

/// The scans of an application form by material: those kept from an
/// earlier try (`upload.<material key>`, the owner's own, less any ticked
/// `remove`) and each file chosen in a slot's input (`scan.<material
/// key>`), stored as it comes (so a later refusal still shows the ones
/// received). A file chosen outside a slot is refused as unlabelled.
pub(crate) async fn by_material(
    state: &AppState,
    owner: i64,
    posted: &Posted,
    uploads: &mut Vec<(ChosenUpload, String)>,
) -> Result<(), AppError> {
    let removed: Vec<i64> = posted
        .all("remove")
        .filter_map(|v| v.parse().ok())
        .collect();
    let kept: Vec<ChosenUpload> = posted
        .values
        .iter()
        .filter_map(|(n, v)| {
            let material = n.strip_prefix("upload.")?;
            let id: i64 = v.parse().ok()?;
            (materials::is_material_key(material) && !removed.contains(&id)).then(|| ChosenUpload {
                id,
                material: material.to_string(),
            })
        })
        .collect();
    let ids: Vec<i64> = kept.iter().map(|c| c.id).collect();
    let names = files::store::own(&state.pool, owner, &ids).await?;
    for c in kept {
        if let Some((_, name)) = names.iter().find(|(id, _)| *id == c.id) {
            if !uploads.iter().any(|(u, _)| u.id == c.id) {
                uploads.push((c, name.clone()));
            }
        }
    }
    for file in posted.files.iter().cloned() {
        let Some(material) = file
            .input
            .strip_prefix("scan.")
            .filter(|m| materials::is_material_key(m))
        else {
            continue;
        };
        let StoredScan { id, name, .. } =
            files::store::save(&state.pool, &state.objects, owner, &file.name, file.bytes).await?;
        uploads.push((
            ChosenUpload {
                id,
                material: material.to_string(),
            },
            name,
        ));
    }
    Ok(())
}
