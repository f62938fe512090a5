//! Forms and materials (issue 17, parts 3 and 4): the form in sections,
//! no question the bundle already knows, hints by applicant type, city →
//! district, messages that name the field, the declaration and a scan of
//! each required material required (API and form), and each file labelled
//! by its material wherever it is listed.

use crate::common;

use common::{
    answers_for, application_for, citizen, clerk, database, hall, materials_for, post_of_task,
    test_data_key, tiny_png, upload_scan, Seed, TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

const BIRTH: &str = "bundle=440100/birth";

async fn post(app: &TestApp, who: &Who, body: &Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url("/api/v1/applications"))
        .header("origin", app.origin())
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

fn refused_fields(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_birth_form_comes_in_sections_and_asks_nothing_the_bundle_knows() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let html = me.page(&app, &format!("/apply?{BIRTH}")).await;
    // Sections with headings, the applicant first.
    let headings: Vec<&str> = html
        .match_indices("class=\"form-section\">")
        .map(|(i, _)| {
            let h = html[i..].find("<h2").unwrap() + i;
            let start = html[h..].find('>').unwrap() + h + 1;
            let end = html[start..].find("</h2>").unwrap() + start;
            &html[start..end]
        })
        .collect();
    assert!(headings.len() >= 4, "{headings:?}");
    assert_eq!(
        &headings[..3],
        ["申请人信息", "新生儿（子女）信息", "父母信息"]
    );
    // The certificate the bundle issues and the answers fixed for the
    // newborn are not asked.
    for not_asked in [
        "birth_certificate_number",
        "resident_insurance_category",
        "beneficiary_relation",
        "beneficiary_name",
        "beneficiary_id_number",
    ] {
        assert!(
            !html.contains(&format!("name=\"{not_asked}\"")),
            "{not_asked} is not asked"
        );
    }
    assert!(html.contains("name=\"child_name\"") && html.contains("name=\"card_bank\""));
    // The API's form alike.
    let form: Value = me
        .client
        .get(app.url(&format!("/api/v1/applications/form?{BIRTH}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: Vec<&str> = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert!(!keys.contains(&"birth_certificate_number") && !keys.contains(&"beneficiary_relation"));
    // The address: city → district (option groups of Guangdong's real codes).
    assert!(html.contains("<optgroup label=\"广州市\">"));
    assert!(html.contains("<option value=\"440106\">天河区</option>"));
    // One upload slot per material, required or conditional; a sample.
    let materials = form["materials"].as_array().unwrap();
    assert!(materials.len() >= 6, "{materials:?}");
    for m in materials {
        let key = m["key"].as_str().unwrap();
        assert!(
            html.contains(&format!("name=\"scan.{key}\"")),
            "{key} has its slot"
        );
    }
    assert!(
        !materials
            .iter()
            .any(|m| m["name"]["zh"] == "社会保障卡申领登记表"),
        "the online form itself is not uploaded"
    );
    assert!(html.contains("必须提交") && html.contains("视情况提交"));
    assert!(
        !html.contains(">社会保障卡申领登记表<"),
        "no slot for the online form itself"
    );
    assert!(html.contains("href=\"/samples/id-photo.png\""));

    // Submitted: the answers the bundle knows are filled in on the server.
    let case = me
        .submit(
            &app,
            &json!({"bundle": "440100/birth", "answers": answers_for(&app, &me, BIRTH).await}),
        )
        .await;
    let sealed: Vec<u8> =
        sqlx::query_scalar("select answers_sealed from case_file where case_no = $1")
            .bind(case["case_no"].as_str().unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
    let answers: Value = serde_json::from_slice(&test_data_key().open(&sealed).unwrap()).unwrap();
    assert_eq!(answers["resident_insurance_category"]["value"], "newborn");
    assert_eq!(answers["beneficiary_relation"]["value"], "child");
    assert_eq!(answers["beneficiary_name"], answers["child_name"]);
    assert!(answers.get("birth_certificate_number").is_none());
}

#[tokio::test]
async fn the_api_refuses_without_the_declaration_or_a_required_material_naming_each() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let whole = application_for(&app, &me, BIRTH).await;

    // No declaration, no scans, a missing answer: every problem at once,
    // each message naming what it is about.
    let mut body = whole.clone();
    body.as_object_mut().unwrap().remove("declaration");
    body["uploads"] = json!([]);
    body["answers"]["mother_name"] = json!("");
    let (status, refused) = post(&app, &me, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "invalid_answers");
    let fields = refused_fields(&refused);
    assert!(
        fields.contains(&("mother_name".into(), "请填写母亲姓名。".into())),
        "{fields:?}"
    );
    assert!(fields.contains(&("declaration".into(), "请阅读并勾选承诺后再提交。".into())));
    let missing: Vec<&(String, String)> = fields
        .iter()
        .filter(|(f, _)| f.starts_with("scan-"))
        .collect();
    assert_eq!(missing.len(), 3, "{fields:?}");
    assert!(missing
        .iter()
        .any(|(_, m)| m == "请上传近期免冠彩色证件照片。"));
    // In English too.
    let res = me
        .client
        .post(app.url("/api/v1/applications"))
        .header("origin", app.origin())
        .header("accept-language", "en")
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .json(&body)
        .send()
        .await
        .unwrap();
    let english: Value = res.json().await.unwrap();
    let fields = refused_fields(&english);
    assert!(
        fields.contains(&("mother_name".into(), "Fill in mother's name.".into())),
        "{fields:?}"
    );

    // Declared false: refused; someone else's upload does not count.
    let mut body = whole.clone();
    body["declaration"] = json!(false);
    assert_eq!(
        post(&app, &me, &body).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let other = citizen(&pool, &test_data_key(), "wang.wu", "11010519491231002X").await;
    let theirs = upload_scan(&app, &other, "scan.png", tiny_png()).await;
    let mut body = whole.clone();
    body["uploads"][0]["id"] = json!(theirs);
    let (status, refused) = post(&app, &me, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused_fields(&refused).len(), 1, "{refused}");
    let cases: i64 = sqlx::query_scalar("select count(*) from case_file")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(cases, 0);

    // Whole: created, each file stored with its material.
    let (status, done) = post(&app, &me, &whole).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    let stored: Vec<(String, String)> =
        sqlx::query_as("select material_key, material_zh from case_material order by material_key")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut sent: Vec<String> = whole["uploads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["material"].as_str().unwrap().to_string())
        .collect();
    sent.sort();
    assert_eq!(
        stored.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        sent
    );
    assert!(stored.iter().any(|(_, zh)| zh == "近期免冠彩色证件照片"));
}

#[tokio::test]
async fn each_file_is_labelled_by_its_material_on_the_case_and_the_clerks_task() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let mut body = application_for(&app, &me, BIRTH).await;
    // An optional material too.
    let form: Value = me
        .client
        .get(app.url(&format!("/api/v1/applications/form?{BIRTH}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let optional = form["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["required"] == json!(false))
        .unwrap()
        .clone();
    let extra = upload_scan(&app, &me, "结婚证.png", tiny_png()).await;
    body["uploads"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": extra, "material": optional["key"]}));
    assert_eq!(
        materials_for(&app, &me, BIRTH)
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let case = me.submit(&app, &body).await;
    let case_no = case["case_no"].as_str().unwrap();

    let html = me.page(&app, &format!("/cases/{case_no}")).await;
    assert!(
        html.contains("已提交的材料"),
        "the case page lists the files"
    );
    let optional_name = optional["name"]["zh"].as_str().unwrap();
    assert!(html.contains(&format!(
        "<span class=\"file-material\">{optional_name}</span>"
    )));
    assert!(html.contains("<span class=\"file-material\">近期免冠彩色证件照片</span>"));
    assert!(html.contains("结婚证.png"));

    // The clerk's task lists them the same way.
    let task: i64 = sqlx::query_scalar(
        "select t.id from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 and t.kind = 'review' order by t.id limit 1",
    )
    .bind(case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    let (dept, unit, post) = post_of_task(&pool, task).await;
    let officer = clerk(&pool, "clerk.forms", &dept, &unit, &post).await;
    let html = officer.page(&app, &format!("/staff/tasks/{task}")).await;
    assert!(
        html.contains("<span class=\"file-material\">近期免冠彩色证件照片</span>"),
        "{html}"
    );
    assert!(html.contains("结婚证.png"));
    let api: Value = officer
        .client
        .get(app.url(&format!("/api/v1/staff/tasks/{task}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    if let Some(files) = api["materials"].as_array() {
        assert!(
            files
                .iter()
                .any(|f| f["material"]["zh"] == "近期免冠彩色证件照片"),
            "{api}"
        );
    }
}
