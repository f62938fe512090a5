//! Letters (留言/诉求, issue 19) through the real router and a real
//! PostgreSQL: writing is idempotent; a duplicate is merged at once and its
//! writer told; the whole path over HTTP (write → accept → dispatch →
//! return → dispatch → take → reply → follow-up unsatisfied → reopen →
//! reply → satisfied) with the follow-up notice sent once per reply; a
//! private letter is 404 to others; a public one masks the writer's name;
//! the no-JS forms; the time limits.

use crate::common;
use common::{citizen, clerk, database, test_data_key, Seed, TestApp, Who};

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

const WINDOW: &str = "政务服务窗口";
const POST: &str = "受理岗";

async fn inbox_kinds(pool: &PgPool, account: i64) -> Vec<String> {
    app::notifications::store::inbox(pool, account, app::i18n::Lang::En, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.as_str().to_string())
        .collect()
}

async fn department(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn write(app: &TestApp, who: &Who, key: &str, body: &Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url("/api/v1/letters"))
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
        .post(app.url(&format!("/api/v1/letters/{no}/steps")))
        .header("origin", app.origin())
        .json(&action)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn ok_step(app: &TestApp, who: &Who, no: &str, action: Value) -> Value {
    let (status, body) = step(app, who, no, action.clone()).await;
    assert_eq!(status, StatusCode::OK, "{action}: {body}");
    body
}

fn complaint(subject: &str, public: bool) -> Value {
    json!({
        "addressee": "centre",
        "region": 440100,
        "kind": "complaint",
        "subject": subject,
        "body": "小区楼下餐馆每晚十一点后仍有噪音，影响休息。",
        "public": public,
    })
}

#[tokio::test]
async fn writing_is_idempotent_and_a_duplicate_is_merged_and_told() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let writer = citizen(&pool, &test_data_key(), "letter.a", "440106199003071231").await;
    let key = uuid::Uuid::new_v4().to_string();
    let (status, first) = write(&app, &writer, &key, &complaint("小区噪音扰民", true)).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let no = first["letter_no"].as_str().unwrap().to_string();
    assert!(no.starts_with("XJ20260930"), "{no}");
    // The same key again: the same letter, whatever is sent.
    let (status, again) = write(&app, &writer, &key, &complaint("别的标题", false)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["letter_no"], no.as_str());
    // The same subject (spaces and punctuation aside) within 7 days: merged.
    let (status, dup) = write(
        &app,
        &writer,
        &uuid::Uuid::new_v4().to_string(),
        &complaint("小区 噪音扰民！", true),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(dup["merged_into"], no.as_str());
    assert_ne!(dup["letter_no"], no.as_str());
    assert_eq!(inbox_kinds(&pool, writer.id).await, vec!["letter_merged"]);
    let mine: Value = writer
        .client
        .get(app.url("/api/v1/me/letters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let states: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["merged", "submitted"]);
    // What cannot be taken: 422 with a translated message; 400 without a key.
    let (status, body) = write(
        &app,
        &writer,
        &uuid::Uuid::new_v4().to_string(),
        &complaint(&"长".repeat(61), true),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "letter_refused");
    let res = writer
        .client
        .post(app.url("/api/v1/letters"))
        .header("origin", app.origin())
        .json(&complaint("无键", true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Staff do not write letters.
    let staff = clerk(&pool, "letters.mzj0", "MZJ", WINDOW, POST).await;
    let (status, _) = write(&app, &staff, &key, &complaint("员工", true)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_complaint_goes_the_whole_way_and_each_reply_is_told_once() {
    let pool = database(Seed::Demo).await;
    // Wednesday 30 September 2026; the follow-up on Thursday 8 October,
    // the first working day after the National Day holiday.
    let app = TestApp::spawn(pool.clone()).await;
    let later = TestApp::spawn_at(pool.clone(), time::macros::datetime!(2026-10-08 10:00 +8)).await;
    let writer = citizen(&pool, &test_data_key(), "letter.b", "440106199205150026").await;
    let centre = clerk(&pool, "letters.centre", "ZWSJJ", WINDOW, POST).await;
    let gaj = clerk(&pool, "letters.gaj", "GAJ", WINDOW, POST).await;
    let zjj = clerk(&pool, "letters.zjj", "ZJJ", WINDOW, POST).await;
    let stranger = citizen(&pool, &test_data_key(), "letter.c", "440103199001011236").await;
    let (gaj_id, zjj_id, mzj_id) = (
        department(&pool, "GAJ").await,
        department(&pool, "ZJJ").await,
        department(&pool, "MZJ").await,
    );
    let (_, w) = write(
        &app,
        &writer,
        &uuid::Uuid::new_v4().to_string(),
        &complaint("夜间施工噪音", false),
    )
    .await;
    let no = w["letter_no"].as_str().unwrap().to_string();
    // Private: 404 to a stranger and to everyone signed out.
    let res = stranger
        .client
        .get(app.url(&format!("/api/v1/letters/{no}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/api/v1/letters/{no}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // The centre's queue holds it; the department's does not.
    let queue: Value = centre
        .client
        .get(app.url("/api/v1/staff/letters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(queue
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["letter_no"] == no.as_str()));
    // Not the department's step yet, nor the writer's.
    let (status, _) = step(&app, &gaj, &no, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = step(&app, &writer, &no, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let v = ok_step(&app, &centre, &no, json!({"action": "accept"})).await;
    assert_eq!(v["state"], "accepted");
    assert_eq!(v["offered"], json!(["decline", "merge", "dispatch"]));
    // Misrouted to MZJ, which returns it the same day.
    let mzj = clerk(&pool, "letters.mzj", "MZJ", WINDOW, POST).await;
    let v = ok_step(
        &app,
        &centre,
        &no,
        json!({"action": "dispatch", "department": mzj_id, "cohandlers": []}),
    )
    .await;
    assert_eq!(v["state"], "dispatched");
    // 13 working days from 30 September across the holiday: 23 October.
    assert_eq!(v["due_on"], "2026-10-23");
    let v = ok_step(
        &app,
        &mzj,
        &no,
        json!({"action": "return", "reason": "施工噪音不属于民政部门职责"}),
    )
    .await;
    assert_eq!(v["state"], "accepted");
    assert_eq!(v["returned_count"], 1);
    // Dispatched again: GAJ leads, ZJJ co-handles.
    ok_step(
        &app,
        &centre,
        &no,
        json!({"action": "dispatch", "department": gaj_id, "cohandlers": [zjj_id]}),
    )
    .await;
    let (status, _) = step(&app, &mzj, &no, json!({"action": "take"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = step(&app, &zjj, &no, json!({"action": "take"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    ok_step(&app, &gaj, &no, json!({"action": "take"})).await;
    ok_step(
        &app,
        &zjj,
        &no,
        json!({"action": "opinion", "text": "工地已办夜间施工许可，但超时施工"}),
    )
    .await;
    let v = ok_step(
        &app,
        &gaj,
        &no,
        json!({"action": "reply", "text": "已责令工地停止夜间超时施工。"}),
    )
    .await;
    assert_eq!(v["state"], "replied");
    assert_eq!(v["replied_on_time"], true);
    assert_eq!(v["reply"], "已责令工地停止夜间超时施工。");
    // The follow-up waits for the next working day (8 October).
    let fu = json!({"action": "follow_up", "satisfied": false, "note": "仍有噪音"});
    let (status, body) = step(&app, &writer, &no, fu.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let v = ok_step(&later, &writer, &no, fu.clone()).await;
    assert_eq!(v["state"], "unsatisfied");
    // Again: refused, nothing more sent.
    let (status, _) = step(&later, &writer, &no, fu).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let v = ok_step(
        &later,
        &writer,
        &no,
        json!({"action": "reopen", "reason": "夜里仍在施工"}),
    )
    .await;
    assert_eq!(v["state"], "handling");
    assert_eq!(v["reopened"], true);
    // A new deadline of 13 working days from the reopen day (8 October).
    assert_eq!(v["due_on"], "2026-10-26");
    let (status, _) = step(
        &later,
        &writer,
        &no,
        json!({"action": "reopen", "reason": "再次"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    ok_step(
        &later,
        &gaj,
        &no,
        json!({"action": "reply", "text": "已暂扣施工许可，现场复查无噪音。"}),
    )
    .await;
    let late = TestApp::spawn_at(pool.clone(), time::macros::datetime!(2026-10-09 10:00 +8)).await;
    let v = ok_step(
        &late,
        &writer,
        &no,
        json!({"action": "follow_up", "satisfied": true}),
    )
    .await;
    assert_eq!(v["state"], "resolved");
    assert_eq!(v["satisfied"], true);
    assert_eq!(v["closed_on"], "2026-10-09");
    assert!(v["offered"].as_array().unwrap().is_empty());
    let actions: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "submit",
            "accept",
            "dispatch",
            "return",
            "dispatch",
            "take",
            "opinion",
            "reply",
            "follow_up",
            "reopen",
            "reply",
            "follow_up"
        ]
    );
    // Told once per turn: accepted, each reply once; the writer's own
    // follow-ups tell them nothing.
    let mut kinds = inbox_kinds(&pool, writer.id).await;
    kinds.sort();
    assert_eq!(
        kinds,
        vec!["letter_accepted", "letter_replied", "letter_replied"]
    );
    // Every step appended: the log refuses to be rewritten.
    let rewritten = sqlx::query("update letter_event set note = 'x'")
        .execute(&pool)
        .await;
    assert!(rewritten.is_err());
    // The staff's reads are audited.
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where subject_id = $1 and detail = $2",
    )
    .bind(writer.id)
    .bind(format!("letter {no}"))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(audited >= 1);
}

#[tokio::test]
async fn a_public_letter_masks_its_writer_and_the_forms_work_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let writer = citizen(&pool, &test_data_key(), "letter.d", "440104198512120014").await;
    let centre = clerk(&pool, "letters.centre2", "ZWSJJ", WINDOW, POST).await;
    let stranger = citizen(&pool, &test_data_key(), "letter.e", "44010519800505002X").await;
    // The write form, as a browser without JavaScript posts it.
    let key = uuid::Uuid::new_v4().to_string();
    let form = [
        ("idempotency_key", key.as_str()),
        ("addressee", "centre"),
        ("region", "440100"),
        ("department", ""),
        ("kind", "suggestion"),
        ("subject", "建议增设公交站"),
        ("body", "建议在天河路口增设公交站。"),
        ("public", "true"),
    ];
    let res = writer
        .client
        .post(app.url("/letters/new"))
        .header("origin", app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let no = to.trim_start_matches("/letters/").to_string();
    // The form again refused: the page with the problem and what was typed.
    let bad = [
        ("idempotency_key", "7a1c2e3d-0000-4000-8000-000000000009"),
        ("addressee", "centre"),
        ("region", "440100"),
        ("kind", "suggestion"),
        ("subject", ""),
        ("body", "保留的内容"),
        ("public", "true"),
    ];
    let res = writer
        .client
        .post(app.url("/letters/new"))
        .header("origin", app.origin())
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("保留的内容"));
    // Not public until the centre accepts it.
    assert_eq!(
        app.get(&format!("/api/v1/letters/{no}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // The centre accepts by the page's form.
    let res = centre
        .client
        .post(app.url(&format!("/letters/{no}/steps")))
        .header("origin", app.origin())
        .form(&[("action", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Now everyone sees it, the name masked; the writer sees it in full.
    let public: Value = app
        .get(&format!("/api/v1/letters/{no}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["state"], "accepted");
    assert!(public["offered"].as_array().unwrap().is_empty());
    let own: Value = writer
        .client
        .get(app.url(&format!("/api/v1/letters/{no}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let name = own["writer"].as_str().unwrap();
    let masked = app::letters::mask_name(name);
    assert_ne!(name, masked);
    assert_eq!(public["writer"], masked.as_str());
    let page = app
        .get(&format!("/letters/{no}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&masked) && !page.contains(name));
    // The public list: filters, bounds, cacheable.
    let res = app.get("/api/v1/letters?public=true&region=440100").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let list: Value = res.json().await.unwrap();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["letter_no"] == no.as_str()));
    // A region's list holds the regions under it: the letter moved to a
    // county of Guangzhou is listed for the county, the city and the
    // province, not for another city.
    sqlx::query("update letter set region_code = 440106 where letter_no = $1")
        .bind(&no)
        .execute(&pool)
        .await
        .unwrap();
    for (region, listed) in [
        ("440106", true),
        ("440100", true),
        ("440000", true),
        ("440300", false),
    ] {
        let list: Value = app
            .get(&format!("/api/v1/letters?region={region}"))
            .await
            .json()
            .await
            .unwrap();
        let found = list
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["letter_no"] == no.as_str());
        assert_eq!(found, listed, "region {region}");
    }
    sqlx::query("update letter set region_code = 440100 where letter_no = $1")
        .bind(&no)
        .execute(&pool)
        .await
        .unwrap();
    for bad in [
        "public=false",
        "page=0",
        "page=99999999",
        "department=x",
        "region=abc",
    ] {
        assert_eq!(
            app.get(&format!("/api/v1/letters?{bad}")).await.status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    assert_eq!(app.get("/letters").await.status(), StatusCode::OK);
    // Unknown letters and actions: 4xx, never 5xx.
    assert_eq!(
        app.get("/api/v1/letters/XJ%00%27").await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = step(&app, &centre, &no, json!({"action": "fly"})).await;
    assert!(status.is_client_error());
    let (status, _) = step(
        &app,
        &centre,
        &no,
        json!({"action": "dispatch", "department": 999999999}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The limits: the centre sets them, others may not.
    let res = centre
        .client
        .put(app.url("/api/v1/letters/limits"))
        .header("origin", app.origin())
        .json(&json!([{"kind": "complaint", "days": 10}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let limits: Value = app
        .get("/api/v1/letters/limits")
        .await
        .json()
        .await
        .unwrap();
    assert!(limits
        .as_array()
        .unwrap()
        .contains(&json!({"kind": "complaint", "days": 10})));
    let res = stranger
        .client
        .put(app.url("/api/v1/letters/limits"))
        .header("origin", app.origin())
        .json(&json!([{"kind": "complaint", "days": 1}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = centre
        .client
        .put(app.url("/api/v1/letters/limits"))
        .header("origin", app.origin())
        .json(&json!([{"kind": "complaint", "days": 0}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_demo_letters_cover_every_state_and_the_overdue_one_alerts_once() {
    let pool = database(Seed::Demo).await;
    server::demo::load_accounts(&pool, &test_data_key())
        .await
        .unwrap();
    let now = common::test_now();
    server::demo::load_letters(&pool, now).await.unwrap();
    // Loaded once.
    server::demo::load_letters(&pool, now).await.unwrap();
    let states: Vec<String> =
        sqlx::query_scalar("select distinct state from letter order by state")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        states,
        vec![
            "accepted",
            "closed_unresolved",
            "dispatched",
            "handling",
            "merged",
            "not_responsible",
            "replied",
            "resolved",
            "submitted",
            "unsatisfied"
        ]
    );
    let (reopened, returned): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where reopened), count(*) filter (where returned_count > 0) from letter",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((reopened, returned), (1, 1));
    let today = now.date();
    let overdue: Vec<String> = sqlx::query_scalar(
        "select subject from letter where state in ('dispatched', 'handling') and due_on < $1",
    )
    .bind(today)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(overdue, vec!["住房公积金提取被拒"]);
    // The monitor: red for the overdue letter, to the centre; once.
    server::jobs::monitor::scan(&pool, today, 1, None)
        .await
        .unwrap();
    let centre = server::demo::demo_account(&pool, "clerk.gz.12345")
        .await
        .unwrap()
        .unwrap();
    let told = inbox_kinds(&pool, centre.id).await;
    assert_eq!(told, vec!["letter_overdue"]);
    let report = server::jobs::monitor::scan(&pool, today, 1, None)
        .await
        .unwrap();
    assert_eq!(report.alerts, 0);
    assert_eq!(inbox_kinds(&pool, centre.id).await, told);
    // The public list shows the public ones past acceptance, names masked.
    let app = TestApp::spawn(pool.clone()).await;
    let list: Value = app
        .get("/api/v1/letters?region=440100")
        .await
        .json()
        .await
        .unwrap();
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["subject"].as_str().unwrap())
        .collect();
    assert!(subjects.contains(&"夜间噪音投诉处理不到位"));
    assert!(!subjects.contains(&"失业保险金申领进度"), "private");
    assert!(!subjects.contains(&"小区路灯不亮"), "not accepted yet");
}

/// The centre merges one writer's letter into another's: both writers are
/// told, each in their own words, and the inbox page shows the new notice.
#[tokio::test]
async fn a_centre_merge_tells_both_writers() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let first = citizen(&pool, &test_data_key(), "letter.m1", "440106198803120017").await;
    let second = citizen(&pool, &test_data_key(), "letter.m2", "440106199107250023").await;
    let centre = clerk(&pool, "letters.centre.m", "ZWSJJ", WINDOW, POST).await;
    let (_, a) = write(
        &app,
        &first,
        &uuid::Uuid::new_v4().to_string(),
        &complaint("路灯不亮", true),
    )
    .await;
    let (_, b) = write(
        &app,
        &second,
        &uuid::Uuid::new_v4().to_string(),
        &complaint("某某路路灯坏了一个月", false),
    )
    .await;
    let (a, b) = (
        a["letter_no"].as_str().unwrap().to_string(),
        b["letter_no"].as_str().unwrap().to_string(),
    );
    // Different writers: nothing merged at submission.
    assert!(inbox_kinds(&pool, first.id).await.is_empty());
    assert!(inbox_kinds(&pool, second.id).await.is_empty());
    ok_step(&app, &centre, &b, json!({"action": "accept"})).await;
    // Not into itself, nor into a letter that does not exist.
    for into in [b.as_str(), "XJ20260930999999", "nonsense"] {
        let (status, body) =
            step(&app, &centre, &b, json!({"action": "merge", "into": into})).await;
        assert!(status.is_client_error(), "{into}: {status} {body}");
    }
    let v = ok_step(&app, &centre, &b, json!({"action": "merge", "into": a})).await;
    assert_eq!(v["state"], "merged");
    // Newest first: the merge, then the acceptance.
    assert_eq!(
        inbox_kinds(&pool, second.id).await,
        vec!["letter_merged", "letter_accepted"]
    );
    assert_eq!(
        inbox_kinds(&pool, first.id).await,
        vec!["letter_duplicate_joined"]
    );
    // The notice names the first writer's letter and reads in their inbox.
    let page = first.page(&app, "/inbox").await;
    assert!(page.contains("同一问题的留言已并入"), "{page}");
    assert!(page.contains(&a), "{page}");
    // A merged letter cannot be merged again: nobody is told twice.
    let (status, _) = step(&app, &centre, &b, json!({"action": "merge", "into": a})).await;
    assert!(status.is_client_error());
    assert_eq!(inbox_kinds(&pool, first.id).await.len(), 1);
}

/// A letter's scans are read by the staff who handle it — the centre of its
/// region, the department it is dispatched to, and one that returned it —
/// and by nobody else; each staff read is in the writer's accesses.
#[tokio::test]
async fn the_staff_handling_a_letter_read_its_scans() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let writer = citizen(&pool, &test_data_key(), "letter.s1", "440106198506110031").await;
    let centre = clerk(&pool, "letters.centre.s", "ZWSJJ", WINDOW, POST).await;
    let mzj = clerk(&pool, "letters.mzj.s", "MZJ", WINDOW, POST).await;
    let gaj = clerk(&pool, "letters.gaj.s", "GAJ", WINDOW, POST).await;
    let zjj = clerk(&pool, "letters.zjj.s", "ZJJ", WINDOW, POST).await;
    let scan = common::upload_scan(&app, &writer, "现场照片.png", common::tiny_png()).await;
    let mut body = complaint("井盖缺失", false);
    body["files"] = json!([scan]);
    let (status, w) = write(&app, &writer, &uuid::Uuid::new_v4().to_string(), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    let no = w["letter_no"].as_str().unwrap().to_string();
    let reads = |who: &common::Who| {
        let req = who.client.get(app.url(&format!("/api/v1/uploads/{scan}")));
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(reads(&writer).await, StatusCode::OK);
    assert_eq!(reads(&centre).await, StatusCode::OK);
    // Not yet dispatched: no department reads it.
    for who in [&mzj, &gaj, &zjj] {
        assert_eq!(reads(who).await, StatusCode::NOT_FOUND);
    }
    ok_step(&app, &centre, &no, json!({"action": "accept"})).await;
    ok_step(
        &app,
        &centre,
        &no,
        json!({"action": "dispatch", "department": department(&pool, "MZJ").await, "cohandlers": []}),
    )
    .await;
    assert_eq!(reads(&mzj).await, StatusCode::OK);
    ok_step(
        &app,
        &mzj,
        &no,
        json!({"action": "return", "reason": "不属于民政部门职责"}),
    )
    .await;
    ok_step(
        &app,
        &centre,
        &no,
        json!({"action": "dispatch", "department": department(&pool, "GAJ").await, "cohandlers": []}),
    )
    .await;
    // The new lead reads it; the one that returned it still does; ZJJ,
    // never involved, does not.
    assert_eq!(reads(&gaj).await, StatusCode::OK);
    assert_eq!(reads(&mzj).await, StatusCode::OK);
    assert_eq!(reads(&zjj).await, StatusCode::NOT_FOUND);
    // The writer sees who read the scan.
    let staff_reads: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where subject_id = $1 and actor_id <> $1 and detail like '%现场照片%'",
    )
    .bind(writer.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(staff_reads >= 4, "{staff_reads}");
}
