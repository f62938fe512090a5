//! The installable hall: its service worker at `/sw.js`, made from the
//! build's asset names, and the offline page the worker keeps.
//!
//! cargo-leptos has no hook to write a service worker after it names the
//! files of a build by their hashes, so the server writes it: on the first
//! request it lists the files under the site's `pkg/` (exactly what this
//! build serves), hashes their contents and the worker's template into the
//! caches' version, and answers `no-cache` with an `ETag`, so that browsers
//! check it on each navigation and install a new worker when a deployment
//! changed anything. The worker itself (`pwa/sw.js`) says what it keeps;
//! docs/features.md tells the contract with the pages.

use app::{
    catalog::{store, HOT_COUNT},
    i18n::{Lang, Msg},
    state::AppState,
};
use axum::{
    extract::{Query, State},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use std::{
    path::Path,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use utoipa_axum::router::OpenApiRouter;

/// The worker's template; `%NAME%` placeholders are filled in [`script`].
const TEMPLATE: &str = include_str!("pwa/sw.js");

/// Files of `public/` the worker keeps for offline use, when the site has
/// them.
const KEPT_FILES: &[&str] = &[
    "/manifest.webmanifest",
    "/favicon.svg",
    "/pwa.js",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/maskable-192.png",
    "/icons/maskable-512.png",
];

/// How long the list of hot services written into the worker is reused.
const HOT_FOR: Duration = Duration::from_secs(600);

/// `/sw.js` and `/offline`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/sw.js", get(service_worker))
        .route("/offline", get(offline))
}

/// What one build serves, as the worker needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// The caches' version: a hash of every kept file's name and content
    /// and of the worker's template.
    pub version: String,
    /// Whether the `pkg/` files are named by their content's hash.
    pub hashed: bool,
    /// The paths kept at install (`/pkg/…`, the offline pages, icons).
    pub precache: Vec<String>,
    /// The stylesheet's path, for the offline page.
    pub stylesheet: Option<String>,
}

impl Assets {
    /// Reads the site under `site_root`: the scripts, WASM and stylesheet of
    /// its `pkg/` (not their compressed twins, which are the same URLs, nor
    /// the type declarations) and the kept files of `public/` that exist.
    pub fn read(site_root: &Path, hashed: bool) -> Assets {
        let mut pkg: Vec<String> = std::fs::read_dir(site_root.join("pkg"))
            .map(|dir| {
                dir.flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| [".js", ".wasm", ".css"].iter().any(|ext| n.ends_with(ext)))
                    .collect()
            })
            .unwrap_or_default();
        pkg.sort();
        let mut hash = Fnv::new();
        hash.add(TEMPLATE.as_bytes());
        for lang in [Lang::Zh, Lang::En] {
            hash.add(offline_html(lang, None).as_bytes());
        }
        let mut precache = Vec::new();
        let files = pkg
            .iter()
            .map(|n| format!("/pkg/{n}"))
            .chain(KEPT_FILES.iter().map(|f| f.to_string()));
        for path in files {
            let Ok(bytes) = std::fs::read(site_root.join(path.trim_start_matches('/'))) else {
                continue;
            };
            hash.add(path.as_bytes());
            hash.add(&bytes);
            precache.push(path);
        }
        for lang in [Lang::Zh, Lang::En] {
            precache.push(offline_path(lang));
        }
        let stylesheet = pkg
            .iter()
            .find(|n| n.ends_with(".css"))
            .map(|n| format!("/pkg/{n}"));
        Assets {
            version: format!("{:016x}", hash.finish()),
            hashed,
            precache,
            stylesheet,
        }
    }

    /// The site a router serves, read once (a build's files do not change
    /// under a running server; tests serve several sites in one process).
    fn of(state: &AppState) -> Arc<Assets> {
        static READ: Mutex<Vec<(String, Arc<Assets>)>> = Mutex::new(Vec::new());
        let options = &state.leptos_options;
        let root = options.site_root.to_string();
        let mut read = READ.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, assets)) = read.iter().find(|(r, _)| *r == root) {
            return assets.clone();
        }
        let assets = Arc::new(Assets::read(Path::new(&root), options.hash_files));
        read.push((root, assets.clone()));
        assets
    }
}

/// The offline page's path in `lang`.
fn offline_path(lang: Lang) -> String {
    format!("/offline?lang={}", lang.tag())
}

/// The worker for `assets`, keeping the item pages `hot` at install.
pub fn script(assets: &Assets, hot: &[String]) -> String {
    let json = |v: serde_json::Value| v.to_string();
    let offline = serde_json::json!({
        "zh-CN": offline_path(Lang::Zh),
        "en": offline_path(Lang::En),
    });
    let as_of = serde_json::json!({
        "zh-CN": Lang::Zh.t(Msg::OfflineAsOf),
        "en": Lang::En.t(Msg::OfflineAsOf),
    });
    TEMPLATE
        .replace("%VERSION%", &assets.version)
        .replace("%HASHED%", if assets.hashed { "true" } else { "false" })
        .replace("%PRECACHE%", &json(serde_json::json!(assets.precache)))
        .replace("%HOT%", &json(serde_json::json!(hot)))
        .replace("%OFFLINE%", &json(offline))
        .replace("%AS_OF%", &json(as_of))
}

