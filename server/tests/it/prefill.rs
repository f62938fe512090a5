//! Forms that know you (issue 16, WCAG 2.2 3.3.7): a signed-in citizen's or
//! enterprise's own data fills the applicant's fields of the form; the
//! identity (name, ID number, credit code) comes from the account on the
//! server — shown masked, never re-typed, and a tampered value in the post
//! is ignored — while the mobile and the address stay the person's to
//! correct.

use crate::common;
use common::{answers_for, citizen, database, hall, session_for, test_data_key, Seed, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

const ACCOUNT_ID: &str = "440106199205150026";
const ACCOUNT_ID_MASKED: &str = "440***********0026";
const OTHER_ID: &str = "11010519491231002X";
const BIRTH: &str = "/apply?bundle=440100/birth";

/// The answers sealed with the case `case_no` (what every department's
/// part was copied from).
async fn sealed_answers(pool: &PgPool, case_no: &str) -> Value {
    let sealed: Vec<u8> =
        sqlx::query_scalar("select answers_sealed from case_file where case_no = $1")
            .bind(case_no)
            .fetch_one(pool)
            .await
            .unwrap();
    serde_json::from_slice(&test_data_key().open(&sealed).unwrap()).unwrap()
}

fn multipart(answers: &Value, idem: &str) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new()
        .text("bundle", "440100/birth")
        .text("idempotency_key", idem.to_string());
    for (k, v) in answers.as_object().unwrap() {
        f = f.text(k.clone(), v.as_str().unwrap().to_string());
    }
    f
}

#[tokio::test]
async fn a_citizens_form_is_filled_from_the_account_and_the_id_number_cannot_be_changed() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", ACCOUNT_ID).await;

    // The form: name and ID number shown from the account (the number
    // masked, with no input for either), the mobile an input that starts
    // with the account's number; a mother's ID number is still asked.
    let html = me.page(&app, BIRTH).await;
    assert!(html.contains(ACCOUNT_ID_MASKED), "the ID number masked");
    assert!(!html.contains(ACCOUNT_ID), "never the full ID number");
    assert!(html.contains("张小明"), "the account's name");
    assert!(!html.contains("name=\"applicant_id_number\""));
    assert!(!html.contains("name=\"applicant_name\""));
    assert!(html.contains("name=\"mother_id_number\""));
    let mobile = html
        .find("name=\"applicant_mobile\"")
        .expect("the mobile is asked");
    let tag_end = html[mobile..].find('>').unwrap() + mobile;
    assert!(
        html[mobile..tag_end].contains("value=\"13800138000\""),
        "the mobile starts filled in: {}",
        &html[mobile..tag_end]
    );

    // A draft that tries another ID number changes nothing shown.
    let mut answers = answers_for(&app, &me, "bundle=440100/birth").await;
    answers["applicant_id_number"] = json!(OTHER_ID);
    answers["applicant_name"] = json!("王五");
    answers["applicant_mobile"] = json!("13912345678");
    let res = me
        .client
        .put(app.url("/api/v1/applications/draft"))
        .header("origin", app.origin())
        .json(&json!({"bundle": "440100/birth", "answers": answers}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let html = me.page(&app, BIRTH).await;
    assert!(html.contains(ACCOUNT_ID_MASKED) && !html.contains("王五"));
    assert!(!html.contains("110***********002X") && !html.contains(OTHER_ID));
    // The corrected mobile of the draft wins over the account's.
    assert!(html.contains("value=\"13912345678\""));

    // The form post tries another ID number and name: the case carries the
    // account's; the corrected mobile is kept as typed.
    let idem = uuid::Uuid::new_v4().to_string();
    let form = common::with_scans(
        &app,
        &me,
        "bundle=440100/birth",
        multipart(&answers, &idem),
        &[],
    )
    .await;
    let res = common::apply_by_form(&app, &me, ("bundle", "440100/birth"), &idem, form).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let receipt = res.headers()["location"].to_str().unwrap().to_string();
    let case_no = receipt
        .trim_start_matches("/cases/")
        .trim_end_matches("/receipt")
        .to_string();
    let sealed = sealed_answers(&pool, &case_no).await;
    assert_eq!(
        sealed["applicant_id_number"],
        json!({"type": "id_number", "value": ACCOUNT_ID})
    );
    assert_eq!(
        sealed["applicant_name"],
        json!({"type": "text", "value": "张小明"})
    );
    assert_eq!(
        sealed["applicant_mobile"],
        json!({"type": "mobile", "value": "13912345678"})
    );
    // Each department's part has the account's number too.
    let parts: Vec<Vec<u8>> = sqlx::query_scalar(
        "select p.answers_sealed from case_part p join case_file c on c.id = p.case_id
         where c.case_no = $1",
    )
    .bind(&case_no)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut with_id = 0;
    for sealed in parts {
        let part: Value = serde_json::from_slice(&test_data_key().open(&sealed).unwrap()).unwrap();
        if let Some(id) = part.get("applicant_id_number") {
            assert_eq!(id["value"], ACCOUNT_ID);
            with_id += 1;
        }
    }
    assert!(with_id > 0);
    // The same post again (a double click) is the same case.
    let form = common::with_scans(
        &app,
        &me,
        "bundle=440100/birth",
        multipart(&answers, &idem),
        &[],
    )
    .await;
    let again = common::apply_by_form(&app, &me, ("bundle", "440100/birth"), &idem, form).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), receipt);

    // The JSON API alike: whatever ID number is sent, the account's.
    let mut body = json!({"bundle": "440100/birth", "answers": answers});
    body["answers"]["applicant_id_number"] = json!("440106199003071231");
    let api_case = me.submit(&app, &body).await;
    let sealed = sealed_answers(&pool, api_case["case_no"].as_str().unwrap()).await;
    assert_eq!(sealed["applicant_id_number"]["value"], ACCOUNT_ID);
}

