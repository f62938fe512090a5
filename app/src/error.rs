//! The application-wide error: every capability's error converts into it.
//!
//! It travels as JSON both ways: server functions encode it for the browser
//! (`FromServerFnError`) and the HTTP API answers with it (`IntoResponse`).
//! Internal failures are logged in full on the server and reach the user only
//! as a generic message with the request id, so support can find the log.

use crate::i18n::{Bilingual, Lang, Msg};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Every failure a user or an API client can see, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid region code")]
    InvalidRegionCode,
    #[error("unknown region")]
    UnknownRegion,
    #[error("invalid service code")]
    InvalidServiceCode,
    #[error("invalid language")]
    InvalidLanguage,
    #[error("cross-site request refused")]
    CrossSiteRequest,
    #[error("database unavailable")]
    DatabaseUnavailable,
    #[error("invalid parameter {name}")]
    InvalidParameter { name: String },
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// A body larger than its route takes (refused before it is read).
    #[error("body larger than {limit_bytes} bytes")]
    BodyTooLarge { limit_bytes: u64 },
    #[error("internal error (request {request_id})")]
    Internal { request_id: String },
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed for this account")]
    Forbidden,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("a second factor is required")]
    SecondFactorRequired,
    #[error("wrong or reused second factor")]
    InvalidSecondFactor,
    #[error("too many attempts; retry after {retry_after} s")]
    TooManyAttempts { retry_after: u64 },
    /// A form's fields refused (accounts' forms).
    #[error("invalid fields")]
    InvalidFields { fields: Vec<FieldRefusal> },
    /// An application's answers refused (schema-driven forms).
    #[error("invalid answers")]
    InvalidAnswers { fields: Vec<FieldRefusal> },
    #[error("this service cannot be applied for online")]
    NotOnline,
    /// The route exists but not with this method (`Allow` names those it has).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A capability's own rule refused the request; the capability made
    /// this from its problem in its `From` impl.
    #[error("{}: {}", .0.kind, .0.problem)]
    Refused(Refusal),
}

/// A refusal by a capability's rule, made neutral so that this module needs
/// no capability: the stable code clients match on (`transition_refused`,
/// `upload_refused`, `rating_refused`, `consultation_refused`), the HTTP
/// status, the problem as the capability serializes it, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub kind: String,
    pub status: u16,
    pub problem: serde_json::Value,
    pub text: Bilingual,
}

impl Refusal {
    /// The refusal of `problem` (serialized as the JSON answer's
    /// `problem`) under the stable code `kind`.
    pub fn new(kind: &str, status: u16, problem: &impl Serialize, text: Bilingual) -> Self {
        Refusal {
            kind: kind.to_string(),
            status,
            problem: serde_json::to_value(problem).unwrap_or_default(),
            text,
        }
    }
}

/// One field's problem: the field's `name` in HTML and JSON, the problem as
/// the capability serializes it (`{"problem", "detail"?}`) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRefusal {
    pub field: String,
    pub problem: serde_json::Value,
    pub text: Bilingual,
}

impl FieldRefusal {
    pub fn new(field: &str, problem: &impl Serialize, text: Bilingual) -> Self {
        FieldRefusal {
            field: field.to_string(),
            problem: serde_json::to_value(problem).unwrap_or_default(),
            text,
        }
    }

    /// The JSON of the field in an error answer: `{"field", "problem",
    /// "detail"?, "message"}`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut v = match &self.problem {
            serde_json::Value::Object(_) => self.problem.clone(),
            other => serde_json::json!({ "problem": other }),
        };
        v["field"] = self.field.clone().into();
        v["message"] = self.text.get(lang).into();
        v
    }
}

