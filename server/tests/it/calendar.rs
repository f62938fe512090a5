//! The working-day clock at the API, over the official calendar loaded into
//! a real PostgreSQL.

use crate::common;
use common::{database, Seed};

use common::TestApp;
use serde_json::Value;

async fn get(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn days_are_working_days_holidays_or_make_up_days() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let (status, day) = get(&app, "/api/v1/calendar/2025-10-01").await;
    assert_eq!(status, 200);
    assert_eq!(day["date"], "2025-10-01");
    assert_eq!(day["working_day"], false);
    assert_eq!(day["kind"], "holiday");
    assert_eq!(day["name"], "中秋节、国庆节");
    let (_, day) = get(&app, "/api/v1/calendar/2025-09-28").await;
    assert_eq!(
        (day["working_day"].clone(), day["kind"].clone()),
        (true.into(), "make_up_workday".into())
    );
    let (_, day) = get(&app, "/api/v1/calendar/2026-11-27").await;
    assert_eq!(
        (day["working_day"].clone(), day["name"].clone()),
        (true.into(), Value::Null)
    );
    let (_, day) = get(&app, "/api/v1/calendar/2026-11-28").await;
    assert_eq!(
        (day["working_day"].clone(), day["kind"].clone()),
        (false.into(), "weekend".into())
    );
    // In English when asked.
    let res = app
        .get_with_cookie("/api/v1/calendar/2026-02-17", "banshi_lang=en")
        .await;
    let day: Value = res.json().await.unwrap();
    assert_eq!(day["name"], "Spring Festival");
    // Editors extend the calendar in the table, without code.
    sqlx::query(
        "insert into calendar_day values ('2027-01-01', 'holiday', '元旦', 'New Year''s Day')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (_, day) = get(&app, "/api/v1/calendar/2027-01-01").await;
    assert_eq!(day["working_day"], false);
    // The schema refuses a make-up working day that is not a weekend day.
    let err =
        sqlx::query("insert into calendar_day values ('2027-01-04', 'workday', '调休', 'Make-up')")
            .execute(&pool)
            .await;
    assert!(err.is_err());
}

#[tokio::test]
async fn deadlines_count_from_the_working_day_after() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    for (from, n, want) in [
        ("2026-11-23", 1, "2026-11-24"),
        ("2026-11-27", 1, "2026-11-30"),
        ("2025-09-26", 4, "2025-10-09"),
        ("2025-09-26", 6, "2025-10-11"),
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-11-23", 0, "2026-11-23"),
    ] {
        let (status, body) = get(
            &app,
            &format!("/api/v1/calendar/deadline?from={from}&working_days={n}"),
        )
        .await;
        assert_eq!(status, 200, "{from} + {n}");
        assert_eq!(body["deadline"], want, "{from} + {n}");
    }
}

#[tokio::test]
async fn bad_dates_and_counts_are_400_naming_the_parameter() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool).await;
    for (path, name) in [
        ("/api/v1/calendar/2026-02-30", "date"),
        ("/api/v1/calendar/tomorrow", "date"),
        (
            "/api/v1/calendar/deadline?from=2026-13-01&working_days=3",
            "from",
        ),
        ("/api/v1/calendar/deadline?working_days=3", "from"),
        (
            "/api/v1/calendar/deadline?from=2026-11-23&working_days=-1",
            "working_days",
        ),
        (
            "/api/v1/calendar/deadline?from=2026-11-23&working_days=ten",
            "working_days",
        ),
        (
            "/api/v1/calendar/deadline?from=2026-11-23&working_days=10001",
            "working_days",
        ),
        ("/api/v1/calendar/deadline?from=2026-11-23", "working_days"),
    ] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{path}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name),
            "{path}: {body}"
        );
    }
}
