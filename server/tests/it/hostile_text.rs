//! Hostile text and dates through the real router and a real PostgreSQL
//! (issue 15, findings 3 and 6): NUL, other controls and direction
//! overrides in every kind of free text answer 4xx at the field, never 5xx,
//! and store nothing; a joint inspection date years away is refused and
//! moves no deadline; tabs and line breaks where lines belong still work.

use crate::common;

use common::{answers_for, citizen, clerk, database, hall, post_of_task, session_for, Seed};
use common::{test_data_key, TestApp, Who, PASSWORD, SECRET};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// NUL, a lone CR, ESC and a direction override: each refused.
const HOSTILE: [(&str, &str); 4] = [
    ("张\0三", "control_character"),
    ("张\u{7}三", "control_character"),
    ("张\u{1b}[31m三", "control_character"),
    ("证明\u{202E}fdp.exe", "hidden_character"),
];

const KEY: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
const MARRIAGE: &str = "440100-MZJ-0001";

async fn status_and_json(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// The one refused field of a 422 `invalid_fields` answer.
fn refused_field(body: &Value) -> (&str, &str) {
    let f = &body["error"]["fields"][0];
    (
        f["field"].as_str().unwrap_or_default(),
        f["problem"].as_str().unwrap_or_default(),
    )
}

#[tokio::test]
async fn names_at_registration_refuse_controls_and_overrides_at_the_field() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let accounts = count(&pool, "select count(*) from account").await;
    for (i, (bad, problem)) in HOSTILE.iter().enumerate() {
        let res = app
            .client
            .post(app.url("/api/v1/accounts/citizens"))
            .json(
                &json!({"username": format!("zhang.{i}"), "password": PASSWORD,
                          "real_name": bad, "id_number": "11010519491231002X",
                          "mobile": "13800138000"}),
            )
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(body["error"]["code"], "invalid_fields");
        assert_eq!(refused_field(&body), ("real_name", *problem), "{body}");
        let res = app
            .client
            .post(app.url("/api/v1/accounts/enterprises"))
            .json(
                &json!({"username": format!("firm.{i}"), "password": PASSWORD,
                          "enterprise_name": bad, "credit_code": "91440101MA59Q8R3XA",
                          "legal_representative": "王五"}),
            )
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(refused_field(&body), ("enterprise_name", *problem));
    }
    // A line break inside a one-line name.
    let res = app
        .client
        .post(app.url("/api/v1/accounts/citizens"))
        .json(&json!({"username": "zhang.nl", "password": PASSWORD,
                      "real_name": "张\n三", "id_number": "11010519491231002X",
                      "mobile": "13800138000"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused_field(&body), ("real_name", "line_break"));
    // The form is shown again with the problem at the field.
    let res = app
        .post_form(
            "/register",
            &[
                ("real_name", "张\0三"),
                ("id_number", "11010519491231002X"),
                ("mobile", "138 0013 8000"),
                ("username", "zhang.form"),
                ("password", "Secret-Typed-77"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("控制字符"), "{html}");
    assert_eq!(count(&pool, "select count(*) from account").await, accounts);
}

#[tokio::test]
async fn official_names_and_posts_refuse_controls() {
    use app::accounts::{
        store::{self, Assignment, NewOfficial},
        Role, Username,
    };
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let (admin, _) = store::create_official(
        &pool,
        &test_data_key(),
        NewOfficial {
            username: Username::parse("admin.gd").unwrap(),
            password: PASSWORD.into(),
            display_name: "管理员".into(),
            role: Role::Admin,
            assignment: Assignment::None,
            totp_secret: Some(SECRET.into()),
        },
        None,
    )
    .await
    .unwrap();
    let admin = session_for(&pool, admin.id).await;
    let accounts = count(&pool, "select count(*) from account").await;
    let url = app.url("/api/v1/admin/officials");
    for (bad, problem) in HOSTILE {
        let res = admin
            .client
            .post(&url)
            .json(
                &json!({"username": "clerk.two", "password": "Quiet-River-5150",
                          "display_name": bad, "role": "editor"}),
            )
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(refused_field(&body), ("real_name", problem));
        for (unit, post) in [(bad, "受理岗"), ("婚姻登记处", bad)] {
            let res = admin
                .client
                .post(&url)
                .json(
                    &json!({"username": "clerk.two", "password": "Quiet-River-5150",
                              "display_name": "王五", "role": "staff", "department": "440100-MZJ",
                              "unit": unit, "post": post}),
                )
                .send()
                .await
                .unwrap();
            let (status, body) = status_and_json(res).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{unit:?} {post:?} {body}");
        }
    }
    assert_eq!(count(&pool, "select count(*) from account").await, accounts);
}

#[tokio::test]
async fn consultation_texts_and_codes_refuse_controls() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let me = citizen(&pool, &key, "zhang.xm", "440106199003071231").await;
    for (bad, problem) in HOSTILE {
        let question = format!("请问结婚登记{bad}需要带什么材料？");
        let res = me
            .client
            .post(app.url("/api/v1/consultations"))
            .header("idempotency-key", KEY)
            .json(&json!({"service": MARRIAGE, "question": question}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(body["error"]["code"], "consultation_refused");
        assert_eq!(body["error"]["problem"]["problem"], "question_unusable");
        assert_eq!(body["error"]["problem"]["text"]["problem"], problem);
        // The form: sent back at 422, with the message.
        let res = me
            .client
            .post(app.url("/consult"))
            .header("origin", app.origin())
            .form(&[
                ("service", MARRIAGE),
                ("question", question.as_str()),
                ("idempotency_key", KEY),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    assert_eq!(count(&pool, "select count(*) from consultation").await, 0);
    // A code with a control character names nothing: 400, not 500.
    for path in [
        "/api/v1/consultations?service=%00",
        "/api/v1/consultations?service=440100-MZJ-0001%00",
        "/api/v1/applications/form?service=%00",
        "/api/v1/applications/form?bundle=%E2%80%AE",
        "/api/v1/services?q=%00",
        "/api/v1/services?q=%E5%A9%9A%E2%80%AE",
        "/api/v1/calendar/9999-12-31",
        "/api/v1/calendar/deadline?from=9999-12-30&working_days=5",
    ] {
        let res = me.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    let res = me
        .client
        .get(app.url("/consult?service=%00"))
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_client_error() || res.status().is_success(),
        "{}",
        res.status()
    );
    // Staff answers: the same rule.
    let asked: Value = me
        .client
        .post(app.url("/api/v1/consultations"))
        .header("idempotency-key", KEY)
        .json(&json!({"service": MARRIAGE, "question": "请问结婚登记\n需要带什么材料？"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = asked["id"].as_i64().expect("asked");
    let (d, u, p): (String, String, String) = sqlx::query_as(
        "select d.code, u.name_zh, p.name_zh from consultation c join department d on d.id = c.department_id
         join department_unit u on u.department_id = d.id join department_post p on p.unit_id = u.id
         where c.id = $1 order by u.id, p.id limit 1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    let staff = clerk(&pool, "clerk.mzj", &d, &u, &p).await;
    for (bad, problem) in HOSTILE {
        let res = staff
            .client
            .post(app.url(&format!("/api/v1/staff/consultations/{id}/answer")))
            .json(&json!({"answer": format!("请带身份证{bad}和户口簿")}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(body["error"]["problem"]["problem"], "answer_unusable");
        assert_eq!(body["error"]["problem"]["text"]["problem"], problem);
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from consultation where answer is not null"
        )
        .await,
        0
    );
    // Lines and tabs in an answer are kept (CR LF as LF).
    let res = staff
        .client
        .post(app.url(&format!("/api/v1/staff/consultations/{id}/answer")))
        .json(&json!({"answer": "请带：\r\n\t1. 身份证\r\n\t2. 户口簿"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let stored: String = sqlx::query_scalar("select answer from consultation where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, "请带：\n\t1. 身份证\n\t2. 户口簿");
}

/// The birth bundle applied for by a mother; the case number.
async fn apply(app: &TestApp, who: &Who) -> String {
    let answers = answers_for(app, who, "bundle=440100/birth").await;
    let res = who
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", KEY)
        .json(
            &common::complete(
                app,
                who,
                json!({"bundle": "440100/birth", "answers": answers}),
            )
            .await,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    res.json::<Value>().await.unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn task_of(pool: &PgPool, case_no: &str, key: &str) -> i64 {
    sqlx::query_scalar(
        "select t.id from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 and t.step_key = $2",
    )
    .bind(case_no)
    .bind(key)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Every task's deadline and the case's, in task order.
async fn deadlines(pool: &PgPool, case_no: &str) -> Vec<Option<time::Date>> {
    let mut due: Vec<Option<time::Date>> = sqlx::query_scalar(
        "select t.due_on from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 order by t.id",
    )
    .bind(case_no)
    .fetch_all(pool)
    .await
    .unwrap();
    due.push(
        sqlx::query_scalar("select due_on from case_file where case_no = $1")
            .bind(case_no)
            .fetch_one(pool)
            .await
            .unwrap(),
    );
    due
}

#[tokio::test]
async fn staff_texts_refuse_controls_and_keep_lines() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let case_no = apply(&app, &mother).await;
    let task = task_of(&pool, &case_no, "p1-review").await;
    let post = post_of_task(&pool, task).await;
    let staff = clerk(&pool, "clerk.one", &post.0, &post.1, &post.2).await;
    let url = app.url(&format!("/api/v1/staff/tasks/{task}"));
    let events = count(&pool, "select count(*) from case_event").await;
    for (bad, problem) in HOSTILE {
        for action in [
            json!({"action": "reject", "reason": format!("材料{bad}不全")}),
            json!({"action": "approve", "note": format!("同意{bad}")}),
            json!({"action": "request_supplement", "what": format!("请补充{bad}")}),
            json!({"action": "propose_inspection", "note": format!("需现场{bad}核实")}),
        ] {
            let res = staff.client.post(&url).json(&action).send().await.unwrap();
            let (status, body) = status_and_json(res).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action} {body}");
            assert_eq!(body["error"]["code"], "transition_refused");
            assert_eq!(body["error"]["problem"], problem);
        }
    }
    // The task page's form: the refusal at 422, with its message.
    let res = staff
        .client
        .post(app.url(&format!("/staff/tasks/{task}")))
        .header("origin", app.origin())
        .form(&[("action", "reject"), ("reason", "材料\0不全")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("控制字符"));
    assert_eq!(
        count(&pool, "select count(*) from case_event").await,
        events
    );
    // A lone CR is no line break.
    let res = staff
        .client
        .post(&url)
        .json(&json!({"action": "reject", "reason": "材料\r不全"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A multi-line request with tabs goes through.
    let res = staff
        .client
        .post(&url)
        .json(&json!({"action": "request_supplement", "what": "请补充：\r\n\t1. 户口簿\n\t2. 结婚证"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

#[tokio::test]
async fn supplement_answers_refuse_controls_and_store_nothing() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let case_no = apply(&app, &mother).await;
    // Every review asks for something or approves, so the notice goes out.
    let mut asked = false;
    for key in ["p1-review", "p2-review", "p3-review", "p4-review"] {
        let task = task_of(&pool, &case_no, key).await;
        let post = post_of_task(&pool, task).await;
        let staff = clerk(
            &pool,
            &format!("clerk.{}", &key[..2]),
            &post.0,
            &post.1,
            &post.2,
        )
        .await;
        let action = if asked {
            json!({"action": "approve"})
        } else {
            json!({"action": "request_supplement", "what": "请补充户口簿"})
        };
        asked = true;
        let res = staff
            .client
            .post(app.url(&format!("/api/v1/staff/tasks/{task}")))
            .json(&action)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }
    let url = app.url(&format!("/api/v1/me/cases/{case_no}/supplement"));
    for (bad, problem) in HOSTILE {
        let res = mother
            .client
            .post(&url)
            .json(&json!({"answer": format!("已补充{bad}"), "uploads": []}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(refused_field(&body), ("answer", problem));
        let res = mother
            .client
            .post(app.url(&format!("/cases/{case_no}/supplement")))
            .header("origin", app.origin())
            .multipart(reqwest::multipart::Form::new().text("answer", format!("已补充{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from supplement_notice where answered_at is not null"
        )
        .await,
        0
    );
    let res = mother
        .client
        .post(&url)
        .json(&json!({"answer": "已补充：\n\t户口簿首页", "uploads": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

#[tokio::test]
async fn an_inspection_years_away_or_with_hostile_text_is_refused_and_moves_nothing() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let case_no = apply(&app, &mother).await;
    let lead = clerk(&pool, "clerk.lead", "WJJ", "政务服务窗口", "受理岗").await;
    let url = app.url(&format!("/api/v1/staff/cases/{case_no}/inspection"));
    let before = deadlines(&pool, &case_no).await;
    let good = json!({"date": "2026-10-09", "place": "天河路 100 号",
                      "participants": ["市公安局户政管理处", "市卫生健康委"]});
    for (field, value, problem) in [
        ("date", json!("2036-12-31"), "too_late"),
        ("date", json!("9999-12-31"), "too_late"),
        ("date", json!("2026-09-29"), "too_early"),
        ("date", json!("2026-10-05"), "not_working_day"),
        ("date", json!("2026-10-09\u{0}"), "not_a_date"),
        ("place", json!("天河路\u{0}100 号"), "control_character"),
        ("place", json!("天河路\u{202E}100 号"), "hidden_character"),
        ("place", json!("天河路\n100 号"), "line_break"),
        ("participants", json!(["市公安局\0"]), "control_character"),
        ("participants", json!([" "]), "required"),
    ] {
        let mut body = good.clone();
        body[field] = value.clone();
        let res = lead.client.post(&url).json(&body).send().await.unwrap();
        let (status, answer) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{value} {answer}");
        assert_eq!(answer["error"]["code"], "invalid_fields");
        assert_eq!(refused_field(&answer), (field, problem), "{answer}");
    }
    // The form: 422, the field's own message on the page.
    let res = lead
        .client
        .post(app.url(&format!("/staff/cases/{case_no}/inspection")))
        .header("origin", app.origin())
        .form(&[
            ("date", "9999-12-31"),
            ("place", "天河路 100 号"),
            ("participants", "市公安局\n市卫生健康委"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("日期不能晚于"), "{html}");
    assert_eq!(deadlines(&pool, &case_no).await, before);
    assert_eq!(
        count(&pool, "select count(*) from joint_inspection").await,
        0
    );
    // Within the bound it is organised and moves the deadlines.
    let res = lead.client.post(&url).json(&good).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    assert_ne!(deadlines(&pool, &case_no).await, before);
}

#[tokio::test]
async fn application_answers_refuse_controls_and_far_dates() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let good = answers_for(&app, &mother, "bundle=440100/birth").await;
    let form: Value = mother
        .client
        .get(app.url("/api/v1/applications/form?bundle=440100/birth"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = |kinds: &[&str]| -> String {
        form["fields"]
            .as_array()
            .unwrap()
            .iter()
            // Not a field the account fills: the server takes the
            // applicant's name and ID number from the account, whatever is sent.
            .find(|f| kinds.contains(&f["kind"].as_str().unwrap()) && f.get("known").is_none())
            .unwrap_or_else(|| panic!("no {kinds:?} field"))["key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (address, text, date) = (
        first(&["address"]),
        first(&["text", "long_text", "person_name"]),
        first(&["date"]),
    );
    for (input, field, value, problem) in [
        (
            format!("{address}.detail"),
            &address,
            "广州市\0妇幼",
            "control_character",
        ),
        (text.clone(), &text, "张\u{202E}三", "hidden_character"),
        (date.clone(), &date, "9999-12-31", "date_out_of_range"),
    ] {
        let mut answers = good.clone();
        answers[&input] = json!(value);
        let res = mother
            .client
            .post(app.url("/api/v1/applications"))
            .header("idempotency-key", KEY)
            .json(
                &common::complete(
                    &app,
                    &mother,
                    json!({"bundle": "440100/birth", "answers": answers}),
                )
                .await,
            )
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{input} {body}");
        assert_eq!(body["error"]["code"], "invalid_answers");
        let f = &body["error"]["fields"][0];
        assert_eq!(f["field"], json!(field), "{body}");
        assert_eq!(f["problem"], problem, "{body}");
    }
    assert_eq!(count(&pool, "select count(*) from case_file").await, 0);
}

#[tokio::test]
async fn rating_comments_are_refused_not_filtered() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let case_no = apply(&app, &mother).await;
    let task = task_of(&pool, &case_no, "p1-review").await;
    for (bad, problem) in HOSTILE {
        let res = mother
            .client
            .post(app.url(&format!("/api/v1/cases/{case_no}/ratings")))
            .json(&json!({"task_id": task, "stars": 2, "comment": format!("太慢{bad}了")}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?} {body}");
        assert_eq!(body["error"]["code"], "rating_refused");
        assert_eq!(body["error"]["problem"], problem);
    }
    assert_eq!(count(&pool, "select count(*) from rating").await, 0);
}