impl AppError {
    /// The stable snake_case code clients can match on.
    pub fn code(&self) -> &str {
        match self {
            AppError::NotFound => "not_found",
            AppError::InvalidRegionCode => "invalid_region_code",
            AppError::UnknownRegion => "unknown_region",
            AppError::InvalidServiceCode => "invalid_service_code",
            AppError::InvalidLanguage => "invalid_language",
            AppError::CrossSiteRequest => "cross_site_request",
            AppError::DatabaseUnavailable => "database_unavailable",
            AppError::InvalidParameter { .. } => "invalid_parameter",
            AppError::BadRequest { .. } => "bad_request",
            AppError::BodyTooLarge { .. } => "body_too_large",
            AppError::Internal { .. } => "internal",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::SecondFactorRequired => "second_factor_required",
            AppError::InvalidSecondFactor => "invalid_second_factor",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::InvalidFields { .. } => "invalid_fields",
            AppError::InvalidAnswers { .. } => "invalid_answers",
            AppError::NotOnline => "not_online",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Refused(r) => &r.kind,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::InvalidRegionCode
            | AppError::UnknownRegion
            | AppError::InvalidServiceCode
            | AppError::InvalidLanguage
            | AppError::InvalidParameter { .. }
            | AppError::BadRequest { .. } => 400,
            AppError::CrossSiteRequest | AppError::Forbidden => 403,
            AppError::Unauthenticated
            | AppError::InvalidCredentials
            | AppError::SecondFactorRequired
            | AppError::InvalidSecondFactor => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::BodyTooLarge { .. } => 413,
            AppError::InvalidFields { .. } | AppError::InvalidAnswers { .. } => 422,
            AppError::NotOnline => 409,
            AppError::MethodNotAllowed => 405,
            AppError::Refused(r) => r.status,
            AppError::DatabaseUnavailable => 503,
            AppError::Internal { .. } => 500,
        }
    }

    /// The translated message shown to a person.
    pub fn message(&self, lang: Lang) -> String {
        let msg = match self {
            AppError::NotFound => Msg::ErrNotFound,
            AppError::InvalidRegionCode => Msg::ErrInvalidRegionCode,
            AppError::UnknownRegion => Msg::ErrUnknownRegion,
            AppError::InvalidServiceCode => Msg::ErrInvalidServiceCode,
            AppError::InvalidLanguage => Msg::ErrInvalidLanguage,
            AppError::CrossSiteRequest => Msg::ErrCrossSite,
            AppError::DatabaseUnavailable => Msg::ErrDatabaseUnavailable,
            AppError::BadRequest { .. } => Msg::ErrBadRequest,
            AppError::Unauthenticated => Msg::ErrUnauthenticated,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::InvalidCredentials => Msg::ErrInvalidCredentials,
            AppError::SecondFactorRequired => Msg::ErrSecondFactorRequired,
            AppError::InvalidSecondFactor => Msg::ErrInvalidSecondFactor,
            AppError::InvalidFields { .. } | AppError::InvalidAnswers { .. } => {
                Msg::ErrInvalidFields
            }
            AppError::NotOnline => Msg::ErrNotOnline,
            AppError::MethodNotAllowed => Msg::ErrMethodNotAllowed,
            AppError::Refused(r) => return r.text.get(lang).to_string(),
            AppError::TooManyAttempts { retry_after } => {
                return format!("{} {retry_after}", lang.t(Msg::ErrTooManyAttempts));
            }
            AppError::BodyTooLarge { limit_bytes } => {
                let size = crate::i18n::human_size(*limit_bytes);
                return lang.fill(Msg::ErrBodyTooLarge, &[("size", &size)]);
            }
            AppError::InvalidParameter { name } => {
                let hint = match name.as_str() {
                    "q" => Msg::HintQuery,
                    "region" => Msg::HintRegion,
                    "department" => Msg::HintDepartment,
                    "theme" => Msg::HintTheme,
                    "life_event" => Msg::HintLifeEvent,
                    "group" => Msg::HintGroup,
                    "stage" => Msg::HintStage,
                    "target" => Msg::HintTarget,
                    "online" => Msg::HintOnline,
                    "page" => Msg::HintPage,
                    "date" | "from" => Msg::HintDate,
                    "working_days" => Msg::HintWorkingDays,
                    _ => Msg::ErrBadRequest,
                };
                return lang.fill(
                    Msg::ErrInvalidParameter,
                    &[("name", name), ("hint", &lang.t(hint))],
                );
            }
            AppError::Internal { request_id } => {
                return format!("{} {request_id}", lang.t(Msg::ErrInternal));
            }
        };
        lang.t(msg).to_string()
    }