/// The hot services' item pages (the province's), read again every
/// [`HOT_FOR`]; none when the database cannot say.
async fn hot_pages(state: &AppState) -> Vec<String> {
    static HOT: Mutex<Option<(Instant, Vec<String>)>> = Mutex::new(None);
    if let Ok(kept) = HOT.lock() {
        if let Some((at, pages)) = kept.as_ref() {
            if at.elapsed() < HOT_FOR {
                return pages.clone();
            }
        }
    }
    let pages: Vec<String> = match store::hot(&state.pool, None, HOT_COUNT).await {
        Ok(items) => items
            .iter()
            .map(|i| format!("/services/{}", i.code))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "hot services for the service worker");
            return Vec::new();
        }
    };
    if let Ok(mut kept) = HOT.lock() {
        *kept = Some((Instant::now(), pages.clone()));
    }
    pages
}

/// `GET /sw.js`: the service worker, `no-cache` with an `ETag` (a browser
/// checks it on navigations). Its own policy lets it fetch from this site
/// only (a worker's policy is the one sent with its script).
async fn service_worker(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let assets = Assets::of(&state);
    let body = script(&assets, &hot_pages(&state).await);
    let mut etag = Fnv::new();
    etag.add(body.as_bytes());
    let etag = format!("\"{:016x}\"", etag.finish());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    res
}

#[derive(serde::Deserialize)]
struct OfflineQuery {
    lang: Option<String>,
}

/// `GET /offline?lang=`: the page the worker shows for a page it does not
/// keep when there is no network (in the visitor's language without
/// `lang`). The same for everyone: it names nobody.
async fn offline(State(state): State<AppState>, Query(q): Query<OfflineQuery>) -> Response {
    let lang = q
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::current);
    let assets = Assets::of(&state);
    let mut res = Html(offline_html(lang, assets.stylesheet.as_deref())).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    res
}

