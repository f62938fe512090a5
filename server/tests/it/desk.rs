//! The clerk's desk and supervision notices (issue 17) through the real
//! router and a real PostgreSQL: the task page's one decision control with
//! the refusal's confirmation and the message after a decision, who may
//! decide; the audited reveal of a full ID number and its reason in the
//! person's "who accessed my data"; a supervisor's notice (督办) from an
//! alert to the department and its answer back; statistics that say 无数据
//! where there is no record and count late open steps against the on-time
//! rate.

use crate::common;
use common::{
    answers_for, citizen, clerk, database, hall, post_of_task, supervisor, test_data_key, Seed,
    TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// A birth-bundle case submitted by `who`: its number and its steps.
async fn birth_case(app: &TestApp, who: &Who) -> (String, Vec<Value>) {
    let mut body = json!({"bundle": "440100/birth"});
    body["answers"] = answers_for(app, who, "bundle=440100/birth").await;
    let receipt = who.submit(app, &body).await;
    let case_no = receipt["case_no"].as_str().unwrap().to_string();
    let case: Value = who
        .client
        .get(app.url(&format!("/api/v1/me/cases/{case_no}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (case_no, case["steps"].as_array().unwrap().clone())
}

/// The task ids of the case's review steps.
fn reviews(steps: &[Value]) -> Vec<i64> {
    steps
        .iter()
        .filter(|s| s["kind"] == "review")
        .map(|s| s["task_id"].as_i64().unwrap())
        .collect()
}

/// A clerk at the post of task `task`.
async fn clerk_of(pool: &PgPool, name: &str, task: i64) -> Who {
    let (dept, unit, post) = post_of_task(pool, task).await;
    clerk(pool, name, &dept, &unit, &post).await
}

async fn post(app: &TestApp, who: &Who, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    who.client
        .post(app.url(path))
        .header("origin", app.origin())
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn state_of(pool: &PgPool, task: i64) -> String {
    sqlx::query_scalar("select state from case_task where id = $1")
        .bind(task)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_clerk_decides_with_one_control_and_a_refusal_is_confirmed_first() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let (case_no, steps) = birth_case(&app, &me).await;
    let tasks = reviews(&steps);
    assert!(tasks.len() >= 3);
    let c0 = clerk_of(&pool, "clerk.0", tasks[0]).await;
    let c1 = clerk_of(&pool, "clerk.1", tasks[1]).await;
    let c2 = clerk_of(&pool, "clerk.2", tasks[2]).await;

    // The task page: one decision form, the region's name in addresses, the
    // history, and ID numbers masked.
    let path = format!("/staff/tasks/{}", tasks[0]);
    let html = c0.page(&app, &path).await;
    let form = format!("<form method=\"post\" action=\"{path}\"");
    assert_eq!(html.matches(&form).count(), 1, "one decision control");
    assert!(html.contains("name=\"action\" value=\"approve\""));
    assert!(html.contains("name=\"action\" value=\"reject\""));
    assert!(
        html.contains("办理记录") && html.contains("提交申请"),
        "the history"
    );
    assert!(!html.contains(">440106 "), "no raw region code");
    assert!(!html.contains("440106199205150026"), "ID numbers masked");
    // Addresses (the household's, the place of birth) read with the
    // district's full name on the parts that hold them.
    let mut decoded = false;
    for (who, t) in [(&c0, tasks[0]), (&c1, tasks[1]), (&c2, tasks[2])] {
        let page = who.page(&app, &format!("/staff/tasks/{t}")).await;
        assert!(!page.contains(">440106 "), "no raw region code");
        decoded |= page.contains("广州市天河区");
    }
    assert!(decoded, "an address with its region's name");

    // Only the task's post decides: another post's clerk, a citizen, a
    // cross-site form are refused and nothing changes.
    let res = post(&app, &c1, &path, &[("action", "approve"), ("note", "")]).await;
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::CONFLICT),
        "{}",
        res.status()
    );
    let res = post(&app, &me, &path, &[("action", "approve"), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = c0
        .client
        .post(app.url(&path))
        .header("origin", "https://evil.example")
        .form(&[("action", "approve"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(state_of(&pool, tasks[0]).await, "ready");

    // A refusal asks to be confirmed first: the page again, nothing done.
    let res = post(
        &app,
        &c0,
        &path,
        &[("action", "reject"), ("note", "出生医学证明不清晰")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("确认不予通过") && html.contains("出生医学证明不清晰"));
    assert!(html.contains("name=\"confirmed\" value=\"yes\""));
    assert_eq!(state_of(&pool, tasks[0]).await, "ready");
    // Without a reason it is refused at once, with the reason why.
    let res = post(&app, &c0, &path, &[("action", "reject"), ("note", " ")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("请填写理由或说明"));

    // Approved: to the queue with the message.
    let res = post(&app, &c0, &path, &[("action", "approve"), ("note", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert_eq!(to, format!("/staff/tasks?decided=approve&case={case_no}"));
    let html = c0.page(&app, &to).await;
    assert!(
        html.contains(&format!("已记录：案件 {case_no} 审查通过。")),
        "the message"
    );
    assert_eq!(state_of(&pool, tasks[0]).await, "done");

    // A supplement request through the same control.
    let p2 = format!("/staff/tasks/{}", tasks[2]);
    let res = post(
        &app,
        &c2,
        &p2,
        &[
            ("action", "request_supplement"),
            ("note", "请补交户口簿首页"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/tasks?decided=request_supplement&case={case_no}")
    );

    // A refusal confirmed (on a second case: a refusal ends the case):
    // done, with its message.
    let (case_no, steps) = birth_case(&app, &me).await;
    let p1 = format!("/staff/tasks/{}", reviews(&steps)[1]);
    let res = post(
        &app,
        &c1,
        &p1,
        &[
            ("action", "reject"),
            ("note", "不符合条件"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert_eq!(to, format!("/staff/tasks?decided=reject&case={case_no}"));
    assert!(c1.page(&app, &to).await.contains("不予通过。"));
    assert_eq!(state_of(&pool, reviews(&steps)[1]).await, "rejected");
    // A decided task has no control any more.
    let html = c1.page(&app, &p1).await;
    assert!(!html.contains("name=\"action\""));
}

#[tokio::test]
async fn a_full_id_number_needs_a_reason_and_the_person_sees_who_looked_and_why() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let (case_no, steps) = birth_case(&app, &me).await;
    // The first review whose part holds an ID number.
    let mut found = None;
    for (n, t) in reviews(&steps).into_iter().enumerate() {
        let c = clerk_of(&pool, &format!("clerk.{n}"), t).await;
        let html = c.page(&app, &format!("/staff/tasks/{t}")).await;
        if let Some(at) = html.find("name=\"field\" value=\"") {
            let rest = &html[at + 20..];
            let field = rest[..rest.find('"').unwrap()].to_string();
            found = Some((t, c, field));
            break;
        }
    }
    let (task, c, field) = found.expect("a part with an ID number");
    let reveal = format!("/staff/tasks/{task}/reveal");
    let reads = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from audit_event where detail like 'id_reveal %'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };

    // No reason: refused at the field, nothing shown or recorded.
    let res = post(&app, &c, &reveal, &[("field", &field), ("reason", " ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(!html.contains("desk-revealed"));
    assert_eq!(reads(pool.clone()).await, 0);
    // Another post's clerk: not found.
    let other_task = reviews(&steps).into_iter().find(|t| *t != task).unwrap();
    let other = clerk_of(&pool, "clerk.other", other_task).await;
    let res = post(
        &app,
        &other,
        &reveal,
        &[("field", &field), ("reason", "好奇")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A citizen: forbidden. A field that is no ID number: not found.
    let res = post(&app, &me, &reveal, &[("field", &field), ("reason", "x")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post(
        &app,
        &c,
        &reveal,
        &[("field", "child_name"), ("reason", "核对")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(reads(pool.clone()).await, 0);

    // With a reason: the number in full, not cached, and recorded.
    let res = post(
        &app,
        &c,
        &reveal,
        &[("field", &field), ("reason", "核对户籍信息")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let html = res.text().await.unwrap();
    let at = html
        .find("class=\"desk-revealed\">")
        .expect("the number shown")
        + 22;
    let number = &html[at..at + 18];
    assert!(
        number.chars().all(|c| c.is_ascii_digit() || c == 'X'),
        "{number}"
    );
    let (actor, subject, detail): (i64, i64, String) = sqlx::query_as(
        "select actor_id, subject_id, detail from audit_event
         where action = 'personal_data_read' and detail like 'id_reveal %'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((actor, subject), (c.id, me.id));
    assert_eq!(detail, format!("id_reveal {case_no} 核对户籍信息"));

    // The person sees who looked, and why.
    let html = me.page(&app, "/me").await;
    assert!(
        html.contains(&format!(
            "查看完整身份证号码（案件 {case_no}），理由：核对户籍信息"
        )),
        "who accessed my data"
    );
}

#[tokio::test]
async fn a_supervisor_sends_a_notice_from_an_alert_and_the_department_answers() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let (case_no, steps) = birth_case(&app, &me).await;
    let tasks = reviews(&steps);
    let (late, fresh) = (tasks[0], tasks[1]);
    // The step is five days late (the hall's today is 30 September 2026).
    sqlx::query("update case_task set due_on = '2026-09-24' where id = $1")
        .bind(late)
        .execute(&pool)
        .await
        .unwrap();
    let sup = supervisor(&pool, "sup.gz", 440100).await;
    let elsewhere = supervisor(&pool, "sup.sz", 440300).await;
    let c = clerk_of(&pool, "clerk.late", late).await;

    // The alert links to the case.
    let html = sup.page(&app, "/supervision").await;
    let link = format!("/supervision/cases/{case_no}#step-{late}");
    assert!(html.contains(&link), "the alert opens the case");
    // The case, read only, the read audited.
    let case_page = format!("/supervision/cases/{case_no}");
    let res = sup.client.get(app.url(&case_page)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("已超期") && html.contains("发出督办"));
    assert!(!html.contains("440106199205150026"));
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where actor_id = $1 and subject_id = $2
         and action = 'personal_data_read' and detail = $3",
    )
    .bind(sup.id)
    .bind(me.id)
    .bind(format!("supervision {case_no}"))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    assert!(me
        .page(&app, "/me")
        .await
        .contains(&format!("效能监察查阅案件 {case_no}")));
    // Another city's supervisor does not see it, nor a clerk.
    let res = elsewhere
        .client
        .get(app.url(&case_page))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let notices = format!("{case_page}/notices");
    let late_s = late.to_string();
    let fresh_s = fresh.to_string();
    let res = post(
        &app,
        &elsewhere,
        &notices,
        &[("task_id", &late_s), ("note", "请办理")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = post(
        &app,
        &c,
        &notices,
        &[("task_id", &late_s), ("note", "请办理")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Only about a late step, and with a note.
    let res = post(
        &app,
        &sup,
        &notices,
        &[("task_id", &fresh_s), ("note", "请办理")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = post(
        &app,
        &sup,
        &notices,
        &[("task_id", &late_s), ("note", "  ")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let count: i64 = sqlx::query_scalar("select count(*) from supervision_notice")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);

    // Sent: recorded, the department told.
    let res = post(
        &app,
        &sup,
        &notices,
        &[("task_id", &late_s), ("note", "请于今日办结并说明原因")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with(&format!("{case_page}?sent=1")));
    let id: i64 = sqlx::query_scalar("select id from supervision_notice where task_id = $1")
        .bind(late)
        .fetch_one(&pool)
        .await
        .unwrap();
    let told: Vec<(i64, String)> = sqlx::query_as(
        "select recipient_id, link from notification where kind = 'supervision_notice'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(told
        .iter()
        .any(|(r, l)| *r == c.id && l == &format!("/staff/tasks/{late}#notice-{id}")));
    assert!(c.page(&app, "/inbox").await.contains("督办"));
    let html = c.page(&app, &format!("/staff/tasks/{late}")).await;
    assert!(html.contains("请于今日办结并说明原因"));
    assert!(html.contains(&format!("action=\"/staff/notices/{id}/reply\"")));

    // Answered by the department, once; the supervisor told and shown it.
    let reply = format!("/staff/notices/{id}/reply");
    let res = post(&app, &sup, &reply, &[("reply", "已办结")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let stranger = clerk_of(&pool, "clerk.fresh", fresh).await;
    let res = post(&app, &stranger, &reply, &[("reply", "已办结")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = post(
        &app,
        &c,
        &reply,
        &[("reply", "已于今日办结，延误因系统故障")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(&app, &c, &reply, &[("reply", "再答一次")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (kind, recipient): (String, i64) = sqlx::query_as(
        "select kind, recipient_id from notification where kind = 'supervision_reply'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((kind.as_str(), recipient), ("supervision_reply", sup.id));
    let html = sup.page(&app, &case_page).await;
    assert!(html.contains("已于今日办结，延误因系统故障") && html.contains("部门答复"));
}

#[tokio::test]
async fn statistics_say_no_data_and_count_late_open_steps_against_the_on_time_rate() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let (_, steps) = birth_case(&app, &me).await;
    let late = reviews(&steps)[0];
    let department: i64 = sqlx::query_scalar("select department_id from case_task where id = $1")
        .bind(late)
        .fetch_one(&pool)
        .await
        .unwrap();

    // Nothing finished, nothing late: 无数据, never a score of 40.0.
    let html = app
        .get(&format!("/stats/departments/{department}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("无数据"), "no data said");
    assert!(!html.contains(">40.0<"), "no score drawn from nothing");
    let v: Value = app
        .get(&format!("/api/v1/stats/departments/{department}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"]["efficiency"]["data"], false);

    // A step five days late and still open counts as not on time.
    sqlx::query("update case_task set due_on = '2026-09-24' where id = $1")
        .bind(late)
        .execute(&pool)
        .await
        .unwrap();
    let v: Value = app
        .get(&format!("/api/v1/stats/departments/{department}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"]["record"]["overdue_open"], 1);
    assert_eq!(v["total"]["efficiency"]["data"], true);
    assert_eq!(v["total"]["efficiency"]["on_time_rate"], 0.0);
    let html = app
        .get(&format!("/stats/departments/{department}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("0.0%"), "0 % on time beside the late step");
}
