//! Investment approval (issue 18) through the real router and a real
//! PostgreSQL: registering a project gives a code that never changes (and
//! the same key the same project), the public status by code (400 for a
//! text that is not a code, 404 for an unknown one), an investment item
//! refused without a valid, registered code of the applicant's own
//! project, a stage that cannot start before the permits it needs are
//! issued, a commitment-based item issued at once and verified later, and
//! the final joint acceptance with five departments and one result within
//! the funding's limit.

use crate::common;
use common::{
    act_as_clerk, answers_for, citizen, complete_case, database, enterprise, hall, materials_for,
    test_data_key, Clerks, Seed, TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

fn project(kind: &str) -> Value {
    json!({
        "name": "荔湾示范物流仓储中心",
        "kind": kind,
        "industry": "commerce",
        "region": "440103",
        "total_investment": "12800.50",
        "land_area": "23000",
        "scope": "新建仓库 3 栋，总建筑面积 4.6 万平方米",
    })
}

async fn post_json(
    app: &TestApp,
    who: &Who,
    path: &str,
    body: &Value,
    key: &str,
) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url(path))
        .header("origin", app.origin())
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get_json(app: &TestApp, who: Option<&Who>, path: &str) -> (StatusCode, Value) {
    let res = match who {
        Some(w) => w.client.get(app.url(path)).send().await.unwrap(),
        None => app.get(path).await,
    };
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn owner(pool: &PgPool) -> Who {
    enterprise(
        pool,
        "lychee-trading",
        "广州荔枝贸易有限公司",
        "91440101MA59Q8R3XA",
    )
    .await
}

/// Registers a project of `kind`; its code.
async fn register(app: &TestApp, who: &Who, kind: &str) -> String {
    let key = uuid::Uuid::new_v4().to_string();
    let (status, body) = post_json(
        app,
        who,
        "/api/v1/investment/projects",
        &project(kind),
        &key,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["project_code"].as_str().unwrap().to_string()
}

/// Applies for stage `n` of the project `code`; the answer.
async fn apply_stage(app: &TestApp, who: &Who, n: u8, code: Option<&str>) -> (StatusCode, Value) {
    let bundle = format!("440100/investment-stage-{n}");
    let query = format!("bundle={bundle}");
    let mut answers = answers_for(app, who, &query).await;
    match code {
        Some(c) => answers["project_code"] = json!(c),
        None => {
            answers.as_object_mut().unwrap().remove("project_code");
        }
    }
    let body = json!({
        "bundle": bundle,
        "answers": answers,
        "declaration": true,
        "uploads": materials_for(app, who, &query).await,
    });
    post_json(
        app,
        who,
        "/api/v1/applications",
        &body,
        &uuid::Uuid::new_v4().to_string(),
    )
    .await
}

async fn stage_state(app: &TestApp, code: &str, n: usize) -> String {
    let (status, body) = get_json(app, None, &format!("/api/v1/investment/projects/{code}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["stages"][n - 1]["state"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_project_gets_a_code_that_never_changes_and_anyone_reads_its_status() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let key = uuid::Uuid::new_v4().to_string();
    let (status, first) = post_json(
        &app,
        &me,
        "/api/v1/investment/projects",
        &project("filing"),
        &key,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let code = first["project_code"].as_str().unwrap().to_string();
    let parsed = app::investment::ProjectCode::parse(&code).unwrap();
    assert!(code.starts_with("2026-440103-11-03-00001"), "{code}");
    assert_eq!(parsed.as_str(), code);
    // The same key: the same project, nothing new.
    let (status, again) = post_json(
        &app,
        &me,
        "/api/v1/investment/projects",
        &project("approval"),
        &key,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["project_code"], first["project_code"]);
    // The next project of the prefix takes the next serial.
    let second = register(&app, &me, "filing").await;
    assert!(second.starts_with("2026-440103-11-03-00002"), "{second}");

    // Anyone reads the status; nothing personal in it.
    let (status, body) = get_json(&app, None, &format!("/api/v1/investment/projects/{code}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], json!(code));
    assert_eq!(body["days"]["limit"], json!(120));
    assert_eq!(body["stages"].as_array().unwrap().len(), 4);
    assert_eq!(body["stages"][0]["state"], json!("open"));
    assert_eq!(body["stages"][1]["state"], json!("not_yet"));
    let text = body.to_string();
    assert!(!text.contains("lychee") && !text.contains("91440101MA59Q8R3XA"));

    // A text that is not a code: 400; a code no project has: 404.
    let wrong_check = format!(
        "{}{}",
        &code[..23],
        if code.ends_with('0') { '1' } else { '0' }
    );
    for bad in ["2026-440103", "not-a-code", wrong_check.as_str()] {
        let (status, _) = get_json(&app, None, &format!("/api/v1/investment/projects/{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let unknown = app::investment::ProjectCode::new(
        2026,
        app::regions::RegionCode::parse("440103").unwrap(),
        11,
        3,
        999,
    )
    .unwrap();
    let (status, _) = get_json(
        &app,
        None,
        &format!("/api/v1/investment/projects/{unknown}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // My projects: both, newest first.
    let (status, mine) = get_json(&app, Some(&me), "/api/v1/me/projects").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, [second.as_str(), code.as_str()]);
    assert_eq!(mine[0]["current"], json!("land_planning"));

    // A citizen registers nothing; bad fields are named at once.
    let person = citizen(&pool, &test_data_key(), "zhang.xm", "440106199003071231").await;
    let (status, _) = post_json(
        &app,
        &person,
        "/api/v1/investment/projects",
        &project("filing"),
        &uuid::Uuid::new_v4().to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut bad = project("grant");
    bad["total_investment"] = json!("-1");
    bad["region"] = json!("999999");
    let (status, body) = post_json(
        &app,
        &me,
        "/api/v1/investment/projects",
        &bad,
        &uuid::Uuid::new_v4().to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "region", "total_investment"]);
    // A region code no region has.
    let mut nowhere = project("filing");
    nowhere["region"] = json!("449999");
    let (status, body) = post_json(
        &app,
        &me,
        "/api/v1/investment/projects",
        &nowhere,
        &uuid::Uuid::new_v4().to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // The plain form: to the receipt.
    let res = me
        .client
        .post(app.url("/investment/projects"))
        .header("origin", app.origin())
        .form(&[
            ("name", "荔湾示范冷链中心"),
            ("kind", "confirmation"),
            ("industry", "commerce"),
            ("region", "440103"),
            ("total_investment", "5000"),
            ("land_area", ""),
            ("scope", "冷库 1 栋"),
            ("idempotency_key", &uuid::Uuid::new_v4().to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/investment/projects/2026-440103-11-02-00001"),
        "{to}"
    );
}

#[tokio::test]
async fn an_investment_item_without_a_valid_registered_code_of_ones_own_is_not_accepted() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let other = enterprise(&pool, "other-co", "广州其他有限公司", "91440103MA5A1B2C3K").await;
    let theirs = register(&app, &other, "filing").await;
    let code = register(&app, &me, "filing").await;
    let unknown = app::investment::ProjectCode::new(
        2026,
        app::regions::RegionCode::parse("440103").unwrap(),
        11,
        3,
        777,
    )
    .unwrap()
    .to_string();
    for (sent, problem) in [
        (None, "code_required"),
        (Some("2026-440103-11-03-0000"), "bad_code"),
        (Some(unknown.as_str()), "unregistered"),
        (Some(theirs.as_str()), "not_your_project"),
    ] {
        let (status, body) = apply_stage(&app, &me, 1, sent).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{sent:?}: {body}");
        let field = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == json!("project_code"))
            .unwrap_or_else(|| panic!("{body}"));
        assert_eq!(field["problem"], json!(problem), "{body}");
        let at_code = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["field"] == json!("project_code"))
            .count();
        assert_eq!(at_code, 1, "one problem at the field: {body}");
    }
    let none: i64 =
        sqlx::query_scalar("select count(*) from case_file where project_id is not null")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(none, 0);
    let (status, body) = apply_stage(&app, &me, 1, Some(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let linked: String = sqlx::query_scalar(
        "select p.code from case_file c join investment_project p on p.id = c.project_id
         where c.case_no = $1",
    )
    .bind(body["case_no"].as_str().unwrap())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(linked, code);
    assert_eq!(stage_state(&app, &code, 1).await, "in_review");
}

#[tokio::test]
async fn a_stage_starts_only_when_the_permits_it_needs_were_issued() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let code = register(&app, &me, "filing").await;
    // Stage 2 before stage 1: refused, naming the missing permit.
    let (status, body) = apply_stage(&app, &me, 2, Some(&code)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"]["problem"]["problem"],
        json!("permits_missing"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("建设用地规划许可证")
            || body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("land-use planning"),
        "{body}"
    );

    let (status, first) = apply_stage(&app, &me, 1, Some(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // The stage is taken while under way.
    let (status, body) = apply_stage(&app, &me, 1, Some(&code)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["problem"]["problem"], json!("stage_taken"));
    let mut clerks = Clerks::default();
    complete_case(&app, &pool, &mut clerks, first["case_no"].as_str().unwrap()).await;
    assert_eq!(stage_state(&app, &code, 1).await, "completed");
    assert_eq!(stage_state(&app, &code, 2).await, "open");
    let (status, body) = apply_stage(&app, &me, 2, Some(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, status_body) =
        get_json(&app, None, &format!("/api/v1/investment/projects/{code}")).await;
    let stage1 = &status_body["stages"][0];
    assert!(
        !stage1["permits"].as_array().unwrap().is_empty(),
        "{stage1}"
    );
    assert!(status_body["days"]["used"].as_u64().is_some());
}

#[tokio::test]
async fn a_commitment_item_is_issued_at_once_and_verified_by_its_department_later() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let code = register(&app, &me, "filing").await;
    let (status, body) = apply_stage(&app, &me, 1, Some(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let case_no = body["case_no"].as_str().unwrap();
    // The commitment item's permit holds from acceptance; its department
    // has a verification step with its own deadline.
    // (task, issued, state, its due date, its limit, the case's due date, item)
    type Verify = (i64, bool, String, Option<time::Date>, i16, time::Date, i64);
    let rows: Vec<Verify> = sqlx::query_as(
        "select t.id, permit_issued(c.project_id, p.item_id), t.state, t.due_on, t.limit_days,
                c.due_on, p.item_id
         from case_file c join case_part p on p.case_id = c.id
         join case_task t on t.case_id = c.id and t.step_key = 'p' || p.position || '-verify'
         where c.case_no = $1",
    )
    .bind(case_no)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "one commitment item in stage 1: {rows:?}");
    let (verify, issued, state, verify_due, limit, case_due, eia) = rows[0].clone();
    assert!(issued);
    assert_eq!(state, "ready");
    assert_eq!(limit, 20);
    // The stage's deadline leaves the 20 days of verification out.
    let verify_due = verify_due.unwrap();
    assert!(case_due < verify_due, "{case_due} < {verify_due}");
    let (accepted, promised): (time::Date, i32) = sqlx::query_as(
        "select c.accepted_on, d.critical_days from case_file c
         join process_definition d on d.id = c.definition_id where c.case_no = $1",
    )
    .bind(case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(promised < 20, "{promised}");
    let cal = app::clock::store::load(&pool).await.unwrap();
    assert_eq!(
        cal.add_working_days(accepted, promised as u32).unwrap(),
        case_due
    );
    // The other permits wait for their departments.
    let waiting: i64 = sqlx::query_scalar(
        "select count(*) from case_file c join case_part p on p.case_id = c.id
         where c.case_no = $1 and not permit_issued(c.project_id, p.item_id)",
    )
    .bind(case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(waiting >= 2, "{waiting}");
    // Every other part reviewed and issued: the stage completes, the
    // verification still open in its department's queue.
    let mut clerks = Clerks::default();
    for _ in 0..10 {
        let ready: Vec<(i64, String)> = sqlx::query_as(
            "select t.id, t.kind from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.state = 'ready' and t.id <> $2 order by t.id",
        )
        .bind(case_no)
        .bind(verify)
        .fetch_all(&pool)
        .await
        .unwrap();
        for (task, kind) in &ready {
            let action = if kind == "issuance" {
                json!({"action": "issue", "certificate_no": format!("Z{task}")})
            } else {
                json!({"action": "approve"})
            };
            act_as_clerk(&app, &pool, &mut clerks, *task, action).await;
        }
        if ready.is_empty() {
            break;
        }
    }
    let (status, verify_state): (String, String) = sqlx::query_as(
        "select c.status, t.state from case_file c join case_task t on t.case_id = c.id
         where c.case_no = $1 and t.id = $2",
    )
    .bind(case_no)
    .bind(verify)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), verify_state.as_str()),
        ("completed", "ready")
    );
    assert_eq!(stage_state(&app, &code, 1).await, "completed");
    assert_eq!(stage_state(&app, &code, 2).await, "open");
    let (_, project) = get_json(&app, None, &format!("/api/v1/investment/projects/{code}")).await;
    let finished_on = project["stages"][0]["finished_on"].clone();
    assert!(finished_on.is_string(), "{project}");
    // The verification's clock still runs: past its deadline, the
    // supervisors' monitor raises its red alert.
    server::jobs::monitor::scan(&pool, verify_due + time::Duration::days(3), 1, None)
        .await
        .unwrap();
    let red: i64 =
        sqlx::query_scalar("select count(*) from step_alert where task_id = $1 and level = 'red'")
            .bind(verify)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(red, 1);
    // The department finds the commitment untrue: its permit is revoked,
    // the others stand, the stage stays completed on the day it completed.
    act_as_clerk(
        &app,
        &pool,
        &mut clerks,
        verify,
        json!({"action": "reject", "reason": "现场核查：环保设施与承诺不符"}),
    )
    .await;
    let permits: Vec<(i64, bool)> = sqlx::query_as(
        "select p.item_id, permit_issued(c.project_id, p.item_id) from case_file c
         join case_part p on p.case_id = c.id where c.case_no = $1 order by p.position",
    )
    .bind(case_no)
    .fetch_all(&pool)
    .await
    .unwrap();
    for (item, issued) in &permits {
        assert_eq!(*issued, *item != eia, "item {item}: {permits:?}");
    }
    let status: String = sqlx::query_scalar("select status from case_file where case_no = $1")
        .bind(case_no)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "completed");
    let (_, project) = get_json(&app, None, &format!("/api/v1/investment/projects/{code}")).await;
    assert_eq!(project["stages"][0]["state"], json!("completed"));
    assert_eq!(project["stages"][0]["finished_on"], finished_on);
    assert_eq!(
        project["stages"][0]["permits"].as_array().unwrap().len(),
        permits.len() - 1,
        "{project}"
    );
}

/// The answers stored for case `case_no`, opened.
async fn stored_answers(pool: &PgPool, case_no: &str) -> Value {
    let sealed: Vec<u8> =
        sqlx::query_scalar("select answers_sealed from case_file where case_no = $1")
            .bind(case_no)
            .fetch_one(pool)
            .await
            .unwrap();
    serde_json::from_slice(&test_data_key().open(&sealed).unwrap()).unwrap()
}

#[tokio::test]
async fn a_stage_form_takes_what_the_registration_knows() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let code = register(&app, &me, "filing").await;
    let hint = "已从项目赋码登记自动填入";
    // From the project's page: the registration's answers shown, not asked.
    let page = |q: String| {
        let client = me.client.clone();
        let url = app.url(&format!("/apply?bundle=440100/investment-stage-1{q}"));
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let html = page(format!("&project={code}")).await;
    for shown in [
        "荔湾示范物流仓储中心",
        "广东省广州市荔湾区",
        "12800.50 万元",
        hint,
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    for asked in [
        "project_name",
        "project_location",
        "project_investment_10k_yuan",
    ] {
        assert!(
            !html.contains(&format!("name=\"{asked}\"")),
            "{asked} not asked"
        );
    }
    assert!(html.contains(&format!("value=\"{code}\"")));
    // Without a code (or with someone else's), everything is asked.
    let other = enterprise(&pool, "other-co", "广州其他有限公司", "91440103MA5A1B2C3K").await;
    let theirs = register(&app, &other, "approval").await;
    for q in [String::new(), format!("&project={theirs}")] {
        let html = page(q).await;
        assert!(html.contains("name=\"project_name\""));
        assert!(!html.contains(hint) && !html.contains("荔湾示范物流仓储中心"));
    }

    // Submitted through the API with other values: the registration's are
    // stored.
    let bundle = "440100/investment-stage-1";
    let query = format!("bundle={bundle}");
    let mut answers = answers_for(&app, &me, &query).await;
    answers["project_code"] = json!(code);
    answers["project_name"] = json!("另一个项目");
    answers["project_location"] = json!("深圳市");
    answers["project_investment_10k_yuan"] = json!("1");
    answers
        .as_object_mut()
        .unwrap()
        .remove("construction_scope");
    let body = json!({
        "bundle": bundle,
        "answers": answers,
        "declaration": true,
        "uploads": materials_for(&app, &me, &query).await,
    });
    let (status, body) = post_json(
        &app,
        &me,
        "/api/v1/applications",
        &body,
        &uuid::Uuid::new_v4().to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let stored = stored_answers(&pool, body["case_no"].as_str().unwrap()).await;
    assert_eq!(
        stored["project_name"]["value"],
        json!("荔湾示范物流仓储中心")
    );
    assert_eq!(
        stored["project_location"]["value"],
        json!("广东省广州市荔湾区")
    );
    assert_eq!(
        stored["project_investment_10k_yuan"],
        json!({"type": "decimal", "value": "12800.50"})
    );
    assert_eq!(stored["land_area_m2"]["value"], json!("23000.00"));
    assert_eq!(
        stored["construction_scope"]["value"],
        json!("新建仓库 3 栋，总建筑面积 4.6 万平方米")
    );

    // The plain form of stage 1 of another project, the code typed, the
    // registration's fields not sent, one other answer missing: the page
    // comes back with the registration's answers shown and no problem at
    // them.
    let second = register(&app, &me, "confirmation").await;
    let mut form = reqwest::multipart::Form::new()
        .text("bundle", bundle)
        .text("idempotency_key", uuid::Uuid::new_v4().to_string());
    let mut plain = answers_for(&app, &me, &query).await;
    plain["project_code"] = json!(second);
    plain["eia_preparer_name"] = json!("");
    for key in [
        "project_name",
        "project_location",
        "project_investment_10k_yuan",
    ] {
        plain.as_object_mut().unwrap().remove(key);
    }
    for (k, v) in plain.as_object().unwrap() {
        form = form.text(k.clone(), v.as_str().unwrap().to_string());
    }
    let res = me
        .client
        .post(app.url("/apply"))
        .header("origin", app.origin())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(hint) && html.contains("12800.50 万元"));
    assert!(
        html.contains("请填写环评文件编制单位。"),
        "the missing answer named"
    );
    assert!(
        !html.contains("请填写项目名称。") && !html.contains("请填写项目总投资"),
        "nothing asked of what the registration knows"
    );
}

#[tokio::test]
async fn the_final_acceptance_is_one_joint_inspection_of_five_departments_and_one_result() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = owner(&pool).await;
    let mut clerks = Clerks::default();
    for (kind, joint_days) in [("approval", 8), ("filing", 5)] {
        let code = register(&app, &me, kind).await;
        for n in 1..=3 {
            let (status, body) = apply_stage(&app, &me, n, Some(&code)).await;
            assert_eq!(status, StatusCode::CREATED, "stage {n}: {body}");
            complete_case(&app, &pool, &mut clerks, body["case_no"].as_str().unwrap()).await;
        }
        let (status, body) = apply_stage(&app, &me, 4, Some(&code)).await;
        assert_eq!(status, StatusCode::CREATED, "stage 4: {body}");
        let case_no = body["case_no"].as_str().unwrap().to_string();
        // Every department reviews at once; one joint step, its limit by
        // funding, owned by the lead unit; one result.
        let (departments, ready): (i64, i64) = sqlx::query_as(
            "select count(distinct t.department_id), count(*) filter (where t.state = 'ready')
             from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.kind = 'review'",
        )
        .bind(&case_no)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(departments >= 5, "{departments}");
        assert_eq!(ready, departments.max(ready));
        let (limit, state, lead): (i16, String, bool) = sqlx::query_as(
            "select t.limit_days, t.state,
                    t.unit_id = (select a.unit_id from case_task a
                                 where a.case_id = t.case_id and a.kind = 'acceptance')
             from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.step_key = 'joint'",
        )
        .bind(&case_no)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(limit, joint_days, "{kind}");
        assert_eq!(state, "waiting");
        assert!(lead);
        let issues: i64 = sqlx::query_scalar(
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.kind = 'issuance'",
        )
        .bind(&case_no)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(issues, 1, "one result");
        complete_case(&app, &pool, &mut clerks, &case_no).await;
        let (_, status_body) =
            get_json(&app, None, &format!("/api/v1/investment/projects/{code}")).await;
        for n in 0..4 {
            assert_eq!(
                status_body["stages"][n]["state"],
                json!("completed"),
                "{status_body}"
            );
        }
        let used = status_body["days"]["used"].as_u64().unwrap();
        assert!(used <= 120, "{used}");
    }
    // The statistics count the completed stages per city and kind.
    let (status, stats) = get_json(&app, None, "/api/v1/stats/investment").await;
    assert_eq!(status, StatusCode::OK);
    let lines = stats.as_array().unwrap();
    assert!(
        lines.iter().any(|l| l["city_code"] == json!("440100")
            && l["stage"] == json!("acceptance")
            && l["kind"] == json!("approval")),
        "{stats}"
    );
    let res = app.get("/api/v1/stats/investment.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("440100"));
}
