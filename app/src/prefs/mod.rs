//! A visitor's preferences: language and region, remembered in cookies so
//! they work without JavaScript and the server renders the right page.

#[cfg(feature = "ssr")]
pub mod handler;

use crate::{i18n::Lang, regions::RegionCode};

/// Cookie holding the chosen language tag.
pub const LANG_COOKIE: &str = "banshi_lang";
/// Cookie holding the chosen region code.
pub const REGION_COOKIE: &str = "banshi_region";
/// The province, the region of a visitor who has not chosen one.
pub const DEFAULT_REGION: &str = "440000";

#[cfg(feature = "ssr")]
tokio::task_local! {
    static CURRENT: Prefs;
}

/// The language and region a page is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    pub region: RegionCode,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::Zh,
            region: default_region(),
        }
    }
}

fn default_region() -> RegionCode {
    RegionCode::parse(DEFAULT_REGION).unwrap_or_else(|_| unreachable!("constant is valid"))
}

impl Prefs {
    /// Reads preferences from a `Cookie` header and, for a visitor without a
    /// language cookie, the `Accept-Language` header. Bad values are ignored.
    pub fn from_headers(cookie: Option<&str>, accept_language: Option<&str>) -> Prefs {
        let mut lang = None;
        let mut region = None;
        for pair in cookie.unwrap_or("").split(';') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            match name.trim() {
                LANG_COOKIE => lang = Lang::parse(value),
                REGION_COOKIE => region = RegionCode::parse(value).ok(),
                _ => {}
            }
        }
        Prefs {
            lang: lang.unwrap_or_else(|| Lang::negotiate(accept_language)),
            region: region.unwrap_or_else(default_region),
        }
    }

    /// The preferences of the page being rendered or the request being served.
    ///
    /// On the server they come from the request; in the browser from the
    /// attributes the server wrote on `<html>`, so hydration sees the same.
    pub fn current() -> Prefs {
        #[cfg(feature = "ssr")]
        {
            if let Some(p) = leptos::prelude::use_context::<Prefs>() {
                return p;
            }
            leptos::prelude::use_context::<http::request::Parts>()
                .map(|parts| Self::from_parts(&parts))
                .or_else(|| CURRENT.try_with(|p| *p).ok())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            Self::from_document()
        }
    }

    /// Runs `fut` with these as the current request's preferences (for API
    /// handlers, which have no Leptos context).
    #[cfg(feature = "ssr")]
    pub async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
        CURRENT.scope(self, self.lang.scope(fut)).await
    }

    #[cfg(feature = "ssr")]
    pub fn from_parts(parts: &http::request::Parts) -> Prefs {
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        Prefs::from_headers(
            header(http::header::COOKIE),
            header(http::header::ACCEPT_LANGUAGE),
        )
    }

    #[cfg(not(feature = "ssr"))]
    fn from_document() -> Prefs {
        #[cfg(feature = "hydrate")]
        {
            let html = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element());
            if let Some(html) = html {
                let lang = html.get_attribute("lang").and_then(|l| Lang::parse(&l));
                let region = html
                    .get_attribute("data-region")
                    .and_then(|r| RegionCode::parse(&r).ok());
                return Prefs {
                    lang: lang.unwrap_or_default(),
                    region: region.unwrap_or_else(default_region),
                };
            }
        }
        Prefs::default()
    }
}

/// Where to send the visitor after a preference change: a local path only,
/// so the switch cannot be used to redirect to another site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control()) =>
        {
            n
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_choose_language_and_region() {
        let p = Prefs::from_headers(Some("a=b; banshi_lang=en; banshi_region=440100"), None);
        assert_eq!(p.lang, Lang::En);
        assert_eq!(p.region.to_string(), "440100");
    }

    #[test]
    fn missing_or_bad_cookies_fall_back() {
        let p = Prefs::from_headers(Some("banshi_lang=xx; banshi_region=44"), None);
        assert_eq!(p, Prefs::default());
        let p = Prefs::from_headers(None, Some("en-GB,en;q=0.8"));
        assert_eq!(p.lang, Lang::En);
        let p = Prefs::from_headers(Some("banshi_lang=zh-CN"), Some("en-GB"));
        assert_eq!(p.lang, Lang::Zh, "an explicit choice beats the browser");
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/services?x=1")), "/services?x=1");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "",
            "services",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
