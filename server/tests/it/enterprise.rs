//! My enterprise (我的企业, issue 18 part 6) through the real router and a
//! real PostgreSQL: the page and the JSON view for an enterprise and the
//! refusal for anyone else, licences with their state, the annual report
//! recorded as filed (form and API, idempotent, refused when not due or
//! not declared), and the daily reminders — on the right days, once, also
//! when the job runs twice or on two servers at once, with the e-mail
//! queued, and stopped by filing.

use crate::common;
use common::{citizen, database, hall, session_for, test_data_key, Seed, TestApp, Who};

use app::{
    accounts::{forms::EnterpriseForm, store as accounts, Me},
    enterprise::store::{add_licence, file_report, send_reminders, NewLicence},
    enterprise::FileReportBody,
    i18n::Bilingual,
    notifications::store::MailOn,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::time::Duration;
use time::{macros::date, Date};

async fn enterprise(pool: &PgPool, username: &str, credit_code: &str) -> (Me, Who) {
    let form = EnterpriseForm {
        username: username.into(),
        password: common::PASSWORD.into(),
        enterprise_name: format!("广州{username}有限公司"),
        credit_code: credit_code.into(),
        legal_representative: "张小明".into(),
    }
    .parse()
    .unwrap();
    let me = accounts::register_enterprise(pool, &form, "test")
        .await
        .unwrap();
    let who = session_for(pool, me.id).await;
    (me, who)
}

async fn department(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A business licence of `founded` and a permit ending on `until`.
async fn licences(pool: &PgPool, me: &Me, founded: Date, until: Date) -> i64 {
    let market = department(pool, "SCJGJ").await;
    add_licence(
        pool,
        &NewLicence {
            account_id: me.id,
            business: true,
            name: Bilingual::new("营业执照", "Business licence"),
            number: &format!("BL-{}", me.id),
            department_id: market,
            issued_on: founded,
            valid_until: None,
            case_id: None,
        },
    )
    .await
    .unwrap();
    add_licence(
        pool,
        &NewLicence {
            account_id: me.id,
            business: false,
            name: Bilingual::new("食品经营许可证", "Food business licence"),
            number: &format!("JY-{}", me.id),
            department_id: market,
            issued_on: founded,
            valid_until: Some(until),
            case_id: None,
        },
    )
    .await
    .unwrap()
}

async fn inbox_kinds(pool: &PgPool, account: i64) -> Vec<String> {
    sqlx::query_scalar("select kind from notification where recipient_id = $1 order by id")
        .bind(account)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn sent_on(pool: &PgPool, day: Date) -> usize {
    send_reminders(pool, day, None).await.unwrap().sent
}

#[tokio::test]
async fn the_page_shows_the_enterprise_and_refuses_others() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let (me, who) = enterprise(&pool, "lizhi.trade", "91440101MA59Q8R3XA").await;
    // The hall's day is 2026-09-30: the permit ends in 45 days.
    licences(&pool, &me, date!(2024 - 03 - 15), date!(2026 - 11 - 14)).await;
    let expired = department(&pool, "WJJ").await;
    add_licence(
        &pool,
        &NewLicence {
            account_id: me.id,
            business: false,
            name: Bilingual::new("公共场所卫生许可证", "Public place health permit"),
            number: "WJ-1",
            department_id: expired,
            issued_on: date!(2022 - 09 - 10),
            valid_until: Some(date!(2026 - 09 - 10)),
            case_id: None,
        },
    )
    .await
    .unwrap();

    let res = who
        .client
        .get(app.url("/me/enterprise"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    for text in [
        "<h1",
        "我的企业",
        "广州lizhi.trade有限公司",
        "91440101MA59Q8R3XA",
        "2024-03-15",
        "营业执照",
        "长期",
        "食品经营许可证",
        "90天内到期",
        "2026-11-14",
        "已过期",
        "data-label=\"有效期至\"",
        // Last year's report is overdue: the form files 2025.
        "2025年度报告未在2026-06-30前报送",
        "国家企业信用信息公示系统",
        "action=\"/me/annual-reports\"",
        "name=\"year\" value=\"2025\"",
        "设立",
        "变更",
        "注销",
        "经营",
        "/apply?bundle=440100/business-start-up",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    // The bundles of the other stages link when the catalog has them.
    for key in ["enterprise-address-change", "simplified-deregistration"] {
        let in_catalog: bool =
            sqlx::query_scalar("select exists (select 1 from bundle where key = $1)")
                .bind(key)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(
            page.contains(&format!("/apply?bundle=440100/{key}")),
            in_catalog,
            "{key}"
        );
    }
    // My space links to it, for enterprises only.
    assert!(who
        .page(&app, "/me")
        .await
        .contains("href=\"/me/enterprise\""));

    let person = citizen(&pool, &test_data_key(), "zhang.xm", "440106199003071231").await;
    assert!(!person
        .page(&app, "/me")
        .await
        .contains("href=\"/me/enterprise\""));
    let res = person
        .client
        .get(app.url("/me/enterprise"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("供企业账号使用"));

    let res = app.get("/me/enterprise").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/me/enterprise");
}

async fn post_report(app: &TestApp, client: &reqwest::Client, body: Value) -> (StatusCode, Value) {
    let res = client
        .post(app.url("/api/v1/me/annual-reports"))
        .header("origin", app.origin())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_shows_my_enterprise_and_records_the_annual_report_once() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let (me, who) = enterprise(&pool, "lizhi.api", "91440101MA59Q8R4XB").await;
    licences(&pool, &me, date!(2024 - 03 - 15), date!(2026 - 10 - 20)).await;

    let res = app.get("/api/v1/me/enterprise").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let person = citizen(&pool, &test_data_key(), "zhang.api", "440106199003071231").await;
    let res = person
        .client
        .get(app.url("/api/v1/me/enterprise"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = who
        .client
        .get(app.url("/api/v1/me/enterprise"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["credit_code"], "91440101MA59Q8R4XB");
    assert_eq!(view["founded_on"], "2024-03-15");
    assert_eq!(view["licences"][0]["valid_until"], Value::Null);
    assert_eq!(view["licences"][0]["state"], "valid");
    assert_eq!(view["licences"][1]["state"], "expiring_within30");
    assert_eq!(
        view["annual_report"],
        json!({"status": "overdue", "year": 2025, "due_on": "2026-06-30"})
    );
    assert_eq!(view["services"][0]["stage"], "establish");

    // Refusals: signed out, not an enterprise, not due, not declared.
    let anonymous = reqwest::Client::new();
    let body = json!({"year": 2025, "declared": true});
    assert_eq!(
        post_report(&app, &anonymous, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_report(&app, &person.client, body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, err) =
        post_report(&app, &who.client, json!({"year": 2026, "declared": true})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "annual_report_refused");
    assert_eq!(err["error"]["problem"]["problem"], "not_due");
    let (status, err) =
        post_report(&app, &who.client, json!({"year": 2023, "declared": true})).await;
    assert_eq!(
        (status, err["error"]["problem"]["problem"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("not_due"))
    );
    let (status, err) =
        post_report(&app, &who.client, json!({"year": 2025, "declared": false})).await;
    assert_eq!(
        (status, err["error"]["problem"]["problem"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("not_declared"))
    );
    let (status, _) = post_report(&app, &who.client, json!({"year": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Recorded once: 201, then 200 with the same status.
    let (status, answer) = post_report(&app, &who.client, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        answer,
        json!({"status": "filed", "year": 2025, "filed_on": "2026-09-30"})
    );
    let (status, again) = post_report(&app, &who.client, body).await;
    assert_eq!((status, again), (StatusCode::OK, answer));
}

#[tokio::test]
async fn the_form_records_the_report_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let (me, who) = enterprise(&pool, "lizhi.form", "91440101MA59Q8R5XC").await;
    licences(&pool, &me, date!(2024 - 03 - 15), date!(2030 - 01 - 01)).await;
    let post =
        |client: &reqwest::Client, form: &'static [(&'static str, &'static str)], origin: bool| {
            let mut req = client.post(app.url("/me/annual-reports")).form(form);
            if origin {
                req = req.header("origin", app.origin());
            }
            req.send()
        };
    // Signed out: sign in first, then back to the page of the form.
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = post(&anonymous, &[("year", "2025"), ("declared", "true")], true)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/me/enterprise");
    // From another site: refused.
    let res = post(
        &who.client,
        &[("year", "2025"), ("declared", "true")],
        false,
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Without the declaration: the page again, with the problem.
    let res = post(&who.client, &[("year", "2025")], true).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("请勾选声明"), "{page}");
    assert!(page.contains("<h1"));
    // Declared: recorded, to the page, which says so; again: the same.
    for _ in 0..2 {
        let res = post(&who.client, &[("year", "2025"), ("declared", "true")], true)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()["location"],
            "/me/enterprise?done=filed#ent-annual-h"
        );
    }
    let page = who.page(&app, "/me/enterprise?done=filed").await;
    assert!(page.contains("已登记年报报送"));
    assert!(page.contains("2025年度报告已于2026-09-30报送"));
    assert!(!page.contains("action=\"/me/annual-reports\""));
    let filed: i64 = sqlx::query_scalar("select count(*) from annual_report where account_id = $1")
        .bind(me.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(filed, 1);
}

#[tokio::test]
async fn reminders_go_out_once_on_their_days() {
    let pool = database(Seed::Demo).await;
    // Founded in 2025: the first report (for 2025) is due in 2026; a permit
    // ends on 30 April 2027 (90 days before: 30 January; 30 days: 31 March).
    let (me, _) = enterprise(&pool, "lizhi.remind", "91440101MA59Q8R3XA").await;
    let licence = licences(&pool, &me, date!(2025 - 05 - 20), date!(2027 - 04 - 30)).await;
    sqlx::query("update account set email = 'lizhi@example.org' where id = $1")
        .bind(me.id)
        .execute(&pool)
        .await
        .unwrap();
    // A newcomer founded on 1 January 2026 files first in 2027.
    let (young, _) = enterprise(&pool, "lizhi.young", "91440101MA59Q8R4XB").await;
    licences(&pool, &young, date!(2026 - 01 - 01), date!(2040 - 01 - 01)).await;

    // 2026: the 2025 report's window opens on 1 January.
    assert_eq!(sent_on(&pool, date!(2025 - 12 - 31)).await, 0);
    let mail = MailOn {
        origin: Some("https://hall.example.gov.cn".into()),
    };
    let report = send_reminders(&pool, date!(2026 - 01 - 01), Some(&mail))
        .await
        .unwrap();
    assert_eq!((report.enterprises, report.sent), (2, 1));
    let queued: Vec<(String, String)> =
        sqlx::query_as("select to_address, body from mail_outbox order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, "lizhi@example.org");
    assert!(queued[0].1.contains("2025") && queued[0].1.contains("2026-06-30"));
    assert!(queued[0]
        .1
        .contains("https://hall.example.gov.cn/me/enterprise"));
    // Again the same day, and the days after: nothing.
    assert_eq!(sent_on(&pool, date!(2026 - 01 - 01)).await, 0);
    assert_eq!(sent_on(&pool, date!(2026 - 05 - 31)).await, 0);
    // 1 June, not filed: a second reminder; then nothing.
    assert_eq!(sent_on(&pool, date!(2026 - 06 - 01)).await, 1);
    assert_eq!(sent_on(&pool, date!(2026 - 06 - 02)).await, 0);
    assert_eq!(sent_on(&pool, date!(2026 - 07 - 01)).await, 0);
    assert_eq!(
        inbox_kinds(&pool, me.id).await,
        vec!["annual_report_open", "annual_report_june"]
    );
    assert!(inbox_kinds(&pool, young.id).await.is_empty());

    // 2027: both enterprises' reports open (the newcomer's first).
    assert_eq!(sent_on(&pool, date!(2027 - 01 - 01)).await, 2);
    // The permit: 90 days before its end, then 30.
    assert_eq!(sent_on(&pool, date!(2027 - 01 - 29)).await, 0);
    assert_eq!(sent_on(&pool, date!(2027 - 01 - 30)).await, 1);
    assert_eq!(sent_on(&pool, date!(2027 - 01 - 30)).await, 0);
    assert_eq!(sent_on(&pool, date!(2027 - 03 - 30)).await, 0);
    // Filing the 2026 report stops its June reminder (the newcomer still gets one).
    let filed = file_report(
        &pool,
        &me,
        date!(2027 - 03 - 31),
        &FileReportBody {
            year: 2026,
            declared: true,
        },
    )
    .await
    .unwrap();
    assert!(filed);
    assert_eq!(sent_on(&pool, date!(2027 - 03 - 31)).await, 1);
    assert_eq!(sent_on(&pool, date!(2027 - 06 - 01)).await, 1);
    assert_eq!(
        inbox_kinds(&pool, me.id).await,
        vec![
            "annual_report_open",
            "annual_report_june",
            "annual_report_open",
            "licence_expiring",
            "licence_expiring",
        ]
    );
    assert_eq!(
        inbox_kinds(&pool, young.id).await,
        vec!["annual_report_open", "annual_report_june"]
    );
    let keys: Vec<(String, String, Date)> = sqlx::query_as(
        "select kind, key, sent_on from enterprise_reminder where account_id = $1 order by id",
    )
    .bind(me.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    let licence_key = format!("{licence}:2027-04-30");
    assert_eq!(
        keys,
        vec![
            (
                "annual_report_open".into(),
                "2025".into(),
                date!(2026 - 01 - 01)
            ),
            (
                "annual_report_june".into(),
                "2025".into(),
                date!(2026 - 06 - 01)
            ),
            (
                "annual_report_open".into(),
                "2026".into(),
                date!(2027 - 01 - 01)
            ),
            (
                "licence_90".into(),
                licence_key.clone(),
                date!(2027 - 01 - 30)
            ),
            ("licence_30".into(), licence_key, date!(2027 - 03 - 31)),
        ]
    );
}

#[tokio::test]
async fn the_daily_job_sends_once_with_two_servers() {
    let pool = database(Seed::Demo).await;
    let other = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let (me, _) = enterprise(&pool, "lizhi.job", "91440101MA59Q8R3XA").await;
    licences(&pool, &me, date!(2020 - 05 - 20), date!(2040 - 01 - 01)).await;
    let at = time::macros::datetime!(2027-01-01 09:00 +8);
    let w1 = server::jobs::Worker::new(
        pool.clone(),
        app::clock::Now::fixed(at),
        1,
        Duration::from_secs(300),
        Duration::from_secs(1),
    );
    let w2 = server::jobs::Worker {
        pool: other.clone(),
        id: "second".into(),
        ..w1.clone()
    };
    for _ in 0..2 {
        let (a, b) = tokio::join!(w1.round(), w2.round());
        a.unwrap();
        b.unwrap();
    }
    assert_eq!(inbox_kinds(&pool, me.id).await, vec!["annual_report_open"]);
    let jobs: Vec<(String, bool)> = sqlx::query_as(
        "select dedupe_key, done_at is not null from job where kind = 'enterprise_reminders'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        jobs,
        vec![("enterprise_reminders:2027-01-01".to_string(), true)]
    );
    // The next day's job sends nothing new.
    w1.now.set(time::macros::datetime!(2027-01-02 09:00 +8));
    w1.round().await.unwrap();
    assert_eq!(inbox_kinds(&pool, me.id).await, vec!["annual_report_open"]);
}

#[tokio::test]
async fn the_demo_enterprise_holds_its_licences() {
    let pool = database(Seed::Demo).await;
    server::demo::load_accounts(&pool, &test_data_key())
        .await
        .unwrap();
    let now = common::test_now();
    server::demo::load_enterprise(&pool, now).await.unwrap();
    // Loaded once.
    server::demo::load_enterprise(&pool, now).await.unwrap();
    let me = server::demo::demo_account(&pool, "enterprise.demo")
        .await
        .unwrap()
        .unwrap();
    let view = app::enterprise::store::view(&pool, &me, now.date(), 440100)
        .await
        .unwrap();
    let states: Vec<(String, String)> = view
        .licences
        .iter()
        .map(|l| {
            (
                l.name.zh.clone(),
                serde_json::to_value(l.state)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("营业执照".into(), "valid".into()),
            ("公共场所卫生许可证".into(), "expired".into()),
            ("食品经营许可证".into(), "expiring_within90".into()),
            ("排污许可证".into(), "valid".into()),
        ]
    );
    assert_eq!(view.annual_report.year_to_file(), Some(2025));
    let kinds: Vec<_> = view.reminders.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            app::enterprise::ReminderKind::AnnualReportJune,
            app::enterprise::ReminderKind::AnnualReportOpen
        ]
    );
    // The job's first run today: the food licence's renewal reminder.
    assert_eq!(sent_on(&pool, now.date()).await, 1);
}
