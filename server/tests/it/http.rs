//! The HTTP surface of the real router, over a real PostgreSQL.

use crate::common;
use common::{database, Seed};

use common::TestApp;
use serde_json::Value;

#[tokio::test]
async fn healthz_reports_the_database() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"status": "ok", "database": "ok"}));
}

#[tokio::test]
async fn healthz_is_503_with_the_reason_when_the_database_is_down() {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy(
            "postgres://postgres@localhost:5432/banshi?host=/nonexistent-banshi-socket-dir",
        )
        .unwrap();
    let app = TestApp::spawn_without_reference(pool).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "down");
    assert!(!body["reason"].as_str().unwrap().is_empty());

    // The API answers with its JSON error, not a hang or an HTML page.
    let res = app.get("/api/v1/regions").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "database_unavailable");
}

#[tokio::test]
async fn regions_api_serves_the_tree() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/api/v1/regions").await;
    assert_eq!(res.status(), 200);
    let tree: Value = res.json().await.unwrap();
    let roots = tree.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    let gd = &roots[0];
    assert_eq!(gd["code"], "440000");
    assert_eq!(gd["parent"], Value::Null);
    assert_eq!(gd["level"], "province");
    assert_eq!(gd["name"]["zh"], "广东省");
    assert_eq!(gd["name"]["en"], "Guangdong Province");
    let cities = gd["children"].as_array().unwrap();
    assert_eq!(cities.len(), 21);
    let gz = cities.iter().find(|c| c["code"] == "440100").unwrap();
    assert_eq!(gz["name"]["zh"], "广州市");
    assert_eq!(gz["parent"], "440000");
    let districts = gz["children"].as_array().unwrap();
    assert_eq!(districts.len(), 11);
    assert!(districts
        .iter()
        .all(|d| d["level"] == "county" && d["parent"] == "440100"));
}

#[tokio::test]
async fn reference_data_loads_twice_without_change() {
    let pool = database(Seed::Reference).await;
    server::reference::load(&pool).await.unwrap();
    server::reference::load(&pool).await.unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from region")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 62);
}

#[tokio::test]
async fn the_schema_refuses_broken_regions() {
    let pool = database(Seed::Reference).await;
    server::reference::load(&pool).await.unwrap();
    let insert = |sql: &'static str| sqlx::query(sql).execute(&pool);
    // A city without a parent, an orphan, a bad level, an empty name, a bad code.
    assert!(
        insert("insert into region values (449900, null, 'city', '某市', 'X')")
            .await
            .is_err()
    );
    assert!(
        insert("insert into region values (449901, 449999, 'county', '某区', 'X')")
            .await
            .is_err()
    );
    assert!(
        insert("insert into region values (449902, 440000, 'town', '某镇', 'X')")
            .await
            .is_err()
    );
    assert!(
        insert("insert into region values (449903, 440000, 'city', ' ', 'X')")
            .await
            .is_err()
    );
    assert!(
        insert("insert into region values (12, 440000, 'city', '某市', 'X')")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/api/v1/no-such-thing").await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(body["error"]["message"], "找不到该资源。");
    let res = app
        .get_with_cookie("/api/v1/no-such-thing", "banshi_lang=en")
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["message"], "Not found.");
}

