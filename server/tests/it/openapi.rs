//! The OpenAPI document at `/api/v1/openapi.json`: OpenAPI 3.1 whose
//! references resolve; every `/api/v1` path in the server's source
//! documented, and every documented path routed with exactly its documented
//! methods; every answer a route gives to a battery of requests (signed
//! out, cross-site, each role, bad bodies, unknown ids, bad parameters)
//! documented, and every documented status one the route can give.

use crate::common;
use common::{database, Seed};

use app::error::AppError;
use common::{citizen, clerk, hall, supervisor, test_data_key, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The document as the server builds it.
fn document() -> Value {
    serde_json::to_value(server::openapi::document()).expect("the document serializes")
}

/// One documented operation.
#[derive(Debug, Clone)]
struct Op {
    path: String,
    method: Method,
    statuses: BTreeSet<u16>,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

const METHODS: &[(&str, Method)] = &[
    ("get", Method::GET),
    ("put", Method::PUT),
    ("post", Method::POST),
    ("delete", Method::DELETE),
    ("patch", Method::PATCH),
    ("head", Method::HEAD),
    ("options", Method::OPTIONS),
    ("trace", Method::TRACE),
];

fn operations(doc: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (name, method) in METHODS {
            if let Some(op) = item.get(*name) {
                let statuses = op["responses"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name} {path}: no responses"))
                    .keys()
                    .map(|s| {
                        s.parse::<u16>()
                            .unwrap_or_else(|_| panic!("{name} {path}: status {s}"))
                    })
                    .collect();
                ops.push(Op {
                    path: path.clone(),
                    method: method.clone(),
                    statuses,
                });
            }
        }
    }
    ops
}

/// Whether `candidate` (a path from the source, `{…}` segments being
/// parameters or format arguments) is the documented `template`.
fn same_route(template: &str, candidate: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let c: Vec<&str> = candidate.split('/').collect();
    t.len() == c.len()
        && t.iter()
            .zip(&c)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}') && b.starts_with('{')))
}

/// Every `"/api/v1…"` string literal in the server's source.
fn api_paths_in_source() -> BTreeSet<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("server/src reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        for (i, _) in text.match_indices("\"/api/v1") {
            let rest = &text[i + 1..];
            let end = rest.find('"').expect("a closed string");
            let literal = &rest[..end];
            let path = literal.split('?').next().unwrap_or(literal);
            let name = file.strip_prefix(&root).unwrap().display().to_string();
            found.insert((path.to_string(), name));
        }
    }
    found
}

/// The placeholder of a path parameter: one that parses, for a thing that
/// does not exist.
fn placeholder(name: &str) -> &'static str {
    match name {
        "code" => "440100-ZZZ-9999",
        // A well-formed project code (its check character right) no
        // project has.
        "project_code" => "2026-440103-11-03-009990",
        "case_no" => "440100-20261008-999999",
        "date" => "2026-10-01",
        _ => "999999",
    }
}

