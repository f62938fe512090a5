//! Reading a posted HTML form: one bounded reader of urlencoded and
//! multipart bodies into name–value pairs and files.

use super::extract::read_body;
use crate::middleware::SameOrigin;
use app::{error::AppError, files};
use axum::{
    body::Body,
    extract::{FromRequest, Request},
};
use http::{header, HeaderMap};
use serde::de::DeserializeOwned;

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
        if req.extensions().get::<SameOrigin>().is_none() {
            return Err(AppError::CrossSiteRequest);
        }
        let (parts, body) = req.into_parts();
        Posted::read(&parts.headers, body).await
    }
}