#[tokio::test]
async fn the_home_page_is_rendered_in_chinese_with_its_channels() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="zh-CN" data-region="440000" data-mode="standard">"#),
        "{html}"
    );
    assert!(html.contains(r##"<a href="#main" class="skip-link">跳到主要内容</a>"##));
    assert!(html.contains(r#"<main id="main""#));
    for (path, name) in [
        ("/disclosure", "政务公开"),
        ("/investment", "投资审批"),
        ("/services", "网上办事"),
        ("/interaction", "政民互动"),
        ("/supervision", "效能监察"),
    ] {
        assert!(
            html.contains(&format!(r#"<a href="{path}">{name}</a>"#)),
            "{name}"
        );
    }
    // The region list is server-rendered from the database.
    assert!(html.contains(r#"<option value="440106">天河区</option>"#));
    // The disclosure channel leads to the microblog hall too.
    let html = app.get("/disclosure").await.text().await.unwrap();
    assert!(
        html.contains(r#"<a href="/weibo">政务微博发布厅</a>"#),
        "{html}"
    );
}

#[tokio::test]
async fn the_language_cookie_and_the_browser_choose_the_language() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let html = app
        .get_with_cookie("/interaction", "banshi_lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("<h1>Interaction</h1>"));
    assert!(html.contains(r#"<a href="/letters/new">Write a letter</a>"#));
    assert!(html.contains(r#"<a href="/ratings">Service ratings</a>"#));
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn switching_region_and_language_sets_cookies_and_returns() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app
        .post_form("/prefs", &[("region", "440100"), ("next", "/services")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/services");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("banshi_region=440100;"), "{cookie}");
    for attr in ["Path=/", "HttpOnly", "SameSite=Lax", "Max-Age="] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");

    let html = app
        .get_with_cookie("/", "banshi_region=440100")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-region="440100""#));
    assert!(html.contains(r#"<option value="440100" selected>"#));
    assert!(html.contains("<strong>广州市</strong>"));

    let res = app
        .post_form("/prefs", &[("lang", "en"), ("next", "/")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("banshi_lang=en;"));
}

#[tokio::test]
async fn elder_mode_is_a_cookie_and_a_terminal_resets_to_its_own() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let set_cookies = |res: &reqwest::Response| -> Vec<String> {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    };
    // Elder mode (长辈版): remembered in a cookie, shown on <html>.
    let res = app
        .post_form("/prefs", &[("mode", "elder"), ("next", "/services")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/services");
    let cookies = set_cookies(&res);
    assert!(
        cookies[0]
            .starts_with("banshi_mode=elder; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"),
        "{cookies:?}"
    );
    let html = app
        .get_with_cookie("/", "banshi_mode=elder")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-mode="elder""#));
    assert!(
        html.contains(r#"value="standard""#),
        "the switch offers the way back"
    );
    let res = app.post_form("/prefs", &[("mode", "standard")]).await;
    assert!(set_cookies(&res)[0].starts_with("banshi_mode=; Path=/; Max-Age=0"));
    assert_eq!(
        app.post_form("/prefs", &[("mode", "big")]).await.status(),
        400
    );

    // A terminal (自助终端): only its own start URL makes one.
    let kiosk = |site: Option<&'static str>| {
        let mut req = app.client.get(app.url("/kiosk"));
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        req.send()
    };
    for site in [None, Some("cross-site"), Some("same-site")] {
        let res = kiosk(site).await.unwrap();
        assert_eq!(res.status(), 403, "{site:?}");
        assert!(res.headers().get("set-cookie").is_none());
    }
    let res = kiosk(Some("none")).await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(set_cookies(&res)[0].starts_with("banshi_kiosk=1; Path=/;"));
    let html = app
        .get_with_cookie("/", "banshi_kiosk=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-kiosk"));
    assert!(html.contains(r#"action="/kiosk/reset""#));
    assert!(!app
        .get("/")
        .await
        .text()
        .await
        .unwrap()
        .contains("data-kiosk"));

    // Its reset, from its own page only, keeps the marker and the region.
    let reset = |origin: String| {
        app.client
            .post(app.url("/kiosk/reset"))
            .header("origin", origin)
            .header(
                "cookie",
                "banshi_kiosk=1; banshi_region=440100; banshi_lang=en; banshi_mode=elder; banshi_session=gone",
            )
            .send()
    };
    let res = reset("http://evil.example".into()).await.unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none());
    let res = reset(app.origin()).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
    let mut cleared: Vec<String> = set_cookies(&res)
        .iter()
        .filter(|c| c.contains("Max-Age=0"))
        .map(|c| c.split('=').next().unwrap().to_string())
        .collect();
    cleared.sort();
    cleared.dedup();
    assert_eq!(cleared, ["banshi_lang", "banshi_mode", "banshi_session"]);
}

#[tokio::test]
async fn bad_preferences_get_clear_errors_and_no_open_redirect() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.post_form("/prefs", &[("region", "44")]).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_region_code");
    assert_eq!(
        body["error"]["message"],
        "地区代码应为 6 位数字的行政区划代码。"
    );

    let res = app.post_form("/prefs", &[("region", "449900")]).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_region");

    let res = app.post_form("/prefs", &[("lang", "fr")]).await;
    assert_eq!(res.status(), 400);

    let res = app
        .post_form("/prefs", &[("lang", "en"), ("next", "//evil.example/")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut req = app.client.post(app.url("/prefs")).form(&[("lang", "en")]);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 403, "origin {origin:?}");
        assert!(res.headers().get("set-cookie").is_none());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "cross_site_request");
    }
    // Server functions are guarded the same way.
    let res = app
        .client
        .post(app.url("/sfn/regions"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A Referer from this site is accepted when the Origin is missing.
    let res = app
        .client
        .post(app.url("/prefs"))
        .header("referer", format!("{}/services", app.origin()))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn server_functions_answer_this_site() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app
        .client
        .post(app.url("/sfn/regions"))
        .header("origin", app.origin())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let regions: Value = res.json().await.unwrap();
    assert_eq!(regions.as_array().unwrap().len(), 62);
    assert_eq!(regions[0]["code"], "440000");

    // Their refusals keep their own status and code (not a 500 for all).
    for (path, body, status, code) in [
        ("/sfn/inbox_data", "", 401, "unauthenticated"),
        (
            "/sfn/service_item",
            "code=440100-ZZZ-9999",
            404,
            "not_found",
        ),
        (
            "/sfn/service_item",
            "code=nonsense",
            400,
            "invalid_service_code",
        ),
        ("/sfn/service_item", "", 400, "bad_request"),
    ] {
        let res = app
            .client
            .post(app.url(path))
            .header("origin", app.origin())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{path} {body}");
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["code"], code, "{path} {body}");
    }
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_security_headers() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/").await;
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap()
        .to_string();
    assert!(nonce.len() >= 16);
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)));
    // Every script the page carries has the nonce.
    let scripts: Vec<&str> = html
        .split("<script")
        .skip(1)
        .map(|s| s.split('>').next().unwrap())
        .collect();
    assert!(scripts.len() >= 2);
    for tag in scripts {
        assert!(
            tag.contains(&format!(r#"nonce="{nonce}""#)),
            "<script{tag}>"
        );
    }
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["cache-control"], "private, no-cache");
    assert_eq!(h["x-request-id"].to_str().unwrap().len(), 16);

    // A second response has another nonce.
    let csp2 = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(csp, csp2);

    // JSON answers get a closed policy too.
    let res = app.get("/healthz").await;
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

#[tokio::test]
async fn pages_are_compressed() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        let res = app
            .client
            .get(app.url("/"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], expected);
    }
}

#[tokio::test]
async fn unknown_pages_are_404_html() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/no-such-page").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>页面不存在</h1>"), "{html}");
}

#[tokio::test]
async fn internal_errors_show_only_the_request_id() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    // Break the database under the running app: the next query fails unexpectedly.
    sqlx::query("alter table region rename to region_gone")
        .execute(&pool)
        .await
        .unwrap();
    let res = app.get("/api/v1/regions").await;
    assert_eq!(res.status(), 500);
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal");
    assert_eq!(body["error"]["request_id"], request_id.as_str());
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.ends_with(&request_id), "{message}");
    assert!(!message.contains("region"), "no internals leak: {message}");
}

#[tokio::test]
async fn static_assets_are_served_compressed_and_cached() {
    let pool = database(Seed::Schema).await;
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("banshi.abc123.wasm"), b"\0asm raw").unwrap();
    std::fs::write(pkg.join("banshi.abc123.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("banshi.abc123.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(site.path().join("favicon.svg"), b"<svg/>").unwrap();
    let app = TestApp::spawn_with_site(pool, site.path()).await;

    for (accept, encoding, body) in [
        ("br", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "\0asm raw"),
    ] {
        let res = app
            .client
            .get(app.url("/pkg/banshi.abc123.wasm"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding
        );
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.text().await.unwrap(), body);
    }
    let res = app.get("/favicon.svg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
    let res = app.get("/pkg/missing.wasm").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
}

/// Other routers built in the same process (as other tests do) while pages
/// render must not leave those renders waiting for data forever: building
/// a router runs the app with resource loading suppressed process-wide
/// (leptos-rs/leptos#4773), so the route list is generated only once.
#[tokio::test]
async fn pages_render_while_other_routers_are_built() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let state = app::state::AppState {
        pool,
        leptos_options: server::leptos_options(std::path::Path::new("../target/site"), app.addr),
        secure_cookies: false,
        data_key: app::accounts::secrets::DataKey::parse(&"42".repeat(32)).unwrap(),
        now: app::clock::Now::real(),
        objects: app::files::objects::Objects::memory(),
        warn_days: app::supervision::DEFAULT_WARN_DAYS,
    };
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Its own thread and runtime: a router under construction blocks.
    let builder = std::thread::spawn({
        let done = done.clone();
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _entered = runtime.enter();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                drop(server::router(state.clone(), None));
            }
        }
    });
    for path in [
        "/",
        "/services",
        "/services/440100-MZJ-0001",
        "/services/find?q=婚",
    ]
    .iter()
    .cycle()
    .take(24)
    {
        let res = tokio::time::timeout(std::time::Duration::from_secs(60), app.get(path))
            .await
            .unwrap_or_else(|_| panic!("{path} hung while routers were being built"));
        let html = tokio::time::timeout(std::time::Duration::from_secs(60), res.text())
            .await
            .unwrap_or_else(|_| panic!("{path}'s body hung while routers were being built"))
            .unwrap();
        assert!(
            html.contains("</html>") && html.contains("__INCOMPLETE_CHUNKS=[]"),
            "{path} ends: {}",
            &html[html.len().saturating_sub(200)..]
        );
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    builder.join().unwrap();
}

#[tokio::test]
async fn every_page_gets_the_nonce_its_scripts_carry() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let requests = (0..40).map(|i| {
        let path = [
            "/",
            "/services",
            "/no-such-page",
            "/services/440100-MZJ-9999",
        ][i % 4];
        let (client, url) = (app.client.clone(), app.url(path));
        let request = tokio::spawn(async move {
            let res = client.get(url).send().await.unwrap();
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            (csp, res.text().await.unwrap())
        });
        (path, request)
    });
    for (path, request) in requests {
        // A liveness guard, not a timing assertion: a hung render fails
        // here with a message instead of stalling the whole suite.
        let (csp, html) = tokio::time::timeout(std::time::Duration::from_secs(120), request)
            .await
            .unwrap_or_else(|_| panic!("the render of {path} hung"))
            .unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in {csp}"))
            .to_string();
        assert!(html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)));
    }
}

/// Paths holding a newline, a bidi override or a space are answered (a
/// redirect with them percent-encoded, or a refusal), never a 5xx.
#[tokio::test]
async fn odd_bytes_in_paths_never_break_a_redirect() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let me = common::citizen(
        &pool,
        &common::test_data_key(),
        "odd.paths",
        "440106199003071231",
    )
    .await;
    for path in [
        "/cases/%0a/ratings",
        "/cases/%E2%80%AE%0d%0aSet-Cookie:x=1/ratings",
        "/cases/a%20b/ratings",
        "/consultations/%0a/helpful",
        "/rectifications/%0a",
    ] {
        for (who, client) in [("signed out", &app.client), ("citizen", &me.client)] {
            let res = client
                .post(app.url(path))
                .header("origin", app.origin())
                .form(&[("stars", "5"), ("task_id", "1")])
                .send()
                .await
                .unwrap();
            assert!(
                res.status().as_u16() < 500,
                "{path} ({who}): {}",
                res.status()
            );
            if let Some(to) = res.headers().get("location") {
                let to = to.to_str().unwrap();
                assert!(to.bytes().all(|b| b.is_ascii_graphic()), "{path}: {to:?}");
                assert!(res.headers().get("set-cookie").is_none(), "{path}");
            }
        }
    }
}

/// A connection ended by the database (an administrator, a restart) is
/// "unavailable" — a retry-safe 503 — not an internal error.
#[tokio::test]
async fn a_connection_the_database_ends_is_unavailable_not_internal() {
    let pool = database(Seed::Schema).await;
    let mut doomed = pool.acquire().await.unwrap();
    let pid: i32 = sqlx::query_scalar("select pg_backend_pid()")
        .fetch_one(&mut *doomed)
        .await
        .unwrap();
    // Ended in the middle of a query, as a restart or an administrator does.
    let in_flight = tokio::spawn(async move {
        sqlx::query("select pg_sleep(30)")
            .execute(&mut *doomed)
            .await
            .map(|_| ())
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ended: bool = sqlx::query_scalar("select pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(ended);
    let err = in_flight
        .await
        .unwrap()
        .expect_err("the connection was ended");
    assert!(
        matches!(&err, sqlx::Error::Database(db) if db.code().as_deref() == Some("57P01")),
        "{err:?}"
    );
    let answer = app::error::AppError::from(err);
    assert_eq!(
        answer,
        app::error::AppError::DatabaseUnavailable,
        "{answer:?}"
    );
    assert_eq!(answer.status(), 503);
}

/// Form bodies are bounded by their route before they are read: text-only
/// forms at 64 KiB, forms with scans at 60 MiB; each text field of a
/// multipart form at 64 KiB whatever the route. Larger is a 413.
#[tokio::test]
async fn form_bodies_larger_than_their_route_takes_are_413() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let me = common::citizen(
        &pool,
        &common::test_data_key(),
        "big.forms",
        "440106199003071231",
    )
    .await;
    let big = "x".repeat(200 * 1024);
    // Signed out, forms for signed-in people send to sign-in unread: the
    // public forms are the ones to try.
    let public: &[&str] = &["/login", "/register", "/consult"];
    let signed_in: &[&str] = &[
        "/cases/440100-20261008-000001/ratings",
        "/consult",
        "/apply",
    ];
    for (who, client, paths) in [
        ("signed out", &app.client, public),
        ("citizen", &me.client, signed_in),
    ] {
        // Urlencoded, with a length the server sees before reading.
        for path in paths {
            let res = client
                .post(app.url(path))
                .header("origin", app.origin())
                .form(&[("comment", big.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 413, "{path} ({who})");
        }
        // Multipart: one huge text field (under /apply's 60 MiB in all, so
        // the text field's own 64 KiB bound refuses it).
        for path in paths {
            let field = reqwest::multipart::Part::text("y".repeat(512 * 1024));
            let form = reqwest::multipart::Form::new().part("comment", field);
            let res = client
                .post(app.url(path))
                .header("origin", app.origin())
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 413, "multipart {path} ({who})");
        }
    }
}

#[tokio::test]
async fn refusals_made_before_a_handler_runs_are_the_apis_json_errors() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    // A path parameter out of its type's range: axum's plain-text 400.
    let res = app.get("/api/v1/consultations/9223372036854775808").await;
    assert_eq!(res.status(), 400);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());

    // A method the route lacks: 405 with Allow, as JSON.
    let res = reqwest::Client::new()
        .put(app.url("/api/v1/regions"))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert!(res.headers().contains_key("allow"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");

    // Pages keep their own answers.
    let res = app.get("/services/not-a-code").await;
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}