    /// Logs an unexpected failure in full and returns the generic error that
    /// carries only the request id.
    #[cfg(feature = "ssr")]
    pub fn internal(err: impl std::fmt::Display) -> Self {
        let request_id = RequestId::current()
            .map(|id| id.0)
            .unwrap_or_else(|| "-".into());
        tracing::error!(%request_id, error = %err, "internal error");
        AppError::Internal { request_id }
    }
}

/// Sets the HTTP status of the page being rendered on the server (a page
/// showing an error answers with the error's status); nothing in the browser.
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Sends the visitor of the page being rendered elsewhere (`303 See Other`
/// with `Location`), whatever their `Accept` header; nothing in the browser.
pub fn redirect_page(path: &str) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(location) = http::HeaderValue::from_str(path) {
            response.insert_header(http::header::LOCATION, location);
            response.set_status(http::StatusCode::SEE_OTHER);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::Deserialization(detail)
            | ServerFnErrorErr::MissingArg(detail) => AppError::BadRequest { detail },
            ServerFnErrorErr::Registration(_) => AppError::NotFound,
            other => {
                #[cfg(feature = "ssr")]
                {
                    AppError::internal(other)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = other;
                    AppError::Internal {
                        request_id: "-".into(),
                    }
                }
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{random_hex, RequestId};

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::i18n::Lang;
    use axum::response::{IntoResponse, Response};
    use http::StatusCode;

    /// The id of the request being served; every log line and every internal
    /// error carries it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RequestId(pub String);

    tokio::task_local! {
        static CURRENT: RequestId;
    }

    /// `N` random bytes from the OS, hex-encoded (request ids, CSP nonces).
    pub fn random_hex<const N: usize>() -> String {
        let mut bytes = [0u8; N];
        // The OS random source failing is not worth failing a request for.
        let _ = getrandom::fill(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    impl RequestId {
        /// A fresh random id (16 hex digits).
        pub fn generate() -> Self {
            RequestId(random_hex::<8>())
        }

        /// Runs `fut` with this id as the current request's id.
        pub async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
            CURRENT.scope(self, fut).await
        }

        /// The id of the request being served: from the Leptos request context
        /// (server functions, rendering) or the axum task (API handlers).
        pub fn current() -> Option<Self> {
            leptos::prelude::use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<RequestId>().cloned())
                .or_else(|| CURRENT.try_with(|id| id.clone()).ok())
        }
    }

    impl AppError {
        /// The JSON body of an error answer: `{"error":{"code","message","request_id"?}}`.
        pub fn to_json(&self, lang: crate::i18n::Lang) -> serde_json::Value {
            let mut body = serde_json::json!({
                "code": self.code(),
                "message": self.message(lang),
            });
            match self {
                AppError::Internal { request_id } => {
                    body["request_id"] = serde_json::Value::String(request_id.clone());
                }
                AppError::TooManyAttempts { retry_after } => {
                    body["retry_after"] = (*retry_after).into();
                }
                AppError::InvalidAnswers { fields } | AppError::InvalidFields { fields } => {
                    body["fields"] = fields.iter().map(|f| f.to_json(lang)).collect();
                }
                AppError::Refused(r) => {
                    body["problem"] = r.problem.clone();
                }
                _ => {}
            }
            serde_json::json!({ "error": body })
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let lang = Lang::current();
            let status =
                StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut res = (status, axum::Json(self.to_json(lang))).into_response();
            if let AppError::TooManyAttempts { retry_after } = self {
                res.headers_mut()
                    .insert(http::header::RETRY_AFTER, retry_after.max(1).into());
            }
            if status == StatusCode::UNAUTHORIZED {
                // Sessions are cookies; there is no HTTP authentication scheme.
                res.headers_mut().insert(
                    http::header::WWW_AUTHENTICATE,
                    http::HeaderValue::from_static("Cookie realm=\"banshi\""),
                );
            }
            res
        }
    }

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            let unavailable = match &err {
                sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => true,
                sqlx::Error::Database(db) => db.code().is_some_and(|c| super::outage_sqlstate(&c)),
                _ => false,
            };
            let bad_value = match &err {
                sqlx::Error::Database(db) => db.code().filter(|c| super::bad_value_sqlstate(c)),
                _ => None,
            };
            if unavailable {
                tracing::warn!(error = %err, "database unavailable");
                AppError::DatabaseUnavailable
            } else if let Some(code) = bad_value {
                // A value a parse should have refused reached the database:
                // the request was wrong, nothing was written (the statement
                // failed), so it is the client's 400, not a 500.
                tracing::warn!(error = %err, sqlstate = %code, "value refused by the database");
                AppError::BadRequest {
                    detail: "a value cannot be stored".into(),
                }
            } else {
                AppError::internal(err)
            }
        }
    }
}

