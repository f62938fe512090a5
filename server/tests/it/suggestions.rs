//! Suggestion collection (建议征集) through the real router and a real
//! PostgreSQL: one support per account under concurrent requests, the edit
//! frozen by the first support, three distinct reporters hiding a
//! suggestion and the moderator's decision, the selection's reply told
//! once per person however often it is sent, a closed topic refusing and
//! its summary counted from the record, the no-JavaScript forms, and no
//! 5xx for bad ids.

use crate::common::{self, database, session_for, Seed, TestApp, Who};
use app::accounts::{store::Assignment, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// An account of `role` made directly (no password hashing: sign-in has
/// its own tests), signed in.
async fn person(pool: &PgPool, name: &str, role: &str) -> Who {
    let id: i64 = sqlx::query_scalar(
        "insert into account (username, role, display_name, password_hash)
         values ($1, $2, $3, 'not-a-hash') returning id",
    )
    .bind(name)
    .bind(role)
    .bind(format!("张{name}"))
    .fetch_one(pool)
    .await
    .unwrap();
    session_for(pool, id).await
}

async fn citizen(pool: &PgPool, name: &str) -> Who {
    person(pool, name, "citizen").await
}

/// Staff of a Guangzhou department (its first unit and post).
async fn staff(pool: &PgPool, username: &str, dept: &str) -> Who {
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
    common::official(pool, username, Role::Staff, Assignment::Post(d, u, p)).await
}

async fn send(
    app: &TestApp,
    who: &Who,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .request(method, app.url(path))
        .header("origin", app.origin())
        .header("accept-language", "en");
    if let Some(body) = body {
        // A fresh key unless the body names its own.
        if body.get("idempotency_key").is_none() {
            req = req.header("idempotency-key", uuid::Uuid::new_v4().to_string());
        }
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn post(app: &TestApp, who: &Who, path: &str, body: Value) -> (StatusCode, Value) {
    send(app, who, reqwest::Method::POST, path, Some(body)).await
}

async fn put(app: &TestApp, who: &Who, path: &str) -> (StatusCode, Value) {
    send(app, who, reqwest::Method::PUT, path, None).await
}

async fn get(app: &TestApp, who: &Who, path: &str) -> (StatusCode, Value) {
    send(app, who, reqwest::Method::GET, path, None).await
}

/// A topic of 440100 FGW open today (2026-09-30) for 30 days.
async fn open_topic(app: &TestApp, fgw: &Who) -> i64 {
    let (status, topic) = post(
        app,
        fgw,
        "/api/v1/topics",
        json!({"title": "十五五规划意见征集", "description": "欢迎提出意见建议。",
               "kind": "plan", "opens_on": "2026-09-30", "closes_on": "2026-10-30"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{topic}");
    assert_eq!(topic["state"], "open");
    topic["id"].as_i64().unwrap()
}

async fn suggest(app: &TestApp, author: &Who, topic: i64, title: &str) -> i64 {
    let (status, s) = post(
        app,
        author,
        &format!("/api/v1/topics/{topic}/suggestions"),
        json!({"title": title, "body": "建议加密外围线路的高峰班次，方便通勤。"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    s["id"].as_i64().unwrap()
}

/// How many suggestions a topic's public list has.
async fn listed(app: &TestApp, topic: i64) -> i64 {
    let url = format!("/api/v1/topics/{topic}/suggestions");
    let list: Value = app.get(&url).await.json().await.unwrap();
    list["total"].as_i64().unwrap()
}

async fn count_supports(pool: &PgPool, id: i64) -> (i64, i32) {
    sqlx::query_as(
        "select (select count(*) from suggestion_support where suggestion_id = $1), support_count
         from suggestion where id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn one_support_per_account_under_concurrent_requests() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.topics", "FGW").await;
    let author = citizen(&pool, "sug.author").await;
    let topic = open_topic(&app, &fgw).await;
    // The same key again: the same topic.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"title": "两会建议征集", "description": "欢迎。", "kind": "two_sessions",
                      "opens_on": "2026-10-08", "closes_on": "2026-10-20", "idempotency_key": key});
    let first = post(&app, &fgw, "/api/v1/topics", body.clone()).await;
    let again = post(&app, &fgw, "/api/v1/topics", body).await;
    assert_eq!(first.0, StatusCode::CREATED);
    assert_eq!(again.0, StatusCode::OK);
    assert_eq!(first.1["id"], again.1["id"]);
    assert_eq!(first.1["state"], "upcoming");
    // Citizens do not open topics.
    let refused = post(&app, &author, "/api/v1/topics", json!({})).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN);

    let one = suggest(&app, &author, topic, "加密地铁外围线路班次").await;
    let supporter = citizen(&pool, "sug.supporter").await;
    let path = format!("/api/v1/suggestions/{one}/support");
    let answers = common::join_all((0..10).map(|_| put(&app, &supporter, &path)).collect()).await;
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
    }
    assert_eq!(count_supports(&pool, one).await, (1, 1));
    let (_, seen) = get(&app, &supporter, &format!("/api/v1/suggestions/{one}")).await;
    assert_eq!(seen["supports"], 1);
    assert_eq!(seen["supported"], true);
    // Supporting follows it too.
    assert_eq!(seen["following"], true);

    // Ten different accounts at once: ten supports.
    let two = suggest(&app, &author, topic, "增加社区养老服务中心").await;
    let mut people = Vec::new();
    for n in 0..10 {
        people.push(citizen(&pool, &format!("sug.many{n}")).await);
    }
    let path = format!("/api/v1/suggestions/{two}/support");
    let started = std::time::Instant::now();
    let answers = common::join_all(people.iter().map(|p| put(&app, p, &path)).collect()).await;
    let took = started.elapsed();
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK));
    assert_eq!(count_supports(&pool, two).await, (10, 10));
    eprintln!("10 concurrent supports of one suggestion: {took:?}");

    // Withdrawing is idempotent too, and keeps the count in step.
    let path = format!("/api/v1/suggestions/{two}/support");
    for _ in 0..2 {
        let (status, body) = send(&app, &people[0], reqwest::Method::DELETE, &path, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["supported"], false);
    }
    assert_eq!(count_supports(&pool, two).await, (9, 9));
    // Nobody supports their own; staff do not support.
    let own = put(&app, &author, &format!("/api/v1/suggestions/{one}/support")).await;
    assert_eq!(own.0, StatusCode::CONFLICT);
    assert_eq!(
        own.1["error"]["problem"]["problem"], "own_suggestion",
        "{}",
        own.1
    );
    let by_staff = put(&app, &fgw, &format!("/api/v1/suggestions/{one}/support")).await;
    assert_eq!(by_staff.0, StatusCode::FORBIDDEN);

    // The public list, most supported first, names masked, cacheable.
    let res = app
        .get(&format!("/api/v1/topics/{topic}/suggestions"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], two);
    assert_eq!(list["items"][0]["author"], "张**");
    let newest: Value = app
        .get(&format!("/api/v1/topics/{topic}/suggestions?sort=newest"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(newest["items"][0]["id"], two);
    // A personal answer is never stored.
    let res = supporter
        .client
        .get(app.url(&format!("/api/v1/suggestions/{one}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "private, no-store");
}

#[tokio::test]
async fn the_first_support_freezes_the_text() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.edit", "FGW").await;
    let author = citizen(&pool, "edit.author").await;
    let other = citizen(&pool, "edit.other").await;
    let topic = open_topic(&app, &fgw).await;
    let id = suggest(&app, &author, topic, "原来的标题").await;
    let path = format!("/api/v1/suggestions/{id}");
    let edit = json!({"title": "修改后的标题", "body": "修改后的建议内容，更加具体明确。"});
    let (status, body) = send(
        &app,
        &author,
        reqwest::Method::PATCH,
        &path,
        Some(edit.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["title"], "修改后的标题");
    assert_eq!(body["edited"], true);
    assert_eq!(body["editable"], true);
    // Someone else may not edit it.
    let (status, _) = send(
        &app,
        &other,
        reqwest::Method::PATCH,
        &path,
        Some(edit.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Too short a text: 422 naming the field.
    let (status, body) = send(
        &app,
        &author,
        reqwest::Method::PATCH,
        &path,
        Some(json!({"title": "标题可以", "body": "太短"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"][0]["field"], "body", "{body}");

    assert_eq!(
        put(&app, &other, &format!("{path}/support")).await.0,
        StatusCode::OK
    );
    let (status, body) = send(
        &app,
        &author,
        reqwest::Method::PATCH,
        &path,
        Some(edit.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "suggestion_refused");
    assert_eq!(body["error"]["problem"]["problem"], "edit_frozen");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("supported"),
        "{body}"
    );
    // In Chinese too.
    let res = author
        .client
        .patch(app.url(&path))
        .header("origin", app.origin())
        .header("accept-language", "zh-CN")
        .json(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let zh: Value = res.json().await.unwrap();
    assert!(
        zh["error"]["message"].as_str().unwrap().contains("支持"),
        "{zh}"
    );
    // A support withdrawn does not reopen the text.
    let (status, _) = send(
        &app,
        &other,
        reqwest::Method::DELETE,
        &format!("{path}/support"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(&app, &author, reqwest::Method::PATCH, &path, Some(edit)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, seen) = get(&app, &author, &path).await;
    assert_eq!(seen["editable"], false);
    // The page explains why, without a form.
    let page = author
        .page(&app, &format!("/suggestions/{topic}/s/{id}"))
        .await;
    assert!(page.contains("内容不能再修改"), "{page}");
    assert!(!page.contains("/edit\""), "no edit form once supported");
}

#[tokio::test]
async fn three_different_reporters_hide_until_a_moderator_decides() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.moderator", "FGW").await;
    let elsewhere = staff(&pool, "mzj.staff", "MZJ").await;
    let author = citizen(&pool, "rep.author").await;
    let topic = open_topic(&app, &fgw).await;
    let id = suggest(&app, &author, topic, "高价回收购物卡").await;
    let path = format!("/api/v1/suggestions/{id}/reports");
    let reason = json!({"reason": "广告或垃圾信息"});
    let a = citizen(&pool, "rep.a").await;
    // The same account three times: one report, still visible.
    assert_eq!(
        post(&app, &a, &path, reason.clone()).await.0,
        StatusCode::CREATED
    );
    for _ in 0..2 {
        let (status, body) = post(&app, &a, &path, reason.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["error"]["problem"]["problem"], "already_reported");
    }
    assert_eq!(listed(&app, topic).await, 1);
    // Not one's own; a reason is needed.
    assert_eq!(
        post(&app, &author, &path, reason.clone()).await.0,
        StatusCode::CONFLICT
    );
    let b = citizen(&pool, "rep.b").await;
    assert_eq!(
        post(&app, &b, &path, json!({"reason": " "})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, body) = post(&app, &b, &path, reason.clone()).await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::CREATED, json!("visible"))
    );
    let c = citizen(&pool, "rep.c").await;
    let (status, body) = post(&app, &c, &path, reason.clone()).await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::CREATED, json!("hidden"))
    );
    assert_eq!(listed(&app, topic).await, 0);
    // Hidden: the public sees that it is, not what it says; its author does.
    let (_, public) = get(&app, &c, &format!("/api/v1/suggestions/{id}")).await;
    assert_eq!(public["state"], "hidden");
    assert_eq!(public["body"], Value::Null);
    let (_, own) = get(&app, &author, &format!("/api/v1/suggestions/{id}")).await;
    assert!(own["body"].is_string());
    let page = app
        .get(&format!("/suggestions/{topic}/s/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("等待部门审核"), "{page}");
    // The department's staff are told, once.
    let told: Vec<(i64, String)> = sqlx::query_as(
        "select recipient_id, link from notification where kind = 'suggestion_hidden'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, fgw.id);
    // The queue, for the department only.
    let (status, queue) = get(&app, &fgw, "/api/v1/staff/moderation").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(queue[0]["suggestion"]["id"], id);
    assert_eq!(queue[0]["reports"].as_array().unwrap().len(), 3);
    let (_, other_queue) = get(&app, &elsewhere, "/api/v1/staff/moderation").await;
    assert_eq!(other_queue, json!([]));
    assert_eq!(
        get(&app, &a, "/api/v1/staff/moderation").await.0,
        StatusCode::FORBIDDEN
    );
    let decide = format!("/api/v1/suggestions/{id}/moderation");
    let (status, _) = post(&app, &elsewhere, &decide, json!({"decision": "restore"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Restored: visible, and the reports start again.
    let (status, body) = post(&app, &fgw, &decide, json!({"decision": "restore"})).await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("visible"))
    );
    assert_eq!(listed(&app, topic).await, 1);
    let (status, _) = post(&app, &fgw, &decide, json!({"decision": "restore"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let d = citizen(&pool, "rep.d").await;
    let (_, body) = post(&app, &d, &path, reason.clone()).await;
    assert_eq!(body["state"], "visible", "one report of the new round");
    // Removed, with its reason in its place.
    let (status, body) = post(
        &app,
        &fgw,
        &decide,
        json!({"decision": "remove", "reason": "商业广告"}),
    )
    .await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("removed"))
    );
    let (_, public) = get(&app, &d, &format!("/api/v1/suggestions/{id}")).await;
    assert_eq!(public["removed_reason"], "商业广告");
    assert_eq!(public["title"], Value::Null);
    let (status, _) = post(&app, &fgw, &decide, json!({"decision": "restore"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_reply_is_told_once_to_each_supporter_follower_and_the_author() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.select", "FGW").await;
    let elsewhere = staff(&pool, "mzj.select", "MZJ").await;
    let author = citizen(&pool, "sel.author").await;
    let topic = open_topic(&app, &fgw).await;
    let id = suggest(&app, &author, topic, "设立数字化转型专项资金").await;
    let s1 = citizen(&pool, "sel.s1").await;
    let s2 = citizen(&pool, "sel.s2").await;
    let follower = citizen(&pool, "sel.follower").await;
    let bystander = citizen(&pool, "sel.bystander").await;
    for who in [&s1, &s2] {
        assert_eq!(
            put(&app, who, &format!("/api/v1/suggestions/{id}/support"))
                .await
                .0,
            StatusCode::OK
        );
    }
    // s2 follows explicitly too: still one person.
    for who in [&s2, &follower] {
        let (status, body) = put(&app, who, &format!("/api/v1/suggestions/{id}/follow")).await;
        assert_eq!(
            (status, body["following"].clone()),
            (StatusCode::OK, json!(true))
        );
    }
    let path = format!("/api/v1/suggestions/{id}/selection");
    let reply = json!({"reply": "感谢建议，已纳入规划纲要数字经济章节。", "adopted": true});
    assert_eq!(
        post(&app, &author, &path, reply.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&app, &elsewhere, &path, reply.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // Sent three times, two of them at once.
    let answers = common::join_all(vec![
        post(&app, &fgw, &path, reply.clone()),
        post(&app, &fgw, &path, reply.clone()),
    ])
    .await;
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert_eq!(body["selected"], true);
        assert_eq!(body["adopted"], true);
    }
    let (status, _) = post(
        &app,
        &fgw,
        &path,
        json!({"reply": "更正后的回复内容。", "adopted": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let told: Vec<(i64, i64)> = sqlx::query_as(
        "select recipient_id, count(*) from notification where kind = 'suggestion_replied'
         group by recipient_id order by recipient_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut expected: Vec<(i64, i64)> = [author.id, s1.id, s2.id, follower.id]
        .into_iter()
        .map(|id| (id, 1))
        .collect();
    expected.sort();
    assert_eq!(told, expected);
    assert!(!told.iter().any(|(r, _)| *r == bystander.id));
    // The inbox says it, with the way to the reply.
    let inbox = app::notifications::store::inbox(&pool, s1.id, app::i18n::Lang::En, 10)
        .await
        .unwrap();
    assert_eq!(inbox[0].kind.as_str(), "suggestion_replied");
    assert!(
        inbox[0].title.contains("设立数字化转型专项资金"),
        "{:?}",
        inbox[0]
    );
    assert_eq!(
        inbox[0].link.as_deref(),
        Some(format!("/suggestions/{topic}/s/{id}#reply-h").as_str())
    );
    let (_, seen) = get(&app, &s1, &format!("/api/v1/suggestions/{id}")).await;
    assert_eq!(seen["reply"], "更正后的回复内容。");
}

#[tokio::test]
async fn a_closed_topic_refuses_and_its_summary_counts_the_record() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.summary", "FGW").await;
    let author = citizen(&pool, "sum.author").await;
    let s1 = citizen(&pool, "sum.s1").await;
    let s2 = citizen(&pool, "sum.s2").await;
    let topic = open_topic(&app, &fgw).await;
    let a = suggest(&app, &author, topic, "第一条建议的标题").await;
    let b = suggest(&app, &author, topic, "第二条建议的标题").await;
    for who in [&s1, &s2] {
        put(&app, who, &format!("/api/v1/suggestions/{a}/support")).await;
    }
    put(&app, &s1, &format!("/api/v1/suggestions/{b}/support")).await;
    post(
        &app,
        &fgw,
        &format!("/api/v1/suggestions/{a}/selection"),
        json!({"reply": "已采纳。", "adopted": true}),
    )
    .await;
    let summary = format!("/api/v1/topics/{topic}/summary");
    let (status, body) = get(&app, &s1, &summary).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["problem"]["problem"], "topic_not_closed");
    // The period ends (the record moved, as time would).
    sqlx::query("update suggestion_topic set opens_on = '2026-08-01', closes_on = '2026-09-29' where id = $1")
        .bind(topic)
        .execute(&pool)
        .await
        .unwrap();
    let (status, body) = put(&app, &s2, &format!("/api/v1/suggestions/{b}/support")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["problem"]["problem"], "topic_not_open");
    let (status, _) = send(
        &app,
        &s1,
        reqwest::Method::DELETE,
        &format!("/api/v1/suggestions/{a}/support"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(
        &app,
        &author,
        &format!("/api/v1/topics/{topic}/suggestions"),
        json!({"title": "迟到的建议标题", "body": "征集结束以后才提交的建议内容。"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = get(&app, &s1, &summary).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["tally"],
        json!({"suggestions": 2, "supporters": 2, "supports": 3, "selected": 1, "adopted": 1})
    );
    assert_eq!(body["selected"][0]["id"], a);
    // The department's words, after the period; only theirs.
    let (status, _) = post(&app, &s1, &summary, json!({"summary": "感谢参与。"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(
        &app,
        &fgw,
        &summary,
        json!({"summary": "共收到建议2条，采纳1条。"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["topic"]["summary"], "共收到建议2条，采纳1条。");
    let page = app
        .get(&format!("/suggestions/{topic}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("征集结果") && page.contains("共收到建议2条"),
        "{page}"
    );
    let list = app.get("/suggestions").await.text().await.unwrap();
    assert!(list.contains("往期征集与结果"));
}

#[tokio::test]
async fn the_forms_work_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let fgw = staff(&pool, "fgw.forms", "FGW").await;
    let author = citizen(&pool, "form.author").await;
    let fan = citizen(&pool, "form.fan").await;
    let form = |who: &Who, path: &str, fields: &[(&str, &str)]| {
        let req = who
            .client
            .post(app.url(path))
            .header("origin", app.origin())
            .form(
                &fields
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect::<Vec<_>>(),
            );
        async move { req.send().await.unwrap() }
    };
    let key = uuid::Uuid::new_v4().to_string();
    let res = form(
        &fgw,
        "/staff/suggestions",
        &[
            ("idempotency_key", &key),
            ("title", "表单发起的征集"),
            ("description", "说明文字"),
            ("kind", "draft_policy"),
            ("opens_on", "2026-09-30"),
            ("closes_on", "2026-10-15"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let topic: i64 =
        sqlx::query_scalar("select id from suggestion_topic where title = '表单发起的征集'")
            .fetch_one(&pool)
            .await
            .unwrap();
    // A refused suggestion: the page again with what was typed.
    let key = uuid::Uuid::new_v4().to_string();
    let res = form(
        &author,
        &format!("/suggestions/{topic}"),
        &[
            ("idempotency_key", &key),
            ("title", "一个标题"),
            ("body", "太短了"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("一个标题") && page.contains(&key),
        "the typed text and key are kept"
    );
    let res = form(
        &author,
        &format!("/suggestions/{topic}"),
        &[
            ("idempotency_key", &key),
            ("title", "一个标题"),
            ("body", "现在的建议内容足够长了。"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    // Supporting from the list goes back to it.
    let res = form(
        &fan,
        &format!("/suggestions/{topic}/s/{id}/support"),
        &[("do", "support"), ("from", "topic")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        format!("/suggestions/{topic}#s-{id}").as_str()
    );
    assert_eq!(count_supports(&pool, id).await, (1, 1));
    let page = fan.page(&app, &format!("/suggestions/{topic}")).await;
    assert!(page.contains("取消支持") && page.contains("张**"), "{page}");
    assert!(!page.contains("张form.author"), "names are masked");
    // The author's edit form is gone; the reason is said.
    let res = form(
        &author,
        &format!("/suggestions/{topic}/s/{id}/edit"),
        &[("title", "新的标题"), ("body", "新的建议内容足够长了。")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Staff select it with a reply from their page.
    let page = fgw.page(&app, "/staff/suggestions").await;
    assert!(
        page.contains(&format!("/staff/suggestions/{id}/selection")),
        "{page}"
    );
    let res = form(
        &fgw,
        &format!("/staff/suggestions/{id}/selection"),
        &[("reply", "感谢您的建议。"), ("adopted", "yes")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = fan.page(&app, "/inbox").await;
    assert!(page.contains("建议有了官方回复"), "{page}");
    // Signed out: to sign in, and back.
    let res = app
        .post_form(
            &format!("/suggestions/{topic}/s/{id}/support"),
            &[("do", "support")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        format!("/login?next=/suggestions/{topic}/s/{id}").as_str()
    );
}

#[tokio::test]
async fn bad_ids_and_parameters_never_answer_5xx() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let who = citizen(&pool, "bad.ids").await;
    let fgw = staff(&pool, "fgw.bad", "FGW").await;
    let topic = open_topic(&app, &fgw).await;
    let reads = [
        "/api/v1/topics/abc".to_string(),
        "/api/v1/topics/99999999999999999999".into(),
        "/api/v1/topics/-1".into(),
        "/api/v1/topics/0/suggestions".into(),
        format!("/api/v1/topics/{topic}/suggestions?page=0"),
        format!("/api/v1/topics/{topic}/suggestions?page=abc"),
        format!("/api/v1/topics/{topic}/suggestions?page=99999999999"),
        format!("/api/v1/topics/{topic}/suggestions?sort=%00"),
        "/api/v1/topics?department=x".into(),
        "/api/v1/topics/0/summary".into(),
        "/api/v1/suggestions/0".into(),
        "/api/v1/suggestions/%E2%80%AE".into(),
        "/suggestions/abc".into(),
        "/suggestions/0".into(),
        format!("/suggestions/{topic}?page=-5"),
        format!("/suggestions/{topic}/s/abc"),
        format!("/suggestions/{topic}/s/99999999999999999999"),
    ];
    for path in &reads {
        let (status, body) = get(&app, &who, path).await;
        assert!(status.is_client_error(), "{path}: {status} {body}");
    }
    for method in [reqwest::Method::PUT, reqwest::Method::DELETE] {
        for path in [
            "/api/v1/suggestions/abc/support",
            "/api/v1/suggestions/0/follow",
            "/api/v1/suggestions/-3/support",
        ] {
            let (status, body) = send(&app, &who, method.clone(), path, None).await;
            assert!(status.is_client_error(), "{method} {path}: {status} {body}");
        }
    }
    for path in [
        "/api/v1/suggestions/0/reports",
        "/api/v1/suggestions/0/moderation",
        "/api/v1/suggestions/0/selection",
        "/api/v1/topics/0/suggestions",
    ] {
        let (status, body) = post(&app, &fgw, path, json!({"reason": "x", "decision": "restore", "reply": "好的回复", "title": "一个标题", "body": "足够长的建议内容文字"})).await;
        assert!(status.is_client_error(), "{path}: {status} {body}");
    }
    let (status, _) = post(
        &app,
        &fgw,
        "/api/v1/suggestions/1/moderation",
        json!({"decision": "explode"}),
    )
    .await;
    assert!(status.is_client_error());
    for path in [
        "/suggestions/abc/s/1/support",
        "/suggestions/1/s/0/report",
        "/staff/suggestions/0/moderation",
        "/staff/suggestions/abc/selection",
    ] {
        let res = who
            .client
            .post(app.url(path))
            .header("origin", app.origin())
            .form(&[("do", "support")])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_client_error() || res.status().is_redirection(),
            "{path}: {}",
            res.status()
        );
    }
    // A cross-site form post is refused.
    let res = who
        .client
        .post(app.url(&format!("/suggestions/{topic}")))
        .form(&[("title", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_has_an_open_topic_a_hidden_suggestion_and_a_past_summary() {
    let pool = database(Seed::Demo).await;
    let key = common::test_data_key();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    let now = common::test_now();
    for _ in 0..2 {
        server::demo::load_suggestions(&pool, &key, now)
            .await
            .unwrap();
    }
    let app = TestApp::spawn_without_reference(pool.clone()).await;
    let topics: Value = app.get("/api/v1/topics").await.json().await.unwrap();
    let topics = topics.as_array().unwrap();
    assert_eq!(topics.len(), 2, "loaded once: {topics:?}");
    assert_eq!(topics[0]["state"], "open");
    assert_eq!(topics[0]["suggestions"], 6);
    assert_eq!(topics[1]["state"], "closed");
    let open = topics[0]["id"].as_i64().unwrap();
    let list: Value = app
        .get(&format!("/api/v1/topics/{open}/suggestions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 5, "the hidden one is not listed");
    assert_eq!(list["items"][0]["supports"], 4);
    let selected = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["selected"] == true)
        .count();
    assert_eq!(selected, 2);
    // The moderator has the hidden one in the queue and a notice of it.
    let moderator = server::demo::demo_account(&pool, "mod.gz.fgw")
        .await
        .unwrap()
        .unwrap();
    let mod_who = session_for(&pool, moderator.id).await;
    let (_, queue) = get(&app, &mod_who, "/api/v1/staff/moderation").await;
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    let kinds: Vec<String> =
        sqlx::query_scalar("select kind from notification where recipient_id = $1")
            .bind(moderator.id)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(kinds, ["suggestion_hidden"]);
    let past = topics[1]["id"].as_i64().unwrap();
    let summary: Value = app
        .get(&format!("/api/v1/topics/{past}/summary"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["tally"],
        json!({"suggestions": 3, "supporters": 5, "supports": 7, "selected": 2, "adopted": 1})
    );
    assert!(summary["topic"]["summary"]
        .as_str()
        .unwrap()
        .contains("采纳"));
}
