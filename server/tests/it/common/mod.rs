#![allow(dead_code)] // each test crate uses some of the helpers
//! `TestApp`: the real router on 127.0.0.1:0 over a test database.

pub mod db;
pub mod weibo;
pub use db::{database, Seed};

use app::state::AppState;
use sqlx::PgPool;
use std::{collections::HashMap, net::SocketAddr, path::Path};

/// The key sealing personal data in tests (fixed: tests may compare).
pub fn test_data_key() -> app::accounts::secrets::DataKey {
    app::accounts::secrets::DataKey::parse(&"42".repeat(32)).unwrap()
}

/// The hall's clock in HTTP tests: Wednesday 30 September 2026, 10:00 in
/// Guangdong, the day before the National Day holiday.
pub fn test_now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-09-30 10:00 +8)
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
}

impl TestApp {
    /// Loads the reference data into `pool` and serves the whole app on a free port.
    pub async fn spawn(pool: PgPool) -> TestApp {
        server::reference::load(&pool)
            .await
            .expect("reference data loads");
        Self::spawn_without_reference(pool).await
    }

    pub async fn spawn_without_reference(pool: PgPool) -> TestApp {
        Self::spawn_with_site(pool, Path::new("../target/site")).await
    }

    /// Serves the app with its static files from `site_root`.
    pub async fn spawn_with_site(pool: PgPool, site_root: &Path) -> TestApp {
        Self::spawn_with_options(pool, site_root, false, test_now()).await
    }

    /// Loads the reference data and serves the app with its clock at `now`.
    pub async fn spawn_at(pool: PgPool, now: time::OffsetDateTime) -> TestApp {
        server::reference::load(&pool)
            .await
            .expect("reference data loads");
        Self::spawn_with_options(pool, Path::new("../target/site"), false, now).await
    }

    /// Serves the app as if behind a proxy that appends `X-Forwarded-For`.
    pub async fn spawn_behind_proxy(pool: PgPool) -> TestApp {
        server::reference::load(&pool)
            .await
            .expect("reference data loads");
        Self::spawn_with_options(pool, Path::new("../target/site"), true, test_now()).await
    }

