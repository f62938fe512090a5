//! The installable hall over HTTP: the service worker made from the build's
//! files, the manifest and its icons, the offline page.

use crate::common;

use common::{database, hall, Seed, TestApp};
use std::path::Path;

/// A site as cargo-leptos leaves it with hashed names: the files, their
/// compressed twins, a public file.
fn built_site(hash: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, body) in [
        (format!("banshi.{hash}.js"), "js"),
        (format!("banshi.{hash}.js.br"), "br"),
        (format!("banshi.{hash}.js.gz"), "gz"),
        (format!("banshi.{hash}.wasm"), "wasm"),
        (format!("banshi.{hash}.css"), "css"),
    ] {
        std::fs::write(pkg.join(name), body).unwrap();
    }
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    site
}

#[tokio::test]
async fn the_service_worker_lists_the_builds_hashed_files_and_is_checked_every_time() {
    let pool = database(Seed::Schema).await;
    let site = built_site("Xq3kZ0aB7cD9eF1gH2iJ4k");
    let app = TestApp::spawn_with_site(pool.clone(), site.path()).await;

    let res = app.get("/sw.js").await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    // A worker's policy is the one sent with its script: it may fetch
    // from this site.
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let etag = h["etag"].to_str().unwrap().to_string();
    let sw = res.text().await.unwrap();
    for file in ["js", "wasm", "css"] {
        let path = format!("\"/pkg/banshi.Xq3kZ0aB7cD9eF1gH2iJ4k.{file}\"");
        assert!(sw.contains(&path), "{path} precached");
    }
    assert!(!sw.contains(".br\""), "compressed twins are the same URLs");
    assert!(sw.contains("\"/favicon.svg\""));
    assert!(sw.contains("\"/offline?lang=zh-CN\"") && sw.contains("\"/offline?lang=en\""));
    let version = sw
        .split("const VERSION = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(version.len(), 16, "{version}");
    assert!(sw.contains("\"banshi-static-\" + VERSION"));
    assert!(sw.contains("\"banshi-personal\""));
    assert!(sw.contains("\"clear-personal\""));
    assert!(!sw.contains("%VERSION%") && !sw.contains("%PRECACHE%"));

    // Unchanged: 304 to the browser's check.
    let again = app
        .client
        .get(app.url("/sw.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["cache-control"], "no-cache");

    // Another build: another version, so the worker replaces its caches.
    let other = built_site("Zz9yY8xX7wW6vV5uU4tT3s");
    let other_app = TestApp::spawn_with_site(pool, other.path()).await;
    let other_sw = other_app.get("/sw.js").await.text().await.unwrap();
    assert!(other_sw.contains("/pkg/banshi.Zz9yY8xX7wW6vV5uU4tT3s.wasm"));
    assert!(
        !other_sw.contains(&version),
        "a new build gets a new version"
    );
}

#[tokio::test]
async fn the_manifest_is_valid_and_its_icons_exist() {
    let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
    let text = std::fs::read_to_string(public.join("manifest.webmanifest")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(manifest["lang"], "zh-CN");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    assert!(!manifest["name"].as_str().unwrap().is_empty());
    assert!(!manifest["short_name"].as_str().unwrap().is_empty());
    for colour in ["theme_color", "background_color"] {
        let c = manifest[colour].as_str().unwrap();
        assert!(c.starts_with('#') && c.len() == 7, "{colour}: {c}");
    }
    let icons = manifest["icons"].as_array().unwrap();
    let mut seen = Vec::new();
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let sizes = icon["sizes"].as_str().unwrap();
        let purpose = icon["purpose"].as_str().unwrap();
        assert_eq!(icon["type"], "image/png");
        let png = image::open(public.join(src.trim_start_matches('/')))
            .unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(
            format!("{}x{}", png.width(), png.height()),
            sizes,
            "{src} is as large as it says"
        );
        seen.push((sizes.to_string(), purpose.to_string()));
    }
    for sizes in ["192x192", "512x512"] {
        for purpose in ["any", "maskable"] {
            assert!(
                seen.contains(&(sizes.into(), purpose.into())),
                "a {sizes} {purpose} icon"
            );
        }
    }

    // Served as the site's files, with the pages linking the manifest.
    let pool = database(Seed::Schema).await;
    let app = TestApp::spawn_with_site(pool, &public).await;
    let res = app.get("/manifest.webmanifest").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&res.text().await.unwrap()).unwrap(),
        manifest
    );
    let res = app.get("/icons/maskable-512.png").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let sw = app.get("/sw.js").await.text().await.unwrap();
    for path in ["/manifest.webmanifest", "/pwa.js", "/icons/icon-192.png"] {
        assert!(sw.contains(&format!("\"{path}\"")), "{path} precached");
    }
}

#[tokio::test]
async fn pages_link_the_manifest_and_register_the_worker_by_a_file() {
    let pool = database(Seed::Schema).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
    // Same origin: `script-src 'self'` runs it without a nonce.
    assert!(html.contains(r#"<script src="/pwa.js" defer"#), "{html}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(html.contains(&format!(r#"<script src="/pwa.js" defer nonce="{nonce}">"#)));
    assert!(csp.contains("script-src 'self'"), "{csp}");
}

#[tokio::test]
async fn the_offline_page_is_translated_and_the_same_for_everyone() {
    let pool = database(Seed::Schema).await;
    let app = TestApp::spawn(pool).await;
    for (lang, title) in [("zh-CN", "网络未连接"), ("en", "You are offline")] {
        let res = app.get(&format!("/offline?lang={lang}")).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "public, no-cache");
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)));
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{html}");
        assert!(html.contains(r#"<main id="main""#));
        assert!(!html.contains("<script"));
    }
}

#[tokio::test]
async fn a_prefetched_item_page_is_not_counted_as_a_view() {
    let pool = database(Seed::Schema).await;
    let app = hall(&pool).await;
    let code: String = sqlx::query_scalar("select code from service_item order by code limit 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let views = || async {
        sqlx::query_scalar::<_, i64>(
            "select views from service_search s join service_item i on i.id = s.item_id where i.code = $1",
        )
        .bind(&code)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = views().await;
    let res = app
        .client
        .get(app.url(&format!("/services/{code}")))
        .header("purpose", "prefetch")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(views().await, before, "the worker's prefetch is no view");
    assert_eq!(app.get(&format!("/services/{code}")).await.status(), 200);
    assert_eq!(views().await, before + 1, "a person's reading is one");
}
