//! Uploads judged by structure through the real routes over PostgreSQL
//! (issue 15, finding 4): the corpus in `fixtures/uploads` refused or
//! accepted at `POST /api/v1/uploads` and the multipart `/apply`, images
//! served re-encoded, downloads as attachments named by the judged kind,
//! and a clerk's download in the applicant's "who accessed my data".

use crate::common;
use crate::corpus;

use common::{answers_for, citizen, clerk, hall, post_of_task, test_data_key, TestApp, Who};
use common::{database, Seed};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

const KEY: &str = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

/// `name` percent-encoded as UTF-8, for `X-File-Name`.
fn encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn upload(app: &TestApp, who: &Who, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    who.client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", encoded(name))
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn download(app: &TestApp, who: &Who, id: &Value) -> reqwest::Response {
    who.client
        .get(app.url(&format!("/api/v1/uploads/{id}")))
        .send()
        .await
        .unwrap()
}

async fn stored(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from upload")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn every_hostile_file_is_refused_with_its_problem_and_nothing_is_kept() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let cases = [
        ("polyglot.pdf", corpus::polyglot_pdf(), "pdf_after_end"),
        ("junk.pdf", corpus::trailing_junk_pdf(), "pdf_after_end"),
        ("script.pdf", corpus::javascript_pdf(), "pdf_javascript"),
        ("launch.pdf", corpus::launch_pdf(), "pdf_launch"),
        (
            "attached.pdf",
            corpus::embedded_file_pdf(),
            "pdf_embedded_file",
        ),
        ("bare.pdf", corpus::bare_pdf(), "pdf_unreadable"),
        ("bomb.pdf", corpus::flate_bomb_pdf(), "pdf_expands"),
        ("huge.png", corpus::huge_png(), "image_too_large"),
        (
            "broken.jpg",
            corpus::valid_jpeg()[..40].to_vec(),
            "image_unreadable",
        ),
        (
            "broken.png",
            corpus::valid_png()[..30].to_vec(),
            "image_unreadable",
        ),
    ];
    for (name, bytes, problem) in cases {
        let res = upload(&app, &me, name, bytes).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "upload_refused", "{name}: {body}");
        assert_eq!(
            body["error"]["problem"]["problem"], problem,
            "{name}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with('。'),
            "{name}: a sentence in Chinese: {message}"
        );
    }
    // In English, specific enough to act on.
    let res = me
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-file-name", "script.pdf")
        .header("content-type", "application/octet-stream")
        .header("accept-language", "en")
        .body(corpus::javascript_pdf())
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("contains JavaScript"),
        "{body}"
    );
    let bomb: Value = upload(&app, &me, "bomb.pdf", corpus::flate_bomb_pdf())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bomb["error"]["problem"]["limit_bytes"], 64 * 1024 * 1024);
    assert_eq!(stored(&pool).await, 0, "a refused file leaves nothing");
}

#[tokio::test]
async fn good_files_are_kept_and_images_come_back_re_encoded_without_what_rode_along() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;

    for (name, bytes) in [
        ("plain.pdf", corpus::valid_pdf()),
        ("compressed.pdf", corpus::flate_pdf()),
    ] {
        let res = upload(&app, &me, name, bytes.clone()).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{name}");
        let up: Value = res.json().await.unwrap();
        assert_eq!(up["kind"], "pdf");
        assert_eq!(up["bytes"], bytes.len());
        // A PDF is kept as it came.
        let back = download(&app, &me, &up["id"]).await.bytes().await.unwrap();
        assert_eq!(back.as_ref(), bytes.as_slice(), "{name}");
    }

    let cases = [
        (
            "photo.jpg",
            corpus::valid_jpeg(),
            "jpeg",
            image::ImageFormat::Jpeg,
        ),
        (
            "photo+page.jpg",
            corpus::jpeg_with_html(),
            "jpeg",
            image::ImageFormat::Jpeg,
        ),
        (
            "scan.png",
            corpus::valid_png(),
            "png",
            image::ImageFormat::Png,
        ),
        (
            "scan+page.png",
            corpus::png_with_html(),
            "png",
            image::ImageFormat::Png,
        ),
    ];
    for (name, bytes, kind, format) in cases {
        let res = upload(&app, &me, name, bytes).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{name}");
        let up: Value = res.json().await.unwrap();
        assert_eq!(up["kind"], kind, "{name}");
        let res = download(&app, &me, &up["id"]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let back = res.bytes().await.unwrap();
        assert_eq!(
            up["bytes"],
            back.len(),
            "{name}: the size is what is stored"
        );
        let picture = image::load_from_memory_with_format(&back, format)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((picture.width(), picture.height()), (64, 48), "{name}");
        assert!(
            !corpus::contains(&back, b"<script"),
            "{name}: the page is gone"
        );
        assert!(
            !corpus::contains(&back, b"secret comment"),
            "{name}: metadata is gone"
        );
    }
    let sizes: i64 = sqlx::query_scalar("select count(*) from upload where bytes > 0")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sizes, 6);
}