/// The offline page: the hall's frame with a heading, what can still be
/// read, and the way home. No script.
pub fn offline_html(lang: Lang, stylesheet: Option<&str>) -> String {
    let t = |m: Msg| escape(lang.t(m));
    let css = stylesheet
        .map(|href| format!(r#"<link rel="stylesheet" href="{}">"#, escape(href)))
        .unwrap_or_default();
    format!(
        r##"<!DOCTYPE html>
<html lang="{tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#a3161a">
<title>{title} – {site}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="manifest" href="/manifest.webmanifest">
{css}
</head>
<body>
<a class="skip-link" href="#main">{skip}</a>
<header class="site-header"><div class="topbar"><a class="brand" href="/"><span class="emblem" aria-hidden="true">办</span><span>{site}</span></a></div></header>
<main id="main" tabindex="-1" class="offline-page">
<h1>{title}</h1>
<p>{body}</p>
<ul>
<li><a href="/">{home}</a></li>
<li><a href="/me">{mine}</a></li>
<li><a href="/services">{services}</a></li>
</ul>
</main>
<footer class="site-footer"><p>{footer}</p></footer>
</body>
</html>
"##,
        tag = lang.tag(),
        title = t(Msg::OfflineTitle),
        site = t(Msg::SiteName),
        skip = t(Msg::SkipToContent),
        body = t(Msg::OfflineBody),
        home = t(Msg::BackHome),
        mine = t(Msg::NavMySpace),
        services = t(Msg::ChannelServices),
        footer = t(Msg::FooterAbout),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// FNV-1a, 64 bits: a version label, not a defence against anyone.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3) ^ 0xff;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, content) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        dir
    }

    #[test]
    fn the_worker_lists_the_builds_files_and_its_version_follows_them() {
        let a = site(&[
            ("pkg/banshi.AAA.js", "js"),
            ("pkg/banshi.AAA.js.br", "compressed"),
            ("pkg/banshi.d.EEE.ts", "declarations"),
            ("pkg/banshi.BBB.wasm", "wasm"),
            ("pkg/banshi.CCC.css", "css"),
            ("favicon.svg", "<svg/>"),
        ]);
        let assets = Assets::read(a.path(), true);
        assert_eq!(
            assets.precache,
            [
                "/pkg/banshi.AAA.js",
                "/pkg/banshi.BBB.wasm",
                "/pkg/banshi.CCC.css",
                "/favicon.svg",
                "/offline?lang=zh-CN",
                "/offline?lang=en",
            ]
        );
        assert_eq!(assets.stylesheet.as_deref(), Some("/pkg/banshi.CCC.css"));
        let sw = script(&assets, &["/services/X".into()]);
        assert!(sw.contains(&format!("const VERSION = \"{}\";", assets.version)));
        assert!(sw.contains("const HASHED = true;"));
        assert!(sw.contains(r#""/pkg/banshi.BBB.wasm""#));
        assert!(sw.contains(r#"const HOT = ["/services/X"];"#));
        assert!(!sw.contains('%'), "every placeholder is filled");

        // Another build: another version; the same build: the same one.
        let b = site(&[("pkg/banshi.DDD.js", "js2"), ("pkg/banshi.CCC.css", "css")]);
        assert_ne!(Assets::read(b.path(), true).version, assets.version);
        assert_eq!(Assets::read(a.path(), true).version, assets.version);
    }

    #[test]
    fn the_offline_page_speaks_the_language_asked() {
        let zh = offline_html(Lang::Zh, Some("/pkg/banshi.CCC.css"));
        assert!(zh.contains(r#"<html lang="zh-CN">"#));
        assert!(zh.contains(Lang::Zh.t(Msg::OfflineTitle)));
        assert!(zh.contains(r#"href="/pkg/banshi.CCC.css""#));
        let en = offline_html(Lang::En, None);
        assert!(en.contains(r#"<html lang="en">"#));
        assert!(en.contains(Lang::En.t(Msg::OfflineTitle)));
        assert!(!en.contains("<script"));
    }

    /// The icons of `public/icons/`, drawn here so that they can be made
    /// again: `BANSHI_WRITE_ICONS=1 cargo test -p server --lib icons`
    /// writes them; otherwise the committed files must show exactly what
    /// this draws.
    #[test]
    fn icons_are_the_drawn_ones() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/icons");
        let write = std::env::var_os("BANSHI_WRITE_ICONS").is_some();
        for (name, size, maskable) in [
            ("icon-192.png", 192, false),
            ("icon-512.png", 512, false),
            ("maskable-192.png", 192, true),
            ("maskable-512.png", 512, true),
        ] {
            let drawn = icon::draw(size, maskable);
            let path = dir.join(name);
            if write {
                std::fs::create_dir_all(&dir).unwrap();
                drawn.save(&path).unwrap();
            }
            let kept = image::open(&path)
                .unwrap_or_else(|e| panic!("{name}: {e} (BANSHI_WRITE_ICONS=1 draws it)"))
                .to_rgba8();
            assert_eq!(kept.dimensions(), (size, size), "{name}");
            assert!(kept == drawn, "{name} differs from the drawing");
        }
    }

    /// The hall's emblem: 办 drawn with round-capped strokes in white on
    /// the header's red; a rounded square for the plain icon, the full
    /// square with the glyph inside the central safe circle (80 %) for the
    /// maskable one.
    mod icon {
        use image::{Rgba, RgbaImage};

        const RED: [u8; 3] = [0xa3, 0x16, 0x1a];
        /// 办, as strokes in a unit square: 力's bar and hook, its sweep,
        /// and the two dots.
        const STROKES: &[&[(f32, f32)]] = &[
            &[(0.22, 0.36), (0.74, 0.36), (0.70, 0.84), (0.58, 0.78)],
            &[(0.50, 0.12), (0.47, 0.50), (0.22, 0.88)],
            &[(0.16, 0.56), (0.08, 0.72)],
            &[(0.84, 0.52), (0.92, 0.68)],
        ];

        fn segment_distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len2 = dx * dx + dy * dy;
            let t = if len2 == 0.0 {
                0.0
            } else {
                (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
            };
            let (x, y) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
            (x * x + y * y).sqrt()
        }

        pub fn draw(size: u32, maskable: bool) -> RgbaImage {
            let s = size as f32;
            // The glyph's box: 64 % of the icon, or 52 % inside the safe zone.
            let glyph = if maskable { 0.52 } else { 0.64 } * s;
            let origin = (s - glyph) / 2.0;
            let half_width = 0.055 * glyph;
            let corner = 0.18 * s;
            RgbaImage::from_fn(size, size, |x, y| {
                let p = (x as f32 + 0.5, y as f32 + 0.5);
                // Coverage of the background (rounded square unless maskable).
                let background = if maskable {
                    1.0
                } else {
                    let cx = p.0.clamp(corner, s - corner);
                    let cy = p.1.clamp(corner, s - corner);
                    let d = ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt();
                    (corner - d + 0.5).clamp(0.0, 1.0)
                };
                let d = STROKES
                    .iter()
                    .flat_map(|stroke| stroke.windows(2))
                    .map(|w| {
                        let a = (origin + w[0].0 * glyph, origin + w[0].1 * glyph);
                        let b = (origin + w[1].0 * glyph, origin + w[1].1 * glyph);
                        segment_distance(p, a, b)
                    })
                    .fold(f32::INFINITY, f32::min);
                let ink = (half_width - d + 0.5).clamp(0.0, 1.0);
                let mix = |c: u8| (f32::from(c) * (1.0 - ink) + 255.0 * ink).round() as u8;
                Rgba([
                    mix(RED[0]),
                    mix(RED[1]),
                    mix(RED[2]),
                    (background * 255.0).round() as u8,
                ])
            })
        }
    }
}
