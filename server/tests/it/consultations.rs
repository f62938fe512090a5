//! Consultations (网上咨询) through the real router and a real PostgreSQL:
//! asking publicly and privately, the department's queue with deadlines on
//! the working-day clock, overdue flags, answering once, the public FAQ
//! (API and item page), who may see and do what, idempotent asking, the
//! asker's verdict, translated problems, and the demo data.

use crate::common;
use common::{database, Seed};

use app::accounts::{
    forms::CitizenForm,
    store::{self, session, Assignment, NewOfficial},
    Role, Username,
};
use common::{test_data_key, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

const PASSWORD: &str = "Correct-Horse-9";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Guangzhou's marriage registration (广州市民政局).
const MARRIAGE: &str = "440100-MZJ-0001";
const KEY_A: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const KEY_B: &str = "7a1c2e3d-0000-4000-8000-000000000001";
const KEY_C: &str = "7a1c2e3d-0000-4000-8000-000000000002";

/// A signed-in client (the session made directly: sign-in has its own tests).
struct Who {
    client: reqwest::Client,
}

async fn session_for(pool: &PgPool, id: i64) -> Who {
    let token = session::start(pool, id).await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("banshi_session={token}").parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Who { client }
}

async fn hall(pool: &PgPool) -> TestApp {
    let app = TestApp::spawn(pool.clone()).await;
    server::demo::load(pool)
        .await
        .expect("demo catalog and processes load");
    app
}

async fn citizen(pool: &PgPool, username: &str, id_number: &str) -> Who {
    let form = CitizenForm {
        username: username.into(),
        password: PASSWORD.into(),
        real_name: "张小明".into(),
        id_number: id_number.into(),
        mobile: "13800138000".into(),
    }
    .parse()
    .unwrap();
    let me = store::register_citizen(pool, &test_data_key(), &form, "test")
        .await
        .unwrap();
    session_for(pool, me.id).await
}

async fn asker(pool: &PgPool) -> Who {
    citizen(pool, "zhang.xm", "440106199003071231").await
}

async fn stranger(pool: &PgPool) -> Who {
    citizen(pool, "li.hua", "440106199205150026").await
}

/// Staff of a Guangzhou department (its first unit and post).
async fn clerk(pool: &PgPool, username: &str, dept: &str) -> Who {
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = 440100 and d.code = $1 order by u.id, p.id limit 1",
    )
    .bind(dept)
    .fetch_one(pool)
    .await
    .unwrap();
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

async fn department_id(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn ask(app: &TestApp, who: &Who, body: Value, key: &str) -> reqwest::Response {
    who.client
        .post(app.url("/api/v1/consultations"))
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Asks and expects a new question; its view.
async fn asked(app: &TestApp, who: &Who, body: Value, key: &str) -> Value {
    let res = ask(app, who, body, key).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    res.json().await.unwrap()
}

async fn get_json(who: &Who, url: String) -> (StatusCode, Value) {
    let res = who.client.get(url).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn answer(app: &TestApp, who: &Who, id: i64, text: &str) -> reqwest::Response {
    who.client
        .post(app.url(&format!("/api/v1/staff/consultations/{id}/answer")))
        .json(&json!({ "answer": text }))
        .send()
        .await
        .unwrap()
}

async fn helpful(app: &TestApp, who: &Who, id: i64, verdict: bool) -> reqwest::Response {
    who.client
        .post(app.url(&format!("/api/v1/consultations/{id}/helpful")))
        .json(&json!({ "helpful": verdict }))
        .send()
        .await
        .unwrap()
}

/// Moves the hall's clock (test mode).
async fn set_now(app: &TestApp, at: &str) {
    let res = app
        .client
        .put(app.url("/api/v1/test/now"))
        .json(&json!({ "now": at }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

async fn staff_queue(app: &TestApp, who: &Who) -> Vec<Value> {
    let (status, body) = get_json(who, app.url("/api/v1/staff/consultations")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn questions_reach_the_department_queue_with_a_working_day_deadline() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let other = clerk(&pool, "clerk.scjgj", "SCJGJ").await;
    let dept = department_id(&pool, "MZJ").await;

    // Wednesday 30 September 2026, 10:00: taken in that day; 5 working
    // days skip the National Day holiday (1–7 October) and count the
    // make-up Saturday, 10 October.
    let public = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "结婚登记需要带户口本吗？", "public": true}),
        KEY_A,
    )
    .await;
    assert_eq!(public["asked_on"], "2026-09-30");
    assert_eq!(public["due_on"], "2026-10-13");
    assert_eq!(public["status"], "open");
    assert_eq!(public["public"], true);
    assert_eq!(public["item_code"], MARRIAGE);
    assert_eq!(public["department"]["zh"], "广州市民政局");
    assert_eq!(public["mine"], true);
    assert_eq!(public["answerable"], false);

    // The same evening, privately, about the bureau in general: taken in on
    // Thursday 8 October, due five working days later.
    set_now(&app, "2026-09-30T20:00:00+08:00").await;
    let private = asked(
        &app,
        &me,
        json!({"department": dept, "question": "民政局周六上班吗？请问几点开门？", "public": false}),
        KEY_B,
    )
    .await;
    assert_eq!(private["asked_on"], "2026-10-08");
    assert_eq!(private["due_on"], "2026-10-14");
    assert_eq!(private["item_code"], Value::Null);
    assert_eq!(private["public"], false);

    let queue = staff_queue(&app, &mzj).await;
    let ids: Vec<i64> = queue.iter().map(id_of).collect();
    assert_eq!(ids, vec![id_of(&public), id_of(&private)], "by deadline");
    assert!(queue
        .iter()
        .all(|q| q["urgency"] == "green" && q["answerable"] == true));
    assert!(
        staff_queue(&app, &other).await.is_empty(),
        "another department's queue"
    );

    // Mine, newest first.
    let (status, mine) = get_json(&me, app.url("/api/v1/me/consultations")).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<i64> = mine.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids, vec![id_of(&private), id_of(&public)]);

    // The pages: my space lists them; the queue page links them.
    let html = me
        .client
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("结婚登记需要带户口本吗？"), "{html}");
    assert!(html.contains(&format!("/consultations/{}", id_of(&private))));
    let res = mzj
        .client
        .get(app.url("/staff/consultations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("/staff/consultations/{}", id_of(&public))));
    assert!(html.contains("2026-10-13") && html.contains("2026-10-14"));
    // The staff desk links the queue.
    let html = mzj
        .client
        .get(app.url("/staff"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("href=\"/staff/consultations\""));
}

#[tokio::test]
async fn questions_past_their_deadline_are_flagged_overdue() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let q = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "离婚登记需要预约吗？", "public": true}),
        KEY_A,
    )
    .await;
    assert_eq!(q["due_on"], "2026-10-13");

    // On the deadline itself: due now (yellow), not yet overdue.
    set_now(&app, "2026-10-13T09:00:00+08:00").await;
    let queue = staff_queue(&app, &mzj).await;
    assert_eq!(queue[0]["status"], "open");
    assert_eq!(queue[0]["urgency"], "yellow");

    // The working day after: overdue, red, in the API, the queue page and
    // the asker's view.
    set_now(&app, "2026-10-14T09:00:00+08:00").await;
    let queue = staff_queue(&app, &mzj).await;
    assert_eq!(queue[0]["status"], "overdue");
    assert_eq!(queue[0]["urgency"], "red");
    let html = mzj
        .client
        .get(app.url("/staff/consultations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("urgency-red") && html.contains("已超期未答复"),
        "{html}"
    );
    let (_, mine) = get_json(
        &me,
        app.url(&format!("/api/v1/consultations/{}", id_of(&q))),
    )
    .await;
    assert_eq!(mine["status"], "overdue");

    // Answered late, it is answered (no longer flagged) and leaves the queue.
    let res = answer(&app, &mzj, id_of(&q), "需要。请先在网上预约。").await;
    assert_eq!(res.status(), StatusCode::OK);
    let answered: Value = res.json().await.unwrap();
    assert_eq!(answered["status"], "answered");
    assert_eq!(answered["urgency"], Value::Null);
    assert_eq!(answered["answered_on"], "2026-10-14");
    assert!(staff_queue(&app, &mzj).await.is_empty());
}

#[tokio::test]
async fn answered_public_questions_are_the_item_faq() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let public = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "办理结婚登记需要双方都到场吗？", "public": true}),
        KEY_A,
    )
    .await;
    let private = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "我的前妻是外籍，再婚要什么材料？", "public": false}),
        KEY_B,
    )
    .await;
    let faq_url = app.url(&format!(
        "/api/v1/consultations?public=true&service={MARRIAGE}"
    ));

    // Nothing is published before the answer.
    let (status, faq) = get_json(
        &Who {
            client: app.client.clone(),
        },
        faq_url.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(faq, json!([]));

    let res = answer(&app, &mzj, id_of(&public), "需要双方共同到场，不能代办。").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let res = answer(
        &app,
        &mzj,
        id_of(&private),
        "请携带离婚证明及经认证的翻译件。",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Answering twice is refused (409), the first answer stands.
    let res = answer(&app, &mzj, id_of(&public), "改个说法。").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "consultation_refused");
    assert_eq!(body["error"]["problem"]["problem"], "already_answered");

    // The FAQ, for anyone: the public one only, with its answer.
    let (status, faq) = get_json(
        &Who {
            client: app.client.clone(),
        },
        faq_url,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let faq = faq.as_array().unwrap();
    assert_eq!(faq.len(), 1, "{faq:?}");
    assert_eq!(faq[0]["question"], "办理结婚登记需要双方都到场吗？");
    assert_eq!(faq[0]["answer"], "需要双方共同到场，不能代办。");
    assert_eq!(faq[0]["answered_on"], "2026-09-30");
    assert!(faq[0].get("asker_id").is_none() && faq[0].get("mine").is_none());
    // By department as well; `public` may be left out.
    let dept = department_id(&pool, "MZJ").await;
    let res = app
        .get(&format!("/api/v1/consultations?department={dept}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.unwrap().as_array().unwrap().len(),
        1
    );
    // Private questions are never listed publicly.
    let res = app
        .get(&format!(
            "/api/v1/consultations?public=false&service={MARRIAGE}"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Neither item nor department: every answered public question,
    // searchable by any word of the question or the answer (one Chinese
    // character is enough); never the private one.
    let listed = |path: &'static str| {
        let app = &app;
        async move {
            let res = app.get(path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.json::<Value>()
                .await
                .unwrap()
                .as_array()
                .unwrap()
                .clone()
        }
    };
    assert_eq!(listed("/api/v1/consultations?public=true").await.len(), 1);
    let found = listed("/api/v1/consultations?q=%E5%88%B0%E5%9C%BA").await; // 到场
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["question"], "办理结婚登记需要双方都到场吗？");
    assert_eq!(listed("/api/v1/consultations?q=%E4%BB%A3").await.len(), 1); // 代 (in the answer)
    assert!(listed("/api/v1/consultations?q=%E5%89%8D%E5%A6%BB")
        .await
        .is_empty()); // 前妻: private
    assert!(listed("/api/v1/consultations?q=%E6%88%B7%E5%8F%A3")
        .await
        .is_empty()); // 户口: nowhere
    assert!(listed("/api/v1/consultations?q=both&page=2")
        .await
        .is_empty());
    for bad in ["page=0", "page=501", "page=x"] {
        let res = app.get(&format!("/api/v1/consultations?{bad}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let res = app.get("/consultations?q=%E5%88%B0%E5%9C%BA").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("办理结婚登记需要双方都到场吗？"), "{html}");
    assert!(!html.contains("我的前妻是外籍"));
    let res = app
        .get("/api/v1/consultations?service=440100-MZJ-9999")
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The item page shows the FAQ and the way to ask, not the private one.
    let res = app.get(&format!("/services/{MARRIAGE}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("常见问题"), "{html}");
    assert!(html.contains("办理结婚登记需要双方都到场吗？"));
    assert!(html.contains("需要双方共同到场，不能代办。"));
    assert!(!html.contains("我的前妻是外籍"));
    assert!(html.contains(&format!("/consult?service={MARRIAGE}")));
    // The published question's page is open to anyone.
    let res = app.get(&format!("/consultations/{}", id_of(&public))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("需要双方共同到场，不能代办。"));
}

#[tokio::test]
async fn private_and_unanswered_questions_are_404_for_strangers() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let other = stranger(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let elsewhere = clerk(&pool, "clerk.scjgj", "SCJGJ").await;
    let anonymous = Who {
        client: app.client.clone(),
    };
    let private = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "我的户口在外地，能在广州登记吗？", "public": false}),
        KEY_A,
    )
    .await;
    let public_open = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "登记当天可以拍结婚照吗？", "public": true}),
        KEY_B,
    )
    .await;
    for q in [&private, &public_open] {
        let url = app.url(&format!("/api/v1/consultations/{}", id_of(q)));
        for who in [&anonymous, &other, &elsewhere] {
            assert_eq!(get_json(who, url.clone()).await.0, StatusCode::NOT_FOUND);
        }
        assert_eq!(get_json(&me, url.clone()).await.0, StatusCode::OK);
        let (status, seen) = get_json(&mzj, url).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(seen["answerable"], true);
        assert_eq!(seen["mine"], false);
    }
    // An unknown one looks the same.
    assert_eq!(
        get_json(&anonymous, app.url("/api/v1/consultations/999999"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // The page too: 404 for a stranger, the question for the asker.
    let page = format!("/consultations/{}", id_of(&private));
    let res = other.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!res.text().await.unwrap().contains("我的户口在外地"));
    let res = app.get(&page).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = me.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("我的户口在外地"));
    // Another department's clerk cannot answer a private question: 404.
    let res = answer(&app, &elsewhere, id_of(&private), "答非所问。").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = elsewhere
        .client
        .get(app.url(&format!("/staff/consultations/{}", id_of(&private))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Answered and public, it is no longer theirs to answer: 403.
    answer(&app, &mzj, id_of(&public_open), "可以，登记处设有颁证厅。").await;
    let res = answer(&app, &elsewhere, id_of(&public_open), "答非所问。").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn asking_twice_with_one_key_makes_one_question() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let body = json!({"service": MARRIAGE, "question": "补领结婚证要多久？", "public": true});
    let first = asked(&app, &me, body.clone(), KEY_A).await;
    // A retry (even with a different text) finds the same question.
    let res = ask(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "x"}),
        KEY_A,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let again: Value = res.json().await.unwrap();
    assert_eq!(id_of(&again), id_of(&first));
    // The key may come in the body too.
    let mut with_key = body.clone();
    with_key["idempotency_key"] = json!(KEY_A);
    let res = me
        .client
        .post(app.url("/api/v1/consultations"))
        .json(&with_key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // No key, or not a UUID: 400.
    let res = me
        .client
        .post(app.url("/api/v1/consultations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = ask(&app, &me, body.clone(), "not-a-key").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The form, sent twice with its key (a double click): one question.
    let form = [
        ("service", MARRIAGE),
        ("question", "结婚登记收费吗？"),
        ("public", "false"),
        ("idempotency_key", KEY_B),
    ];
    let mut locations = Vec::new();
    for _ in 0..2 {
        let res = me
            .client
            .post(app.url("/consult"))
            .header("origin", app.origin())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        locations.push(res.headers()["location"].to_str().unwrap().to_string());
    }
    assert_eq!(locations[0], locations[1]);
    assert!(locations[0].starts_with("/consultations/"));
    let count: i64 = sqlx::query_scalar("select count(*) from consultation")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    let public: bool =
        sqlx::query_scalar("select public from consultation where question = '结婚登记收费吗？'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!public, "the form's private choice is kept");
}

#[tokio::test]
async fn only_the_asker_says_whether_an_answer_helped_once_it_is_given() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let other = stranger(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let public = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "结婚登记可以异地办理吗？", "public": true}),
        KEY_A,
    )
    .await;
    let private = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "登记员可以上门办理吗？", "public": false}),
        KEY_B,
    )
    .await;
    // Not answered yet: 409.
    let res = helpful(&app, &me, id_of(&public), true).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["problem"]["problem"], "not_answered");

    answer(&app, &mzj, id_of(&public), "可以，全省通办。").await;
    answer(&app, &mzj, id_of(&private), "不可以。").await;
    // Someone else: 403 on the published one, 404 on the private one; the
    // department's clerk is not the asker either.
    assert_eq!(
        helpful(&app, &other, id_of(&public), false).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        helpful(&app, &other, id_of(&private), false).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        helpful(&app, &mzj, id_of(&public), false).await.status(),
        StatusCode::FORBIDDEN
    );
    let anonymous = app
        .client
        .post(app.url(&format!("/api/v1/consultations/{}/helpful", id_of(&public))))
        .json(&json!({"helpful": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // The asker: yes, through the API.
    let res = helpful(&app, &me, id_of(&public), true).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["helpful"], true);
    // The page offers the question to the asker only.
    let page = format!("/consultations/{}", id_of(&private));
    let html = me
        .client
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("这个答复对您有帮助吗？"), "{html}");
    let html = app
        .get(&format!("/consultations/{}", id_of(&public)))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("这个答复对您有帮助吗？"));
    // No, through the form.
    let res = me
        .client
        .post(app.url(&format!("{page}/helpful")))
        .header("origin", app.origin())
        .form(&[("helpful", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], page.as_str());
    let verdict: Option<bool> =
        sqlx::query_scalar("select helpful from consultation where id = $1")
            .bind(id_of(&private))
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(verdict, Some(false));
}

#[tokio::test]
async fn roles_and_origins_are_checked() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    let q = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "结婚登记要照片吗？", "public": true}),
        KEY_A,
    )
    .await;
    // Citizens have no queue and cannot answer.
    assert_eq!(
        get_json(&me, app.url("/api/v1/staff/consultations"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        answer(&app, &me, id_of(&q), "我自己答。").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = me
        .client
        .get(app.url("/staff/consultations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Staff do not ask.
    let res = ask(
        &app,
        &mzj,
        json!({"service": MARRIAGE, "question": "我也想问一下。"}),
        KEY_B,
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // No session: 401 for the API, sign in first for the pages.
    let res = app
        .client
        .post(app.url("/api/v1/consultations"))
        .header("idempotency-key", KEY_C)
        .json(&json!({"service": MARRIAGE, "question": "匿名能问吗？"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/v1/me/consultations").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app.get(&format!("/consult?service={MARRIAGE}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/login?next="), "{location}");
    assert!(location.contains("consult"), "{location}");
    let res = app.get("/staff/consultations").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app
        .post_form(
            "/consult",
            &[("service", MARRIAGE), ("question", "匿名能问吗？")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A form posted from another site is refused before anything happens.
    let res = mzj
        .client
        .post(app.url(&format!("/staff/consultations/{}", id_of(&q))))
        .header("origin", "https://evil.example")
        .form(&[("answer", "被伪造的答复")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The department's clerk answers through the form: back to the queue.
    let res = mzj
        .client
        .post(app.url(&format!("/staff/consultations/{}", id_of(&q))))
        .header("origin", app.origin())
        .form(&[("answer", "需要近期二寸双人合影照片三张。")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/staff/consultations");
    let answer: Option<String> =
        sqlx::query_scalar("select answer from consultation where id = $1")
            .bind(id_of(&q))
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(answer.as_deref(), Some("需要近期二寸双人合影照片三张。"));
}

#[tokio::test]
async fn bad_questions_and_answers_are_refused_with_translated_messages() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = asker(&pool).await;
    let mzj = clerk(&pool, "clerk.mzj", "MZJ").await;
    // Too short: 422, in Chinese by default, in English when asked.
    let res = ask(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": " 怎么办？ "}),
        KEY_A,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "consultation_refused");
    assert_eq!(body["error"]["problem"]["problem"], "question_too_short");
    assert_eq!(body["error"]["problem"]["min"], 5);
    let zh = body["error"]["message"].as_str().unwrap();
    assert!(zh.contains("至少需要 5 个字"), "{zh}");
    let res = me
        .client
        .post(app.url("/api/v1/consultations"))
        .header("idempotency-key", KEY_A)
        .header("accept-language", "en")
        .json(&json!({"service": MARRIAGE, "question": "问".repeat(1001)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let en = body["error"]["message"].as_str().unwrap();
    assert!(en.contains("at most 1000 characters"), "{en}");
    // A refused question does not use up its key.
    asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "怎么办理结婚登记？"}),
        KEY_A,
    )
    .await;
    // An unknown item: 404; neither item nor department: 400.
    let res = ask(
        &app,
        &me,
        json!({"service": "440100-MZJ-9999", "question": "这个事项存在吗？"}),
        KEY_B,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = ask(&app, &me, json!({"question": "问谁呢？问谁呢？"}), KEY_B).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The form sent back: 422, the text kept, the same key, the problem at
    // the field.
    let res = me
        .client
        .post(app.url("/consult"))
        .header("origin", app.origin())
        .form(&[
            ("service", MARRIAGE),
            ("question", "要钱吗"),
            ("public", "false"),
            ("idempotency_key", KEY_C),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("要钱吗"), "{html}");
    assert!(html.contains(KEY_C));
    assert!(html.contains("问题太短，至少需要 5 个字。"));
    assert!(html.contains("aria-invalid=\"true\""));
    // In English, with the language cookie.
    let res = me
        .client
        .post(app.url("/consult"))
        .header("origin", app.origin())
        .header("accept-language", "en")
        .form(&[
            ("service", MARRIAGE),
            ("question", "why"),
            ("idempotency_key", KEY_C),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The question is too short: write at least 5 characters."),
        "{html}"
    );

    // An answer too short: 422, through the API and the form (text kept).
    let q = asked(
        &app,
        &me,
        json!({"service": MARRIAGE, "question": "结婚登记要多久？"}),
        KEY_B,
    )
    .await;
    let res = answer(&app, &mzj, id_of(&q), "是").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = mzj
        .client
        .post(app.url(&format!("/staff/consultations/{}", id_of(&q))))
        .header("origin", app.origin())
        .form(&[("answer", " 快 ")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("答复太短，至少需要 2 个字。"), "{html}");
}

#[tokio::test]
async fn the_demo_has_an_faq_an_open_and_an_overdue_question() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    server::demo::load_accounts(&pool, &test_data_key())
        .await
        .unwrap();
    server::demo::load_consultations(&pool, common::test_now())
        .await
        .unwrap();
    // Loading again adds nothing.
    server::demo::load_consultations(&pool, common::test_now())
        .await
        .unwrap();
    let res = app
        .get(&format!(
            "/api/v1/consultations?public=true&service={}",
            server::demo::FAQ_ITEM
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let faq: Vec<Value> = res.json().await.unwrap();
    assert_eq!(faq.len(), 3, "{faq:?}");
    let html = app
        .get(&format!("/services/{}", server::demo::FAQ_ITEM))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("办理结婚登记需要双方都到场吗？"));
    // The demo's answers are written directly: searchable once the start's
    // indexing has run (and it runs once).
    let search = "/api/v1/consultations?q=%E5%88%B0%E5%9C%BA"; // 到场
    let found: Vec<Value> = app.get(search).await.json().await.unwrap();
    assert!(found.is_empty());
    let indexed = app::consultations::store::index_unindexed(&pool)
        .await
        .unwrap();
    assert!(indexed >= 3, "{indexed}");
    assert_eq!(
        app::consultations::store::index_unindexed(&pool)
            .await
            .unwrap(),
        0
    );
    let found: Vec<Value> = app.get(search).await.json().await.unwrap();
    assert!(
        found.iter().any(|f| f["question"]
            .as_str()
            .unwrap()
            .starts_with("办理结婚登记需要双方都到场吗？")),
        "{found:?}"
    );
    for f in &found {
        let text = format!("{}{}", f["question"], f["answer"]);
        assert!(text.contains("到场"), "{text}");
    }

    let staff: i64 = sqlx::query_scalar("select id from account where username = 'staff.gz.mzj'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mzj = session_for(&pool, staff).await;
    let queue = staff_queue(&app, &mzj).await;
    let statuses: Vec<&str> = queue
        .iter()
        .map(|q| q["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["overdue", "open"]);
    let citizen: i64 = sqlx::query_scalar("select id from account where username = 'citizen.demo'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let me = session_for(&pool, citizen).await;
    let (_, mine) = get_json(&me, app.url("/api/v1/me/consultations")).await;
    assert_eq!(mine.as_array().unwrap().len(), 6);
}
