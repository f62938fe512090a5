//! Accounts against a real PostgreSQL and the real router: registration,
//! sessions, throttling and locks, the second factor, personal data at rest,
//! the audit trail, and who may call what.

use crate::common;
use common::{database, Seed};

use app::accounts::{
    secrets::DataKey,
    store::{self, Assignment, NewOfficial},
    totp, Role, Username,
};
use common::{test_data_key, TestApp};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

const PASSWORD: &str = "Lychee-Harbour-88";
const ID_NUMBER: &str = "440106199003071231";
const STAFF_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn citizen_json(username: &str, id_number: &str) -> Value {
    json!({
        "username": username,
        "password": PASSWORD,
        "real_name": "张小明",
        "id_number": id_number,
        "mobile": "+86 138 0013 8000",
    })
}

/// A client that keeps cookies, as a browser does.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn post_json(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    client.post(app.url(path)).json(body).send().await.unwrap()
}

async fn register(client: &reqwest::Client, app: &TestApp, username: &str) -> Value {
    let res = post_json(
        client,
        app,
        "/api/v1/accounts/citizens",
        &citizen_json(username, ID_NUMBER),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A department of Guangzhou with a unit and a post, and a staff account
/// there (two factors); returns its id.
async fn staff(pool: &PgPool, username: &str) -> i64 {
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "with d as (insert into department (region_code, code, name_zh, name_en)
                    values (440100, 'MZJ', '广州市民政局', 'Guangzhou Civil Affairs Bureau')
                    on conflict (region_code, code) do update set name_zh = excluded.name_zh returning id),
              u as (insert into department_unit (department_id, name_zh, name_en)
                    select id, '婚姻登记处', 'Marriage Registry' from d
                    on conflict (department_id, name_zh) do update set name_en = excluded.name_en returning id, department_id),
              p as (insert into department_post (unit_id, name_zh, name_en)
                    select id, '受理岗', 'Acceptance post' from u
                    on conflict (unit_id, name_zh) do update set name_en = excluded.name_en returning id, unit_id)
         select u.department_id, u.id, p.id from u join p on p.unit_id = u.id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let (me, _) = store::create_official(
        pool,
        &test_data_key(),
        NewOfficial {
            username: Username::parse(username).unwrap(),
            password: PASSWORD.into(),
            display_name: "陈敏".into(),
            role: Role::Staff,
            assignment: Assignment::Post(d, u, p),
            totp_secret: Some(STAFF_SECRET.into()),
        },
        None,
    )
    .await
    .unwrap();
    me.id
}

async fn official(pool: &PgPool, username: &str, role: Role) {
    let assignment = match role {
        Role::Supervisor => Assignment::Region(440100),
        _ => Assignment::None,
    };
    store::create_official(
        pool,
        &test_data_key(),
        NewOfficial {
            username: Username::parse(username).unwrap(),
            password: PASSWORD.into(),
            display_name: username.into(),
            role,
            assignment,
            totp_secret: Some(STAFF_SECRET.into()),
        },
        None,
    )
    .await
    .unwrap();
}

async fn sign_in_staff(
    client: &reqwest::Client,
    app: &TestApp,
    username: &str,
    at: u64,
) -> reqwest::Response {
    let code = totp::code_at(STAFF_SECRET, at).unwrap();
    post_json(
        client,
        app,
        "/api/v1/session",
        &json!({"username": username, "password": PASSWORD, "totp": code}),
    )
    .await
}

#[tokio::test]
async fn a_citizen_registers_signs_in_and_out() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let client = browser();
    let me = register(&client, &app, "zhang.xm").await;
    assert_eq!(me["role"], "citizen");
    assert_eq!(me["profile"]["id_number"], "440***********1231");
    assert_eq!(me["profile"]["mobile"], "138****8000");
    // Registered means signed in.
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["username"], "zhang.xm");

    let res = client
        .delete(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "unauthenticated"
    );

    let res = post_json(
        &client,
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("banshi_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn wrong_credentials_are_401_and_the_session_id_is_renewed() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let client = browser();
    register(&client, &app, "zhang.xm").await;
    for body in [
        json!({"username": "zhang.xm", "password": "Wrong-Password-1"}),
        json!({"username": "nobody.here", "password": PASSWORD}),
        json!({"username": "", "password": ""}),
    ] {
        let res = post_json(&browser(), &app, "/api/v1/session", &body).await;
        assert_eq!(res.status(), 401, "{body}");
        assert_eq!(
            res.json::<Value>().await.unwrap()["error"]["code"],
            "invalid_credentials"
        );
    }
    let res = post_json(&browser(), &app, "/api/v1/session", &json!({"username": 1})).await;
    assert_eq!(res.status(), 400);

    // Signing in again gives a new session and ends the one presented.
    let before: Vec<Vec<u8>> = sqlx::query_scalar("select token_hash from session")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(before.len(), 1);
    let res = post_json(
        &client,
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let after: Vec<Vec<u8>> = sqlx::query_scalar("select token_hash from session")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(after.len(), 1);
    assert_ne!(before, after);
}

#[tokio::test]
async fn registration_names_each_bad_field_in_the_chosen_language() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let bad = json!({
        "username": "x",
        "password": "short",
        "real_name": "",
        "id_number": "440106199003071232",
        "mobile": "12345",
    });
    let res = browser()
        .post(app.url("/api/v1/accounts/citizens"))
        .header(header::COOKIE, "banshi_lang=en")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_fields");
    let fields = body["error"]["fields"].as_array().unwrap();
    let named: Vec<&str> = fields
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        ["username", "password", "real_name", "id_number", "mobile"]
    );
    let id = &fields[3];
    assert_eq!(id["problem"], "id_number");
    assert_eq!(id["detail"], "checksum");
    assert!(
        id["message"].as_str().unwrap().contains("last character"),
        "{id}"
    );

    // Taken usernames and registered ID numbers are refused, in Chinese by default.
    let client = browser();
    register(&client, &app, "zhang.xm").await;
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/citizens",
        &citizen_json("zhang.xm", "11010519491231002X"),
    )
    .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["problem"], "username_taken");
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("用户名"));
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/citizens",
        &citizen_json("li.si", ID_NUMBER),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][0]["problem"],
        "id_number_not_registrable"
    );
    let accounts: i64 = sqlx::query_scalar("select count(*) from account")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(accounts, 1, "nothing half-made is left behind");
}

