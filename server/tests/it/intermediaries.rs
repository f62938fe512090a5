//! The intermediary service marketplace (中介服务超市, issue 18) through the
//! real router and a real PostgreSQL: registering intermediaries, posting
//! a purchase (idempotent, the owner only, fields checked), registering
//! for it (qualified intermediaries only, while registration is open), the
//! draw (from the closing day, reproducible with `sha256sum` as the page
//! says, a registrant wins), fewer than two registrants failing, the
//! delivery by the chosen one, the owner's single rating, the fair
//! ranking, the project's steps, and the plain forms; an enterprise
//! registering itself as an intermediary and renewing its qualifications
//! (by the API and by the forms); the inbox telling each party the
//! outcome.

use crate::common;
use common::{citizen, database, enterprise, test_data_key, Seed, TestApp, Who};

use app::intermediaries::{store, RawIntermediary, RawQualification};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Valid ID numbers (GB 11643) of made-up people.
const IDS: [&str; 5] = [
    "440106199003071231",
    "440106199205150026",
    "440103199001011236",
    "440104198512120014",
    "44010519800505002X",
];

async fn person(pool: &PgPool, n: usize) -> Who {
    citizen(pool, &test_data_key(), &format!("mkt{n}.demo"), IDS[n]).await
}

/// A made-up valid credit code in Tianhe: the body and the check character
/// the validator accepts.
fn credit_code(n: u32) -> String {
    let body = format!("91440106MA5T{n:05}");
    "0123456789ABCDEFGHJKLMNPQRTUWXY"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|c| app::accounts::identity::CreditCode::parse(c).is_ok())
        .unwrap()
}

/// The kinds and English titles of an account's inbox, newest first.
async fn inbox(pool: &PgPool, account: i64) -> Vec<(String, String, String)> {
    app::notifications::store::inbox(pool, account, app::i18n::Lang::En, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|n| {
            (
                n.kind.as_str().to_string(),
                n.title,
                n.link.unwrap_or_default(),
            )
        })
        .collect()
}

/// The kinds of an account's inbox, newest first.
async fn kinds(pool: &PgPool, account: i64) -> Vec<String> {
    inbox(pool, account)
        .await
        .into_iter()
        .map(|n| n.0)
        .collect()
}

/// Registers an intermediary qualified for `services` (until 2028),
/// managed by `account`.
async fn intermediary(pool: &PgPool, n: u32, services: &[&str], account: Option<i64>) -> i64 {
    qualified_until(pool, n, services, account, "2028-12-31").await
}

/// Registers an intermediary qualified for `services` until `until`.
async fn qualified_until(
    pool: &PgPool,
    n: u32,
    services: &[&str],
    account: Option<i64>,
    until: &str,
) -> i64 {
    let raw = RawIntermediary {
        name_zh: format!("测试中介机构{n}有限公司"),
        name_en: format!("Test Intermediary {n} Co., Ltd."),
        credit_code: credit_code(n),
        region: "440106".into(),
        qualifications: services
            .iter()
            .map(|s| RawQualification {
                service: s.to_string(),
                grade: "b".into(),
                certificate: format!("TEST-{n}-{s}"),
                valid_until: until.into(),
            })
            .collect(),
    };
    store::register_intermediary(pool, &raw.parse().unwrap(), account)
        .await
        .unwrap()
}

/// A project of `owner`'s, inserted as the investment registration would
/// (that store is another capability's): its code.
async fn project(pool: &PgPool, owner: i64, serial: u32) -> (i64, String) {
    let code = app::investment::code::ProjectCode::new(
        2026,
        app::regions::RegionCode::parse("440106").unwrap(),
        7,
        3,
        serial,
    )
    .unwrap();
    let id: i64 = sqlx::query_scalar(
        "insert into investment_project (code, owner_id, idempotency_key, name, kind, industry,
             region_code, total_investment, land_area, scope, target_days, registered_on)
         values ($1, $2, gen_random_uuid(), '天河示范研发楼', 'filing', 'information', 440106,
                 12800, 5000, '新建研发楼一栋', 120, '2026-09-01')
         returning id",
    )
    .bind(code.as_str())
    .bind(owner)
    .fetch_one(pool)
    .await
    .unwrap();
    (id, code.as_str().to_string())
}

