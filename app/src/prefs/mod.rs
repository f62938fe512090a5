//! A visitor's preferences: language, region, elder mode (长辈版) and kiosk
//! mode (自助终端), remembered in cookies so they work without JavaScript and
//! the server renders the right page.

#[cfg(feature = "ssr")]
pub mod handler;
pub mod kiosk;
pub mod modes;

use crate::{i18n::Lang, regions::RegionCode};

/// Cookie holding the chosen language tag.
pub const LANG_COOKIE: &str = "banshi_lang";
/// Cookie holding the chosen region code.
pub const REGION_COOKIE: &str = "banshi_region";
/// Cookie holding the display mode: `elder` (长辈版); absent means standard.
pub const MODE_COOKIE: &str = "banshi_mode";
/// Cookie marking a self-service terminal (自助终端): `1`.
pub const KIOSK_COOKIE: &str = "banshi_kiosk";
/// The province, the region of a visitor who has not chosen one.
pub const DEFAULT_REGION: &str = "440000";

#[cfg(feature = "ssr")]
tokio::task_local! {
    static CURRENT: Prefs;
}

/// How the hall is shown: the standard layout or elder mode (长辈版/关怀版:
/// larger text and targets, stronger contrast, a simpler home page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Standard,
    Elder,
}

impl Mode {
    /// The value of the cookie, the form field and `data-mode` on `<html>`.
    pub fn code(self) -> &'static str {
        match self {
            Mode::Standard => "standard",
            Mode::Elder => "elder",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s.trim() {
            "standard" => Some(Mode::Standard),
            "elder" => Some(Mode::Elder),
            _ => None,
        }
    }

    /// The mode the switch offers.
    pub fn other(self) -> Mode {
        match self {
            Mode::Standard => Mode::Elder,
            Mode::Elder => Mode::Standard,
        }
    }
}

/// The language, region and modes a page is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    pub region: RegionCode,
    pub mode: Mode,
    /// A self-service terminal (the kiosk cookie, or `BANSHI_KIOSK=1` for
    /// the whole server).
    pub kiosk: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::Zh,
            region: default_region(),
            mode: Mode::Standard,
            kiosk: false,
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
        let mut mode = None;
        let mut kiosk = false;
        for pair in cookie.unwrap_or("").split(';') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            match name.trim() {
                LANG_COOKIE => lang = Lang::parse(value),
                REGION_COOKIE => region = RegionCode::parse(value).ok(),
                MODE_COOKIE => mode = Mode::parse(value),
                KIOSK_COOKIE => kiosk = value.trim() == "1",
                _ => {}
            }
        }
        Prefs {
            lang: lang.unwrap_or_else(|| Lang::negotiate(accept_language)),
            region: region.unwrap_or_else(default_region),
            mode: mode.unwrap_or_default(),
            kiosk,
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
        let mut prefs = Prefs::from_headers(
            header(http::header::COOKIE),
            header(http::header::ACCEPT_LANGUAGE),
        );
        prefs.kiosk |= kiosk::terminal().always;
        prefs
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
                let mode = html
                    .get_attribute("data-mode")
                    .and_then(|m| Mode::parse(&m));
                return Prefs {
                    lang: lang.unwrap_or_default(),
                    region: region.unwrap_or_else(default_region),
                    mode: mode.unwrap_or_default(),
                    kiosk: html.has_attribute("data-kiosk"),
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
    fn mode_and_kiosk_cookies() {
        let p = Prefs::from_headers(Some("banshi_mode=elder; banshi_kiosk=1"), None);
        assert_eq!(p.mode, Mode::Elder);
        assert!(p.kiosk);
        assert_eq!(p.lang, Lang::Zh, "the modes leave the language alone");
        let p = Prefs::from_headers(Some("banshi_mode=standard"), None);
        assert_eq!(p.mode, Mode::Standard);
        assert!(!p.kiosk);
        for bad in [
            "banshi_mode=ELDER; banshi_kiosk=yes",
            "banshi_mode=; banshi_kiosk=",
            "banshi_mode=elderly; banshi_kiosk=0",
            "xbanshi_mode=elder; banshi_kioskx=1",
        ] {
            let p = Prefs::from_headers(Some(bad), None);
            assert_eq!((p.mode, p.kiosk), (Mode::Standard, false), "{bad:?}");
        }
        let p = Prefs::from_headers(Some(" banshi_mode=elder ;banshi_kiosk= 1"), None);
        assert_eq!(
            (p.mode, p.kiosk),
            (Mode::Elder, true),
            "spaces around values"
        );
    }

    #[test]
    fn modes_round_trip() {
        for m in [Mode::Standard, Mode::Elder] {
            assert_eq!(Mode::parse(m.code()), Some(m));
            assert_eq!(m.other().other(), m);
        }
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