#[tokio::test]
async fn registering_with_a_registered_id_number_creates_nothing_and_tells_the_holder() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let holder = browser();
    register(&holder, &app, "zhang.xm").await;
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/citizens",
        &citizen_json("li.si", ID_NUMBER),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let field = &body["error"]["fields"][0];
    assert_eq!(field["field"], "id_number");
    assert_eq!(field["problem"], "id_number_not_registrable");
    let message = field["message"].as_str().unwrap();
    assert!(
        !message.contains("已注册账号") && !message.contains("already exists"),
        "the answer does not say an account exists: {message}"
    );
    let accounts: Vec<String> = sqlx::query_scalar("select username from account")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(accounts, ["zhang.xm"], "no account was created");
    // The holder is told, in their inbox.
    let inbox: Value = holder
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["items"][0]["kind"], "registration_tried", "{inbox}");
    assert!(inbox["items"][0]["title"]
        .as_str()
        .unwrap()
        .contains("身份证号码"));
    // Every registration counts against its ID number, new or not (so the
    // throttle says nothing either): the first, this one, one more, then 429.
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/citizens",
        &citizen_json("wang.wu", ID_NUMBER),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/citizens",
        &citizen_json("zhao.liu", ID_NUMBER),
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    let told: i64 =
        sqlx::query_scalar("select count(*) from notification where kind = 'registration_tried'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(told, 2);
}

#[tokio::test]
async fn id_numbers_are_sealed_at_rest_and_found_by_blind_index() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    register(&browser(), &app, "zhang.xm").await;
    let (sealed, index, masked, mobile): (Vec<u8>, Vec<u8>, String, Vec<u8>) = sqlx::query_as(
        "select id_number_sealed, id_number_index, id_number_masked, mobile_sealed from citizen",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(masked, "440***********1231");
    for bytes in [&sealed, &index, &mobile] {
        assert!(!bytes.windows(6).any(|w| w == b"440106" || w == b"138001"));
    }
    let key = test_data_key();
    assert_eq!(key.open(&sealed).unwrap(), ID_NUMBER.as_bytes());
    assert_eq!(index, key.blind_index("id_number", ID_NUMBER));
    // Another key cannot read it.
    let other = DataKey::parse(&"17".repeat(32)).unwrap();
    assert!(other.open(&sealed).is_err());
    // No column anywhere holds the number in clear.
    let dump: String =
        sqlx::query_scalar("select string_agg(t::text, ' ') from (select * from citizen) t")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!dump.contains(ID_NUMBER));
}

/// A POST of JSON to `path` as the proxy forwards it from `client`.
async fn post_from(app: &TestApp, client: &str, path: &str, body: &Value) -> reqwest::Response {
    browser()
        .post(app.url(path))
        .header("x-forwarded-for", client)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_strangers_failures_stop_the_stranger_not_the_owner() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn_behind_proxy(pool.clone()).await;
    register(&browser(), &app, "zhang.xm").await;
    let (stranger, owner) = ("198.51.100.9", "203.0.113.7");
    let wrong = json!({"username": "zhang.xm", "password": "Wrong-Password-1"});
    for _ in 0..4 {
        let res = post_from(&app, stranger, "/api/v1/session", &wrong).await;
        assert_eq!(res.status(), 401);
    }
    // The fifth failure uses up the stranger's tries for this name.
    let res = post_from(&app, stranger, "/api/v1/session", &wrong).await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // The stranger waits, even with the right password…
    let right = json!({"username": "zhang.xm", "password": PASSWORD});
    let res = post_from(&app, stranger, "/api/v1/session", &right).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // …while the owner, from another address, signs in at once.
    let res = post_from(&app, owner, "/api/v1/session", &right).await;
    assert_eq!(res.status(), 200);
    let events: Vec<String> = sqlx::query_scalar("select action from audit_event order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(events.iter().filter(|a| *a == "login_failed").count(), 5);
    assert!(!events.contains(&"account_locked".to_string()));
    let locked: Option<i64> =
        sqlx::query_scalar("select id from account where locked_until is not null")
            .fetch_optional(&pool)
            .await
            .unwrap();
    assert_eq!(locked, None, "no account is ever locked");
}

#[tokio::test]
async fn guessing_from_many_addresses_is_slowed_not_locked() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn_behind_proxy(pool.clone()).await;
    register(&browser(), &app, "zhang.xm").await;
    let wrong = json!({"username": "zhang.xm", "password": "Wrong-Password-1"});
    // Ten failures from ten addresses are free; the eleventh is checked
    // and starts the wait.
    for i in 1..=11 {
        let res = post_from(&app, &format!("198.51.100.{i}"), "/api/v1/session", &wrong).await;
        assert_eq!(res.status(), 401, "failure {i}");
    }
    let res = post_from(&app, "198.51.100.12", "/api/v1/session", &wrong).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()[header::RETRY_AFTER], "1");
    // The wait is short: the owner gets in right after it (and clears it).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let right = json!({"username": "zhang.xm", "password": PASSWORD});
    let res = post_from(&app, "203.0.113.7", "/api/v1/session", &right).await;
    assert_eq!(res.status(), 200);
    let left: Option<i32> =
        sqlx::query_scalar("select hits from rate_limit where key = 'login:name:zhang.xm'")
            .fetch_optional(&pool)
            .await
            .unwrap();
    assert_eq!(left, None, "a sign-in clears the name's failures");
}

