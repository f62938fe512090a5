//! Reading a posted HTML form: one bounded reader of urlencoded and
//! multipart bodies into name–value pairs and files, and [`FormPost`], a
//! form posted by a signed-in person.

use super::{
    extract::{read_body, same_origin, Viewer},
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

/// A posted form: text values by name, in order, and the files chosen.
#[derive(Debug, Default)]
pub struct Posted {
    pub values: Vec<(String, String)>,
    pub files: Vec<(String, bytes::Bytes)>,
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

    /// Reads a form sent as `multipart/form-data` (each file at most the
    /// upload limit; the route's body limit bounds the whole) or urlencoded
    /// (at most [`super::JSON_LIMIT`] bytes).
    pub async fn read(headers: &HeaderMap, body: Body) -> Result<Posted, AppError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !content_type.starts_with("multipart/form-data") {
            let bytes = read_body(body).await?;
            return Ok(Posted {
                values: serde_urlencoded::from_bytes(&bytes).map_err(bad)?,
                files: Vec::new(),
            });
        }
        let boundary = multer::parse_boundary(content_type).map_err(bad)?;
        let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
        let limit = files::Limits::default().max_file_bytes as usize;
        let mut posted = Posted::default();
        while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => {
                    let mut data = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(bad)? {
                        if data.len() + chunk.len() > limit + 1 {
                            return Err(AppError::from(files::UploadProblem::TooLarge {
                                limit_bytes: limit as u64,
                            }));
                        }
                        data.extend_from_slice(&chunk);
                    }
                    // A file input left empty still sends a nameless, empty part.
                    if !(file_name.is_empty() && data.is_empty()) {
                        posted.files.push((file_name, bytes::Bytes::from(data)));
                    }
                }
                None => posted.values.push((name, field.text().await.map_err(bad)?)),
            }
        }
        Ok(posted)
    }
}

/// A form from a request that passed the same-origin rule. Take it as
/// `Result<Posted, AppError>` where the handler's own checks answer first.
impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let (parts, body) = req.into_parts();
        same_origin(&parts.extensions)?;
        Posted::read(&parts.headers, body).await
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
            Ok(()) => Posted::read(&parts.headers, body).await,
            Err(e) => Err(e),
        };
        Ok(FormPost(state.clone(), me, parts, posted, PhantomData))
    }
}
