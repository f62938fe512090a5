//! Applying online and parallel review through the real router and a real
//! PostgreSQL: the birth bundle across four departments, idempotent
//! submission, supplements as one notice, who may see and do what,
//! concurrent claiming, uploads.

use crate::common;
use crate::corpus;
use common::{database, Seed};

use common::{answers_for, citizen, clerk, hall, post_of_task, test_data_key, TestApp, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// The owner of the first task with this step key.
async fn post_of_step(pool: &PgPool, key: &str) -> (String, String, String) {
    let task: i64 =
        sqlx::query_scalar("select id from case_task where step_key = $1 order by id limit 1")
            .bind(key)
            .fetch_one(pool)
            .await
            .unwrap();
    post_of_task(pool, task).await
}

async fn submit(
    app: &TestApp,
    who: &Who,
    target: Value,
    answers: &Value,
    key: &str,
) -> reqwest::Response {
    let mut body = target;
    body["answers"] = answers.clone();
    let body = common::complete(app, who, body).await;
    who.client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn queue(app: &TestApp, who: &Who) -> Vec<Value> {
    let res = who
        .client
        .get(app.url("/api/v1/staff/tasks"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Vec<Value>>().await.unwrap()
}

async fn task_of(app: &TestApp, who: &Who, case_no: &str) -> i64 {
    queue(app, who)
        .await
        .iter()
        .find(|r| r["case_no"] == case_no)
        .unwrap_or_else(|| panic!("no task of {case_no} in the queue"))["task_id"]
        .as_i64()
        .unwrap()
}

async fn act(app: &TestApp, who: &Who, task: i64, action: Value) -> reqwest::Response {
    who.client
        .post(app.url(&format!("/api/v1/staff/tasks/{task}")))
        .json(&action)
        .send()
        .await
        .unwrap()
}

/// `path` read as `who`: 200 with JSON.
async fn read(app: &TestApp, who: &Who, path: &str) -> Value {
    let res = who.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

async fn case(app: &TestApp, who: &Who, case_no: &str) -> Value {
    read(app, who, &format!("/api/v1/me/cases/{case_no}")).await
}

fn step<'a>(case: &'a Value, key: &str) -> &'a Value {
    case["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no step {key}"))
}

const KEY_A: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

#[tokio::test]
async fn the_birth_bundle_is_reviewed_by_four_departments_at_once() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let mother = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let birth = json!({"bundle": "440100/birth"});
    let answers = answers_for(&app, &mother, "bundle=440100/birth").await;
    let res = submit(&app, &mother, birth.clone(), &answers, KEY_A).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let receipt: Value = res.json().await.unwrap();
    let case_no = receipt["case_no"].as_str().unwrap().to_string();
    // Submitted Wednesday 30 September 2026 at 10:00: accepted that day.
    assert!(case_no.starts_with("440100-20260930-"), "{case_no}");

    let seen = case(&app, &mother, &case_no).await;
    assert_eq!(seen["status"], "in_review");
    let reviews: Vec<&Value> = seen["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "review")
        .collect();
    assert_eq!(reviews.len(), 4, "four departments review at once");
    let departments: std::collections::BTreeSet<&str> = reviews
        .iter()
        .map(|s| s["department"]["zh"].as_str().unwrap())
        .collect();
    assert_eq!(departments.len(), 4);
    for r in &reviews {
        assert_eq!(r["state"], "ready");
        assert_eq!(r["started_on"], "2026-09-30");
        // Counting from the next working day, across the National Day
        // holiday (1–7 October): never a date inside it.
        let due = r["due_on"].as_str().unwrap();
        assert!(!("2026-10-01".."2026-10-08").contains(&due), "{due}");
    }
    assert_eq!(step(&seen, "p1-issue")["state"], "waiting");

    // The four reviewing clerks, each at the post their step names.
    let mut clerks = Vec::new();
    for (n, r) in reviews.iter().enumerate() {
        let (dept_code, unit, post) = post_of_task(&pool, r["task_id"].as_i64().unwrap()).await;
        clerks.push(clerk(&pool, &format!("clerk.{n}"), &dept_code, &unit, &post).await);
    }
    // A clerk sees only their department's part.
    let t2 = task_of(&app, &clerks[1], &case_no).await;
    let view = read(&app, &clerks[1], &format!("/api/v1/staff/tasks/{t2}")).await;
    assert!(view["answers"].as_object().unwrap().len() < answers.as_object().unwrap().len());
    // With the form fields the task page labels the answers by, every
    // answer's among them, and the case's scans (none yet).
    let fields: Vec<&str> = view["fields"]
        .as_array()
        .expect("the task's form fields")
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    for key in view["answers"].as_object().unwrap().keys() {
        assert!(fields.contains(&key.as_str()), "{key} not in {fields:?}");
    }
    assert!(view["fields"][0]["label"]["zh"].is_string(), "{view}");
    // The scans sent with the application, each labelled by its material.
    let files = view["materials"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{view}");
    assert!(
        files.iter().all(|f| f["material"]["zh"].is_string()),
        "{view}"
    );
    // Another department's clerk cannot act on it.
    let refused = act(&app, &clerks[0], t2, json!({"action": "approve"})).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["problem"], "not_your_post");

    // Three approve at the same moment; the second department asks for a
    // supplement.
    let mut handles = Vec::new();
    for n in [0usize, 2, 3] {
        let task = task_of(&app, &clerks[n], &case_no).await;
        handles.push(act(
            &app,
            &clerks[n],
            task,
            json!({"action": "approve", "note": "材料齐全"}),
        ));
    }
    for res in futures_join(handles).await {
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = act(
        &app,
        &clerks[1],
        t2,
        json!({"action": "request_supplement", "what": "请补充户口簿户主页扫描件"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // One notice, from the lead unit, listing the request; the case waits.
    let seen = case(&app, &mother, &case_no).await;
    assert_eq!(seen["status"], "waiting_for_applicant");
    let notice = &seen["notice"];
    assert_eq!(notice["requests"].as_array().unwrap().len(), 1);
    assert!(notice["requests"][0][1]
        .as_str()
        .unwrap()
        .contains("户口簿"));
    // While waiting, nothing can be done on the task.
    let paused = act(&app, &clerks[1], t2, json!({"action": "approve"})).await;
    assert_eq!(paused.status(), StatusCode::CONFLICT);
    // Tracking shows the open pause.
    let tracked = format!(
        "/api/v1/cases/{case_no}?code={}",
        receipt["query_code"].as_str().unwrap()
    );
    let t: Value = app.get(&tracked).await.json().await.unwrap();
    assert_eq!(t["pauses"][0]["from"], "2026-09-30");
    assert_eq!(t["pauses"][0]["to"], Value::Null);

    // The applicant uploads the page and answers.
    let png = corpus::valid_png();
    let up: Value = mother
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", "%E6%88%B7%E5%8F%A3%E7%B0%BF.png")
        .header("content-type", "image/png")
        .body(png)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(up["kind"], "png");
    assert_eq!(up["name"], "户口簿.png");
    let res = mother
        .client
        .post(app.url(&format!("/api/v1/me/cases/{case_no}/supplement")))
        .json(&json!({"answer": "已上传户口簿户主页", "uploads": [up["id"]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The clerk sees the upload (listed with the task) and approves.
    let view = read(&app, &clerks[1], &format!("/api/v1/staff/tasks/{t2}")).await;
    let files = view["materials"].as_array().unwrap();
    let sent = files
        .iter()
        .find(|f| f["id"] == up["id"])
        .expect("the supplement's scan");
    assert_eq!(sent["name"], "户口簿.png");
    assert!(
        sent["material"].is_null(),
        "a supplement's scan has no material"
    );
    let file = clerks[1]
        .client
        .get(app.url(&format!("/api/v1/uploads/{}", up["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "image/png");
    let res = act(&app, &clerks[1], t2, json!({"action": "approve"})).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );

    // Tracking shows the pause ended.
    let t: Value = app.get(&tracked).await.json().await.unwrap();
    assert_eq!(t["pauses"].as_array().unwrap().len(), 1);
    assert_eq!(t["pauses"][0]["to"], "2026-09-30");

    // Issuances in the legal order: the second cannot go before the first.
    let seen = case(&app, &mother, &case_no).await;
    assert_eq!(step(&seen, "p1-issue")["state"], "ready");
    assert_eq!(step(&seen, "p2-issue")["state"], "waiting");
    for n in 1..=4 {
        let s = step(&seen, &format!("p{n}-issue"));
        let (dept, unit, post) = post_of_task(&pool, s["task_id"].as_i64().unwrap()).await;
        let issuer = clerk(&pool, &format!("issuer.{n}"), &dept, &unit, &post).await;
        let task = task_of(&app, &issuer, &case_no).await;
        let res = act(
            &app,
            &issuer,
            task,
            json!({"action": "issue", "certificate_no": format!("Q44010{n}")}),
        )
        .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }
    let seen = case(&app, &mother, &case_no).await;
    assert_eq!(seen["status"], "completed");
    // The log holds every transition.
    let events: i64 = sqlx::query_scalar(
        "select count(*) from case_event e join case_file c on c.id = e.case_id where c.case_no = $1",
    )
    .bind(&case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(events >= 20, "{events} events");
    let staff_events: i64 = sqlx::query_scalar(
        "select count(*) from case_event e join case_file c on c.id = e.case_id
         where c.case_no = $1 and e.actor_id is not null and e.post_id is not null and e.unit_id is not null",
    )
    .bind(&case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        staff_events, 9,
        "4 reviews + 1 supplement request + 4 issuances"
    );
}

async fn futures_join(
    handles: Vec<impl std::future::Future<Output = reqwest::Response>>,
) -> Vec<reqwest::Response> {
    let mut set = Vec::new();
    for h in handles {
        set.push(h);
    }
    let mut out = Vec::new();
    // Started together; awaited in turn.
    let joined = common::join_all(set).await;
    out.extend(joined);
    out
}

#[tokio::test]
async fn a_submission_is_checked_and_never_made_twice() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let birth = json!({"bundle": "440100/birth"});
    let good = answers_for(&app, &me, "bundle=440100/birth").await;

    // Bad answers: 422 naming each field, in the chosen language; no case.
    let mut bad = good.clone();
    bad["mother_id_number"] = json!("440106199205150027");
    bad["child_birth_date"] = json!("2027-01-01");
    let res = submit(&app, &me, birth.clone(), &bad, KEY_A).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_answers");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"mother_id_number") && fields.contains(&"child_birth_date"),
        "{fields:?}"
    );
    // No idempotency key: refused.
    let res = me
        .client
        .post(app.url("/api/v1/applications"))
        .json(&json!({"bundle": "440100/birth", "answers": good}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // A double click: five requests with one key at once make one case.
    let attempts: Vec<_> = (0..5)
        .map(|_| submit(&app, &me, birth.clone(), &good, KEY_A))
        .collect();
    let results = futures_join(attempts).await;
    let mut numbers = std::collections::BTreeSet::new();
    let mut created = 0;
    for res in results {
        if res.status() == StatusCode::CREATED {
            created += 1;
        } else {
            assert_eq!(res.status(), StatusCode::OK);
        }
        let v: Value = res.json().await.unwrap();
        numbers.insert(v["case_no"].as_str().unwrap().to_string());
    }
    assert_eq!((created, numbers.len()), (1, 1));
    // A retry later, even with other answers, finds the same case.
    let again: Value = submit(&app, &me, birth.clone(), &bad, KEY_A)
        .await
        .json()
        .await
        .unwrap();
    assert!(numbers.contains(again["case_no"].as_str().unwrap()));
    let cases: i64 = sqlx::query_scalar("select count(*) from case_file")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(cases, 1);
    let tasks: i64 = sqlx::query_scalar("select count(*) from case_task")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tasks, 10, "acceptance, 4 reviews, 4 issuances, result");

    // A draft is kept sealed and comes back as typed.
    let code: String = sqlx::query_scalar(
        "select code from service_item where region_code = 440100 and template_key = 'birth-medical-certificate'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let res = me
        .client
        .put(app.url("/api/v1/applications/draft"))
        .json(&json!({"service": code, "answers": {"applicant_name": "张小", "stray": "x"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let draft: Value = me
        .client
        .get(app.url(&format!("/api/v1/applications/draft?service={code}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(draft, json!({"applicant_name": "张小"}));

    // An item that cannot be applied for online.
    let info_only: String = sqlx::query_scalar(
        "select code from service_item where online_depth in ('info_only', 'consult_online')
         and applicant <> 'enterprise' order by id limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let answers = answers_for(&app, &me, &format!("service={info_only}")).await;
    let res = submit(
        &app,
        &me,
        json!({"service": info_only}),
        &answers,
        "00000000-0000-4000-8000-000000000001",
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Not signed in.
    let res = app
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", KEY_A)
        .json(&json!({"bundle": "440100/birth", "answers": good}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_persons_case_and_files_are_not_found() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let other = citizen(&pool, &key, "wang.wu", "11010519491231002X").await;
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    let receipt: Value = submit(
        &app,
        &me,
        json!({"bundle": "440100/birth"}),
        &answers,
        KEY_A,
    )
    .await
    .json()
    .await
    .unwrap();
    let case_no = receipt["case_no"].as_str().unwrap();
    let res = other
        .client
        .get(app.url(&format!("/api/v1/me/cases/{case_no}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = other
        .client
        .get(app.url("/api/v1/me/cases/440100-20260930-999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Files: the owner's only; a disguised program is refused by content.
    let pdf = corpus::valid_pdf();
    let up: Value = me
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", "birth.pdf")
        .header("content-type", "application/pdf")
        .body(pdf)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = other
        .client
        .get(app.url(&format!("/api/v1/uploads/{}", up["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = me
        .client
        .get(app.url(&format!("/api/v1/uploads/{}", up["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let res = me
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", "scan.pdf")
        .header("content-type", "application/pdf")
        .body(b"MZ\x90\0\x03\0\0\0".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = me
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", "big.pdf")
        .header("content-type", "application/pdf")
        .body(vec![b'%'; 11 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let uploads: i64 = sqlx::query_scalar("select count(*) from upload")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        uploads, 4,
        "refused uploads leave nothing (three scans went with the application)"
    );
    // A citizen is not staff.
    let res = me
        .client
        .get(app.url("/api/v1/staff/tasks"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn eight_clerks_never_claim_the_same_task() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    for n in 0..12 {
        let k = format!("00000000-0000-4000-8000-{n:012}");
        let res = submit(&app, &me, json!({"bundle": "440100/birth"}), &answers, &k).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // Eight clerks of the post reviewing the first part.
    let (dept, unit, post) = post_of_step(&pool, "p1-review").await;
    let mut clerks = Vec::new();
    for n in 0..8 {
        clerks.push(clerk(&pool, &format!("clerk.{n}"), &dept, &unit, &post).await);
    }
    let runs: Vec<_> = clerks
        .iter()
        .map(|c| {
            let app = &app;
            async move {
                let mut mine = Vec::new();
                loop {
                    let res = c
                        .client
                        .post(app.url("/api/v1/staff/tasks/claim"))
                        .json(&json!({}))
                        .send()
                        .await
                        .unwrap();
                    if res.status() == StatusCode::NO_CONTENT {
                        break;
                    }
                    assert_eq!(res.status(), StatusCode::OK);
                    let v: Value = res.json().await.unwrap();
                    mine.push(v["task_id"].as_i64().unwrap());
                }
                mine
            }
        })
        .collect();
    let claimed: Vec<i64> = common::join_all(runs).await.into_iter().flatten().collect();
    let unique: std::collections::BTreeSet<i64> = claimed.iter().copied().collect();
    assert_eq!(claimed.len(), 12, "every task claimed");
    assert_eq!(unique.len(), 12, "none twice");
    // A claimed task is the claimer's: another clerk of the post cannot act.
    let task = claimed[0];
    let owner: i64 = sqlx::query_scalar("select claimed_by from case_task where id = $1")
        .bind(task)
        .fetch_one(&pool)
        .await
        .unwrap();
    let other = clerks.iter().find(|c| c.id != owner).unwrap();
    let res = act(&app, other, task, json!({"action": "approve"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let holder = clerks.iter().find(|c| c.id == owner).unwrap();
    let res = act(
        &app,
        holder,
        task,
        json!({"action": "reject", "reason": ""}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a rejection needs a reason"
    );
    let res = act(
        &app,
        holder,
        task,
        json!({"action": "reject", "reason": "出生医学证明信息与分娩记录不符"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "rejected");
    let res = act(&app, holder, task, json!({"action": "approve"})).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "nothing after a rejection"
    );
}

#[tokio::test]
async fn the_pages_work_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let other = citizen(&pool, &key, "wang.wu", "11010519491231002X").await;
    let origin = app.origin();

    // The form: every field, a fresh idempotency key.
    let page = me
        .client
        .get(app.url("/apply?bundle=440100/birth"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("name=\"child_name\"") && html.contains("name=\"household_address.region\"")
    );
    let key_at = html.find("name=\"idempotency_key\" value=\"").unwrap() + 30;
    let idem = html[key_at..key_at + 36].to_string();
    // Anonymous visitors are sent to sign in first, and come back.
    let anon = app.get("/apply?bundle=440100/birth").await;
    assert_eq!(anon.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        anon.headers()["location"],
        "/login?next=%2Fapply%3Fbundle%3D440100%2Fbirth"
    );

    // A submission with a wrong ID number comes back 422 with the problem at
    // its field, named, and everything typed kept (and the same key).
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    let required = common::required_materials(&app, &me, "bundle=440100/birth").await;
    assert_eq!(required.len(), 3, "{required:?}");
    let form = |answers: &Value| {
        let mut f = reqwest::multipart::Form::new()
            .text("bundle", "440100/birth")
            .text("idempotency_key", idem.clone());
        for (k, v) in answers.as_object().unwrap() {
            f = f.text(k.clone(), v.as_str().unwrap().to_string());
        }
        f
    };
    let mut bad = answers.clone();
    bad["mother_id_number"] = json!("440106199205150027");
    bad["child_name"] = json!("");
    let pdf = corpus::valid_pdf();
    let res = me
        .client
        .post(app.url("/apply"))
        .header("origin", &origin)
        .multipart(form(&bad).part(
            format!("scan.{}", required[0]),
            reqwest::multipart::Part::bytes(pdf.clone()).file_name("身份证.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("母亲公民身份号码：请填写有效的 18 位居民身份证号码。"),
        "the problem at its field, naming it"
    );
    assert!(
        html.contains("请填写子女（儿童）姓名。"),
        "a missing answer named"
    );
    assert!(
        html.contains("请上传近期免冠彩色证件照片。"),
        "a missing required material named"
    );
    assert!(
        html.contains("value=\"440106199205150027\""),
        "what was typed is kept"
    );
    assert!(html.contains(&idem), "the same key");
    let first_upload: i64 = sqlx::query_scalar("select id from upload")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        html.contains("身份证.pdf")
            && html.contains(&format!(
                "name=\"upload.{}\" value=\"{first_upload}\"",
                required[0]
            )),
        "the scan already received is kept, in its slot"
    );
    // Corrected, the other materials added: on to check your answers.
    let res = me
        .client
        .post(app.url("/apply"))
        .header("origin", &origin)
        .multipart(
            common::with_scans(
                &app,
                &me,
                "bundle=440100/birth",
                form(&answers).text(format!("upload.{}", required[0]), first_upload.to_string()),
                &[required[0].clone()],
            )
            .await,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let check = res.headers()["location"].to_str().unwrap().to_string();
    assert!(check.starts_with("/apply/check?bundle=440100"), "{check}");
    let html = me.page(&app, &check).await;
    assert!(html.contains("核对申请信息") && html.contains("张安安"));
    assert!(html.contains("身份证.pdf"), "the scans by material");
    assert!(
        html.contains("href=\"/apply?bundle=440100%2Fbirth#child_name\""),
        "a change link back to each question"
    );
    assert!(html.contains("本人承诺"), "the declaration");
    // Submitted without agreeing to the declaration: the check page again,
    // the error at its box; no case.
    let res = common::confirm(&app, &me, ("bundle", "440100/birth"), &idem, false).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("请阅读并勾选承诺后再提交。") && html.contains("核对申请信息"));
    let cases: i64 = sqlx::query_scalar("select count(*) from case_file")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(cases, 0);
    // Agreed: to the receipt; the scans are attached to the case by material.
    let res = common::confirm(&app, &me, ("bundle", "440100/birth"), &idem, true).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let receipt = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        receipt.starts_with("/cases/440100-20260930-") && receipt.ends_with("/receipt"),
        "{receipt}"
    );
    // Sent again (a double click, the form or the check page): the same
    // receipt, one case.
    let again = common::confirm(&app, &me, ("bundle", "440100/birth"), &idem, true).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), receipt);
    let again = me
        .client
        .post(app.url("/apply"))
        .header("origin", &origin)
        .multipart(form(&answers))
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["location"].to_str().unwrap(), receipt);
    let (cases, materials): (i64, i64) = sqlx::query_as(
        "select (select count(*) from case_file), (select count(*) from case_material where material_key is not null)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((cases, materials), (1, 3));
    // A cross-site post is refused.
    let res = me
        .client
        .post(app.url("/apply"))
        .header("origin", "https://evil.example")
        .multipart(form(&answers))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The receipt: the owner's only.
    let page = me.client.get(app.url(&receipt)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("受理回执") && html.contains("查询码"));
    let page = other.client.get(app.url(&receipt)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let case_no = receipt
        .trim_start_matches("/cases/")
        .trim_end_matches("/receipt")
        .to_string();

    // The clerk's workbench: the queue, claiming, an action by form.
    let seen = case(&app, &me, &case_no).await;
    let t1 = step(&seen, "p1-review")["task_id"].as_i64().unwrap();
    let (dept, unit, post) = post_of_task(&pool, t1).await;
    let clerk = clerk(&pool, "clerk.1", &dept, &unit, &post).await;
    let html = clerk
        .client
        .get(app.url("/staff/tasks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&case_no));
    let res = clerk
        .client
        .post(app.url("/staff/tasks/claim"))
        .header("origin", &origin)
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/staff/tasks/{t1}")
    );
    let html = clerk
        .client
        .get(app.url(&format!("/staff/tasks/{t1}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("本部门审查内容") && html.contains("身份证.pdf"));
    assert!(
        html.contains("<span class=\"file-material\">居民身份证</span>"),
        "each file under its material"
    );
    // A rejection without a reason: sent back 409 with the reason.
    let res = clerk
        .client
        .post(app.url(&format!("/staff/tasks/{t1}")))
        .header("origin", &origin)
        .form(&[("action", "reject"), ("reason", " ")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("请填写理由或说明"));
    let res = clerk
        .client
        .post(app.url(&format!("/staff/tasks/{t1}")))
        .header("origin", &origin)
        .form(&[("action", "approve"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let seen = case(&app, &me, &case_no).await;
    assert_eq!(step(&seen, "p1-review")["state"], "done");
    // My space lists the case.
    let html = me
        .client
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&case_no));
}

#[tokio::test]
async fn the_lead_unit_organises_one_joint_inspection_that_pauses_the_clock() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    let receipt: Value = submit(
        &app,
        &me,
        json!({"bundle": "440100/birth"}),
        &answers,
        KEY_A,
    )
    .await
    .json()
    .await
    .unwrap();
    let case_no = receipt["case_no"].as_str().unwrap().to_string();
    let before = case(&app, &me, &case_no).await;
    let due_before = step(&before, "p2-review")["due_on"]
        .as_str()
        .unwrap()
        .to_string();
    let reviewer_post = post_of_step(&pool, "p2-review").await;
    let reviewer = clerk(
        &pool,
        "clerk.gaj",
        &reviewer_post.0,
        &reviewer_post.1,
        &reviewer_post.2,
    )
    .await;
    let t2 = task_of(&app, &reviewer, &case_no).await;
    // A reviewer proposes; only the lead unit organises.
    let res = act(
        &app,
        &reviewer,
        t2,
        json!({"action": "propose_inspection", "note": "需现场核实户籍地址"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json!({"date": "2026-10-09", "place": "天河路 100 号", "participants": ["市公安局户政管理处", "市卫生健康委"]});
    let url = app.url(&format!("/api/v1/staff/cases/{case_no}/inspection"));
    let res = reviewer.client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["problem"],
        "not_lead_unit"
    );
    let lead = clerk(&pool, "clerk.lead", "WJJ", "政务服务窗口", "受理岗").await;
    // The lead unit's workbench asks for it, with a form that works without
    // JavaScript and sends a bad date back with its reason.
    let html = lead
        .client
        .get(app.url("/staff/tasks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("待组织的联合踏勘")
            && html.contains(&case_no)
            && html.contains("需现场核实户籍地址")
    );
    let res = lead
        .client
        .post(app.url(&format!("/staff/cases/{case_no}/inspection")))
        .header("origin", app.origin())
        .form(&[
            ("date", "2026-10-05"),
            ("place", "天河路 100 号"),
            ("participants", "市公安局\n市卫生健康委"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("请选择工作日"));
    // Not a working day (the National Day holiday), then an empty list.
    let res = lead
        .client
        .post(&url)
        .json(
            &json!({"date": "2026-10-05", "place": "天河路 100 号", "participants": ["市公安局"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = lead
        .client
        .post(&url)
        .json(&json!({"date": "2026-10-09", "place": "天河路", "participants": [" "]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = lead.client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = lead.client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "organised once");
    // From today (30 September) to the inspection day (9 October) nothing
    // counts: the review's deadline moves on.
    let after = case(&app, &me, &case_no).await;
    let due_after = step(&after, "p2-review")["due_on"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(due_after > due_before, "{due_before} → {due_after}");
    // Tracking shows the pause.
    let code = receipt["query_code"].as_str().unwrap();
    let t: Value = app
        .get(&format!("/api/v1/cases/{case_no}?code={code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        t["pauses"],
        json!([{"from": "2026-09-30", "to": "2026-10-09",
                "reason": {"zh": "联合踏勘", "en": "Joint site inspection"}}])
    );
    let events: i64 = sqlx::query_scalar(
        "select count(*) from case_event where action in ('propose_inspection', 'inspection_organised')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(events, 2);
}

#[tokio::test]
async fn a_submission_failing_halfway_leaves_no_case() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    // The last step of the definition now names a post that does not exist:
    // the case row, its parts and first tasks are written before it fails.
    sqlx::query(
        "update process_definition set definition = jsonb_set(definition, '{steps,-1,owner,post}', '\"不存在的岗位\"')
         where bundle_id = (select id from bundle where region_code = 440100 and key = 'birth')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let res = submit(
        &app,
        &me,
        json!({"bundle": "440100/birth"}),
        &answers,
        KEY_A,
    )
    .await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let left: (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from case_file), (select count(*) from case_part),
                (select count(*) from case_task), (select count(*) from case_event)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, (0, 0, 0, 0), "nothing of the case is left");
    // The sequence moved on, which is fine: numbers are unique, not dense.
}

#[tokio::test]
async fn anyone_with_the_query_code_tracks_the_case_and_guessing_is_throttled() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let answers = answers_for(&app, &me, "bundle=440100/birth").await;
    let receipt: Value = submit(
        &app,
        &me,
        json!({"bundle": "440100/birth"}),
        &answers,
        KEY_A,
    )
    .await
    .json()
    .await
    .unwrap();
    let (no, code) = (
        receipt["case_no"].as_str().unwrap().to_string(),
        receipt["query_code"].as_str().unwrap().to_string(),
    );
    // Anyone (no session) with both sees every tracked step.
    let res = app.get(&format!("/api/v1/cases/{no}?code={code}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["status"], "in_review");
    let steps = t["steps"].as_array().unwrap();
    let reviews: Vec<&Value> = steps.iter().filter(|s| s["kind"] == "review").collect();
    assert_eq!(reviews.len(), 4);
    for r in &reviews {
        assert_eq!(r["state"], "ready");
        assert!(
            r["post"]["zh"].as_str().unwrap().ends_with('岗'),
            "the post, not a person"
        );
        assert!(r["working_days_left"].as_i64().unwrap() >= 1);
    }
    // Working days left as the whole official calendar counts them (across
    // the National Day holiday), for every step under way.
    let cal = app::clock::Calendar::from_csv(include_str!("../../seed/calendar.csv")).unwrap();
    let today = time::macros::date!(2026 - 09 - 30);
    for s in steps.iter().filter(|s| s["working_days_left"].is_i64()) {
        let due = app::clock::parse_date(s["due_on"].as_str().unwrap()).unwrap();
        assert_eq!(
            s["working_days_left"].as_i64().unwrap(),
            app::tracking::working_days_left(&cal, due, today) as i64
        );
    }
    // A wrong code and an unknown case get the very same answer.
    let wrong = app.get(&format!("/api/v1/cases/{no}?code=ABCDEFGH")).await;
    let unknown = app
        .get("/api/v1/cases/440100-20260930-999999?code=ABCDEFGH")
        .await;
    assert_eq!(
        (wrong.status(), unknown.status()),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    let (a, b) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(a, b);
    // The page works without JavaScript.
    let html = app
        .get(&format!("/track?case_no={no}&code={code}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("各部门并联审查") && html.contains("剩余"));
    let page = app.get(&format!("/track?case_no={no}&code=ABCDEFGH")).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    // The receipt carries a QR code to the tracking page.
    let html = me
        .client
        .get(app.url(&format!("/cases/{no}/receipt")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<svg") && html.contains(&format!("/track?case_no={no}&amp;code={code}"))
    );
    // Guessing: after 20 failures in the window, 429 with Retry-After, even
    // for the right code.
    for _ in 0..18 {
        app.get(&format!("/api/v1/cases/{no}?code=ZZZZZZZZ")).await;
    }
    let res = app.get(&format!("/api/v1/cases/{no}?code={code}")).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}