#[tokio::test]
async fn an_enterprises_form_is_filled_with_its_name_code_and_legal_representative() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let form = app::accounts::forms::EnterpriseForm {
        username: "lychee-trading".into(),
        password: PASSWORD.into(),
        enterprise_name: "广州荔枝贸易有限公司".into(),
        credit_code: "91440101MA59Q8R3XA".into(),
        legal_representative: "李四".into(),
    }
    .parse()
    .unwrap();
    let me = app::accounts::store::register_enterprise(&pool, &form, "test")
        .await
        .unwrap();
    let me = session_for(&pool, me.id).await;
    // An enterprise item of Guangzhou that can be applied for online.
    let code: String = sqlx::query_scalar(
        "select i.code from service_item i join service_form f on f.item_id = i.id
         where i.region_code = 440100 and i.applicant = 'enterprise'
           and i.online_depth in ('apply_online', 'fully_online')
           -- not an investment item: that one needs a project code
           and not exists (select 1 from bundle_item bi join bundle b on b.id = bi.bundle_id
                           where bi.item_id = i.id and b.investment_stage is not null)
         order by i.code limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let html = me.page(&app, &format!("/apply?service={code}")).await;
    // The credit code is the account's identity: shown, no input.
    assert!(html.contains("91440101MA59Q8R3XA"));
    assert!(!html.contains("name=\"enterprise_credit_code\""));
    // Name and legal representative start filled in and may be corrected.
    assert!(html.contains("value=\"广州荔枝贸易有限公司\""), "{code}");
    assert!(html.contains("value=\"李四\""));

    let mut answers = answers_for(&app, &me, &format!("service={code}")).await;
    answers["enterprise_credit_code"] = json!("91350100M000100Y43");
    let case = me
        .submit(&app, &json!({"service": code, "answers": answers}))
        .await;
    let sealed = sealed_answers(&pool, case["case_no"].as_str().unwrap()).await;
    assert_eq!(
        sealed["enterprise_credit_code"],
        json!({"type": "credit_code", "value": "91440101MA59Q8R3XA"})
    );
}