fn fill(path: &str, bad: bool) -> String {
    path.split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(_) if bad => "x!".to_string(),
                Some(name) => placeholder(name).to_string(),
                None => seg.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// Every status an error answer can have: each `AppError` variant's and
/// each capability refusal's (`From` impls), and axum's extractor
/// rejections (400 path or query, 413 body, 415 and 422 JSON).
fn error_statuses() -> BTreeSet<u16> {
    use app::{
        consultations::Problem, files::UploadProblem, ratings::RatingProblem,
        workflow::engine::TransitionProblem,
    };
    let variants = [
        AppError::NotFound,
        AppError::InvalidRegionCode,
        AppError::UnknownRegion,
        AppError::InvalidServiceCode,
        AppError::InvalidLanguage,
        AppError::CrossSiteRequest,
        AppError::DatabaseUnavailable,
        AppError::InvalidParameter { name: "x".into() },
        AppError::BadRequest { detail: "x".into() },
        AppError::BodyTooLarge { limit_bytes: 1 },
        AppError::Internal {
            request_id: "x".into(),
        },
        AppError::Unauthenticated,
        AppError::Forbidden,
        AppError::InvalidCredentials,
        AppError::SecondFactorRequired,
        AppError::InvalidSecondFactor,
        AppError::TooManyAttempts { retry_after: 1 },
        AppError::InvalidFields { fields: vec![] },
        AppError::InvalidAnswers { fields: vec![] },
        AppError::NotOnline,
        AppError::MethodNotAllowed,
        UploadProblem::Empty.into(),
        UploadProblem::TooLarge { limit_bytes: 1 }.into(),
        UploadProblem::NotAScan.into(),
        RatingProblem::InvalidStars.into(),
        RatingProblem::NotYourTurn.into(),
        RatingProblem::AlreadyRated.into(),
        TransitionProblem::WrongState.into(),
        Problem::AlreadyAnswered.into(),
        Problem::QuestionTooShort { min: 1 }.into(),
    ];
    // A new variant must be added above: this match has no wildcard.
    for e in &variants {
        match e {
            AppError::NotFound
            | AppError::InvalidRegionCode
            | AppError::UnknownRegion
            | AppError::InvalidServiceCode
            | AppError::InvalidLanguage
            | AppError::CrossSiteRequest
            | AppError::DatabaseUnavailable
            | AppError::InvalidParameter { .. }
            | AppError::BadRequest { .. }
            | AppError::BodyTooLarge { .. }
            | AppError::Internal { .. }
            | AppError::Unauthenticated
            | AppError::Forbidden
            | AppError::InvalidCredentials
            | AppError::SecondFactorRequired
            | AppError::InvalidSecondFactor
            | AppError::TooManyAttempts { .. }
            | AppError::InvalidFields { .. }
            | AppError::InvalidAnswers { .. }
            | AppError::NotOnline
            | AppError::MethodNotAllowed
            | AppError::Refused(_) => {}
        }
    }
    let mut statuses: BTreeSet<u16> = variants.iter().map(AppError::status).collect();
    statuses.extend([400, 413, 415, 422]);
    statuses
}

#[test]
fn the_document_is_openapi_3_1_and_every_reference_resolves() {
    let doc = document();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Banshi");
    assert!(doc["info"]["version"].is_string());

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    let dangling: BTreeSet<&str> = all
        .into_iter()
        .filter(|r| {
            r.strip_prefix('#')
                .and_then(|pointer| doc.pointer(pointer))
                .is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");

    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let mut ids = BTreeSet::new();
    for op in operations(&doc) {
        let o = &doc["paths"][&op.path][op.method.as_str().to_ascii_lowercase()];
        assert!(op.path.starts_with("/api/v1/"), "{op}");
        let tag = o["tags"][0]
            .as_str()
            .unwrap_or_else(|| panic!("{op}: no tag"));
        assert!(tags.contains(tag), "{op}: tag {tag} is not declared");
        assert!(
            o["description"].is_string() || o["summary"].is_string(),
            "{op}: no description"
        );
        let id = o["operationId"].as_str().expect("an operation id");
        assert!(ids.insert(id.to_string()), "{op}: operation id {id} twice");
        assert!(
            op.statuses.iter().any(|s| (200..400).contains(s)),
            "{op}: no success answer documented"
        );
        for s in op.statuses.iter().filter(|s| **s >= 400) {
            let body = &o["responses"][s.to_string()]["content"]["application/json"]["schema"];
            assert_eq!(
                body["$ref"], "#/components/schemas/Error",
                "{op}: answer {s} is not the error body"
            );
        }
    }
}

#[test]
fn every_api_path_in_the_source_is_documented() {
    let doc = document();
    let documented: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    let in_source = api_paths_in_source();
    assert!(in_source.len() > 40, "found only {in_source:?}");
    let missing: Vec<_> = in_source
        .iter()
        .filter(|(path, _)| !documented.iter().any(|d| same_route(d, path)))
        .collect();
    assert!(missing.is_empty(), "routed but not documented: {missing:?}");
}

#[tokio::test]
async fn the_document_is_served() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(res.json::<Value>().await.unwrap(), document());
}

/// Every documented path is routed to its own handlers (not the `/api/…`
/// catch-all) with exactly the documented methods: a method no route takes
/// (`TRACE`) answers 405 with `Allow` listing the routed ones, where the
/// catch-all would answer 404.
#[tokio::test]
async fn every_documented_path_is_routed_with_its_methods() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    let unknown = app
        .client
        .request(Method::TRACE, app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let doc = document();
    let mut by_path: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in operations(&doc) {
        let methods = by_path.entry(op.path.clone()).or_default();
        methods.insert(op.method.to_string());
        if op.method == Method::GET {
            methods.insert("HEAD".into());
        }
    }
    let mut wrong = Vec::new();
    for (path, documented) in &by_path {
        let res = app
            .client
            .request(Method::TRACE, app.url(&fill(path, false)))
            .send()
            .await
            .unwrap();
        let allowed: BTreeSet<String> = res
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(',')
            .filter(|m| !m.is_empty())
            .map(|m| m.trim().to_string())
            .collect();
        if res.status() != StatusCode::METHOD_NOT_ALLOWED || &allowed != documented {
            wrong.push(format!(
                "{path}: TRACE answered {} allowing {allowed:?}, documented {documented:?}",
                res.status()
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// What the battery sends.
enum Probe {
    /// Placeholders, and a `{}` JSON body from the site's own page.
    Plain,
    /// A form-like body with neither `Origin` nor `Referer`.
    CrossSite,
    /// A body that is not JSON.
    BadBody,
    /// Path parameters and query values that do not parse.
    BadParams,
}

/// The routes whose reads are the same for everyone (`http::cache::public`):
/// every other answer must be `private, no-store`.
const PUBLIC_READS: &[&str] = &[
    "/api/v1/regions",
    "/api/v1/services",
    "/api/v1/services/{code}",
    "/api/v1/departments",
    "/api/v1/themes",
    "/api/v1/life-events",
    "/api/v1/calendar/{date}",
    "/api/v1/calendar/deadline",
    "/api/v1/ratings/departments",
    "/api/v1/ratings/regions",
    "/api/v1/ratings/rectifications",
    "/api/v1/consultations",
    "/api/v1/stats/regions",
    "/api/v1/stats/departments",
    "/api/v1/stats/departments.csv",
    "/api/v1/stats/departments/{id}",
    "/api/v1/stats/posts/{id}",
    "/api/v1/investment/projects/{project_code}",
    "/api/v1/stats/investment",
    "/api/v1/stats/investment.csv",
    // issue 19, interviews
    "/api/v1/interviews",
    "/api/v1/openapi.json",
    // issue 19, suggestions (a closed topic is made with the department's id)
    "/api/v1/topics",
    "/api/v1/topics/{id}",
    "/api/v1/topics/{id}/suggestions",
    "/api/v1/topics/{id}/summary",
    // issue 19, letters: the public list; their figures and the overdue list
    "/api/v1/letters",
    "/api/v1/stats/letters",
    "/api/v1/stats/letters/overdue",
    "/api/v1/disclosure/annual-report",
    "/api/v1/disclosure/annual-report.csv",
    // issue 20, documents: the search (one published document is public
    // too, but this test's database has none to ask for)
    "/api/v1/documents",
    // issue 21, accounts: the verified accounts (one account is public
    // too, but this test's database has none to ask for)
    "/api/v1/weibo/accounts",
    // (end of issue 21, accounts)
    // issue 21, posts: the halls' timelines and the refutations (an
    // account's posts, a public post and its comments are public too, but
    // this test's database has none to ask for)
    "/api/v1/weibo/timeline",
    "/api/v1/weibo/refutations",
    // (end of issue 21, posts)
    // issue 21, questions: the assessment index (an account's questions are
    // public too, but this test's database has no account to ask for)
    "/api/v1/weibo/index",
    // (end of issue 21, questions)
];

/// The `Cache-Control` an answer must carry.
fn cache_control(op: &Op, status: u16) -> &'static str {
    let public = op.method == Method::GET && PUBLIC_READS.contains(&op.path.as_str());
    if public && (200..300).contains(&status) {
        "public, max-age=300"
    } else {
        "private, no-store"
    }
}

/// Sends one probe: its status, and whether its `Cache-Control` was the
/// one the policy asks for (the header otherwise).
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    op: &Op,
    probe: &Probe,
) -> (u16, Result<(), String>) {
    let write = op.method != Method::GET;
    let mut url = app.url(&fill(&op.path, matches!(probe, Probe::BadParams)));
    if matches!(probe, Probe::BadParams) {
        url.push_str(
            "?region=x&page=x&service=x&bundle=x&from=x&working_days=x&q=%00&since=x&month=x",
        );
    }
    let mut req = client.request(op.method.clone(), url);
    req = match probe {
        Probe::CrossSite => req.header("content-type", "text/plain").body("x"),
        Probe::BadBody if write => req
            .header("origin", app.origin())
            .header("content-type", "application/json")
            .body("{"),
        _ if write => req
            .header("origin", app.origin())
            .header("content-type", "application/json")
            .body("{}"),
        _ => req,
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let cache = res
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let cached = if cache == cache_control(op, status) {
        Ok(())
    } else {
        Err(format!(
            "{op} answered {status} with Cache-Control {cache:?}"
        ))
    };
    (status, cached)
}

/// Every answer of every operation to the battery is documented, and every
/// documented error status is one an error can have; the cheap ones (401
/// signed out, 403 cross-site or wrong role, 404 for an unknown id read)
/// are seen. Every answer carries the caching policy: public reads may be
/// cached anywhere, everything else is never stored.
#[tokio::test]
async fn every_answer_is_documented_and_every_documented_status_can_be_answered() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let (dept, unit, post): (String, String, String) = sqlx::query_as(
        "select d.code, u.name_zh, p.name_zh from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = 440100 order by d.id, u.id, p.id limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let people: Vec<(&str, reqwest::Client)> = vec![
        ("signed out", anonymous.clone()),
        (
            "citizen",
            citizen(&pool, &key, "citizen.oa", "440106199003071231")
                .await
                .client,
        ),
        (
            "clerk",
            clerk(&pool, "clerk.oa", &dept, &unit, &post).await.client,
        ),
        (
            "supervisor",
            supervisor(&pool, "supervisor.oa", 440000).await.client,
        ),
        ("admin", common::admin(&pool, "admin.oa").await.client),
    ];

    let doc = document();
    let mut ops = operations(&doc);
    // Signing out last: it ends the sessions the other probes use.
    ops.sort_by_key(|op| op.path == "/api/v1/session" && op.method == Method::DELETE);
    let mut seen: BTreeMap<String, BTreeMap<u16, String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for op in &ops {
        let answers = seen.entry(op.to_string()).or_default();
        for (who, client) in &people {
            for probe in [Probe::Plain, Probe::BadBody, Probe::BadParams] {
                let (status, cached) = send(&app, client, op, &probe).await;
                answers.entry(status).or_insert_with(|| (*who).to_string());
                wrong.extend(cached.err().map(|e| format!("{e} ({who})")));
            }
        }
        let (status, cached) = send(&app, &anonymous, op, &Probe::CrossSite).await;
        answers.entry(status).or_insert_with(|| "cross-site".into());
        wrong.extend(cached.err().map(|e| format!("{e} (cross-site)")));
    }
    // Every public read, given what it needs, answers 200 and may be cached.
    let (code, dept, post): (String, i64, i64) = sqlx::query_as(
        "select i.code, d.id, p.id from service_item i join department d on d.id = i.department_id
         join department_unit u on u.department_id = d.id join department_post p on p.unit_id = u.id
         where i.region_code = 440100 order by i.id, p.id limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // A registered project (the first account holds it).
    sqlx::query(
        "insert into investment_project (code, owner_id, idempotency_key, name, kind, industry,
             region_code, total_investment, land_area, scope, target_days, registered_on)
         select '2026-440103-11-03-000013', min(id), gen_random_uuid(), '示范项目', 'filing',
                'commerce', 440103, 100, 0, '仓库', 120, date '2026-10-08' from account",
    )
    .execute(&pool)
    .await
    .unwrap();
    // issue 19, suggestions: a closed topic whose id is the department's.
    sqlx::query(
        "insert into suggestion_topic (id, department_id, title, description, kind, opens_on,
             closes_on, created_by, idempotency_key)
         overriding system value
         select $1, $1, '示范征集', '说明', 'plan', date '2026-08-01', date '2026-08-31', min(id),
                gen_random_uuid() from account",
    )
    .bind(dept)
    .execute(&pool)
    .await
    .unwrap();
    for path in PUBLIC_READS {
        let url = path
            .replace("{code}", &code)
            .replace("{project_code}", "2026-440103-11-03-000013")
            .replace("{date}", "2026-10-01")
            .replace(
                "{id}",
                &(if path.contains("posts") { post } else { dept }).to_string(),
            )
            + match *path {
                "/api/v1/calendar/deadline" => "?from=2026-10-08&working_days=5",
                "/api/v1/consultations" => "?service=440100-MZJ-0001",
                _ => "",
            };
        let res = app.get(&url).await;
        let cache = res.headers().get("cache-control").cloned();
        if res.status() != 200 || cache.as_ref().is_none_or(|c| c != "public, max-age=300") {
            wrong.push(format!(
                "GET {url}: {} with Cache-Control {cache:?}",
                res.status()
            ));
        }
    }

    // Pages show the person signed in: never stored.
    for (who, client) in &people[1..] {
        for page in ["/", "/me", "/admin"] {
            let res = client.get(app.url(page)).send().await.unwrap();
            let cache = res.headers().get("cache-control").cloned();
            if cache.as_ref().is_none_or(|c| c != "private, no-store") {
                wrong.push(format!("{page} for the {who}: Cache-Control {cache:?}"));
            }
        }
    }

    let possible = error_statuses();
    for op in &ops {
        let answers = &seen[&op.to_string()];
        for (status, who) in answers {
            if !op.statuses.contains(status) {
                wrong.push(format!(
                    "{op}: answered {status} ({who}), documented {:?}",
                    op.statuses
                ));
            }
        }
        for status in &op.statuses {
            if *status >= 400 && !possible.contains(status) {
                wrong.push(format!("{op}: documents {status}, which no error has"));
            }
            // A write's 404 comes after its body is judged: not cheap.
            let cheap = match status {
                401 | 403 => true,
                404 => op.path.contains('{') && op.method == Method::GET,
                _ => false,
            };
            if cheap && !answers.contains_key(status) {
                wrong.push(format!(
                    "{op}: documents {status} but never answered it (answered {:?})",
                    answers.keys().collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// `docs/api.md` (the readable description) names every documented path,
/// and documents nothing else under `/api/v1`.
#[test]
fn docs_api_md_and_the_document_name_the_same_paths() {
    let doc = document();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    let md_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/api.md");
    let md = std::fs::read_to_string(&md_path).expect("docs/api.md reads");
    let in_md: BTreeSet<String> = md
        .match_indices("/api/v1/")
        .map(|(i, _)| {
            let rest = &md[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "`?[)\"',|".contains(c))
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches(['.', ':']).to_string()
        })
        .collect();
    let undocumented: Vec<&String> = in_md
        .iter()
        .filter(|p| !documented.iter().any(|d| same_route(d, p)))
        .collect();
    let unmentioned: Vec<&String> = documented
        .iter()
        .filter(|d| !in_md.iter().any(|p| same_route(d, p)))
        .collect();
    assert!(
        undocumented.is_empty() && unmentioned.is_empty(),
        "in docs/api.md but not the document: {undocumented:?}; \
         in the document but not docs/api.md: {unmentioned:?}"
    );
}
