//! Microblog questions (issue 21) through the real router and a real
//! PostgreSQL: a question's deadline by kind across the National Day
//! holiday; its owner is the responder with the fewest open questions and
//! is told; the answer is invisible until a reviewer approves it (the
//! writer cannot); the on-time flag; the alerts raised once, yellow then
//! red, to the right people; turning a question into a letter keeps the
//! link both ways and is idempotent; the dormancy job marks the right
//! accounts; the index API returns the formula and the ranks.

use crate::common;
use common::{
    admin, citizen, clerk, database, test_data_key,
    weibo::{member, verified_account},
    Seed, TestApp, Who,
};

use app::weibo::questions::{store, StepRequest};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::macros::{date, datetime};

const WINDOW: &str = "政务服务窗口";

async fn inbox_kinds(pool: &PgPool, account: i64) -> Vec<String> {
    app::notifications::store::inbox(pool, account, app::i18n::Lang::En, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.as_str().to_string())
        .collect()
}

async fn ask(
    app: &TestApp,
    who: &Who,
    handle: &str,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url(&format!("/api/v1/weibo/accounts/{handle}/questions")))
        .header("origin", app.origin())
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn asked(app: &TestApp, who: &Who, kind: &str, text: &str) -> Value {
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = ask(
        app,
        who,
        "gz_minzheng",
        &key,
        json!({"kind": kind, "body": text}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

async fn step(app: &TestApp, who: &Who, no: &str, body: Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url(&format!("/api/v1/staff/weibo/questions/{no}/steps")))
        .header("origin", app.origin())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, who: &Who, path: &str) -> (StatusCode, Value) {
    let res = who.client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

struct Team {
    app: TestApp,
    pool: PgPool,
    account: i64,
    r1: Who,
    r2: Who,
    reviewer: Who,
    head: Who,
    asker: Who,
}

/// 广州民政 with two responders (the first also a reviewer), a reviewer,
/// a unit head, and a citizen.
async fn team() -> Team {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    // The verifier `common::weibo` names.
    admin(&pool, "admin").await;
    let account = verified_account(&pool, "gz_minzheng", "广州民政", "MZJ").await;
    let r1 = clerk(&pool, "wbq.r1", "MZJ", WINDOW, "受理岗").await;
    let r2 = clerk(&pool, "wbq.r2", "MZJ", WINDOW, "受理岗").await;
    let reviewer = clerk(&pool, "wbq.reviewer", "MZJ", WINDOW, "发证岗").await;
    let head = clerk(&pool, "wbq.head", "MZJ", WINDOW, "发证岗").await;
    sqlx::query("update staff set unit_head = true where account_id = $1")
        .bind(head.id)
        .execute(&pool)
        .await
        .unwrap();
    member(&pool, account, &r1, "responder").await;
    member(&pool, account, &r1, "reviewer").await;
    member(&pool, account, &r2, "responder").await;
    member(&pool, account, &reviewer, "reviewer").await;
    let asker = citizen(&pool, &test_data_key(), "wbq.asker", "440106199003071231").await;
    Team {
        app,
        pool,
        account,
        r1,
        r2,
        reviewer,
        head,
        asker,
    }
}

#[tokio::test]
async fn deadlines_owners_and_an_answer_public_only_after_a_reviewer_approves_it() {
    let t = team().await;
    let app = &t.app;
    // Asked on Wednesday 30 September 2026 (the test clock): 1–7 October
    // off, Saturday 10 October worked.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"kind": "enquiry", "body": "请问低保怎么申请？"});
    let (s, first) = ask(app, &t.asker, "gz_minzheng", &key, body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(first["due_on"], "2026-10-09");
    let no = first["question_no"].as_str().unwrap().to_string();
    assert!(no.starts_with("WB20260930") && no.len() == 16, "{no}");
    let (s, again) = ask(app, &t.asker, "gz_minzheng", &key, body).await;
    assert_eq!(
        (s, &again["question_no"]),
        (StatusCode::OK, &first["question_no"])
    );
    let complaint = asked(app, &t.asker, "complaint", "窗口人员态度差。").await;
    assert_eq!(complaint["due_on"], "2026-10-13");
    // Refused: a complex kind, an empty text, an unknown account, staff.
    let (s, _) = ask(
        app,
        &t.asker,
        "gz_minzheng",
        &uuid::Uuid::new_v4().to_string(),
        json!({"kind": "complex", "body": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = ask(
        app,
        &t.asker,
        "gz_minzheng",
        &uuid::Uuid::new_v4().to_string(),
        json!({"kind": "enquiry", "body": "  "}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = ask(
        app,
        &t.asker,
        "gz_nobody",
        &uuid::Uuid::new_v4().to_string(),
        json!({"kind": "enquiry", "body": "在吗"}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = ask(
        app,
        &t.r1,
        "gz_minzheng",
        &uuid::Uuid::new_v4().to_string(),
        json!({"kind": "enquiry", "body": "在吗"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Owners: the fewest open questions, ties to the lowest id.
    let owner_of = |no: String| {
        let pool = t.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select owner_id from weibo_question where question_no = $1",
            )
            .bind(no)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(owner_of(no.clone()).await, t.r1.id);
    assert_eq!(
        owner_of(complaint["question_no"].as_str().unwrap().into()).await,
        t.r2.id
    );
    let third = asked(app, &t.asker, "suggestion", "建议延长窗口服务时间。").await;
    let third_no = third["question_no"].as_str().unwrap().to_string();
    assert_eq!(owner_of(third_no.clone()).await, t.r1.id);
    assert!(inbox_kinds(&t.pool, t.r1.id)
        .await
        .contains(&"weibo_question_asked".to_string()));
    assert!(inbox_kinds(&t.pool, t.r2.id)
        .await
        .contains(&"weibo_question_asked".to_string()));

    // The owner acknowledges and answers; nothing public yet.
    let (s, b) = step(app, &t.r2, &no, json!({"action": "acknowledge"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "not the owner: {b}");
    let (s, b) = step(app, &t.r1, &no, json!({"action": "acknowledge"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["question"]["state"], "acknowledged");
    let answer = "您好！可在广东政务服务网申请低保，也可到街道社会救助窗口办理。";
    let (s, b) = step(app, &t.r1, &no, json!({"action": "answer", "text": answer})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(app, &t.r1, &no, json!({"action": "submit"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["review"], "in_review");
    let (_, mine) = get(app, &t.asker, &format!("/api/v1/me/weibo/questions/{no}")).await;
    assert_eq!(mine["answer"], Value::Null, "{mine}");
    let (s, public) = get(
        app,
        &t.asker,
        "/api/v1/weibo/accounts/gz_minzheng/questions",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(public["questions"].as_array().unwrap().len(), 0, "{public}");
    // The writer, a reviewer too, cannot approve their own answer.
    let (s, b) = step(app, &t.r1, &no, json!({"action": "approve"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(b["error"]["code"], "review_refused", "{b}");
    let (s, b) = step(app, &t.reviewer, &no, json!({"action": "approve"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["question"]["state"], "answered");
    assert_eq!(b["question"]["answered_on_time"], true);
    let (_, mine) = get(app, &t.asker, &format!("/api/v1/me/weibo/questions/{no}")).await;
    assert_eq!(mine["answer"], answer);
    assert!(inbox_kinds(&t.pool, t.asker.id)
        .await
        .contains(&"weibo_question_answered".to_string()));
    let (_, public) = get(app, &t.head, "/api/v1/weibo/accounts/gz_minzheng/questions").await;
    assert_eq!(public["questions"][0]["answer"], answer);
    assert_eq!(
        (public["asked"].as_i64(), public["answered"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(public["answer_rate"], 33.3);
    // The asker's verdict, once.
    let vote = |helpful: bool| {
        let (app, asker, no) = (&t.app, &t.asker, no.clone());
        async move {
            asker
                .client
                .post(app.url(&format!("/api/v1/me/weibo/questions/{no}/helpful")))
                .header("origin", app.origin())
                .json(&json!({"helpful": helpful}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(vote(true).await, StatusCode::OK);
    assert_eq!(vote(false).await, StatusCode::CONFLICT);

    // Answered after its due day: late. Set complex first (once).
    let cal = app::clock::store::load(&t.pool).await.unwrap();
    let me = server::demo::demo_account(&t.pool, "wbq.r1")
        .await
        .unwrap()
        .unwrap();
    let rev = server::demo::demo_account(&t.pool, "wbq.reviewer")
        .await
        .unwrap()
        .unwrap();
    let (s, b) = step(
        app,
        &t.r1,
        &third_no,
        json!({"action": "complex", "days": 16}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, b) = step(
        app,
        &t.r1,
        &third_no,
        json!({"action": "complex", "days": 3}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // 8, 9 and the make-up Saturday 10 October.
    assert_eq!(b["question"]["due_on"], "2026-10-10");
    assert_eq!(b["question"]["kind"], "complex");
    let (s, _) = step(
        app,
        &t.r1,
        &third_no,
        json!({"action": "complex", "days": 5}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let late = datetime!(2026-10-12 09:00 +8);
    for (who, s) in [
        (
            &me,
            StepRequest::Answer {
                text: "已研究，将延长周六服务。".into(),
            },
        ),
        (&me, StepRequest::Submit),
        (&rev, StepRequest::Approve),
    ] {
        store::take_step(
            &t.pool,
            &cal,
            who,
            &third_no,
            &s,
            late,
            date!(2026 - 10 - 10),
        )
        .await
        .unwrap();
    }
    let on_time: bool =
        sqlx::query_scalar("select answered_on_time from weibo_question where question_no = $1")
            .bind(&third_no)
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert!(!on_time);

    // The team's list and a staff read (audited); strangers see nothing.
    let (s, list) = get(app, &t.r2, "/api/v1/staff/weibo/questions").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 3);
    let (s, _) = get(app, &t.asker, "/api/v1/staff/weibo/questions").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = get(app, &t.r2, &format!("/api/v1/staff/weibo/questions/{no}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!v["asker"].as_str().unwrap().is_empty(), "{v}");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'personal_data_read'
             and actor_id = $1 and subject_id = $2 and detail = $3",
    )
    .bind(t.r2.id)
    .bind(t.asker.id)
    .bind(format!("weibo question {no}"))
    .fetch_one(&t.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let (s, _) = get(app, &t.head, &format!("/api/v1/staff/weibo/questions/{no}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let _ = t.account;
}

#[tokio::test]
async fn an_overdue_question_raises_yellow_then_red_once_to_the_right_people() {
    let t = team().await;
    let q = asked(&t.app, &t.asker, "enquiry", "请问婚姻登记可以预约吗？").await;
    let no = q["question_no"].as_str().unwrap().to_string();
    let cal = app::clock::store::load(&t.pool).await.unwrap();
    let scan = |today: time::Date| {
        let (pool, cal) = (t.pool.clone(), cal.clone());
        async move {
            server::jobs::weibo_question_alerts::scan(&pool, &cal, today, 1, None)
                .await
                .unwrap()
        }
    };
    // Due Friday 9 October.
    assert_eq!(scan(date!(2026 - 09 - 30)).await.alerts, 0);
    let yellow = scan(date!(2026 - 10 - 08)).await;
    assert_eq!((yellow.watched, yellow.alerts), (1, 1));
    assert_eq!(scan(date!(2026 - 10 - 09)).await.alerts, 0, "once");
    let soon = "weibo_question_due_soon".to_string();
    assert!(
        inbox_kinds(&t.pool, t.r1.id).await.contains(&soon),
        "the owner"
    );
    assert!(
        inbox_kinds(&t.pool, t.r2.id).await.contains(&soon),
        "a responder"
    );
    assert!(!inbox_kinds(&t.pool, t.reviewer.id).await.contains(&soon));
    // Saturday 10 October is a working day: red.
    let red = scan(date!(2026 - 10 - 10)).await;
    assert_eq!(red.alerts, 1);
    let overdue = "weibo_question_overdue".to_string();
    assert!(
        inbox_kinds(&t.pool, t.reviewer.id).await.contains(&overdue),
        "a reviewer"
    );
    assert!(
        inbox_kinds(&t.pool, t.head.id).await.contains(&overdue),
        "the unit head"
    );
    assert!(!inbox_kinds(&t.pool, t.r2.id).await.contains(&overdue));
    assert_eq!(scan(date!(2026 - 10 - 12)).await.alerts, 0, "once");
    let alerts: Vec<String> = sqlx::query_scalar(
        "select a.level from weibo_question_alert a join weibo_question q on q.id = a.question_id
         where q.question_no = $1 order by a.id",
    )
    .bind(&no)
    .fetch_all(&t.pool)
    .await
    .unwrap();
    assert_eq!(alerts, vec!["yellow", "red"]);
    // The deadline monitor runs the same scan.
    let report = server::jobs::monitor::scan(&t.pool, date!(2026 - 10 - 13), 1, None)
        .await
        .unwrap();
    assert_eq!(report.alerts, 0, "raised before");
    // The supervisor's watch list shows the account with its overdue question.
    let watch = app::weibo::assessment::store::watchlist(&t.pool, 440100, date!(2026 - 10 - 12))
        .await
        .unwrap();
    assert_eq!((watch.with_overdue, watch.overdue_questions), (1, 1));
    assert_eq!(watch.accounts[0].account.handle, "gz_minzheng");
}

#[tokio::test]
async fn a_question_becomes_a_letter_once_linked_both_ways() {
    let t = team().await;
    let q = asked(
        &t.app,
        &t.asker,
        "complaint",
        "社会救助窗口让我来回跑了三趟，请督促整改。",
    )
    .await;
    let no = q["question_no"].as_str().unwrap().to_string();
    let (s, b) = step(&t.app, &t.asker, &no, json!({"action": "convert"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "the asker is not the team: {b}");
    let (s, b) = step(&t.app, &t.reviewer, &no, json!({"action": "convert"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["question"]["state"], "converted");
    let letter_no = b["question"]["letter_no"].as_str().unwrap().to_string();
    assert!(letter_no.starts_with("XJ"), "{letter_no}");
    let (s, again) = step(&t.app, &t.r1, &no, json!({"action": "convert"})).await;
    assert_eq!(s, StatusCode::OK, "idempotent: {again}");
    assert_eq!(again["question"]["letter_no"], letter_no.as_str());
    let (letters, writer, kind, department, body): (i64, i64, String, String, String) = sqlx::query_as(
        "select (select count(*) from letter where writer_id = $1), l.writer_id, l.kind, d.code, l.body
         from letter l join department d on d.id = l.addressed_department_id where l.letter_no = $2",
    )
    .bind(t.asker.id)
    .bind(&letter_no)
    .fetch_one(&t.pool)
    .await
    .unwrap();
    assert_eq!(
        (letters, writer, kind.as_str(), department.as_str()),
        (1, t.asker.id, "complaint", "MZJ")
    );
    assert!(body.contains(&no), "{body}");
    assert_eq!(
        store::of_letter(&t.pool, &letter_no).await.unwrap(),
        Some(no.clone())
    );
    let (_, mine) = get(
        &t.app,
        &t.asker,
        &format!("/api/v1/me/weibo/questions/{no}"),
    )
    .await;
    assert_eq!(mine["letter_no"], letter_no.as_str());
    assert!(inbox_kinds(&t.pool, t.asker.id)
        .await
        .contains(&"weibo_question_converted".to_string()));
    // No more steps on it.
    let (s, _) = step(
        &t.app,
        &t.r1,
        &no,
        json!({"action": "answer", "text": "好的"}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The asker's page links the letter, with no JavaScript.
    let page = t
        .asker
        .page(&t.app, &format!("/me/weibo/questions/{no}"))
        .await;
    assert!(
        page.contains(&format!("/letters/{letter_no}")),
        "the page links the letter"
    );
    // And the letter links the question: the asker's page of it for the
    // asker, the team's for staff; no one else is shown it.
    let (s, letter) = get(&t.app, &t.asker, &format!("/api/v1/letters/{letter_no}")).await;
    assert_eq!(s, StatusCode::OK, "{letter}");
    assert_eq!(letter["from_question"]["question_no"], no.as_str());
    assert_eq!(
        letter["from_question"]["link"],
        format!("/me/weibo/questions/{no}").as_str()
    );
    let page = t.asker.page(&t.app, &format!("/letters/{letter_no}")).await;
    assert!(
        page.contains(&format!("href=\"/me/weibo/questions/{no}\"")),
        "the letter's page links the question"
    );
}

#[tokio::test]
async fn the_dormancy_job_marks_silent_accounts_and_the_index_ranks_with_its_formula() {
    let t = team().await;
    let other = verified_account(&t.pool, "gz_gongan", "广州公安", "GAJ").await;
    let silent = verified_account(&t.pool, "gz_renshe", "广州人社", "RSJ").await;
    let today = time::OffsetDateTime::now_utc().date();
    for (id, last) in [(t.account, Some(3)), (other, Some(20))] {
        sqlx::query("update weibo_account set last_post_at = now() - make_interval(days => $2) where id = $1")
            .bind(id)
            .bind(last.unwrap_or(0))
            .execute(&t.pool)
            .await
            .unwrap();
    }
    sqlx::query("update weibo_account set decided_at = now() - interval '100 days' where id = $1")
        .bind(silent)
        .execute(&t.pool)
        .await
        .unwrap();
    let report = server::jobs::weibo_dormancy::mark(&t.pool, today)
        .await
        .unwrap();
    assert_eq!((report.accounts, report.changed), (3, 2));
    let found: Vec<(String, String, Option<time::Date>)> =
        sqlx::query_as("select handle, dormancy, dormancy_since from weibo_account order by id")
            .fetch_all(&t.pool)
            .await
            .unwrap();
    assert_eq!(
        found,
        vec![
            ("gz_minzheng".into(), "active".into(), None),
            ("gz_gongan".into(), "warning".into(), Some(today)),
            ("gz_renshe".into(), "cleanup".into(), Some(today)),
        ]
    );
    assert_eq!(
        server::jobs::weibo_dormancy::mark(&t.pool, today)
            .await
            .unwrap()
            .changed,
        0
    );
    let watch = app::weibo::assessment::store::watchlist(&t.pool, 440100, today)
        .await
        .unwrap();
    assert_eq!((watch.warning, watch.cleanup), (1, 1));
    assert_eq!(
        watch.accounts[0].account.handle, "gz_renshe",
        "the clean-up list first"
    );

    // The index: 广州民政 answers on time, 广州公安 leaves its question.
    let key = uuid::Uuid::new_v4().to_string();
    let (s, _) = ask(
        &t.app,
        &t.asker,
        "gz_gongan",
        &key,
        json!({"kind": "enquiry", "body": "在吗？"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let q = asked(&t.app, &t.asker, "enquiry", "请问低保怎么申请？").await;
    let no = q["question_no"].as_str().unwrap();
    step(
        &t.app,
        &t.r1,
        no,
        json!({"action": "answer", "text": "可在网上申请。"}),
    )
    .await;
    step(&t.app, &t.r1, no, json!({"action": "submit"})).await;
    let (s, _) = step(&t.app, &t.reviewer, no, json!({"action": "approve"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, index) = get(&t.app, &t.asker, "/api/v1/weibo/index?region=440100").await;
    assert_eq!(s, StatusCode::OK, "{index}");
    assert_eq!(index["weights"]["reach"], 0.3);
    assert!(
        index["formula"]["zh"]
            .as_str()
            .unwrap()
            .contains("30%×传播力"),
        "{index}"
    );
    assert!(index["formula"]["en"].as_str().unwrap().contains("reach"));
    let lines = index["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["rank"], 1);
    assert_eq!(lines[0]["account"]["handle"], "gz_minzheng", "{index}");
    for l in lines {
        for c in ["reach", "service", "interaction", "recognition"] {
            let x = l["components"][c].as_f64().unwrap();
            assert!((0.0..=100.0).contains(&x), "{l}");
        }
    }
    let (s, _) = get(&t.app, &t.asker, "/api/v1/weibo/index?region=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = get(&t.app, &t.asker, "/api/v1/weibo/index?region=999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The page shows the table and the formula without JavaScript.
    let page = t.asker.page(&t.app, "/weibo/index?region=440100").await;
    assert!(
        page.contains("传播力") && page.contains("广州民政"),
        "the index page"
    );
}

#[tokio::test]
async fn the_demo_questions_need_the_demo_accounts_and_load_once() {
    let pool = database(Seed::Demo).await;
    let key = test_data_key();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    server::demo::load_notification_people(&pool, &key)
        .await
        .unwrap();
    // Saturday 28 November 2026: the demo's today is Monday 30 November.
    let now = datetime!(2026-11-28 10:00 +8);
    let missing = server::demo::weibo_questions::load(&pool, now)
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("gz_minzheng"), "{missing}");
    // The accounts and teams the accounts' demo makes.
    let person = |name: &'static str| {
        let pool = pool.clone();
        async move {
            let me = server::demo::demo_account(&pool, name)
                .await
                .unwrap()
                .unwrap();
            common::session_for(&pool, me.id).await
        }
    };
    let mzj = verified_account(&pool, "gz_minzheng", "广州民政", "MZJ").await;
    member(&pool, mzj, &person("staff.gz.mzj").await, "responder").await;
    member(&pool, mzj, &person("reviewer.gz.mzj").await, "reviewer").await;
    let gaj = verified_account(&pool, "gz_gongan", "广州公安", "GAJ").await;
    member(&pool, gaj, &person("staff.gz.gaj").await, "responder").await;
    member(&pool, gaj, &person("head.gz.gaj").await, "reviewer").await;
    let rsj = verified_account(&pool, "gz_renshe", "广州人社", "RSJ").await;
    member(&pool, rsj, &person("staff.gz.rsj").await, "responder").await;
    server::demo::weibo_questions::load(&pool, now)
        .await
        .unwrap();
    server::demo::weibo_questions::load(&pool, now)
        .await
        .unwrap();
    // handle, state, on time, helpful, a letter.
    let rows: Vec<String> = sqlx::query_scalar(
        "select concat_ws(' ', w.handle, q.state, coalesce(q.answered_on_time::text, '-'),
             coalesce(q.helpful::text, '-'), (q.letter_id is not null)::text)
         from weibo_question q join weibo_account w on w.id = q.weibo_account_id order by q.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            "gz_minzheng answered true true false",
            "gz_minzheng answered false - false",
            "gz_minzheng open - - false",
            "gz_minzheng acknowledged - - false",
            "gz_minzheng converted - - true",
            "gz_gongan answered true - false",
            "gz_gongan open - - false",
            "gz_renshe open - - false",
        ]
    );
    // The overdue ones raise their red alerts.
    let cal = app::clock::store::load(&pool).await.unwrap();
    let report =
        server::jobs::weibo_question_alerts::scan(&pool, &cal, date!(2026 - 11 - 30), 1, None)
            .await
            .unwrap();
    assert_eq!(report.watched, 4);
    let red: i64 =
        sqlx::query_scalar("select count(*) from weibo_question_alert where level = 'red'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(red, 3, "{report:?}");
}