#[tokio::test]
async fn downloads_are_attachments_named_by_the_judged_kind() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    for (name, bytes, offered, mime) in [
        (
            "证明\u{202E}fdp.exe",
            corpus::valid_pdf(),
            "%E8%AF%81%E6%98%8Efdp.pdf",
            "application/pdf",
        ),
        ("ct.svg", corpus::valid_pdf(), "ct.pdf", "application/pdf"),
        ("page.html", corpus::valid_png(), "page.png", "image/png"),
    ] {
        let up: Value = upload(&app, &me, name, bytes).await.json().await.unwrap();
        let res = download(&app, &me, &up["id"]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        let disposition = h["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment; "), "{disposition}");
        assert!(
            disposition.ends_with(&format!("filename*=UTF-8''{offered}")),
            "{name}: {disposition}"
        );
        assert!(
            !disposition.contains("exe")
                && !disposition.contains("svg")
                && !disposition.contains("html")
        );
        assert!(
            disposition.contains("filename=\""),
            "an ASCII fallback: {disposition}"
        );
        assert_eq!(h["content-type"], mime);
        assert_eq!(h["x-content-type-options"], "nosniff");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("sandbox"), "{csp}");
        assert_eq!(h["cache-control"], "private, no-store");
    }
}

/// Submits the birth bundle through the plain form with `scan`; the answer.
async fn apply_with(app: &TestApp, who: &Who, name: &str, scan: Vec<u8>) -> reqwest::Response {
    let answers = answers_for(app, who, "bundle=440100/birth").await;
    let mut form = reqwest::multipart::Form::new()
        .text("bundle", "440100/birth")
        .text("idempotency_key", KEY);
    for (k, v) in answers.as_object().unwrap() {
        form = form.text(k.clone(), v.as_str().unwrap().to_string());
    }
    // The scan in the first required material's slot, the others filled.
    let first = common::required_materials(app, who, "bundle=440100/birth").await[0].clone();
    form = form.part(
        format!("scan.{first}"),
        reqwest::multipart::Part::bytes(scan).file_name(name.to_string()),
    );
    let form = common::with_scans(app, who, "bundle=440100/birth", form, &[first]).await;
    common::apply_by_form(app, who, ("bundle", "440100/birth"), KEY, form).await
}

#[tokio::test]
async fn the_form_refuses_a_hostile_scan_and_a_clerks_download_is_shown_to_the_applicant() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;

    // The plain form's file input goes through the same check.
    let res = apply_with(&app, &me, "出生医学证明.pdf", corpus::javascript_pdf()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("含有 JavaScript"), "the problem is shown");
    assert_eq!(stored(&pool).await, 0);

    let res = apply_with(&app, &me, "出生医学证明.pdf", corpus::flate_pdf()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (case_no, upload): (String, i64) = sqlx::query_as(
        "select c.case_no, m.upload_id from case_material m join case_file c on c.id = m.case_id
         order by m.upload_id limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let task: i64 = sqlx::query_scalar(
        "select t.id from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 order by t.id limit 1",
    )
    .bind(&case_no)
    .fetch_one(&pool)
    .await
    .unwrap();
    let (dept, unit, post) = post_of_task(&pool, task).await;
    let officer = clerk(&pool, "clerk.files", &dept, &unit, &post).await;

    let file_reads = |accesses: &Value| -> Vec<String> {
        accesses
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["what"].as_str())
            .filter(|w| w.starts_with("file "))
            .map(str::to_owned)
            .collect()
    };
    let accesses = |who: &Who| {
        let client = who.client.clone();
        let url = app.url("/api/v1/me/accesses");
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };

    // The applicant's own download is not a staff read.
    let id = Value::from(upload);
    assert_eq!(download(&app, &me, &id).await.status(), StatusCode::OK);
    assert!(file_reads(&accesses(&me).await).is_empty());

    // The clerk's is, naming the file.
    let res = download(&app, &officer, &id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(file_reads(&accesses(&me).await), ["file 出生医学证明.pdf"]);
    let page = me.client.get(app.url("/me")).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("材料：出生医学证明.pdf"), "shown on my page");

    // Someone with no part in the case reads nothing, and nothing is recorded.
    let other = citizen(&pool, &test_data_key(), "wang.wu", "11010519491231002X").await;
    assert_eq!(
        download(&app, &other, &id).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(file_reads(&accesses(&me).await).len(), 1);
}