/// Whether a SQLSTATE says the database went away rather than that the
/// request was wrong: class 08 (connection exception) and class 57
/// (operator intervention: shut down, restarted, terminated by an
/// administrator). Nothing was written, so the answer is a retry-safe 503.
pub fn outage_sqlstate(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57")
}

/// Whether a SQLSTATE says a value sent was unusable (class 22, data
/// exception): text with NUL or a character the encoding lacks (22021,
/// 22P05), too long for its column (22001), a number or date out of range
/// (22003, 22008), text that is not a number or date (22P02, 22007). Left
/// out: 22012 (division by zero) and the rest of the class, which say more
/// about the query than about the input.
pub fn bad_value_sqlstate(code: &str) -> bool {
    matches!(
        code,
        "22001" | "22003" | "22007" | "22008" | "22021" | "22P02" | "22P05"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_values_are_told_from_bugs_by_sqlstate() {
        for code in [
            "22021", "22P05", "22001", "22003", "22008", "22P02", "22007",
        ] {
            assert!(bad_value_sqlstate(code) && !outage_sqlstate(code), "{code}");
        }
        for code in ["22012", "23505", "42P01", "57P01", "XX000"] {
            assert!(!bad_value_sqlstate(code), "{code}");
        }
    }

    #[test]
    fn outages_are_told_from_bad_requests_by_sqlstate() {
        for code in ["57P01", "57P02", "57P03", "08006", "08003", "08000"] {
            assert!(outage_sqlstate(code), "{code}");
        }
        for code in ["23505", "22021", "40001", "42P01", "53300"] {
            assert!(!outage_sqlstate(code), "{code}");
        }
    }

    #[test]
    fn codes_are_stable_and_statuses_match() {
        assert_eq!(AppError::NotFound.code(), "not_found");
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::CrossSiteRequest.status(), 403);
        assert_eq!(AppError::DatabaseUnavailable.status(), 503);
        assert_eq!(
            AppError::Internal {
                request_id: "x".into()
            }
            .status(),
            500
        );
    }

    #[test]
    fn internal_message_names_the_request_but_nothing_else() {
        let e = AppError::Internal {
            request_id: "abc123".into(),
        };
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(zh.contains("abc123") && en.contains("abc123"));
        assert!(en.starts_with("Something went wrong"));
    }

    #[test]
    fn travels_as_tagged_json() {
        let json = serde_json::to_string(&AppError::UnknownRegion).unwrap();
        assert_eq!(json, r#"{"code":"unknown_region"}"#);
        let back: AppError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, AppError::UnknownRegion);
    }

    #[test]
    fn framework_argument_errors_are_bad_requests() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(e.code(), "bad_request");
    }
}
