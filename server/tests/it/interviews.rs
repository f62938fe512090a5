//! Online interviews (在线访谈) through the real router and a real
//! PostgreSQL: scheduling and asking idempotently, only the owning
//! department's staff moderating, the transcript's `after=` polling, the
//! written answer's due date on the official clock, the asker told once,
//! the no-JavaScript forms, and the demo data.

use crate::common;
use common::{citizen, clerk, database, test_data_key, Seed, TestApp, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn post(
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
        .json(&body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(app: &TestApp, who: Option<&Who>, path: &str) -> (StatusCode, Value) {
    let client = who.map_or(&app.client, |w| &w.client);
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn notices(pool: &PgPool, account: i64) -> i64 {
    sqlx::query_scalar(
        "select count(*) from notification where recipient_id = $1 and kind = 'interview_answered'",
    )
    .bind(account)
    .fetch_one(pool)
    .await
    .unwrap()
}

struct World {
    pool: PgPool,
    app: TestApp,
    moderator: Who,
    other_staff: Who,
    asker: Who,
    stranger: Who,
}

/// The hall at the tests' clock (Wednesday 30 September 2026, 10:00), a
/// moderator of the human resources bureau, staff of another department,
/// two citizens.
async fn world() -> World {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let moderator = clerk(&pool, "iv.rsj", "RSJ", "社会保障卡服务中心", "审核岗").await;
    let other_staff = clerk(&pool, "iv.mzj", "MZJ", "政务服务窗口", "受理岗").await;
    let key = test_data_key();
    let asker = citizen(&pool, &key, "iv.asker", "440106199003071231").await;
    let stranger = citizen(&pool, &key, "iv.other", "440106199205150026").await;
    World {
        pool,
        app,
        moderator,
        other_staff,
        asker,
        stranger,
    }
}

/// Schedules an interview from `starts` to `ends` (hall time) as the
/// moderator; its id.
async fn schedule(w: &World, starts: &str, ends: &str, key: &str) -> i64 {
    let body = json!({"title": "就业和社会保险政策在线访谈", "guests": "王建国（局长）",
                      "description": "", "starts_at": starts, "ends_at": ends});
    let (status, made) = post(&w.app, &w.moderator, "/api/v1/interviews", body, Some(key)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    made["id"].as_i64().unwrap()
}

async fn ask(w: &World, who: &Who, id: i64, text: &str, key: &str) -> (StatusCode, Value) {
    post(
        &w.app,
        who,
        &format!("/api/v1/interviews/{id}/questions"),
        json!({"question": text}),
        Some(key),
    )
    .await
}

#[tokio::test]
async fn an_interview_is_scheduled_asked_moderated_and_transcribed() {
    let w = world().await;
    let (app, m) = (&w.app, &w.moderator);
    // Upcoming: later today.
    let key = "6f9619ff-8b86-d011-b42d-00c04fc96401";
    let id = schedule(&w, "2026-09-30T14:00", "2026-09-30T15:30", key).await;
    // The same key again: the same interview.
    let (status, again) = post(
        app,
        m,
        "/api/v1/interviews",
        json!({"title": "别的标题", "guests": "某某", "starts_at": "2026-10-09T10:00", "ends_at": "2026-10-09T11:00"}),
        Some(key),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["id"], id);
    assert_eq!(again["phase"], "upcoming");
    assert_eq!(again["starts_at"], "2026-09-30 14:00");
    // Citizens do not schedule; bad times are 422.
    let (status, _) = post(app, &w.asker, "/api/v1/interviews", json!({}), Some(key)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(
        app,
        m,
        "/api/v1/interviews",
        json!({"title": "标题标题", "guests": "某某", "starts_at": "2026-10-09T10:00", "ends_at": "2026-10-09T09:00"}),
        Some("6f9619ff-8b86-d011-b42d-00c04fc96402"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["problem"]["problem"], "ends_before_start");

    // Asking is idempotent: the same key gives the same question.
    let qkey = "6f9619ff-8b86-d011-b42d-00c04fc96410";
    let (status, q1) = ask(&w, &w.asker, id, "应届毕业生有哪些就业补贴？", qkey).await;
    assert_eq!(status, StatusCode::CREATED, "{q1}");
    assert_eq!(q1["state"], "pending");
    assert_eq!(q1["asker"], "张**");
    let (status, q1b) = ask(&w, &w.asker, id, "completely different text", qkey).await;
    assert_eq!(status, StatusCode::OK, "{q1b}");
    assert_eq!(q1b["id"], q1["id"]);
    assert_eq!(q1b["question"], "应届毕业生有哪些就业补贴？");
    let count: i64 = sqlx::query_scalar("select count(*) from interview_question")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let (status, short) = ask(
        &w,
        &w.asker,
        id,
        "怎么办",
        "6f9619ff-8b86-d011-b42d-00c04fc96411",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{short}");
    // Staff do not ask.
    let (status, _) = ask(
        &w,
        m,
        id,
        "员工也想提问一下",
        "6f9619ff-8b86-d011-b42d-00c04fc96412",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, q2) = ask(
        &w,
        &w.stranger,
        id,
        "灵活就业人员怎么参加养老保险？",
        "6f9619ff-8b86-d011-b42d-00c04fc96413",
    )
    .await;
    let (_, q3) = ask(
        &w,
        &w.stranger,
        id,
        "我的个人工资被拖欠了怎么办？",
        "6f9619ff-8b86-d011-b42d-00c04fc96414",
    )
    .await;
    let (q1, q2, q3) = (
        q1["id"].as_i64().unwrap(),
        q2["id"].as_i64().unwrap(),
        q3["id"].as_i64().unwrap(),
    );

    // Only the owning department's staff moderate: others 403.
    let decide = |q: i64| format!("/api/v1/interview-questions/{q}/decision");
    for who in [&w.other_staff, &w.asker] {
        let (status, _) = post(app, who, &decide(q1), json!({"decision": "accept"}), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(
            app,
            who,
            &format!("/api/v1/interviews/{id}/state"),
            json!({"action": "start"}),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(
            app,
            who,
            &format!("/api/v1/interviews/{id}/transcript"),
            json!({"kind": "host", "body": "大家好"}),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = get(app, Some(&w.other_staff), "/api/v1/staff/interviews").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(app, Some(&w.asker), "/api/v1/staff/interviews").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Decisions: accept, reject with a reason (none: 422), and not twice.
    let (status, d) = post(app, m, &decide(q1), json!({"decision": "accept"}), None).await;
    assert_eq!(
        (status, d["state"].clone()),
        (StatusCode::OK, json!("queued")),
        "{d}"
    );
    let (status, _) = post(app, m, &decide(q1), json!({"decision": "accept"}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(app, m, &decide(q3), json!({"decision": "reject"}), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, d) = post(
        app,
        m,
        &decide(q3),
        json!({"decision": "reject", "reason": "personal_case"}),
        None,
    )
    .await;
    assert_eq!(
        (status, d["reason"].clone()),
        (StatusCode::OK, json!("personal_case"))
    );
    // A bad id is a 404, not a 5xx.
    let (status, _) = post(
        app,
        m,
        &decide(999_999),
        json!({"decision": "accept"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The transcript takes entries only while live.
    let entry = format!("/api/v1/interviews/{id}/transcript");
    let (status, _) = post(
        app,
        m,
        &entry,
        json!({"kind": "host", "body": "各位网友大家好"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, live) = post(
        app,
        m,
        &format!("/api/v1/interviews/{id}/state"),
        json!({"action": "start"}),
        None,
    )
    .await;
    assert_eq!(
        (status, live["phase"].clone()),
        (StatusCode::OK, json!("live")),
        "{live}"
    );
    for body in ["各位网友大家好", "欢迎王局长"] {
        let (status, e) = post(
            app,
            m,
            &entry,
            json!({"kind": "host", "speaker": "主持人", "body": body}),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
    }
    // An answer names a question of this interview; it is answered live
    // and its asker told, once.
    let (status, _) = post(
        app,
        m,
        &entry,
        json!({"kind": "answer", "body": "没有问题的答复"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, e) = post(app, m, &entry, json!({"kind": "answer", "speaker": "王建国", "body": "可以申请一次性求职补贴。", "question_id": q1}), None).await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["seq"], 3);
    assert_eq!(e["question"], "应届毕业生有哪些就业补贴？");
    assert_eq!(e["asker"], "张**");
    let (status, _) = post(
        app,
        m,
        &entry,
        json!({"kind": "answer", "body": "再答一次。", "question_id": q1}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(notices(&w.pool, w.asker.id).await, 1);
    let (_, e4) = post(
        app,
        m,
        &entry,
        json!({"kind": "note", "body": "访谈继续进行"}),
        None,
    )
    .await;
    assert_eq!(e4["seq"], 4);

    // `after=` returns only the newer entries, in order.
    let path = |after: &str| format!("/api/v1/interviews/{id}/transcript?after={after}");
    let (status, all) = get(app, None, &path("0")).await;
    assert_eq!(status, StatusCode::OK);
    let seqs: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    let (_, newer) = get(app, None, &path("2")).await;
    let seqs: Vec<i64> = newer
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 4]);
    let (_, none) = get(app, None, &path("4")).await;
    assert_eq!(none, json!([]));
    let (status, _) = get(app, None, &path("-1")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(app, None, &path("x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(app, None, "/api/v1/interviews/999999/transcript?after=0").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The entry table is append-only.
    let edited = sqlx::query("update interview_entry set body = '改过了' where seq = 1")
        .execute(&w.pool)
        .await;
    assert!(edited.is_err());

    // Defer a question during the interview: due from the scheduled end
    // (30 September; the National Day holiday does not count).
    let (status, d) = post(app, m, &decide(q2), json!({"decision": "defer"}), None).await;
    assert_eq!(
        (status, d["state"].clone()),
        (StatusCode::OK, json!("deferred")),
        "{d}"
    );
    assert_eq!(d["due_on"], "2026-10-13");
    // End: the interview is archived; no more questions.
    let (status, ended) = post(
        app,
        m,
        &format!("/api/v1/interviews/{id}/state"),
        json!({"action": "end"}),
        None,
    )
    .await;
    assert_eq!(
        (status, ended["phase"].clone()),
        (StatusCode::OK, json!("ended"))
    );
    assert_eq!(ended["written_due_on"], "2026-10-13");
    let (status, _) = ask(
        &w,
        &w.asker,
        id,
        "结束后还能提问吗？",
        "6f9619ff-8b86-d011-b42d-00c04fc96415",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(
        app,
        m,
        &format!("/api/v1/interviews/{id}/state"),
        json!({"action": "end"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The department's queue lists the deferred question by due date.
    let (_, staff) = get(app, Some(m), "/api/v1/staff/interviews").await;
    let written = staff["written"].as_array().unwrap();
    assert_eq!(written.len(), 1, "{staff}");
    assert_eq!(written[0]["id"], q2);
    assert_eq!(written[0]["due_on"], "2026-10-13");
    // The written answer: others 403; the asker told once.
    let answer = format!("/api/v1/interview-questions/{q2}/answer");
    let (status, _) = post(
        app,
        &w.other_staff,
        &answer,
        json!({"answer": "可以参加。"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, a) = post(
        app,
        m,
        &answer,
        json!({"answer": "年满16周岁即可参加。"}),
        None,
    )
    .await;
    assert_eq!(
        (status, a["state"].clone()),
        (StatusCode::OK, json!("answered_written")),
        "{a}"
    );
    let (status, _) = post(app, m, &answer, json!({"answer": "再答一次。"}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(notices(&w.pool, w.stranger.id).await, 1);
    // A rejected question is never answered.
    let (status, _) = post(
        app,
        m,
        &format!("/api/v1/interview-questions/{q3}/answer"),
        json!({"answer": "答复"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The archive keeps the transcript and the written answers, names
    // masked.
    let (status, page) = get(app, None, &format!("/api/v1/interviews/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["transcript"].as_array().unwrap().len(), 4);
    assert_eq!(page["answered"][0]["answer"], "年满16周岁即可参加。");
    assert_eq!(page["answered"][0]["asker"], "张**");
    assert_eq!(page["may_ask"], false);
    // (Signed out: a signed-in page names its own account in the header.)
    let html = app
        .get(&format!("/interviews/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("年满16周岁即可参加。") && html.contains("可以申请一次性求职补贴。"));
    assert!(html.contains("张**") && !html.contains("张小明"), "{html}");
}

#[tokio::test]
async fn the_forms_work_without_javascript() {
    let w = world().await;
    let (app, m) = (&w.app, &w.moderator);
    let form = |who: &Who, path: &str, fields: &[(&str, &str)]| {
        who.client
            .post(app.url(path))
            .header("origin", app.origin())
            .form(fields)
            .send()
    };
    // Schedule by form: to the console.
    let res = form(
        m,
        "/staff/interviews",
        &[
            ("title", "住房保障政策在线访谈"),
            ("guests", "陈志强（副局长）"),
            ("description", ""),
            ("starts_at", "2026-09-30T09:00"),
            ("ends_at", "2026-09-30T11:00"),
            ("idempotency_key", "6f9619ff-8b86-d011-b42d-00c04fc96420"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    // A bad form: the page again with the problem, what was typed kept.
    let res = form(
        m,
        "/staff/interviews",
        &[
            ("title", "标题"),
            ("guests", "某某"),
            ("starts_at", "bad"),
            ("ends_at", "2026-09-30T11:00"),
            ("idempotency_key", "6f9619ff-8b86-d011-b42d-00c04fc96421"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("请填写有效的日期和时间"), "{html}");

    // Live by its times: the page shows the ask form; ask by form.
    let html = w.asker.page(app, &format!("/interviews/{id}")).await;
    assert!(html.contains("name=\"question\""), "{html}");
    let res = form(
        &w.asker,
        &format!("/interviews/{id}/questions"),
        &[
            ("question", "公租房轮候需要多长时间？"),
            ("idempotency_key", "6f9619ff-8b86-d011-b42d-00c04fc96422"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let q: i64 = sqlx::query_scalar("select id from interview_question where interview_id = $1")
        .bind(id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    // The console: accept, then answer with a transcript entry.
    let console = m.page(app, &format!("/staff/interviews/{id}")).await;
    assert!(console.contains("公租房轮候需要多长时间？"), "{console}");
    let res = form(
        m,
        &format!("/staff/interview-questions/{q}/decision"),
        &[("decision", "accept")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let qs = q.to_string();
    let res = form(
        m,
        &format!("/staff/interviews/{id}/transcript"),
        &[
            ("kind", "answer"),
            ("speaker", "陈志强"),
            ("question_id", &qs),
            ("body", "一般为两年左右，可在网上查询。"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = w.stranger.page(app, &format!("/interviews/{id}")).await;
    assert!(html.contains("一般为两年左右，可在网上查询。"), "{html}");
    // Another department's staff: 403 on the form too.
    let res = form(
        &w.other_staff,
        &format!("/staff/interviews/{id}/state"),
        &[("action", "end")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = form(
        m,
        &format!("/staff/interviews/{id}/state"),
        &[("action", "end")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app.get("/interviews").await.text().await.unwrap();
    assert!(list.contains("住房保障政策在线访谈"));
}

#[tokio::test]
async fn the_demo_interviews_load_once() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    server::demo::load_accounts(&pool, &test_data_key())
        .await
        .unwrap();
    let now = common::test_now();
    server::demo::interviews::load(&pool, now).await.unwrap();
    server::demo::interviews::load(&pool, now).await.unwrap();
    let (status, list) = get(&app, None, "/api/v1/interviews").await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let past = list.iter().find(|i| i["phase"] == "ended").unwrap();
    assert!(list.iter().any(|i| i["phase"] == "upcoming"));
    let (_, page) = get(&app, None, &format!("/api/v1/interviews/{}", past["id"])).await;
    let n = page["transcript"].as_array().unwrap().len();
    assert!((15..=25).contains(&n), "{n}");
    assert_eq!(page["answered"].as_array().unwrap().len(), 2);
    assert_eq!(past["written_due_on"], "2026-11-25");
    let owed: i64 =
        sqlx::query_scalar("select count(*) from interview_question where state = 'deferred'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(owed, 1);
}