#[tokio::test]
async fn unknown_and_known_names_are_answered_and_throttled_alike() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    register(&browser(), &app, "zhang.xm").await;
    // What an answer shows, without what differs between any two requests.
    async fn seen(res: reqwest::Response) -> (StatusCode, Vec<(String, String)>, String) {
        let status = res.status();
        let mut headers: Vec<(String, String)> = res
            .headers()
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "x-request-id" | "date"))
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string()))
            .collect();
        headers.sort();
        (status, headers, res.text().await.unwrap())
    }
    let known = json!({"username": "zhang.xm", "password": "Wrong-Password-1"});
    let unknown = json!({"username": "nobody.here", "password": "Wrong-Password-1"});
    for attempt in 1..=6 {
        let a = seen(post_json(&browser(), &app, "/api/v1/session", &known).await).await;
        let b = seen(post_json(&browser(), &app, "/api/v1/session", &unknown).await).await;
        if attempt < 5 {
            assert_eq!(a.0, 401, "attempt {attempt}");
            assert_eq!(a, b, "attempt {attempt}");
        } else {
            // Throttled alike (the seconds to wait may differ by one: the
            // windows began a verification apart).
            assert_eq!(
                (a.0, b.0),
                (StatusCode::TOO_MANY_REQUESTS, StatusCode::TOO_MANY_REQUESTS)
            );
            let code =
                |body: &str| serde_json::from_str::<Value>(body).unwrap()["error"]["code"].clone();
            assert_eq!(code(&a.2), "too_many_attempts");
            assert_eq!(code(&a.2), code(&b.2));
        }
    }
    // Both names' failures are counted the same way.
    let keys: Vec<(String, i32)> = sqlx::query_as(
        "select key, hits from rate_limit where key like 'login:name%' order by key",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        keys,
        [
            ("login:name-client:nobody.here|127.0.0.1".to_string(), 5),
            ("login:name-client:zhang.xm|127.0.0.1".to_string(), 5),
            ("login:name:nobody.here".to_string(), 5),
            ("login:name:zhang.xm".to_string(), 5),
        ]
    );
}

#[tokio::test]
async fn one_client_failing_across_accounts_is_throttled() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    for i in 0..19 {
        let body = json!({"username": format!("guess{i}"), "password": "Wrong-Password-1"});
        let res = post_json(&browser(), &app, "/api/v1/session", &body).await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    // The twentieth failure uses up the client's tries…
    let body = json!({"username": "guess19", "password": "Wrong-Password-1"});
    let res = post_json(&browser(), &app, "/api/v1/session", &body).await;
    assert_eq!(res.status(), 429);
    // …and any name after it waits.
    let body = json!({"username": "guess99", "password": "Wrong-Password-1"});
    let res = post_json(&browser(), &app, "/api/v1/session", &body).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    // Kept in PostgreSQL: another server process sees the same state.
    let hits: i32 =
        sqlx::query_scalar("select hits from rate_limit where key = 'login:client:127.0.0.1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(hits, 20);
    // Old windows are swept away; current ones stay (the client's, and
    // each name's from anywhere and from this client).
    assert_eq!(
        app::accounts::store::throttle::sweep(&pool).await.unwrap(),
        0
    );
    sqlx::query("update rate_limit set window_start = now() - interval '2 days'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app::accounts::store::throttle::sweep(&pool).await.unwrap(),
        1 + 2 * 20
    );
}

#[tokio::test]
async fn staff_sign_in_with_a_one_time_code_that_works_once() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    staff(&pool, "staff.gz").await;
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "staff.gz", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "second_factor_required"
    );
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "staff.gz", "password": PASSWORD, "totp": "000000"}),
    )
    .await;
    // (A wrong code, unless 000000 happens to be right: then it is used up.)
    let now = unix_now();
    if res.status() == 401 {
        assert_eq!(
            res.json::<Value>().await.unwrap()["error"]["code"],
            "invalid_second_factor"
        );
    }
    let client = browser();
    // A code for the next step is accepted (clock drift) and only once.
    let res = sign_in_staff(&client, &app, "staff.gz", now + 30).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["role"], "staff");
    assert_eq!(me["profile"]["department"]["zh"], "广州市民政局");
    let res = sign_in_staff(&browser(), &app, "staff.gz", now + 30).await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_second_factor"
    );
}

