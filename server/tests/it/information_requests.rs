//! Requests for information (依申请公开, issue 20) through the real router
//! and a real PostgreSQL: submitting is idempotent and the answer is due
//! 20 working days later across the National Day holiday; the one
//! extension is approved by the office head only, not by who asked, and
//! once; a supplement and a third party stop the clock by exactly the
//! working days they take; an answer names its kind, and a reason exactly
//! for what is withheld, with the appeal routes; nobody else reads or acts
//! on a request.

use crate::common;
use common::{citizen, database, official, test_data_key, Seed, TestApp, Who};

use app::{
    accounts::{store::Assignment, Me, Role as AccountRole, Username},
    disclosure::{
        request::{Action, Outcome, Withheld},
        requests::store::{self, NewRequest},
    },
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::{macros::date, Date};

async fn department(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A staff member of `code` (Guangzhou), the office head when `head`.
async fn staff(pool: &PgPool, username: &str, code: &str, head: bool) -> Who {
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = 440100 and d.code = $1 order by u.id, p.id limit 1",
    )
    .bind(code)
    .fetch_one(pool)
    .await
    .unwrap();
    let who = official(
        pool,
        username,
        AccountRole::Staff,
        Assignment::Post(d, u, p),
    )
    .await;
    if head {
        sqlx::query(
            "insert into publishing_role (account_id, department_id, role) values ($1, $2, 'office_head')",
        )
        .bind(who.id)
        .bind(d)
        .execute(pool)
        .await
        .unwrap();
    }
    who
}

async fn me(pool: &PgPool, username: &str) -> Me {
    app::accounts::store::by_username(pool, &Username::parse(username).unwrap())
        .await
        .unwrap()
        .unwrap()
}

async fn inbox_kinds(pool: &PgPool, account: i64) -> Vec<String> {
    app::notifications::store::inbox(pool, account, app::i18n::Lang::En, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.as_str().to_string())
        .collect()
}

async fn submit(app: &TestApp, who: &Who, key: &str, body: &Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url("/api/v1/information-requests"))
        .header("origin", app.origin())
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn step(app: &TestApp, who: &Who, no: &str, action: Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url(&format!("/api/v1/information-requests/{no}/steps")))
        .header("origin", app.origin())
        .json(&action)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, who: &Who, no: &str) -> (StatusCode, Value) {
    let res = who
        .client
        .get(app.url(&format!("/api/v1/information-requests/{no}")))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn request_to(department: i64) -> Value {
    json!({
        "department": department,
        "description": "2026年广州市最低生活保障标准调整的通知及测算依据。",
        "purpose": "了解低保标准",
        "delivery": "online",
    })
}

#[tokio::test]
async fn submitting_is_idempotent_and_due_twenty_working_days_after_the_holiday() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let mzj = department(&pool, "MZJ").await;
    let office = staff(&pool, "ir.office.a", "MZJ", false).await;
    let asker = citizen(&pool, &test_data_key(), "ir.a", "440106199003071231").await;
    let key = uuid::Uuid::new_v4().to_string();
    let (status, first) = submit(&app, &asker, &key, &request_to(mzj)).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let no = first["request_no"].as_str().unwrap().to_string();
    assert!(no.starts_with("YS20260930"), "{no}");
    // Received Wednesday 30 September: 1–7 October off, Saturday 10
    // October worked: the 20th working day is Tuesday 3 November.
    assert_eq!(first["due_on"], "2026-11-03");
    // The same key again: the same request, whatever is sent.
    let (status, again) = submit(&app, &asker, &key, &request_to(mzj + 1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["request_no"], no.as_str());
    let count: i64 =
        sqlx::query_scalar("select count(*) from information_request where applicant_id = $1")
            .bind(asker.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(count, 1);
    // The office is told; the request is in its queue and in mine.
    assert_eq!(
        inbox_kinds(&pool, office.id).await,
        vec!["information_request_received"]
    );
    let queue: Value = office
        .client
        .get(app.url("/api/v1/staff/information-requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue[0]["request_no"], no.as_str());
    assert_eq!(queue[0]["days_left"], 20);
    let res = asker
        .client
        .get(app.url("/api/v1/me/information-requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["cache-control"].to_str().unwrap(),
        "private, no-store"
    );
    let mine: Value = res.json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // What cannot be taken: 422; no key: 400; staff cannot request: 403.
    let (status, body) = submit(
        &app,
        &asker,
        &uuid::Uuid::new_v4().to_string(),
        &json!({"department": mzj, "description": "短", "delivery": "online"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "information_request_refused");
    let (status, _) = submit(
        &app,
        &asker,
        &uuid::Uuid::new_v4().to_string(),
        &json!({"department": mzj, "description": "足够长的描述内容", "delivery": "fax"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = asker
        .client
        .post(app.url("/api/v1/information-requests"))
        .header("origin", app.origin())
        .json(&request_to(mzj))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let (status, _) = submit(
        &app,
        &office,
        &uuid::Uuid::new_v4().to_string(),
        &request_to(mzj),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nobody else: another citizen and another department's staff get 404.
    let other = citizen(&pool, &test_data_key(), "ir.b", "440106199205150026").await;
    let police = staff(&pool, "ir.police", "GAJ", false).await;
    for who in [&other, &police] {
        assert_eq!(get(&app, who, &no).await.0, StatusCode::NOT_FOUND);
        let (status, _) = step(&app, who, &no, json!({"action": "withdraw"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = step(
        &app,
        &police,
        &no,
        json!({"action": "answer", "outcome": "disclosed", "text": "答复如下。"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The office reads it (audited); the applicant may only withdraw.
    let (status, seen) = get(&app, &office, &no).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        seen["offered"],
        json!(["ask_supplement", "consult", "ask_extension", "answer"])
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event
         where action = 'personal_data_read' and actor_id = $1 and subject_id = $2",
    )
    .bind(office.id)
    .bind(asker.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(audited >= 1);
    let (_, own) = get(&app, &asker, &no).await;
    assert_eq!(own["offered"], json!(["withdraw"]));
}

#[tokio::test]
async fn the_extension_is_approved_by_the_office_head_who_did_not_ask_and_only_once() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let mzj = department(&pool, "MZJ").await;
    let clerk = staff(&pool, "ir.clerk", "MZJ", false).await;
    let head = staff(&pool, "ir.head", "MZJ", true).await;
    let asker = citizen(&pool, &test_data_key(), "ir.c", "440106199003071231").await;
    let (_, first) = submit(
        &app,
        &asker,
        &uuid::Uuid::new_v4().to_string(),
        &request_to(mzj),
    )
    .await;
    let no = first["request_no"].as_str().unwrap().to_string();
    let ask = json!({"action": "ask_extension", "days": 20, "reason": "涉及多个处室"});
    // The head's own request cannot be approved by the head.
    let (status, _) = step(&app, &head, &no, ask.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = step(&app, &head, &no, json!({"action": "approve_extension"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"]["problem"]["deadline"]["problem"],
        "own_approval"
    );
    let (status, _) = step(
        &app,
        &head,
        &no,
        json!({"action": "refuse_extension", "reason": "请按期答复"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The clerk asks; a clerk cannot approve; the head can.
    let (status, _) = step(&app, &clerk, &no, ask.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = step(&app, &clerk, &no, json!({"action": "approve_extension"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = step(&app, &asker, &no, json!({"action": "approve_extension"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, after) = step(&app, &head, &no, json!({"action": "approve_extension"})).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    // 3 November + 20 working days = 1 December.
    assert_eq!(after["due_on"], "2026-12-01");
    assert_eq!(after["extension_days"], 20);
    assert!(inbox_kinds(&pool, asker.id)
        .await
        .contains(&"information_request_extended".to_string()));
    // Once only.
    let (status, body) = step(
        &app,
        &clerk,
        &no,
        json!({"action": "ask_extension", "days": 5, "reason": "再延"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"]["problem"]["deadline"]["problem"],
        "already_extended"
    );
    let stored: (Date, Option<i32>) = sqlx::query_as(
        "select due_on, extension_days from information_request where request_no = $1",
    )
    .bind(&no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stored, (date!(2026 - 12 - 01), Some(20)));
}

#[tokio::test]
async fn a_supplement_and_a_consultation_stop_the_clock_by_the_working_days_they_take() {
    let pool = database(Seed::Demo).await;
    server::reference::load(&pool).await.unwrap();
    let cal = app::clock::store::load(&pool).await.unwrap();
    let mzj = department(&pool, "MZJ").await;
    staff(&pool, "ir.clerk.p", "MZJ", false).await;
    citizen(&pool, &test_data_key(), "ir.d", "440106199003071231").await;
    let (clerk, asker) = (me(&pool, "ir.clerk.p").await, me(&pool, "ir.d").await);
    let at = |d: Date| {
        d.with_time(time::macros::time!(10:00))
            .assume_offset(time::macros::offset!(+8))
    };
    let day = date!(2026 - 09 - 14);
    let new = NewRequest {
        department: Some(mzj),
        description: "2025年的道路规划文件".into(),
        delivery: "post".into(),
        ..NewRequest::default()
    };
    let s = store::submit(
        &pool,
        &cal,
        &asker,
        &new,
        uuid::Uuid::new_v4(),
        at(day),
        day,
    )
    .await
    .unwrap();
    assert_eq!(s.due_on, date!(2026 - 10 - 16));
    let no = s.request_no;
    let due = |pool: PgPool, no: String| async move {
        sqlx::query_scalar::<_, Date>(
            "select due_on from information_request where request_no = $1",
        )
        .bind(no)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let take = |who: Me, d: Date, a: Action| {
        let (pool, cal, no) = (pool.clone(), cal.clone(), no.clone());
        async move { store::take_step(&pool, &cal, &who, &no, &a, at(d), d).await }
    };
    // Asked on 16 September, supplemented on Monday 21 September: 17, 18,
    // Sunday 20 (a make-up working day) and 21 not counted — four.
    take(
        clerk.clone(),
        date!(2026 - 09 - 16),
        Action::AskSupplement {
            what: "请说明文件名称".into(),
        },
    )
    .await
    .unwrap();
    take(
        asker.clone(),
        date!(2026 - 09 - 21),
        Action::Supplement {
            text: "2025年天河区道路规划文件".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(due(pool.clone(), no.clone()).await, date!(2026 - 10 - 22));
    // A supplement is asked once.
    let again = take(
        clerk.clone(),
        date!(2026 - 09 - 22),
        Action::AskSupplement {
            what: "再补".into(),
        },
    )
    .await;
    assert!(again.is_err());
    // A third party consulted on 22 September never answers: at most 15
    // working days are not counted, however late the office ends it.
    take(
        clerk.clone(),
        date!(2026 - 09 - 22),
        Action::Consult {
            party: "某公司".into(),
        },
    )
    .await
    .unwrap();
    take(
        clerk.clone(),
        date!(2026 - 10 - 26),
        Action::EndConsultation {
            note: "第三方逾期未提出意见".into(),
        },
    )
    .await
    .unwrap();
    // 22 October + 15 working days = 12 November.
    assert_eq!(due(pool.clone(), no.clone()).await, date!(2026 - 11 - 12));
    let pauses: Vec<(Date, Date, String)> = sqlx::query_as(
        "select p.from_on, p.to_on, p.reason from information_request_pause p
         join information_request r on r.id = p.request_id where r.request_no = $1 order by p.from_on",
    )
    .bind(&no)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        pauses,
        vec![
            (
                date!(2026 - 09 - 17),
                date!(2026 - 09 - 21),
                "supplement".to_string()
            ),
            (
                date!(2026 - 09 - 23),
                date!(2026 - 10 - 20),
                "consultation".to_string()
            ),
        ]
    );
    let events: Vec<String> = sqlx::query_scalar(
        "select e.action from information_request_event e
         join information_request r on r.id = e.request_id where r.request_no = $1 order by e.id",
    )
    .bind(&no)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            "submit",
            "ask_supplement",
            "supplement",
            "consult",
            "end_consultation"
        ]
    );
    // The log is append-only.
    assert!(sqlx::query("delete from information_request_event")
        .execute(&pool)
        .await
        .is_err());
    assert!(inbox_kinds(&pool, asker.id)
        .await
        .contains(&"information_request_supplement".to_string()));
    // Answered on 28 October: the appeal routes count from that day.
    take(
        clerk.clone(),
        date!(2026 - 10 - 28),
        Action::Answer {
            outcome: Outcome::NotHeld,
            withheld: None,
            holder: "广州市规划和自然资源局".into(),
            text: "本机关不掌握该信息。".into(),
        },
    )
    .await
    .unwrap();
    let v = store::get(&pool, &cal, &asker, &no, date!(2026 - 10 - 28))
        .await
        .unwrap();
    assert_eq!(v.holder.as_deref(), Some("广州市规划和自然资源局"));
    assert_eq!(v.review_by.as_deref(), Some("2026-12-27"));
    assert_eq!(v.lawsuit_by.as_deref(), Some("2027-04-28"));
    assert!(v.offered.is_empty());
}

#[tokio::test]
async fn an_answer_names_its_kind_a_reason_exactly_for_what_is_withheld_and_the_appeal_routes() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let mzj = department(&pool, "MZJ").await;
    let clerk = staff(&pool, "ir.clerk.o", "MZJ", false).await;
    let asker = citizen(&pool, &test_data_key(), "ir.e", "440106199003071231").await;
    let (_, first) = submit(
        &app,
        &asker,
        &uuid::Uuid::new_v4().to_string(),
        &request_to(mzj),
    )
    .await;
    let no = first["request_no"].as_str().unwrap().to_string();
    let answer = |outcome: &str, withheld: Option<&str>| json!({"action": "answer", "outcome": outcome, "withheld": withheld, "text": "经审查，答复如下。"});
    for (outcome, withheld) in [
        ("partly_disclosed", None),
        ("not_disclosed", None),
        ("disclosed", Some("state_secret")),
        ("not_held", Some("security")),
    ] {
        let (status, body) = step(&app, &clerk, &no, answer(outcome, withheld)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{outcome}: {body}"
        );
        assert_eq!(body["error"]["problem"]["problem"], "withheld");
    }
    let (status, body) = step(&app, &clerk, &no, answer("no_supplement", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // The applicant cannot answer.
    let (status, _) = step(
        &app,
        &asker,
        &no,
        answer("partly_disclosed", Some("third_party_rights")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = step(
        &app,
        &clerk,
        &no,
        answer("partly_disclosed", Some("third_party_rights")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "answered");
    assert_eq!(v["outcome"], "partly_disclosed");
    assert_eq!(v["withheld"], "third_party_rights");
    // Answered on 30 September: review by 29 November, lawsuit by 30 March.
    assert_eq!(v["answered_on"], "2026-09-30");
    assert_eq!(v["review_by"], "2026-11-29");
    assert_eq!(v["lawsuit_by"], "2027-03-30");
    assert!(inbox_kinds(&pool, asker.id)
        .await
        .contains(&"information_request_answered".to_string()));
    let stored: (String, Option<String>, Option<String>) = sqlx::query_as(
        "select state, outcome, withheld from information_request where request_no = $1",
    )
    .bind(&no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        stored,
        (
            "answered".into(),
            Some(Outcome::PartlyDisclosed.code().into()),
            Some(Withheld::ThirdPartyRights.code().into())
        )
    );
    // Final: nothing more, not even a withdrawal.
    let (status, _) = step(&app, &asker, &no, json!({"action": "withdraw"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The applicant's page names the outcome, the reason and both routes
    // with their dates, without JavaScript.
    let page = asker
        .page(&app, &format!("/me/information-requests/{no}"))
        .await;
    for text in [
        "部分公开",
        "保护第三方合法权益",
        "行政复议",
        "2026-11-29",
        "行政诉讼",
        "2027-03-30",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    // The forms: a step posted without JavaScript comes back to the page.
    let res = clerk
        .client
        .post(app.url(&format!("/staff/information-requests/{no}/steps")))
        .header("origin", app.origin())
        .form(&[("action", "withdraw")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_request_form_works_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let mzj = department(&pool, "MZJ").await;
    let asker = citizen(&pool, &test_data_key(), "ir.f", "440106199003071231").await;
    let page = asker.page(&app, "/disclosure/requests/new").await;
    assert!(page.contains("申请政府信息公开"));
    assert!(page.contains("广州市民政局"));
    let key = uuid::Uuid::new_v4().to_string();
    let department = mzj.to_string();
    let form = [
        ("idempotency_key", key.as_str()),
        ("department", department.as_str()),
        ("description", "广州市2026年养老服务补贴的发放标准。"),
        ("purpose", ""),
        ("delivery", "collect"),
    ];
    let res = asker
        .client
        .post(app.url("/disclosure/requests/new"))
        .header("origin", app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/me/information-requests/YS20260930"),
        "{to}"
    );
    let shown = asker.page(&app, &to).await;
    assert!(shown.contains("2026-11-03"), "the due date is shown");
    // A problem shows the form again with what was typed.
    let res = asker
        .client
        .post(app.url("/disclosure/requests/new"))
        .header("origin", app.origin())
        .form(&[
            ("idempotency_key", uuid::Uuid::new_v4().to_string().as_str()),
            ("department", department.as_str()),
            ("description", "短"),
            ("delivery", "online"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_monitor_raises_yellow_then_red_once_and_not_while_the_clock_stands_still() {
    let pool = database(Seed::Demo).await;
    server::reference::load(&pool).await.unwrap();
    let cal = app::clock::store::load(&pool).await.unwrap();
    let mzj = department(&pool, "MZJ").await;
    let clerk = staff(&pool, "ir.clerk.m", "MZJ", false).await;
    let head = staff(&pool, "ir.head.m", "MZJ", true).await;
    citizen(&pool, &test_data_key(), "ir.g", "440106199003071231").await;
    let asker = me(&pool, "ir.g").await;
    let day = date!(2026 - 09 - 14);
    let at = day
        .with_time(time::macros::time!(10:00))
        .assume_offset(time::macros::offset!(+8));
    let new = |text: &str| NewRequest {
        department: Some(mzj),
        description: text.into(),
        delivery: "online".into(),
        ..NewRequest::default()
    };
    // Due 16 October; a second one waits for a supplement (no alert).
    let s = store::submit(
        &pool,
        &cal,
        &asker,
        &new("某文件的全文内容"),
        uuid::Uuid::new_v4(),
        at,
        day,
    )
    .await
    .unwrap();
    assert_eq!(s.due_on, date!(2026 - 10 - 16));
    let paused = store::submit(
        &pool,
        &cal,
        &asker,
        &new("另一份文件的内容"),
        uuid::Uuid::new_v4(),
        at,
        day,
    )
    .await
    .unwrap();
    store::take_step(
        &pool,
        &cal,
        &me(&pool, "ir.clerk.m").await,
        &paused.request_no,
        &Action::AskSupplement {
            what: "请说明文件名称".into(),
        },
        at,
        day,
    )
    .await
    .unwrap();
    let scan = |today: Date| {
        let (pool, cal) = (pool.clone(), cal.clone());
        async move {
            server::jobs::information_request_alerts::scan(&pool, &cal, today, 3, None)
                .await
                .unwrap()
        }
    };
    assert_eq!(scan(date!(2026 - 10 - 09)).await.alerts, 0);
    let yellow = scan(date!(2026 - 10 - 14)).await;
    assert_eq!((yellow.watched, yellow.alerts), (1, 1));
    assert_eq!(scan(date!(2026 - 10 - 15)).await.alerts, 0, "once");
    assert!(inbox_kinds(&pool, clerk.id)
        .await
        .contains(&"information_request_due_soon".to_string()));
    let red = scan(date!(2026 - 10 - 19)).await;
    assert_eq!(red.alerts, 1);
    assert!(inbox_kinds(&pool, head.id)
        .await
        .contains(&"information_request_overdue".to_string()));
    assert_eq!(scan(date!(2026 - 10 - 20)).await.alerts, 0, "once");
}

/// What was disclosed on a request becomes a proactive document with one
/// click (依申请公开转主动公开): a draft of the department's, by one of its
/// editors, never public before review; one draft per request, whoever
/// clicks; nothing to make when nothing was disclosed.
#[tokio::test]
async fn what_was_disclosed_becomes_a_draft_document_in_one_click() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let mzj = department(&pool, "MZJ").await;
    let clerk = staff(&pool, "ir.clerk.p", "MZJ", false).await;
    let editor = staff(&pool, "ir.editor.p", "MZJ", false).await;
    let second = staff(&pool, "ir.editor.q", "MZJ", false).await;
    for who in [&editor, &second] {
        sqlx::query("insert into publishing_role (account_id, department_id, role) values ($1, $2, 'editor')")
            .bind(who.id)
            .bind(mzj)
            .execute(&pool)
            .await
            .unwrap();
    }
    let asker = citizen(&pool, &test_data_key(), "ir.p", "440106197912030040").await;
    let make = |who: &Who, no: &str| {
        let req = who
            .client
            .post(app.url(&format!("/api/v1/information-requests/{no}/document")))
            .header("origin", app.origin());
        async move {
            let res = req.send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let ask = |key: &'static str| {
        let (app, asker) = (&app, &asker);
        async move {
            let (_, v) = submit(app, asker, key, &request_to(mzj)).await;
            v["request_no"].as_str().unwrap().to_string()
        }
    };
    let no = ask("0e9a3f4c-1111-4a4a-8a8a-000000000001").await;
    // Not answered yet: nothing to make.
    let (status, body) = make(&editor, &no).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let answer = json!({"action": "answer", "outcome": "partly_disclosed",
                        "withheld": "third_party_rights", "text": "2026年低保标准为每人每月1,450元。"});
    let (status, v) = step(&app, &clerk, &no, answer).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // The applicant, and staff who are not editors, cannot.
    assert_eq!(make(&asker, &no).await.0, StatusCode::NOT_FOUND);
    assert_eq!(make(&clerk, &no).await.0, StatusCode::FORBIDDEN);
    // An editor sees the button; one click makes the draft.
    let (_, v) = get(&app, &editor, &no).await;
    assert_eq!(v["may_make_proactive"], true);
    let (status, made) = make(&editor, &no).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["document"].as_i64().unwrap();
    // Again, and by another editor: the same draft.
    for who in [&editor, &second] {
        let (status, again) = make(who, &no).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again["document"], id);
    }
    let (state, from, body): (String, Option<i64>, String) = sqlx::query_as(
        "select r.state, d.from_request_id, d.body from document d
         join review_item r on r.id = d.review_id where d.id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(state, "draft");
    assert!(from.is_some());
    assert!(body.contains("1,450"));
    let (_, v) = get(&app, &second, &no).await;
    assert_eq!(v["proactive"], id);
    assert_eq!(v["may_make_proactive"], false);
    // A draft is not public.
    let found: Value = app
        .get("/api/v1/documents?q=低保标准")
        .await
        .json()
        .await
        .unwrap();
    assert!(!found.to_string().contains("1,450"), "{found}");
    // The page's button, without JavaScript: to the draft's page.
    let no2 = ask("0e9a3f4c-1111-4a4a-8a8a-000000000002").await;
    let (status, _) = step(
        &app,
        &clerk,
        &no2,
        json!({"action": "answer", "outcome": "disclosed", "text": "见附件。"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let page = editor
        .page(&app, &format!("/staff/information-requests/{no2}"))
        .await;
    assert!(
        page.contains(&format!("/staff/information-requests/{no2}/document")),
        "{page}"
    );
    let res = editor
        .client
        .post(app.url(&format!("/staff/information-requests/{no2}/document")))
        .header("origin", app.origin())
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/staff/documents/"), "{to}");
}