async fn post_json(
    app: &TestApp,
    who: &Who,
    path: &str,
    body: Value,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .post(app.url(path))
        .header("origin", app.origin())
        .header("accept-language", "zh-CN")
        .json(&body);
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn key(n: u32) -> String {
    format!("5e1c2e3d-0000-4000-8000-{n:012}")
}

/// Three working days after 30 September 2026 (the National Day holiday
/// between) is Saturday 10 October, a make-up working day: the draw is
/// open from then on.
fn after_closing() -> time::OffsetDateTime {
    time::macros::datetime!(2026-10-12 10:00 +8)
}

#[tokio::test]
async fn a_purchase_is_posted_drawn_delivered_and_rated() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let owner = person(&pool, 0).await;
    let stranger = person(&pool, 1).await;
    let (a_who, b_who) = (person(&pool, 2).await, person(&pool, 3).await);
    let unqualified_who = person(&pool, 4).await;
    let a = intermediary(&pool, 1, &["surveying", "land_survey"], Some(a_who.id)).await;
    let b = intermediary(&pool, 2, &["surveying"], Some(b_who.id)).await;
    intermediary(&pool, 3, &["drawing_review"], Some(unqualified_who.id)).await;
    let (project_id, code) = project(&pool, owner.id, 17).await;

    let body = json!({"project": code, "service": "surveying", "budget": "86000.50",
                      "deadline_days": 15, "how": "draw"});
    let (status, posted) = post_json(
        &app,
        &owner,
        "/api/v1/purchases",
        body.clone(),
        Some(&key(1)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let no = posted["no"].as_str().unwrap().to_string();
    assert!(no.starts_with("ZJ20260930"), "{no}");
    assert_eq!(posted["state"], "posted");
    assert_eq!(posted["budget"], "86000.50");
    assert_eq!(posted["registration_closes_on"], "2026-10-10");
    // The same key again: the same purchase, not a second one.
    let (status, again) = post_json(
        &app,
        &owner,
        "/api/v1/purchases",
        body.clone(),
        Some(&key(1)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["no"], no.as_str());

    // Another's project: 403; bad fields: 422, each named and translated.
    let (status, refused) = post_json(
        &app,
        &stranger,
        "/api/v1/purchases",
        body.clone(),
        Some(&key(2)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"]["problem"]["problem"], "not_owner");
    let (status, refused) = post_json(
        &app,
        &owner,
        "/api/v1/purchases",
        json!({"project": code, "service": "astrology", "budget": "1.234", "deadline_days": 0}),
        Some(&key(3)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["service", "budget", "deadline_days"]);
    assert!(refused["error"]["fields"][1]["message"]
        .as_str()
        .unwrap()
        .contains("预算"));
    // Without a key: 400.
    let (status, _) = post_json(&app, &owner, "/api/v1/purchases", body.clone(), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Registering: qualified intermediaries only, once; not without one.
    let reg = format!("/api/v1/purchases/{no}/registrations");
    let (status, view) = post_json(&app, &a_who, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["state"], "registering");
    let (status, refused) = post_json(&app, &a_who, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["error"]["problem"]["problem"], "already_registered");
    let (status, refused) = post_json(&app, &unqualified_who, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["problem"]["problem"], "not_qualified");
    let (status, _) = post_json(&app, &stranger, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post_json(&app, &b_who, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::OK);

    // The draw waits for registration to close.
    let draw = format!("/api/v1/purchases/{no}/draw");
    let (status, refused) = post_json(&app, &owner, &draw, json!({}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("2026-10-10"));

    // From the closing day on: registration closed, the owner draws.
    let later = TestApp::spawn_at(pool.clone(), after_closing()).await;
    let (status, _) = post_json(&later, &unqualified_who, &reg, json!({}), None).await;
    assert!(status == StatusCode::CONFLICT || status == StatusCode::UNPROCESSABLE_ENTITY);
    let (status, refused) = post_json(&later, &stranger, &draw, json!({}), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, drawn) = post_json(&later, &owner, &draw, json!({}), None).await;
    assert_eq!(status, StatusCode::OK, "{drawn}");
    assert_eq!(drawn["state"], "working");
    let selection = &drawn["selection"];
    let input = selection["seed_input"].as_str().unwrap();
    let seed = selection["seed"].as_str().unwrap();
    let mut codes = [credit_code(1), credit_code(2)];
    codes.sort();
    assert_eq!(input, format!("{no}\n2026-10-10\n{}", codes.join(",")));
    // Anyone recomputes it as the page says: sha256sum of the input, the
    // first 16 hex digits modulo the number of registrants.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("printf '%s' \"$1\" | sha256sum")
        .arg("sh")
        .arg(input)
        .output()
        .unwrap();
    let hex = String::from_utf8(out.stdout).unwrap();
    assert_eq!(&hex[..64], seed);
    let place = (u64::from_str_radix(&seed[..16], 16).unwrap() % 2) as usize;
    assert_eq!(selection["credit_code"], codes[place].as_str());
    let winner = selection["intermediary_id"].as_i64().unwrap();
    assert!(winner == a || winner == b);
    let (chosen, other) = if winner == a {
        (&a_who, &b_who)
    } else {
        (&b_who, &a_who)
    };
    // The inbox tells each party: the owner who was selected, the winner
    // that it was, the other registrant that it was not.
    let told = inbox(&pool, owner.id).await;
    assert_eq!(told[0].0, "purchase_selected", "{told:?}");
    assert_eq!(told[0].1, format!("Intermediary selected: {no}"));
    assert_eq!(told[0].2, format!("/purchases/{no}"));
    assert_eq!(kinds(&pool, chosen.id).await, ["purchase_won"]);
    assert_eq!(kinds(&pool, other.id).await, ["purchase_not_chosen"]);
    let zh = app::notifications::store::inbox(&pool, other.id, app::i18n::Lang::Zh, 5)
        .await
        .unwrap();
    assert!(
        zh[0].body.contains(&no) && zh[0].body.contains("测绘"),
        "{zh:?}"
    );
    assert!(zh[0].body.contains("测试中介机构"), "{zh:?}");
    assert!(kinds(&pool, unqualified_who.id).await.is_empty());
    // The work step: 15 working days from 12 October.
    assert_eq!(drawn["step"]["started_on"], "2026-10-12");
    assert_eq!(drawn["step"]["promised_days"], 15);
    assert_eq!(drawn["step"]["due_on"], "2026-11-02");
    // Drawn once.
    let (status, _) = post_json(&later, &owner, &draw, json!({}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Delivery: the chosen one only. Rating: the owner only, once.
    let deliver = format!("/api/v1/purchases/{no}/delivery");
    let rate = format!("/api/v1/purchases/{no}/rating");
    let stars =
        json!({"quality": 5, "timeliness": 4, "attitude": 5, "fee": 4, "comment": "按时交付"});
    let (status, _) = post_json(&later, &owner, &rate, stars.clone(), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "not delivered yet");
    let (status, _) = post_json(&later, other, &deliver, json!({}), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, delivered) = post_json(&later, chosen, &deliver, json!({}), None).await;
    assert_eq!(status, StatusCode::OK, "{delivered}");
    assert_eq!(delivered["step"]["delivered_on"], "2026-10-12");
    // The owner is asked to rate it.
    let told = inbox(&pool, owner.id).await;
    assert_eq!(told[0].0, "purchase_delivered");
    assert_eq!(told[0].2, format!("/purchases/{no}#mkt-rate-h"));
    let zh = app::notifications::store::inbox(&pool, owner.id, app::i18n::Lang::Zh, 1)
        .await
        .unwrap();
    assert!(zh[0].title.contains("请评价"), "{zh:?}");
    let (status, _) = post_json(&later, chosen, &rate, stars.clone(), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, refused) = post_json(
        &later,
        &owner,
        &rate,
        json!({"quality": 6, "timeliness": 4, "attitude": 5}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["quality", "fee"]);
    let (status, rated) = post_json(&later, &owner, &rate, stars.clone(), None).await;
    assert_eq!(status, StatusCode::OK, "{rated}");
    assert_eq!(rated["state"], "rated");
    assert_eq!(rated["rating"]["overall"], 5, "18 / 4 = 4.5 rounds up");
    let (status, refused) = post_json(&later, &owner, &rate, stars, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["error"]["problem"]["problem"], "already_rated");

    // Public: the purchase and the board.
    let res = later.get(&format!("/api/v1/purchases/{no}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let board: Value = later
        .get("/api/v1/intermediaries?service=surveying")
        .await
        .json()
        .await
        .unwrap();
    let lines = board.as_array().unwrap();
    assert_eq!(lines.len(), 2, "only the surveyors");
    assert_eq!(lines[0]["board"]["id"], winner);
    assert_eq!(lines[0]["board"]["rank"], 1);
    assert_eq!(lines[0]["board"]["count"], 1);
    assert_eq!(lines[1]["board"]["rank"], Value::Null);
    let res = later.get("/api/v1/intermediaries?service=astrology").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = later.get("/api/v1/purchases/ZJ00000000000000").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The project's timeline reads the step.
    let cal = app::clock::store::load(&pool).await.unwrap();
    let steps: Vec<_> = store::project_steps(
        &pool,
        &cal,
        &[project_id],
        time::macros::date!(2026 - 10 - 20),
    )
    .await
    .unwrap()
    .into_iter()
    .map(|(_, s)| s)
    .collect();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].purchase_no, no);
    assert_eq!(steps[0].service_name.zh, "测绘");
    assert_eq!(steps[0].used_days, 0);
    assert!(!steps[0].late);

    // A direct choice tells the one chosen at once.
    let other_id = if winner == a { b } else { a };
    let (status, direct) = post_json(
        &later,
        &owner,
        "/api/v1/purchases",
        json!({"project": code, "service": "surveying", "budget": "1000", "deadline_days": 5,
               "how": "direct", "intermediary": other_id, "reason": "抢险工程，须立即测绘。"}),
        Some(&key(4)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{direct}");
    let told = inbox(&pool, other.id).await;
    assert_eq!(told[0].0, "purchase_won");
    assert_eq!(
        told[0].2,
        format!("/purchases/{}", direct["no"].as_str().unwrap())
    );
}

#[tokio::test]
async fn fewer_than_two_registrants_fail_the_purchase() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let owner = person(&pool, 0).await;
    let agency = person(&pool, 1).await;
    let expiring = person(&pool, 2).await;
    let expired = person(&pool, 3).await;
    intermediary(&pool, 1, &["environmental_impact"], Some(agency.id)).await;
    // Valid when it registers (30 September), expired at the draw.
    qualified_until(
        &pool,
        2,
        &["environmental_impact"],
        Some(expiring.id),
        "2026-10-05",
    )
    .await;
    // Expired already: it cannot register.
    qualified_until(
        &pool,
        3,
        &["environmental_impact"],
        Some(expired.id),
        "2026-09-29",
    )
    .await;
    let (_, code) = project(&pool, owner.id, 18).await;
    let (status, posted) = post_json(
        &app,
        &owner,
        "/api/v1/purchases",
        json!({"project": code, "service": "environmental_impact", "budget": 120000,
               "deadline_days": 30}),
        Some(&key(9)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let no = posted["no"].as_str().unwrap();
    let (status, _) = post_json(
        &app,
        &agency,
        &format!("/api/v1/purchases/{no}/registrations"),
        json!({}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let reg = format!("/api/v1/purchases/{no}/registrations");
    let (status, _) = post_json(&app, &expiring, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::OK, "valid on the day it registers");
    let (status, refused) = post_json(&app, &expired, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["problem"]["problem"], "not_qualified");
    let later = TestApp::spawn_at(pool.clone(), after_closing()).await;
    let (status, failed) = post_json(
        &later,
        &owner,
        &format!("/api/v1/purchases/{no}/draw"),
        json!({}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{failed}");
    assert_eq!(failed["state"], "failed");
    assert!(failed["failure"]["zh"]
        .as_str()
        .unwrap()
        .contains("不足 2 家"));
    assert!(failed["failure"]["en"]
        .as_str()
        .unwrap()
        .starts_with("Fewer than 2"));
    assert_eq!(failed["selection"], Value::Null);
    assert_eq!(failed["registrants"].as_array().unwrap().len(), 2);
    // Told: the owner, and both registrants (the expired one too).
    assert_eq!(kinds(&pool, owner.id).await, ["purchase_failed"]);
    assert_eq!(
        kinds(&pool, agency.id).await,
        ["purchase_failed_registrant"]
    );
    assert_eq!(
        kinds(&pool, expiring.id).await,
        ["purchase_failed_registrant"]
    );
    assert!(kinds(&pool, expired.id).await.is_empty());
    let zh = app::notifications::store::inbox(&pool, owner.id, app::i18n::Lang::Zh, 1)
        .await
        .unwrap();
    assert!(
        zh[0].body.contains("不足 2 家") && zh[0].body.contains(no),
        "{zh:?}"
    );
    // The page says so, and offers no draw.
    let page = owner.page(&later, &format!("/purchases/{no}")).await;
    assert!(page.contains("采购失败"), "{page}");
    assert!(page.contains("不足 2 家"), "{page}");
    assert!(!page.contains("/draw\""), "{page}");
}

#[tokio::test]
async fn the_board_ranks_fairly() {
    let pool = database(Seed::Reference).await;
    let _app = TestApp::spawn(pool.clone()).await;
    let owner_who = person(&pool, 0).await;
    let owner = app::accounts::Me {
        id: owner_who.id,
        username: "mkt0.demo".into(),
        role: app::accounts::Role::Citizen,
        display_name: String::new(),
    };
    let few = intermediary(&pool, 1, &["drawing_review"], None).await;
    let many = intermediary(&pool, 2, &["drawing_review"], None).await;
    let (_, code) = project(&pool, owner.id, 19).await;
    let cal = app::clock::store::load(&pool).await.unwrap();
    let day = time::macros::date!(2026 - 06 - 01);
    // One five-star rating against six of four stars (4, 4, 5, 4).
    let plan: Vec<(i64, [&str; 4])> = std::iter::once((few, ["5", "5", "5", "5"]))
        .chain(std::iter::repeat_n((many, ["4", "4", "5", "4"]), 6))
        .collect();
    for (n, (who, stars)) in plan.into_iter().enumerate() {
        let raw = app::intermediaries::RawPurchase {
            project: code.clone(),
            service: "drawing_review".into(),
            budget: "20000".into(),
            deadline_days: "10".into(),
            how: "direct".into(),
            intermediary: who.to_string(),
            reason: "测试：直接选取的理由。".into(),
            idempotency_key: None,
        };
        let posted = store::post(
            &pool,
            &cal,
            &owner,
            &raw.parse().unwrap(),
            uuid::Uuid::from_u128(n as u128 + 1),
            day,
        )
        .await
        .unwrap();
        sqlx::query("update intermediary_work w set delivered_on = '2026-06-05' from intermediary_purchase p where p.id = w.purchase_id and p.no = $1")
            .bind(&posted.no)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("update intermediary_purchase set state = 'delivered' where no = $1")
            .bind(&posted.no)
            .execute(&pool)
            .await
            .unwrap();
        let [q, t, a, f] = stars.map(String::from);
        let body = app::intermediaries::RatingBody {
            quality: q,
            timeliness: t,
            attitude: a,
            fee: f,
            comment: String::new(),
        };
        store::rate(&pool, &owner, &posted.no, &body, day)
            .await
            .unwrap();
    }
    let lines = store::list(
        &pool,
        Some(app::intermediaries::ServiceType::DrawingReview),
        day,
    )
    .await
    .unwrap();
    // (20 × 3 + 24) ÷ 26 = 3.231 ranks above (20 × 3 + 5) ÷ 21 = 3.095.
    assert_eq!(lines[0].board.id, many);
    assert_eq!(lines[0].board.rank, Some(1));
    assert_eq!(lines[1].board.id, few);
    assert_eq!(lines[1].board.average, Some(5.0));
    assert_eq!(lines[0].dimensions[2], Some(5.0));
    assert_eq!(lines[0].dimensions[0], Some(4.0));
}

#[tokio::test]
async fn the_forms_work_without_javascript() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let owner = person(&pool, 0).await;
    let stranger = person(&pool, 1).await;
    let chosen = intermediary(&pool, 1, &["traffic_impact"], None).await;
    let (_, code) = project(&pool, owner.id, 20).await;

    // The marketplace, public; the owner sees the purchase form.
    let page = app
        .get("/intermediaries?service=traffic_impact")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("测试中介机构1有限公司"), "{page}");
    assert!(page.contains("data-label"), "{page}");
    assert!(!page.contains("action=\"/purchases\""), "{page}");
    let page = owner.page(&app, "/intermediaries").await;
    assert!(page.contains("action=\"/purchases\""), "{page}");
    assert!(page.contains(&code), "{page}");

    let chosen_id = chosen.to_string();
    let form = [
        ("project", code.as_str()),
        ("service", "traffic_impact"),
        ("budget", "45000"),
        ("deadline_days", "20"),
        ("how", "direct"),
        ("intermediary", chosen_id.as_str()),
        ("reason", "项目须在汛期前完成交通评价，经集体决策直接选取。"),
        ("idempotency_key", "5e1c2e3d-0000-4000-8000-000000000077"),
    ];
    // Refused fields: the page again, 422, what was typed and the problem.
    let mut bad = form;
    bad[2] = ("budget", "abc");
    let res = owner
        .client
        .post(app.url("/purchases"))
        .header("origin", app.origin())
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("请填写预算金额"), "{html}");
    assert!(html.contains("经集体决策直接选取"), "{html}");
    // Another's project by form: 403.
    let res = stranger
        .client
        .post(app.url("/purchases"))
        .header("origin", app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Cross-site: refused.
    let res = owner
        .client
        .post(app.url("/purchases"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Posted twice: one purchase, the same page.
    let mut places = Vec::new();
    for _ in 0..2 {
        let res = owner
            .client
            .post(app.url("/purchases"))
            .header("origin", app.origin())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        places.push(res.headers()["location"].to_str().unwrap().to_string());
    }
    assert_eq!(places[0], places[1]);
    assert!(places[0].ends_with("?done=posted"));
    let page = owner.page(&app, &places[0]).await;
    assert!(page.contains("采购已发布"), "{page}");
    assert!(page.contains("直接选取"), "{page}");
    assert!(page.contains("服务环节"), "{page}");
    let no = places[0]
        .trim_start_matches("/purchases/")
        .trim_end_matches("?done=posted")
        .to_string();
    // Rating before delivery: the page again with the problem (409).
    let res = owner
        .client
        .post(app.url(&format!("/purchases/{no}/rate")))
        .header("origin", app.origin())
        .form(&[
            ("quality", "5"),
            ("timeliness", "5"),
            ("attitude", "5"),
            ("fee", "5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("本采购当前所处阶段不能进行此操作"));
    // The intermediary's page.
    let page = app
        .get(&format!("/intermediaries/{chosen}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&no), "{page}");
    assert!(page.contains(&credit_code(1)), "{page}");
    let res = app.get("/intermediaries/999999").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Signed out, posting sends to sign in first.
    let res = app.post_form("/purchases", &form).await;
    assert!(res.status().is_redirection(), "{}", res.status());
}

#[tokio::test]
async fn the_demo_marketplace_loads_once_and_ranks() {
    let pool = database(Seed::Demo).await;
    let _app = TestApp::spawn(pool.clone()).await;
    server::demo::load_accounts(&pool, &test_data_key())
        .await
        .unwrap();
    let now = common::test_now();
    server::demo::load_intermediaries(&pool, now).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("select count(*) from intermediary").await, 12);
    assert_eq!(
        count("select count(*) from intermediary i join account a on a.id = i.account_id where a.username = 'agency.demo'").await,
        1
    );
    // No demo project yet: no purchases. With one, they follow.
    assert_eq!(count("select count(*) from intermediary_purchase").await, 0);
    let owner: i64 =
        sqlx::query_scalar("select id from account where username = 'enterprise.demo'")
            .fetch_one(&pool)
            .await
            .unwrap();
    project(&pool, owner, 21).await;
    server::demo::load_intermediaries(&pool, now).await.unwrap();
    server::demo::load_intermediaries(&pool, now).await.unwrap();
    assert_eq!(count("select count(*) from intermediary").await, 12);
    assert_eq!(count("select count(*) from intermediary_rating").await, 10);
    assert_eq!(
        count("select count(*) from intermediary_purchase where state = 'registering'").await,
        1
    );
    let board = store::list(&pool, None, now.date()).await.unwrap();
    assert_eq!(board[0].board.rank, Some(1));
    assert!(board.iter().filter(|l| l.board.rank.is_some()).count() >= 8);
}

/// The errors' field names of a 422.
fn fields(refused: &Value) -> Vec<String> {
    refused["error"]["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_enterprise_registers_itself_as_an_intermediary_and_renews_its_qualifications() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let firm = enterprise(
        &pool,
        "mktfirm.demo",
        "广州示范评估有限公司",
        &credit_code(40),
    )
    .await;
    let person_who = person(&pool, 0).await;
    let join = "/api/v1/intermediaries";
    let good = json!({
        "name_zh": "广州示范评估有限公司",
        "name_en": "Guangzhou Demo Assessment Co., Ltd.",
        "region": "440106",
        "qualifications": [{"service": "energy_assessment", "grade": "b",
                            "certificate": "节评字44000123", "valid_until": "2027-06-30"}]
    });

    // Only an enterprise account; a key is needed.
    let (status, refused) = post_json(&app, &person_who, join, good.clone(), Some(&key(50))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"]["problem"]["problem"], "enterprise_only");
    let (status, _) = post_json(&app, &firm, join, good.clone(), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Every refused field at once, at its field; an expired date too.
    let (status, refused) = post_json(
        &app,
        &firm,
        join,
        json!({"name_zh": "广", "name_en": "", "region": "abc",
               "qualifications": [{"service": "astrology", "grade": "d", "certificate": "",
                                   "valid_until": "2026-09-29"}]}),
        Some(&key(51)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        fields(&refused),
        [
            "name_zh",
            "name_en",
            "region",
            "qualifications[0].service",
            "qualifications[0].grade",
            "qualifications[0].certificate",
            "qualifications[0].valid_until"
        ]
    );
    let mut none = good.clone();
    none["qualifications"] = json!([]);
    let (status, refused) = post_json(&app, &firm, join, none, Some(&key(52))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&refused), ["qualifications[0].service"]);
    let mut nowhere = good.clone();
    nowhere["region"] = json!("449999");
    let (status, refused) = post_json(&app, &firm, join, nowhere, Some(&key(53))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(fields(&refused), ["region"]);

    // Registered under the account's own credit code: 201, then the same
    // key 200 with the same one, another key 409.
    let (status, joined) = post_json(&app, &firm, join, good.clone(), Some(&key(54))).await;
    assert_eq!(status, StatusCode::CREATED, "{joined}");
    assert_eq!(joined["credit_code"], credit_code(40).as_str());
    assert_eq!(joined["qualifications"][0]["valid"], true);
    let id = joined["board"]["id"].as_i64().unwrap();
    let (status, again) = post_json(&app, &firm, join, good.clone(), Some(&key(54))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["board"]["id"], id);
    let (status, refused) = post_json(&app, &firm, join, good.clone(), Some(&key(55))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["error"]["problem"]["problem"], "already_manages");
    // It is on the board for its service.
    let board: Value = app
        .get("/api/v1/intermediaries?service=energy_assessment")
        .await
        .json()
        .await
        .unwrap();
    assert!(board
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["board"]["id"] == id));

    // One registered for no account becomes the enterprise's that holds
    // its code; one another account manages is refused.
    let unmanaged = intermediary(&pool, 41, &["surveying"], None).await;
    let heir = enterprise(
        &pool,
        "mktheir.demo",
        "测试中介机构41有限公司",
        &credit_code(41),
    )
    .await;
    let (status, claimed) = post_json(&app, &heir, join, good.clone(), Some(&key(56))).await;
    assert_eq!(status, StatusCode::CREATED, "{claimed}");
    assert_eq!(claimed["board"]["id"], unmanaged);
    assert_eq!(claimed["qualifications"].as_array().unwrap().len(), 2);
    intermediary(&pool, 42, &["surveying"], Some(person_who.id)).await;
    let taken = enterprise(
        &pool,
        "mkttaken.demo",
        "测试中介机构42有限公司",
        &credit_code(42),
    )
    .await;
    let (status, refused) = post_json(&app, &taken, join, good.clone(), Some(&key(57))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["problem"]["problem"], "code_taken");

    // Adding and renewing a qualification: its manager only, valid today
    // or later.
    let quals = format!("/api/v1/intermediaries/{id}/qualifications");
    let survey = json!({"service": "surveying", "grade": "a", "certificate": "甲测资字44100009",
                        "valid_until": "2026-10-05"});
    let (status, saved) = post_json(&app, &firm, &quals, survey.clone(), None).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["qualifications"].as_array().unwrap().len(), 2);
    let (status, _) = post_json(&app, &heir, &quals, survey.clone(), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut stale = survey.clone();
    stale["valid_until"] = json!("2026-09-29");
    let (status, refused) = post_json(&app, &firm, &quals, stale, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&refused), ["valid_until"]);
    // Registered for a purchase while valid; once expired, renewing it
    // makes it count again.
    let owner = person(&pool, 1).await;
    let (_, code) = project(&pool, owner.id, 40).await;
    let purchase = json!({"project": code, "service": "surveying", "budget": "5000",
                          "deadline_days": 10});
    let (status, posted) = post_json(
        &app,
        &owner,
        "/api/v1/purchases",
        purchase.clone(),
        Some(&key(58)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let reg = format!(
        "/api/v1/purchases/{}/registrations",
        posted["no"].as_str().unwrap()
    );
    let (status, _) = post_json(&app, &firm, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::OK);
    let later = TestApp::spawn_at(pool.clone(), time::macros::datetime!(2026-10-09 10:00 +8)).await;
    let (status, posted) = post_json(
        &later,
        &owner,
        "/api/v1/purchases",
        purchase.clone(),
        Some(&key(59)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let reg = format!(
        "/api/v1/purchases/{}/registrations",
        posted["no"].as_str().unwrap()
    );
    let (status, refused) = post_json(&later, &firm, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["problem"]["problem"], "not_qualified");
    let mut renewed = survey.clone();
    renewed["valid_until"] = json!("2029-10-05");
    let (status, saved) = post_json(&later, &firm, &quals, renewed, None).await;
    assert_eq!(status, StatusCode::OK);
    let surveying = saved["qualifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["service"] == "surveying")
        .unwrap()
        .clone();
    assert_eq!(surveying["valid_until"], "2029-10-05");
    assert_eq!(surveying["valid"], true);
    let (status, _) = post_json(&later, &firm, &reg, json!({}), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_enterprise_registers_by_the_plain_forms() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let firm = enterprise(
        &pool,
        "mktform.demo",
        "广州示范勘察有限公司",
        &credit_code(60),
    )
    .await;
    let person_who = person(&pool, 0).await;
    // The marketplace links to it; a person is told only enterprises may.
    let market = app.get("/intermediaries").await.text().await.unwrap();
    assert!(market.contains("href=\"/me/intermediary\""), "{market}");
    let res = person_who
        .client
        .get(app.url("/me/intermediary"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("只对企业账户开放"));
    let page = firm.page(&app, "/me/intermediary").await;
    assert!(page.contains("action=\"/me/intermediary\""), "{page}");
    assert!(page.contains(&credit_code(60)), "{page}");
    assert!(page.contains("value=\"广州示范勘察有限公司\""), "{page}");

    let form = [
        ("idempotency_key", "5e1c2e3d-0000-4000-8000-000000000061"),
        ("name_zh", "广州示范勘察有限公司"),
        ("name_en", "Guangzhou Demo Geotechnical Co., Ltd."),
        ("region", "440106"),
        ("service", "geological_survey"),
        ("grade", "a"),
        ("certificate", "勘察甲字44000061"),
        ("valid_until", "2028-01-31"),
    ];
    let post = |path: &'static str, form: Vec<(&'static str, &'static str)>| {
        let client = firm.client.clone();
        let url = app.url(path);
        let origin = app.origin();
        async move {
            client
                .post(url)
                .header("origin", origin)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    // Refused: the page again, 422, the problem at its field, what was typed kept.
    let mut bad = form.to_vec();
    bad[7] = ("valid_until", "2026-02-30");
    let res = post("/me/intermediary", bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"mkt-valid_until-error\""), "{html}");
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(
        html.contains("Guangzhou Demo Geotechnical Co., Ltd."),
        "{html}"
    );
    assert!(html.contains("href=\"#mkt-valid_until\""), "{html}");
    // Registered, twice posted: one intermediary.
    for _ in 0..2 {
        let res = post("/me/intermediary", form.to_vec()).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/me/intermediary?done=joined");
    }
    let count: i64 = sqlx::query_scalar("select count(*) from intermediary where account_id = $1")
        .bind(firm.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let page = firm.page(&app, "/me/intermediary?done=joined").await;
    assert!(page.contains("入驻成功"), "{page}");
    assert!(page.contains("勘察甲字44000061"), "{page}");
    assert!(
        page.contains("action=\"/me/intermediary/qualifications\""),
        "{page}"
    );
    // A qualification renewed by its form; refused, the page again.
    let res = post(
        "/me/intermediary/qualifications",
        vec![
            ("service", "geological_survey"),
            ("grade", "b"),
            ("certificate", "勘"),
            ("valid_until", "2029-01-31"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("id=\"mkt-certificate-error\""));
    let res = post(
        "/me/intermediary/qualifications",
        vec![
            ("service", "geological_survey"),
            ("grade", "b"),
            ("certificate", "勘察乙字44000062"),
            ("valid_until", "2029-01-31"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/me/intermediary?done=qualified");
    let page = firm.page(&app, "/me/intermediary?done=qualified").await;
    assert!(
        page.contains("勘察乙字44000062") && page.contains("2029-01-31"),
        "{page}"
    );
    // Cross-site: refused.
    let res = firm
        .client
        .post(app.url("/me/intermediary/qualifications"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
