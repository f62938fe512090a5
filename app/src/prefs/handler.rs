//! `POST /prefs`: the language and region switches, as plain HTML forms.

use super::{safe_next, LANG_COOKIE, REGION_COOKIE};
use crate::{error::AppError, i18n::Lang, regions, state::AppState};
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use http::{header::SET_COOKIE, HeaderValue};
use serde::Deserialize;

/// The fields of the switch forms; each form sends one of `lang`/`region`.
#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    pub lang: Option<String>,
    pub region: Option<String>,
    pub next: Option<String>,
}

const ONE_YEAR: u32 = 365 * 24 * 3600;

fn cookie(name: &str, value: &str, secure: bool) -> Result<HeaderValue, AppError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax; HttpOnly{secure}"
    ))
    .map_err(AppError::internal)
}

/// Stores the chosen language and/or region and sends the visitor back.
pub async fn set_prefs(
    State(state): State<AppState>,
    Form(form): Form<PrefsForm>,
) -> Result<Response, AppError> {
    let mut cookies = Vec::new();
    if let Some(tag) = form.lang.as_deref() {
        let lang = Lang::parse(tag).ok_or(AppError::InvalidLanguage)?;
        cookies.push(cookie(LANG_COOKIE, lang.tag(), state.secure_cookies)?);
    }
    if let Some(code) = form.region.as_deref() {
        let code = regions::RegionCode::parse(code)?;
        if !regions::store::exists(&state.pool, code).await? {
            return Err(AppError::UnknownRegion);
        }
        cookies.push(cookie(
            REGION_COOKIE,
            &code.to_string(),
            state.secure_cookies,
        )?);
    }
    let mut response = Redirect::to(safe_next(form.next.as_deref())).into_response();
    for c in cookies {
        response.headers_mut().append(SET_COOKIE, c);
    }
    Ok(response)
}
