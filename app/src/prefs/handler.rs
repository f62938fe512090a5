//! `POST /prefs`: the language, region and elder-mode switches, as plain
//! HTML forms; `GET /kiosk` and `GET /kiosk/off`: a terminal's start URL.

use super::{safe_next, Mode, KIOSK_COOKIE, LANG_COOKIE, MODE_COOKIE, REGION_COOKIE};
use crate::{error::AppError, i18n::Lang, regions, state::AppState};
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use http::{header::SET_COOKIE, HeaderMap, HeaderValue};
use serde::Deserialize;

/// The fields of the switch forms; each form sends one of
/// `lang`/`region`/`mode` (`elder` or `standard`).
#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    pub lang: Option<String>,
    pub region: Option<String>,
    pub mode: Option<String>,
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

/// `Set-Cookie` that removes cookie `name`.
pub fn removal(name: &str, secure: bool) -> Result<HeaderValue, AppError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly{secure}"
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
    if let Some(code) = form.mode.as_deref() {
        cookies.push(
            match Mode::parse(code).ok_or(AppError::InvalidParameter {
                name: "mode".into(),
            })? {
                Mode::Elder => cookie(MODE_COOKIE, Mode::Elder.code(), state.secure_cookies)?,
                Mode::Standard => removal(MODE_COOKIE, state.secure_cookies)?,
            },
        );
    }
    let mut response = Redirect::to(safe_next(form.next.as_deref())).into_response();
    for c in cookies {
        response.headers_mut().append(SET_COOKIE, c);
    }
    Ok(response)
}

/// Whether a request was started by the person at this browser: typed or
/// configured as the start URL (`Sec-Fetch-Site: none`) or a link of this
/// site. A link on another site cannot make a browser a terminal (which
/// would sign its owner out when idle).
fn started_here(headers: &HeaderMap) -> bool {
    matches!(
        headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        Some("none" | "same-origin")
    )
}

/// `GET /kiosk`: the start URL of a self-service terminal. Marks this
/// browser as a terminal (the kiosk cookie) and shows the start page.
pub async fn kiosk_on(State(state): State<AppState>, headers: HeaderMap) -> Response {
    kiosk_switch(&state, &headers, true)
}

/// `GET /kiosk/off`: this browser is no longer a terminal.
pub async fn kiosk_off(State(state): State<AppState>, headers: HeaderMap) -> Response {
    kiosk_switch(&state, &headers, false)
}

fn kiosk_switch(state: &AppState, headers: &HeaderMap, on: bool) -> Response {
    if !started_here(headers) {
        return AppError::CrossSiteRequest.into_response();
    }
    let cookie = if on {
        cookie(KIOSK_COOKIE, "1", state.secure_cookies)
    } else {
        removal(KIOSK_COOKIE, state.secure_cookies)
    };
    match cookie {
        Ok(c) => {
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().append(SET_COOKIE, c);
            response
        }
        Err(e) => e.into_response(),
    }
}

/// The cookies a terminal keeps through a reset: its marker and its
/// region (a village terminal shows its own county first).
pub const KEPT_BY_TERMINAL: [&str; 2] = [KIOSK_COOKIE, REGION_COOKIE];

/// The names of the cookies in a `Cookie` header that a terminal's reset
/// removes: every one but [`KEPT_BY_TERMINAL`].
pub fn cookies_to_clear(cookie_header: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = cookie_header
        .unwrap_or("")
        .split(';')
        .filter_map(|pair| pair.split_once('=').map(|(n, _)| n.trim()))
        .filter(|n| {
            !n.is_empty()
                && !KEPT_BY_TERMINAL.contains(n)
                && n.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
        })
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_clears_all_cookies_but_the_terminal_s() {
        let names = cookies_to_clear(Some(
            "banshi_kiosk=1; banshi_region=440106; banshi_lang=en; banshi_mode=elder; \
             __Host-banshi_session=abc; draft=x; draft=y; bad name=1; =x",
        ));
        assert_eq!(
            names,
            [
                "__Host-banshi_session",
                "banshi_lang",
                "banshi_mode",
                "draft"
            ]
        );
        assert!(cookies_to_clear(None).is_empty());
    }

    #[test]
    fn only_the_person_at_the_browser_makes_it_a_terminal() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert("sec-fetch-site", HeaderValue::from_str(v).unwrap());
            h
        };
        assert!(started_here(&with("none")));
        assert!(started_here(&with("same-origin")));
        assert!(!started_here(&with("cross-site")));
        assert!(!started_here(&with("same-site")));
        assert!(!started_here(&HeaderMap::new()));
    }
}