#[tokio::test]
async fn sessions_end_when_idle_too_long_or_too_old() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let client = browser();
    register(&client, &app, "zhang.xm").await;
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    sqlx::query("update session set last_seen = now() - interval '31 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);

    let client = browser();
    let res = post_json(
        &client,
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    sqlx::query("update session set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        app::accounts::store::session::sweep(&pool).await.unwrap(),
        2
    );
}

#[tokio::test]
async fn a_password_change_ends_every_session() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let (a, b) = (browser(), browser());
    register(&a, &app, "zhang.xm").await;
    let res = post_json(
        &b,
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let me = app::accounts::Me {
        id: sqlx::query_scalar("select id from account")
            .fetch_one(&pool)
            .await
            .unwrap(),
        username: "zhang.xm".into(),
        role: Role::Citizen,
        display_name: "张小明".into(),
    };
    let err =
        store::change_password(&pool, &me, "Wrong-Password-1", "Another-Secret-99", "test").await;
    assert_eq!(err.unwrap_err().code(), "invalid_fields");
    assert_eq!(
        a.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        200
    );
    store::change_password(&pool, &me, PASSWORD, "Another-Secret-99", "test")
        .await
        .unwrap();
    for client in [&a, &b] {
        assert_eq!(
            client
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": "Another-Secret-99"}),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn staff_reads_are_audited_and_shown_to_the_citizen() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let citizen = browser();
    register(&citizen, &app, "zhang.xm").await;
    let res = citizen
        .get(app.url("/api/v1/me/accesses"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap(), json!([]));

    staff(&pool, "staff.gz").await;
    let clerk = browser();
    assert_eq!(
        sign_in_staff(&clerk, &app, "staff.gz", unix_now())
            .await
            .status(),
        200
    );
    let res = post_json(
        &clerk,
        &app,
        "/api/v1/staff/citizen-lookup",
        &json!({"id_number": ID_NUMBER}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let card: Value = res.json().await.unwrap();
    assert_eq!(card["real_name"], "张小明");
    assert_eq!(card["id_number"], "440***********1231");
    let res = post_json(
        &clerk,
        &app,
        "/api/v1/staff/citizen-lookup",
        &json!({"id_number": "11010519491231002X"}),
    )
    .await;
    assert_eq!(res.status(), 404);
    let res = post_json(
        &clerk,
        &app,
        "/api/v1/staff/citizen-lookup",
        &json!({"id_number": "123"}),
    )
    .await;
    assert_eq!(res.status(), 422);

    let res = citizen
        .get(app.url("/api/v1/me/accesses"))
        .send()
        .await
        .unwrap();
    let accesses: Value = res.json().await.unwrap();
    assert_eq!(accesses.as_array().unwrap().len(), 1, "{accesses}");
    assert_eq!(accesses[0]["department"]["zh"], "广州市民政局");
    assert_eq!(accesses[0]["post"]["zh"], "受理岗");

    // The trail cannot be changed or removed, by any role.
    for sql in [
        "update audit_event set detail = 'x'",
        "delete from audit_event",
        "truncate audit_event",
    ] {
        let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

/// Every protected endpoint, for every role: anonymous callers get 401,
/// the wrong role 403, the right one its answer.
#[tokio::test]
async fn who_may_call_what() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    staff(&pool, "staff.gz").await;
    for (name, role) in [
        ("supervisor.gz", Role::Supervisor),
        ("editor.gd", Role::Editor),
        ("admin.gd", Role::Admin),
    ] {
        official(&pool, name, role).await;
    }
    let citizen = browser();
    register(&citizen, &app, "zhang.xm").await;
    let enterprise = browser();
    let res = post_json(
        &enterprise,
        &app,
        "/api/v1/accounts/enterprises",
        &json!({"username": "lychee-trading", "password": PASSWORD, "enterprise_name": "广州荔枝贸易有限公司",
                "credit_code": "91440101MA59Q8R3XA", "legal_representative": "李四"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let mut clients = vec![
        ("anonymous", browser()),
        ("citizen", citizen),
        ("enterprise", enterprise),
    ];
    // (The officials share a secret here; a code counts once per account.)
    for name in ["staff.gz", "supervisor.gz", "editor.gd", "admin.gd"] {
        let client = browser();
        assert_eq!(
            sign_in_staff(&client, &app, name, unix_now())
                .await
                .status(),
            200,
            "{name}"
        );
        clients.push((name, client));
    }
    let lookup = json!({"id_number": ID_NUMBER});
    for (who, client) in &clients {
        let me = client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status();
        let accesses = client
            .get(app.url("/api/v1/me/accesses"))
            .send()
            .await
            .unwrap()
            .status();
        let looked_up = post_json(client, &app, "/api/v1/staff/citizen-lookup", &lookup)
            .await
            .status();
        let (want_me, want_lookup) = match *who {
            "anonymous" => (401, 401),
            "staff.gz" => (200, 200),
            _ => (200, 403),
        };
        assert_eq!(me, want_me, "{who} GET /api/v1/me");
        assert_eq!(accesses, want_me, "{who} GET /api/v1/me/accesses");
        assert_eq!(
            looked_up, want_lookup,
            "{who} POST /api/v1/staff/citizen-lookup"
        );
        let official = post_json(
            client,
            &app,
            "/api/v1/admin/officials",
            &json!({"username": format!("new.{}", who.replace('.', "-")), "password": "Quiet-River-5150",
                    "display_name": "新同事", "role": "editor"}),
        )
        .await
        .status();
        let member = post_json(
            client,
            &app,
            "/api/v1/enterprise/members",
            &json!({"username": "zhang.xm"}),
        )
        .await
        .status();
        let (want_admin, want_member) = match *who {
            "anonymous" => (401, 401),
            "admin.gd" => (201, 403),
            "enterprise" => (403, 202),
            _ => (403, 403),
        };
        assert_eq!(official, want_admin, "{who} POST /api/v1/admin/officials");
        assert_eq!(member, want_member, "{who} POST /api/v1/enterprise/members");
        let role = client
            .put(app.url("/api/v1/admin/accounts/1/role"))
            .json(&json!({"role": "admin"}))
            .send()
            .await
            .unwrap()
            .status();
        let want_role = match *who {
            "anonymous" => 401,
            // Account 1 is the staff member (the first account made).
            "admin.gd" => 204,
            _ => 403,
        };
        assert_eq!(role, want_role, "{who} PUT /api/v1/admin/accounts/1/role");
        // My space: the page, or to sign in.
        let page = client.get(app.url("/me")).send().await.unwrap();
        if *who == "anonymous" {
            assert!(
                page.status().is_redirection(),
                "{who} /me: {}",
                page.status()
            );
            assert_eq!(page.headers()[header::LOCATION], "/login?next=/me");
        } else {
            assert_eq!(page.status(), 200, "{who} /me");
        }
        let out = client
            .delete(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(
            out,
            if *who == "anonymous" { 401 } else { 204 },
            "{who} DELETE /api/v1/session"
        );
    }
}

#[tokio::test]
async fn the_forms_work_without_javascript_and_keep_what_was_typed() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let client = browser();
    let page = client.get(app.url("/register")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"<form method="post" action="/register""#),
        "{html}"
    );

    let form = [
        ("real_name", "张小明"),
        ("id_number", "440106199003071232"),
        ("mobile", "138 0013 8000"),
        ("username", "zhang.xm"),
        ("password", "Secret-Typed-77"),
    ];
    let res = client
        .post(app.url("/register"))
        .header(header::ORIGIN, app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("身份证号码校验位不正确"),
        "the problem at its field"
    );
    assert!(
        html.contains(r#"value="440106199003071232""#),
        "what was typed is kept"
    );
    assert!(html.contains(r#"value="张小明""#));
    assert!(!html.contains("Secret-Typed-77"), "never the password");

    let mut form = form;
    form[1].1 = ID_NUMBER;
    let res = client
        .post(app.url("/register"))
        .header(header::ORIGIN, app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/me");
    let html = client
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("440***********1231"), "{html}");
    assert!(!html.contains(ID_NUMBER));

    // Sign out, then in with a wrong password: the form again, username kept.
    let res = client
        .post(app.url("/logout"))
        .header(header::ORIGIN, app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = client
        .post(app.url("/login"))
        .header(header::ORIGIN, app.origin())
        .form(&[
            ("username", "zhang.xm"),
            ("password", "Wrong-Password-1"),
            ("next", "/services"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains("用户名或密码不正确"));
    assert!(html.contains(r#"value="zhang.xm""#));
    // The language switch on the page sent back returns to signing in for /services.
    assert!(
        html.contains(r#"name="next" value="/login?next=%2Fservices""#),
        "the switches keep where the person was going"
    );
    let res = client
        .post(app.url("/login"))
        .header(header::ORIGIN, app.origin())
        .form(&[
            ("username", "zhang.xm"),
            ("password", "Secret-Typed-77"),
            ("next", "/services"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/services");
    // The password change form in my space: a problem comes back on the page…
    let res = client
        .post(app.url("/me/password"))
        .header(header::ORIGIN, app.origin())
        .form(&[
            ("old_password", "Wrong-Password-1"),
            ("new_password", "Another-Secret-99"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("修改密码") && html.contains("当前密码不正确"),
        "{html}"
    );
    // …and a change signs out everywhere.
    let res = client
        .post(app.url("/me/password"))
        .header(header::ORIGIN, app.origin())
        .form(&[
            ("old_password", "Secret-Typed-77"),
            ("new_password", "Another-Secret-99"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/login?changed=1");
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let html = client
        .get(app.url("/login?changed=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("密码已修改"));
    // A form from another site is refused.
    let res = browser()
        .post(app.url("/login"))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[("username", "zhang.xm"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn admins_create_officials_and_change_roles_on_the_record() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    staff(&pool, "staff.gz").await;
    official(&pool, "admin.gd", Role::Admin).await;
    let admin = browser();
    assert_eq!(
        sign_in_staff(&admin, &app, "admin.gd", unix_now())
            .await
            .status(),
        200
    );
    let res = post_json(
        &admin,
        &app,
        "/api/v1/admin/officials",
        &json!({"username": "clerk.two", "password": "Quiet-River-5150", "display_name": "王五",
                "role": "staff", "department": "440100-MZJ", "unit": "婚姻登记处", "post": "受理岗"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let secret = body["totp_secret"].as_str().unwrap().to_string();
    assert!(body["otpauth_uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Banshi%3Aclerk.two?secret="));
    // The new clerk signs in with the secret shown once.
    let code = totp::code_at(&secret, unix_now()).unwrap();
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "clerk.two", "password": "Quiet-River-5150", "totp": code}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap()["profile"]["post"]["zh"],
        "受理岗"
    );
    // Bad requests name what is wrong.
    let res = post_json(
        &admin,
        &app,
        "/api/v1/admin/officials",
        &json!({"username": "x", "password": "weak", "display_name": "", "role": "editor"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_json(
        &admin,
        &app,
        "/api/v1/admin/officials",
        &json!({"username": "clerk.three", "password": "Quiet-River-5150", "display_name": "赵六",
                "role": "staff", "department": "440100-MZJ", "unit": "没有这个处室", "post": "受理岗"}),
    )
    .await;
    assert_eq!(res.status(), 400);

    let clerk_id: i64 = sqlx::query_scalar("select id from account where username = 'clerk.two'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let res = admin
        .put(app.url(&format!("/api/v1/admin/accounts/{clerk_id}/role")))
        .json(&json!({"role": "editor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    // A staff post cannot become a supervisor without a region; citizens keep their role.
    let res = admin
        .put(app.url(&format!("/api/v1/admin/accounts/{clerk_id}/role")))
        .json(&json!({"role": "supervisor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = admin
        .put(app.url("/api/v1/admin/accounts/999999/role"))
        .json(&json!({"role": "editor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let (action, detail): (String, String) = sqlx::query_as(
        "select action, detail from audit_event where subject_id = $1 and action = 'role_changed'",
    )
    .bind(clerk_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (action.as_str(), detail.as_str()),
        ("role_changed", "staff -> editor")
    );
}

async fn enterprise(client: &reqwest::Client, app: &TestApp, username: &str, credit_code: &str) {
    let res = post_json(
        client,
        app,
        "/api/v1/accounts/enterprises",
        &json!({"username": username, "password": PASSWORD, "enterprise_name": format!("{username} 有限公司"),
                "credit_code": credit_code, "legal_representative": "张小明"}),
    )
    .await;
    assert_eq!(res.status(), 201);
}

async fn get_json(client: &reqwest::Client, app: &TestApp, path: &str) -> Value {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_citizen_acts_for_an_enterprise_only_after_accepting_its_invitation() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let citizen = browser();
    register(&citizen, &app, "zhang.xm").await;
    let enterprise = browser();
    let res = post_json(
        &enterprise,
        &app,
        "/api/v1/accounts/enterprises",
        &json!({"username": "lychee-trading", "password": PASSWORD, "enterprise_name": "广州荔枝贸易有限公司",
                "credit_code": "91440101MA59Q8R3XA", "legal_representative": "张小明"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    // The same answer whether or not the name has an account.
    let mut answers = Vec::new();
    for name in ["nobody.here", "zhang.xm"] {
        let res = post_json(
            &enterprise,
            &app,
            "/api/v1/enterprise/members",
            &json!({"username": name}),
        )
        .await;
        answers.push((res.status(), res.text().await.unwrap()));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, StatusCode::ACCEPTED);
    // A name that cannot be one is a problem at its field.
    let res = post_json(
        &enterprise,
        &app,
        "/api/v1/enterprise/members",
        &json!({"username": "x"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    // Invited is not a member.
    let me = get_json(&citizen, &app, "/api/v1/me").await;
    assert_eq!(me["profile"]["enterprises"], json!([]));
    let members: i64 = sqlx::query_scalar("select count(*) from enterprise_member")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(members, 0);
    // The citizen is told and sees the invitation in their space.
    let inbox = get_json(&citizen, &app, "/api/v1/inbox").await;
    assert_eq!(
        inbox["items"][0]["kind"], "enterprise_invitation",
        "{inbox}"
    );
    assert!(inbox["items"][0]["title"]
        .as_str()
        .unwrap()
        .contains("广州荔枝贸易有限公司"));
    let invitations = get_json(&citizen, &app, "/api/v1/me/invitations").await;
    assert_eq!(invitations.as_array().unwrap().len(), 1, "{invitations}");
    assert_eq!(invitations[0]["enterprise"], "广州荔枝贸易有限公司");
    let id = invitations[0]["id"].as_i64().unwrap();
    let html = citizen
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("企业邀请") && html.contains(r#"action="/me/invitations""#));
    // Inviting again sends nothing new.
    let res = post_json(
        &enterprise,
        &app,
        "/api/v1/enterprise/members",
        &json!({"username": "zhang.xm"}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notification where kind = 'enterprise_invitation'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);
    // Only the invited citizen answers it.
    let res = post_json(
        &enterprise,
        &app,
        &format!("/api/v1/me/invitations/{id}"),
        &json!({"answer": "accept"}),
    )
    .await;
    assert_eq!(res.status(), 404);
    // Accepted (by the form in my space, no JavaScript): a member.
    let res = citizen
        .post(app.url("/me/invitations"))
        .header(header::ORIGIN, app.origin())
        .form(&[("id", id.to_string().as_str()), ("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/me");
    let me = get_json(&citizen, &app, "/api/v1/me").await;
    assert_eq!(
        me["profile"]["enterprises"],
        json!([["广州荔枝贸易有限公司", "91440101MA59Q8R3XA"]])
    );
    assert_eq!(
        get_json(&citizen, &app, "/api/v1/me/invitations").await,
        json!([])
    );
    let res = post_json(
        &citizen,
        &app,
        &format!("/api/v1/me/invitations/{id}"),
        &json!({"answer": "decline"}),
    )
    .await;
    assert_eq!(res.status(), 404, "answered once");
    // The same credit code cannot register twice.
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/accounts/enterprises",
        &json!({"username": "lychee-two", "password": PASSWORD, "enterprise_name": "另一家",
                "credit_code": "91440101MA59Q8R3XA", "legal_representative": "李四"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][0]["problem"],
        "credit_code_registered"
    );
}

#[tokio::test]
async fn changing_the_password_through_the_api_signs_out_everywhere() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let (a, b) = (browser(), browser());
    register(&a, &app, "zhang.xm").await;
    let res = post_json(
        &b,
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = post_json(
        &a,
        &app,
        "/api/v1/me/password",
        &json!({"old_password": PASSWORD, "new_password": "short"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_json(
        &a,
        &app,
        "/api/v1/me/password",
        &json!({"old_password": PASSWORD, "new_password": "Another-Secret-99"}),
    )
    .await;
    assert_eq!(res.status(), 204);
    for client in [&a, &b] {
        assert_eq!(
            client
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
    let events: Vec<String> = sqlx::query_scalar("select action from audit_event order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        events.contains(&"password_changed".to_string()),
        "{events:?}"
    );
}

#[tokio::test]
async fn behind_a_proxy_the_forwarded_address_is_the_client() {
    let pool = database(Seed::Schema).await;
    let wrong = json!({"username": "nobody.here", "password": "Wrong-Password-1"});
    let proxied = TestApp::spawn_behind_proxy(pool.clone()).await;
    let res = browser()
        .post(proxied.url("/api/v1/session"))
        .header("x-forwarded-for", "198.51.100.9, 203.0.113.7")
        .json(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Not behind a proxy, the header is ignored (anyone could send it).
    let direct = TestApp::spawn_without_reference(pool.clone()).await;
    let res = browser()
        .post(direct.url("/api/v1/session"))
        .header("x-forwarded-for", "203.0.113.99")
        .json(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let keys: Vec<String> = sqlx::query_scalar(
        "select key from rate_limit where key like 'login:client:%' order by key",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(keys, ["login:client:127.0.0.1", "login:client:203.0.113.7"]);
}

#[tokio::test]
async fn the_counter_desk_checks_identity_without_javascript() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let citizen = browser();
    register(&citizen, &app, "zhang.xm").await;
    // Only staff have the desk.
    let res = browser().get(app.url("/staff")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/login?next=/staff");
    assert_eq!(
        citizen
            .get(app.url("/staff"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let res = citizen
        .post(app.url("/staff/lookup"))
        .header(header::ORIGIN, app.origin())
        .form(&[("id_number", ID_NUMBER)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    staff(&pool, "staff.gz").await;
    let clerk = browser();
    assert_eq!(
        sign_in_staff(&clerk, &app, "staff.gz", unix_now())
            .await
            .status(),
        200
    );
    let html = clerk
        .get(app.url("/staff"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"action="/staff/lookup""#));
    let lookup = |id: &'static str| {
        clerk
            .post(app.url("/staff/lookup"))
            .header(header::ORIGIN, app.origin())
            .form(&[("id_number", id)])
            .send()
    };
    let res = lookup("440106199003071232").await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("身份证号码校验位不正确"));
    assert!(html.contains(r#"value="440106199003071232""#));
    let res = lookup("11010519491231002X").await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("没有使用此身份证号码注册的账号"));
    let res = lookup(ID_NUMBER).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("张小明") && html.contains("440***********1231"),
        "{html}"
    );
    assert!(
        !html.contains(ID_NUMBER),
        "the full number is not shown back"
    );
    let accesses: Value = citizen
        .get(app.url("/api/v1/me/accesses"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(accesses.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_admin_page_creates_staff_and_shows_the_secret_once() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    staff(&pool, "staff.gz").await;
    official(&pool, "admin.gd", Role::Admin).await;
    let clerk = browser();
    assert_eq!(
        sign_in_staff(&clerk, &app, "staff.gz", unix_now())
            .await
            .status(),
        200
    );
    assert_eq!(
        clerk.get(app.url("/admin")).send().await.unwrap().status(),
        403
    );
    let admin = browser();
    assert_eq!(
        sign_in_staff(&admin, &app, "admin.gd", unix_now())
            .await
            .status(),
        200
    );
    let html = admin
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"action="/admin/officials""#));
    let post = |form: Vec<(&'static str, &'static str)>| {
        admin
            .post(app.url("/admin/officials"))
            .header(header::ORIGIN, app.origin())
            .form(&form)
            .send()
    };
    let res = post(vec![
        ("username", "clerk.two"),
        ("display_name", "王五"),
        ("role", "staff"),
        ("department", "440100-MZJ"),
        ("unit", "婚姻登记处"),
        ("post", "受理岗"),
        ("password", "weak"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="clerk.two""#) && html.contains("密码至少需要 10 个字符"));
    let res = post(vec![
        ("username", "clerk.two"),
        ("display_name", "王五"),
        ("role", "staff"),
        ("department", "440100-MZJ"),
        ("unit", "婚姻登记处"),
        ("post", "受理岗"),
        ("password", "Quiet-River-5150"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    let html = res.text().await.unwrap();
    assert!(html.contains("<svg"), "the QR code");
    let secret = html
        .split("otpauth://totp/Banshi%3Aclerk.two?secret=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .expect("the otpauth address is shown")
        .to_string();
    let code = totp::code_at(&secret, unix_now()).unwrap();
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "clerk.two", "password": "Quiet-River-5150", "totp": code}),
    )
    .await;
    assert_eq!(res.status(), 200);
    // Shown once: the page does not show it again.
    let html = admin
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains(&secret));
}

#[tokio::test]
async fn a_declined_invitation_makes_no_member_and_may_be_sent_again() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let citizen = browser();
    register(&citizen, &app, "zhang.xm").await;
    let firm = browser();
    enterprise(&firm, &app, "lychee-trading", "91440101MA59Q8R3XA").await;
    // Invited through the enterprise's own space (a plain form).
    let html = firm
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"action="/me/members""#), "{html}");
    let res = firm
        .post(app.url("/me/members"))
        .header(header::ORIGIN, app.origin())
        .form(&[("form", "members"), ("username", "zhang.xm")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[header::LOCATION], "/me?invited=1#members-h");
    let html = firm
        .get(app.url("/me?invited=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("如果该用户名的个人账号存在"), "{html}");
    let invitations = get_json(&citizen, &app, "/api/v1/me/invitations").await;
    let id = invitations[0]["id"].as_i64().unwrap();
    let res = post_json(
        &citizen,
        &app,
        &format!("/api/v1/me/invitations/{id}"),
        &json!({"answer": "decline"}),
    )
    .await;
    assert_eq!(res.status(), 204);
    let me = get_json(&citizen, &app, "/api/v1/me").await;
    assert_eq!(me["profile"]["enterprises"], json!([]));
    assert_eq!(
        get_json(&citizen, &app, "/api/v1/me/invitations").await,
        json!([])
    );
    // Sent again, it is pending again (and may be accepted).
    let res = post_json(
        &firm,
        &app,
        "/api/v1/enterprise/members",
        &json!({"username": "zhang.xm"}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let invitations = get_json(&citizen, &app, "/api/v1/me/invitations").await;
    assert_eq!(invitations[0]["id"].as_i64(), Some(id));
    let members: i64 = sqlx::query_scalar("select count(*) from enterprise_member")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(members, 0);
}

#[tokio::test]
async fn invitations_are_throttled_per_enterprise() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let firm = browser();
    enterprise(&firm, &app, "lychee-trading", "91440101MA59Q8R3XA").await;
    let limit = app::accounts::throttle::INVITATIONS_PER_ENTERPRISE.max;
    for i in 0..limit {
        let res = post_json(
            &firm,
            &app,
            "/api/v1/enterprise/members",
            &json!({"username": format!("guess{i}")}),
        )
        .await;
        assert_eq!(res.status(), 202, "invitation {i}");
    }
    let res = post_json(
        &firm,
        &app,
        "/api/v1/enterprise/members",
        &json!({"username": "guess-more"}),
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // Another enterprise is not held back by this one.
    let other = browser();
    enterprise(&other, &app, "banyan-trading", "91350100M000100Y43").await;
    let res = post_json(
        &other,
        &app,
        "/api/v1/enterprise/members",
        &json!({"username": "guess0"}),
    )
    .await;
    assert_eq!(res.status(), 202);
}

#[tokio::test]
async fn a_wrong_old_password_is_a_field_error_and_throttled_like_a_sign_in() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let client = browser();
    register(&client, &app, "zhang.xm").await;
    let wrong = json!({"old_password": "Wrong-Password-1", "new_password": "Another-Secret-99"});
    for attempt in 1..=4 {
        let res = post_json(&client, &app, "/api/v1/me/password", &wrong).await;
        assert_eq!(res.status(), 422, "attempt {attempt}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "old_password");
        assert_eq!(body["error"]["fields"][0]["problem"], "wrong_password");
    }
    let res = post_json(&client, &app, "/api/v1/me/password", &wrong).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // Held back now, even with the right one; the password is unchanged and
    // the session goes on.
    let right = json!({"old_password": PASSWORD, "new_password": "Another-Secret-99"});
    let res = post_json(&client, &app, "/api/v1/me/password", &right).await;
    assert_eq!(res.status(), 429);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // The same guesses count for signing in from this client.
    let res = post_json(
        &browser(),
        &app,
        "/api/v1/session",
        &json!({"username": "zhang.xm", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 429);
}

/// The app with `BANSHI_PUBLIC_ORIGIN` set to `public`.
async fn spawn_with_public_origin(pool: PgPool, public: &str) -> TestApp {
    server::reference::load(&pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = app::state::AppState {
        pool,
        leptos_options: server::leptos_options(std::path::Path::new("../target/site"), addr),
        secure_cookies: false,
        data_key: test_data_key(),
        now: app::clock::Now::fixed(common::test_now()),
        objects: app::files::objects::Objects::memory(),
        warn_days: app::supervision::DEFAULT_WARN_DAYS,
    };
    let router = server::router_with(state, Some(public.to_string()), true);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    TestApp {
        addr,
        client: browser(),
    }
}

/// The status of a sign-in form posted with `origin` (403 when refused as
/// cross-site; 401 when it passed and the credentials were checked).
async fn sign_in_with_origin(app: &TestApp, origin: &str) -> (StatusCode, Value) {
    let res = browser()
        .post(app.url("/api/v1/session"))
        .header(header::ORIGIN, origin)
        .json(&json!({"username": "nobody.here", "password": "Wrong-Password-1"}))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_same_origin_check_compares_the_scheme() {
    let pool = database(Seed::Schema).await;
    let app = TestApp::spawn(pool.clone()).await;
    let (status, body) = sign_in_with_origin(&app, &format!("https://{}", app.addr)).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "cross_site_request");
    let (status, _) = sign_in_with_origin(&app, &format!("http://{}", app.addr)).await;
    assert_eq!(status, 401, "the site's own origin passes");
    // A Referer with the wrong scheme is refused the same way.
    let res = browser()
        .post(app.url("/login"))
        .header(header::REFERER, format!("https://{}/login", app.addr))
        .form(&[("username", "nobody.here"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Behind a proxy with BANSHI_PUBLIC_ORIGIN, only that exact origin passes.
    let proxied = spawn_with_public_origin(pool.clone(), "https://hall.example").await;
    for (origin, want) in [
        ("https://hall.example", 401),
        ("https://hall.example:443", 401),
        ("http://hall.example", 403),
        ("https://hall.example:8443", 403),
        ("https://evil.example", 403),
    ] {
        let (status, _) = sign_in_with_origin(&proxied, origin).await;
        assert_eq!(status, want, "{origin}");
    }
    let (status, _) = sign_in_with_origin(&proxied, &format!("http://{}", proxied.addr)).await;
    assert_eq!(status, 403, "the upstream address is not the public origin");
}
