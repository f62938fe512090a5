//! Reading a posted HTML form: one bounded reader of urlencoded and
//! multipart bodies into name–value pairs and files, and [`FormPost`], a
//! form posted by a signed-in person.

use super::{
    extract::{same_origin, Viewer},
    refuse::sign_in_first,
};
use app::{accounts::Me, error::AppError, files, state::AppState};
use axum::{
    body::Body,
    extract::{FromRequest, Request},
    response::Response,
};
use http::{header, request::Parts, HeaderMap};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// The largest form body a route takes unless it says otherwise (text only).
pub const FORM_LIMIT: usize = super::JSON_LIMIT;

/// A form with scans: a few files of at most the upload limit each.
pub const FORM_WITH_SCANS_LIMIT: usize = 60 * 1024 * 1024;

/// A route's form body limit, when it is not [`FORM_LIMIT`]:
/// `.layer(Extension(FormLimit(FORM_WITH_SCANS_LIMIT)))`. A larger body is
/// refused with 413 before it is read (by its `Content-Length`) or as soon
/// as it passes the limit.
#[derive(Debug, Clone, Copy)]
pub struct FormLimit(pub usize);

fn too_large(limit: usize) -> AppError {
    AppError::BodyTooLarge {
        limit_bytes: limit as u64,
    }
}

/// A posted form: text values by name, in order, and the files chosen.
#[derive(Debug, Default)]
pub struct Posted {
    pub values: Vec<(String, String)>,
    pub files: Vec<PostedFile>,
}

/// A file chosen in a form: the input it was chosen in, its name, its bytes.
#[derive(Debug, Clone)]
pub struct PostedFile {
    pub input: String,
    pub name: String,
    pub bytes: bytes::Bytes,
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest {
        detail: e.to_string(),
    }
}

impl Posted {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, or an empty text.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    /// Every value of `name` (repeated inputs, checkboxes).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The values read into a type, by the same rules as an urlencoded
    /// body (numbers and booleans parsed from text).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        let encoded = serde_urlencoded::to_string(&self.values).map_err(bad)?;
        serde_urlencoded::from_str(&encoded).map_err(bad)
    }

    /// The values without secrets, for showing a form again.
    pub fn without_secrets(&self) -> Vec<(String, String)> {
        self.values
            .iter()
            .filter(|(n, _)| n != "password" && n != "totp")
            .cloned()
            .collect()
    }

    /// Reads a form sent as `multipart/form-data` (at most `limit` bytes in
    /// all, each file at most the upload limit, each text at most
    /// [`FORM_LIMIT`]) or urlencoded (at most [`FORM_LIMIT`]).
    pub async fn read(headers: &HeaderMap, body: Body, limit: usize) -> Result<Posted, AppError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let multipart = content_type.starts_with("multipart/form-data");
        // Only multipart carries files; text alone never needs more.
        let limit = if multipart {
            limit
        } else {
            limit.min(FORM_LIMIT)
        };
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large(limit));
        }
        if !multipart {
            let bytes = axum::body::to_bytes(body, limit)
                .await
                .map_err(|_| too_large(limit))?;
            return Ok(Posted {
                values: serde_urlencoded::from_bytes(&bytes).map_err(bad)?,
                files: Vec::new(),
            });
        }
        let boundary = multer::parse_boundary(content_type).map_err(bad)?;
        let file_limit = files::Limits::default().max_file_bytes as usize;
        let constraints = multer::Constraints::new()
            .size_limit(multer::SizeLimit::new().whole_stream(limit as u64));
        let mut multipart =
            multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
        let refused = |e: multer::Error| match e {
            multer::Error::StreamSizeExceeded { .. } => too_large(limit),
            other => bad(other),
        };
        let mut posted = Posted::default();
        while let Some(mut field) = multipart.next_field().await.map_err(refused)? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let most = if file_name.is_some() {
                file_limit
            } else {
                FORM_LIMIT
            };
            let mut data = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(refused)? {
                if data.len() + chunk.len() > most + 1 {
                    return Err(match file_name {
                        Some(_) => AppError::from(files::UploadProblem::TooLarge {
                            limit_bytes: most as u64,
                        }),
                        None => too_large(most),
                    });
                }
                data.extend_from_slice(&chunk);
            }
            match file_name {
                // A file input left empty still sends a nameless, empty part.
                Some(file_name) if file_name.is_empty() && data.is_empty() => {}
                Some(file_name) => posted.files.push(PostedFile {
                    input: name,
                    name: file_name,
                    bytes: bytes::Bytes::from(data),
                }),
                None => posted
                    .values
                    .push((name, String::from_utf8(data).map_err(bad)?)),
            }
        }
        Ok(posted)
    }

    /// The form body limit of the route a request is for.
    fn limit_of(parts: &Parts) -> usize {
        parts
            .extensions
            .get::<FormLimit>()
            .map_or(FORM_LIMIT, |l| l.0)
    }
}

/// A form from a request that passed the same-origin rule. Take it as
/// `Result<Posted, AppError>` where the handler's own checks answer first.
impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let (parts, body) = req.into_parts();
        same_origin(&parts.extensions)?;
        Posted::read(&parts.headers, body, Posted::limit_of(&parts)).await
    }
}

/// Where a form is shown: a signed-out person who posts it signs in first
/// and comes back there.
pub trait FormPage {
    /// The form's page, from the path it is posted to.
    fn page(posted_to: &str) -> String;
}

/// The form is on the page it posts to (`POST /apply` from `/apply`).
pub struct ThisPage;

impl FormPage for ThisPage {
    fn page(posted_to: &str) -> String {
        posted_to.to_string()
    }
}

/// The form is on the page one level up (`POST /cases/{case_no}/ratings`
/// from `/cases/{case_no}`).
pub struct PageAbove;

impl FormPage for PageAbove {
    fn page(posted_to: &str) -> String {
        match posted_to.rsplit_once('/') {
            Some((above, _)) if !above.is_empty() => above.to_string(),
            _ => "/".to_string(),
        }
    }
}

/// A form posted by a signed-in person, with what every form handler
/// takes: the hall's state, the account, the request's parts (to show the
/// page again) and the form. A signed-out person is sent to sign in and
/// back to the form's page (`P`). The form is read after that, and a form
/// that cannot be read (cross-site, malformed) is the handler's to answer
/// once its own checks are made.
///
/// Take it apart in the handler's arguments:
/// `FormPost(state, me, parts, posted, ..): FormPost<PageAbove>`.
pub struct FormPost<P: FormPage = ThisPage>(
    pub AppState,
    pub Me,
    pub Parts,
    pub Result<Posted, AppError>,
    pub PhantomData<P>,
);

impl<P: FormPage> FromRequest<AppState> for FormPost<P> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (parts, body) = req.into_parts();
        let Viewer(Some(me)) = Viewer::of(&parts) else {
            return Err(sign_in_first(&P::page(parts.uri.path())));
        };
        let posted = match same_origin(&parts.extensions) {
            Ok(()) => Posted::read(&parts.headers, body, Posted::limit_of(&parts)).await,
            Err(e) => Err(e),
        };
        Ok(FormPost(state.clone(), me, parts, posted, PhantomData))
    }
}