    async fn spawn_with_options(
        pool: PgPool,
        site_root: &Path,
        forwarded_for: bool,
        now: time::OffsetDateTime,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState {
            pool,
            leptos_options: server::leptos_options(site_root, addr),
            secure_cookies: false,
            data_key: test_data_key(),
            now: app::clock::Now::fixed(now),
            objects: app::files::objects::Objects::memory(),
            warn_days: app::supervision::DEFAULT_WARN_DAYS,
        };
        let router = server::router_with(state, None, forwarded_for);
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap()
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp { addr, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// This site's origin, as a browser sends it.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// A form POST as the site's own page sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", self.origin())
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

use app::accounts::{
    forms::CitizenForm,
    secrets::DataKey,
    store::{self, session, Assignment, NewOfficial},
    Role, Username,
};
use serde_json::{json, Value};

pub const PASSWORD: &str = "Correct-Horse-9";
pub const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A signed-in client (the session made directly: sign-in has its own tests).
pub struct Who {
    pub client: reqwest::Client,
    pub id: i64,
}

impl Who {
    /// The page at `path` as this person is sent it.
    pub async fn page(&self, app: &TestApp, path: &str) -> String {
        let res = self.client.get(app.url(path)).send().await.unwrap();
        res.text().await.unwrap()
    }

    /// Submits an application through the JSON API (a fresh idempotency
    /// key) and expects it created; the case as answered.
    pub async fn submit(&self, app: &TestApp, body: &Value) -> Value {
        let body = &complete(app, self, body.clone()).await;
        let res = self
            .client
            .post(app.url("/api/v1/applications"))
            .header("origin", app.origin())
            .header("idempotency-key", uuid::Uuid::new_v4().to_string())
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(status, reqwest::StatusCode::CREATED, "{text}");
        serde_json::from_str(&text).unwrap()
    }
}

pub async fn session_for(pool: &PgPool, id: i64) -> Who {
    let token = session::start(pool, id).await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("banshi_session={token}").parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Who { client, id }
}

pub async fn hall(pool: &PgPool) -> TestApp {
    let app = TestApp::spawn(pool.clone()).await;
    server::demo::load(pool)
        .await
        .expect("demo catalog and processes load");
    app
}

pub async fn citizen(pool: &PgPool, key: &DataKey, username: &str, id_number: &str) -> Who {
    let form = CitizenForm {
        username: username.into(),
        password: PASSWORD.into(),
        real_name: "张小明".into(),
        id_number: id_number.into(),
        mobile: "13800138000".into(),
    }
    .parse()
    .unwrap();
    let me = store::register_citizen(pool, key, &form, "test")
        .await
        .unwrap();
    session_for(pool, me.id).await
}

/// An enterprise (法人) account with this credit code, signed in.
pub async fn enterprise(pool: &PgPool, username: &str, name: &str, credit_code: &str) -> Who {
    let form = app::accounts::forms::EnterpriseForm {
        username: username.into(),
        password: PASSWORD.into(),
        enterprise_name: name.into(),
        credit_code: credit_code.into(),
        legal_representative: "李四".into(),
    }
    .parse()
    .unwrap();
    let me = store::register_enterprise(pool, &form, "test")
        .await
        .unwrap();
    session_for(pool, me.id).await
}

/// A clerk of `dept`'s `unit` at `post` in Guangzhou.
pub async fn clerk(pool: &PgPool, username: &str, dept: &str, unit: &str, post: &str) -> Who {
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = 440100 and d.code = $1 and u.name_zh = $2 and p.name_zh = $3",
    )
    .bind(dept)
    .bind(unit)
    .bind(post)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("{dept} {unit} {post}: {e}"));
    let (me, _) = store::create_official(
        pool,
        &test_data_key(),
        NewOfficial {
            username: Username::parse(username).unwrap(),
            password: PASSWORD.into(),
            display_name: username.into(),
            role: Role::Staff,
            assignment: Assignment::Post(d, u, p),
            totp_secret: Some(SECRET.into()),
        },
        None,
    )
    .await
    .unwrap();
    session_for(pool, me.id).await
}

/// An official with `role` and `assignment`, signed in.
pub async fn official(pool: &PgPool, username: &str, role: Role, assignment: Assignment) -> Who {
    let (me, _) = store::create_official(
        pool,
        &test_data_key(),
        NewOfficial {
            username: Username::parse(username).unwrap(),
            password: PASSWORD.into(),
            display_name: username.into(),
            role,
            assignment,
            totp_secret: Some(SECRET.into()),
        },
        None,
    )
    .await
    .unwrap();
    session_for(pool, me.id).await
}

/// A supervisor of `region`, signed in.
pub async fn supervisor(pool: &PgPool, username: &str, region: u32) -> Who {
    official(pool, username, Role::Supervisor, Assignment::Region(region)).await
}

/// An administrator, signed in.
pub async fn admin(pool: &PgPool, username: &str) -> Who {
    official(pool, username, Role::Admin, Assignment::None).await
}

/// The department code, unit and post that own a task.
pub async fn post_of_task(pool: &PgPool, task: i64) -> (String, String, String) {
    sqlx::query_as(
        "select d.code, u.name_zh, p.name_zh from case_task t join department d on d.id = t.department_id
         join department_unit u on u.id = t.unit_id join department_post p on p.id = t.post_id
         where t.id = $1",
    )
    .bind(task)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Runs futures together on this task (they may borrow) until all are done.
pub async fn join_all<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futs.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(|r| r.unwrap()).collect()
}

pub fn birth_answers() -> Value {
    json!({
        "applicant_name": "张小明",
        "applicant_id_number": "440106199003071231",
        "applicant_mobile": "13800138000",
        "child_name": "张安安",
        "child_birth_date": "2026-09-20",
        "child_sex": "female",
        "mother_name": "李华",
        "mother_id_number": "440106199205150026",
        "father_name": "张小明",
        "father_id_number": "440106199003071231",
        "birth_place.region": "440106",
        "birth_place.detail": "广州市妇女儿童医疗中心",
        "household_address.region": "440106",
        "household_address.detail": "天河路 100 号 2 栋 301 房",
    })
}

/// A small real PNG (the hall decodes every image it keeps).
pub fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Uploads `bytes` as `who` (`POST /api/v1/uploads`); the upload's id.
pub async fn upload_scan(app: &TestApp, who: &Who, name: &str, bytes: Vec<u8>) -> i64 {
    let res = who
        .client
        .post(app.url("/api/v1/uploads"))
        .header("origin", app.origin())
        .header(
            "x-file-name",
            name.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>(),
        )
        .header("content-type", "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// A scan of each required material of the form at `query` (`bundle=…`
/// or `service=…`), uploaded as `who`: a submission's `uploads`.
pub async fn materials_for(app: &TestApp, who: &Who, query: &str) -> Value {
    let form: Value = who
        .client
        .get(app.url(&format!("/api/v1/applications/form?{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut out = Vec::new();
    for m in form["materials"].as_array().expect("materials") {
        if m["required"] == json!(true) {
            let id = upload_scan(app, who, "scan.png", tiny_png()).await;
            out.push(json!({"id": id, "material": m["key"]}));
        }
    }
    Value::Array(out)
}

/// The keys of the required materials of the form at `query`.
pub async fn required_materials(app: &TestApp, who: &Who, query: &str) -> Vec<String> {
    let form: Value = who
        .client
        .get(app.url(&format!("/api/v1/applications/form?{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    form["materials"]
        .as_array()
        .expect("materials")
        .iter()
        .filter(|m| m["required"] == json!(true))
        .map(|m| m["key"].as_str().unwrap().to_string())
        .collect()
}

/// A plain form (`multipart`) with a PNG in the slot of each required
/// material of the form at `query` but those in `except`.
pub async fn with_scans(
    app: &TestApp,
    who: &Who,
    query: &str,
    mut form: reqwest::multipart::Form,
    except: &[String],
) -> reqwest::multipart::Form {
    for key in required_materials(app, who, query).await {
        if except.contains(&key) {
            continue;
        }
        form = form.part(
            format!("scan.{key}"),
            reqwest::multipart::Part::bytes(tiny_png()).file_name("scan.png"),
        );
    }
    form
}

/// The check page's submission (`POST /apply/submit`): the target
/// (`("bundle", "440100/birth")`), the key and the declaration if agreed.
pub async fn confirm(
    app: &TestApp,
    who: &Who,
    target: (&str, &str),
    idem: &str,
    declared: bool,
) -> reqwest::Response {
    let mut fields = vec![(target.0, target.1), ("idempotency_key", idem)];
    if declared {
        fields.push(("declaration", "yes"));
    }
    who.client
        .post(app.url("/apply/submit"))
        .header("origin", app.origin())
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// The whole plain-form path: the form posted (`POST /apply`), then, if
/// it went on to check your answers, submitted with the declaration; the
/// last answer (the refused form, or the redirect to the receipt).
pub async fn apply_by_form(
    app: &TestApp,
    who: &Who,
    target: (&str, &str),
    idem: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let res = who
        .client
        .post(app.url("/apply"))
        .header("origin", app.origin())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let to_check = res.status() == reqwest::StatusCode::SEE_OTHER
        && res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/apply/check");
    if !to_check {
        return res;
    }
    confirm(app, who, target, idem, true).await
}

/// `body` (a target and answers) made a whole submission: the declaration
/// agreed and a scan of each required material, unless it says otherwise.
pub async fn complete(app: &TestApp, who: &Who, mut body: Value) -> Value {
    if body.get("declaration").is_none() {
        body["declaration"] = json!(true);
    }
    if body.get("uploads").is_none() {
        let query = match (body.get("bundle"), body.get("service")) {
            (Some(b), _) => format!("bundle={}", b.as_str().unwrap_or_default()),
            (_, Some(s)) => format!("service={}", s.as_str().unwrap_or_default()),
            _ => String::new(),
        };
        body["uploads"] = materials_for(app, who, &query).await;
    }
    body
}

/// A whole submission of the form at `query` as `who`: every answer, the
/// declaration agreed, a scan of each required material.
pub async fn application_for(app: &TestApp, who: &Who, query: &str) -> Value {
    let (name, value) = query.split_once('=').unwrap();
    json!({
        name: value,
        "answers": answers_for(app, who, query).await,
        "declaration": true,
        "uploads": materials_for(app, who, query).await,
    })
}

/// Fills every field of a form with a plausible value the field accepts.
pub async fn answers_for(app: &TestApp, who: &Who, query: &str) -> Value {
    let form: Value = who
        .client
        .get(app.url(&format!("/api/v1/applications/form?{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let known = birth_answers();
    let mut out = serde_json::Map::new();
    for f in form["fields"].as_array().expect("fields") {
        let key = f["key"].as_str().unwrap();
        let kind = f["kind"].as_str().unwrap();
        let pick = |k: &str| known.get(k).cloned();
        match kind {
            "address" => {
                for suffix in [".region", ".detail"] {
                    let name = format!("{key}{suffix}");
                    let v = pick(&name).unwrap_or_else(|| {
                        json!(if suffix == ".region" {
                            "440106"
                        } else {
                            "天河路 100 号"
                        })
                    });
                    out.insert(name, v);
                }
            }
            _ => {
                let v = pick(key).unwrap_or_else(|| match kind {
                    "id_number" => json!("440106199003071231"),
                    "credit_code" => json!("91440101MA59Q8R3XA"),
                    "mobile" => json!("13800138000"),
                    "person_name" => json!("张小明"),
                    "date" => json!("2026-09-01"),
                    "number" => json!(f["min"].as_i64().unwrap_or(0).to_string()),
                    "choice" => f["options"][0]["value"].clone(),
                    _ => json!("示例"),
                });
                out.insert(key.to_string(), v);
            }
        }
    }
    Value::Object(out)
}

/// One clerk per post, made when a task of theirs first needs one.
#[derive(Default)]
pub struct Clerks(HashMap<(String, String, String), Who>);

impl Clerks {
    pub async fn of_task(&mut self, pool: &PgPool, task: i64) -> &Who {
        let post = post_of_task(pool, task).await;
        if !self.0.contains_key(&post) {
            let name = format!("clerk.{}", self.0.len() + 1);
            let who = clerk(pool, &name, &post.0, &post.1, &post.2).await;
            self.0.insert(post.clone(), who);
        }
        &self.0[&post]
    }
}

/// Acts on `task` as a clerk of its post; expects 200.
pub async fn act_as_clerk(
    app: &TestApp,
    pool: &PgPool,
    clerks: &mut Clerks,
    task: i64,
    action: Value,
) {
    let who = clerks.of_task(pool, task).await;
    let res = who
        .client
        .post(app.url(&format!("/api/v1/staff/tasks/{task}")))
        .json(&action)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        reqwest::StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

/// Every ready step approved or issued until the case is done.
pub async fn complete_case(app: &TestApp, pool: &PgPool, clerks: &mut Clerks, case_no: &str) {
    for _ in 0..20 {
        let ready: Vec<(i64, String)> = sqlx::query_as(
            "select t.id, t.kind from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.state = 'ready' order by t.id",
        )
        .bind(case_no)
        .fetch_all(pool)
        .await
        .unwrap();
        if ready.is_empty() {
            return;
        }
        for (task, kind) in ready {
            let action = if kind == "issuance" {
                json!({"action": "issue", "certificate_no": format!("Z{task}")})
            } else {
                json!({"action": "approve"})
            };
            act_as_clerk(app, pool, clerks, task, action).await;
        }
    }
    panic!("{case_no} did not complete");
}
