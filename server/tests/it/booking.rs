//! Booking a visit (网上预约, issue 17) through the real router and a real
//! PostgreSQL: the offices and free slots on the official calendar (no
//! slots on a holiday, the make-up Saturday open), booking, idempotency,
//! one live booking per service, rescheduling that keeps the old seat
//! until the new one is taken, cancelling that frees the seat, the last
//! seat taken by exactly one of several people at once, refusals with
//! translated messages, who may do what, and the plain forms.

use crate::common;
use common::{citizen, clerk, database, hall, test_data_key, Seed, TestApp, Who};

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Guangzhou's marriage registration (广州市民政局).
const MARRIAGE: &str = "440100-MZJ-0001";

async fn couple(pool: &PgPool) -> Who {
    citizen(pool, &test_data_key(), "zhang.xm", "440106199003071231").await
}

async fn other(pool: &PgPool, n: u32) -> Who {
    // Valid ID numbers (GB 11643) of made-up people.
    const IDS: [&str; 4] = [
        "440106199205150026",
        "440103199001011236",
        "440104198512120014",
        "44010519800505002X",
    ];
    citizen(
        pool,
        &test_data_key(),
        &format!("p{n}.demo"),
        IDS[n as usize],
    )
    .await
}

/// The Liwan District registry (the first office of Guangzhou's).
async fn liwan(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select id from office where name_zh = '荔湾区婚姻登记处'")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn post_json(
    app: &TestApp,
    who: &Who,
    path: &str,
    body: Value,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .post(app.url(path))
        .header("origin", app.origin())
        .json(&body);
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn book(app: &TestApp, who: &Who, office: i64, slot: &str, key: &str) -> (StatusCode, Value) {
    post_json(
        app,
        who,
        "/api/v1/bookings",
        json!({"service": MARRIAGE, "office": office, "slot": slot}),
        Some(key),
    )
    .await
}

fn key(n: u32) -> String {
    format!("7a1c2e3d-0000-4000-8000-{n:012}")
}

async fn seats(pool: &PgPool, office: i64, slot: &str) -> i16 {
    sqlx::query_scalar(
        "select coalesce((select booked from office_slot where office_id = $1
                           and starts_at = ($2 || ':00+08')::timestamptz), 0::smallint)",
    )
    .bind(office)
    .bind(slot.replace('T', " "))
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_couple_books_moves_and_cancels_a_visit() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = couple(&pool).await;
    let office = liwan(&pool).await;

    // The offices and their free slots: the hall's day is 30 September,
    // so the window opens after the National Day holiday; the make-up
    // Saturday (10 October) is open, Sunday 11th is not.
    let res = app
        .get(&format!("/api/v1/services/{MARRIAGE}/offices"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let offices: Value = res.json().await.unwrap();
    let liwan_slots = offices
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["office"]["id"] == office)
        .expect("Liwan's registry does marriages");
    let days: Vec<&str> = liwan_slots["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(days.len(), 10);
    assert_eq!(
        &days[..4],
        ["2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"]
    );
    assert!(!days
        .iter()
        .any(|d| d.starts_with("2026-10-0") && *d < "2026-10-08"));
    let first = &liwan_slots["days"][0]["slots"][0];
    assert_eq!(first["slot"], "2026-10-08T09:00");
    assert_eq!(first["free"], 4);

    // Booked; the same key again answers the same booking, and only one.
    let (status, booked) = book(&app, &me, office, "2026-10-08T09:00", &key(1)).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let code = booked["code"].as_str().unwrap().to_string();
    assert_eq!(booked["state"], "booked");
    assert_eq!(booked["both_parties"], true);
    assert!(booked["materials"][0]["name"]["zh"]
        .as_str()
        .unwrap()
        .contains("身份证"));
    let (status, again) = book(&app, &me, office, "2026-10-08T09:00", &key(1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["code"], code.as_str());
    assert_eq!(seats(&pool, office, "2026-10-08T09:00").await, 1);

    // One live booking per service: a second one is refused, translated.
    let res = me
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", app.origin())
        .header("idempotency-key", key(2))
        .header("accept-language", "en")
        .json(&json!({"service": MARRIAGE, "office": office, "slot": "2026-10-09T09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "booking_refused");
    assert_eq!(body["error"]["problem"]["problem"], "already_booked");

    // In my space's to-dos (预约) with its time and place, and the inbox.
    let space = me.page(&app, "/me").await;
    assert!(space.contains("需要您处理"), "{space}");
    assert!(space.contains(&format!("/bookings/{code}")), "{space}");
    assert!(
        space.contains("2026-10-08 09:00，荔湾区婚姻登记处"),
        "{space}"
    );
    let receipt = me
        .page(&app, &format!("/bookings/{code}?done=booked"))
        .await;
    assert!(receipt.contains("预约成功"));
    assert!(receipt.contains(&code));
    assert!(receipt.contains("须男女双方本人同时到场"));
    assert!(receipt.contains("荔湾区政务服务中心"));

    // Moved to a full slot: refused, and the booking is as it was.
    sqlx::query(
        "insert into office_slot (office_id, starts_at, capacity, booked)
         values ($1, '2026-10-09 10:00+08', 4, 4)",
    )
    .bind(office)
    .execute(&pool)
    .await
    .unwrap();
    let path = format!("/api/v1/bookings/{code}/reschedule");
    let (status, body) = post_json(
        &app,
        &me,
        &path,
        json!({"office": office, "slot": "2026-10-09T10:00"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["problem"]["problem"], "full");
    assert_eq!(seats(&pool, office, "2026-10-08T09:00").await, 1);
    // Moved to a free one: the new seat taken, the old one freed.
    let (status, moved) = post_json(
        &app,
        &me,
        &path,
        json!({"office": office, "slot": "2026-10-10T13:30"}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["slot"], "2026-10-10T13:30");
    assert_eq!(seats(&pool, office, "2026-10-08T09:00").await, 0);
    assert_eq!(seats(&pool, office, "2026-10-10T13:30").await, 1);

    // Cancelled: the seat freed; a second cancel is refused; a new
    // booking of the service is possible again.
    let cancel = format!("/api/v1/bookings/{code}/cancel");
    let (status, cancelled) = post_json(&app, &me, &cancel, json!({}), None).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(seats(&pool, office, "2026-10-10T13:30").await, 0);
    let (status, _) = post_json(&app, &me, &cancel, json!({}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = book(&app, &me, office, "2026-10-12T09:00", &key(3)).await;
    assert_eq!(status, StatusCode::CREATED);

    // Each step told in the inbox; the bookings listed.
    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from notification where recipient_id = $1 and kind like 'booking_%' order by id",
    )
    .bind(me.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        [
            "booking_made",
            "booking_rescheduled",
            "booking_cancelled",
            "booking_made"
        ]
    );
    let mine: Value = me
        .client
        .get(app.url("/api/v1/me/bookings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(mine[0]["state"], "booked", "the live one first");
}

#[tokio::test]
async fn the_last_seat_goes_to_exactly_one_of_those_asking_at_once() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let office = liwan(&pool).await;
    sqlx::query("update office set capacity = 2 where id = $1")
        .bind(office)
        .execute(&pool)
        .await
        .unwrap();
    let mut people = vec![couple(&pool).await];
    for n in 0..4 {
        people.push(other(&pool, n).await);
    }
    let tasks: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(n, who)| {
            let request = who
                .client
                .post(app.url("/api/v1/bookings"))
                .header("origin", app.origin())
                .header("idempotency-key", key(100 + n as u32))
                .json(&json!({"service": MARRIAGE, "office": office, "slot": "2026-10-08T15:00"}));
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let created = answers
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let full = answers
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, full), (2, 3), "{answers:?}");
    assert_eq!(seats(&pool, office, "2026-10-08T15:00").await, 2);
    // The schema itself refuses more seats than the capacity.
    let over = sqlx::query("update office_slot set booked = booked + 1 where office_id = $1")
        .bind(office)
        .execute(&pool)
        .await;
    assert!(
        over.is_err(),
        "the check keeps the seats within the capacity"
    );
}

#[tokio::test]
async fn refusals_are_translated_and_only_the_holder_may_act() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = couple(&pool).await;
    let office = liwan(&pool).await;
    for (slot, problem) in [
        ("2026-10-01T09:00", "no_such_time"),   // National Day
        ("2026-10-11T09:00", "no_such_time"),   // a Sunday
        ("2026-10-08T12:00", "no_such_time"),   // the lunch break
        ("2026-09-30T15:00", "outside_window"), // today
        ("2026-09-29T09:00", "outside_window"), // the past
        ("2026-11-30T09:00", "outside_window"), // beyond the window
    ] {
        let (status, body) = book(&app, &me, office, slot, &key(7)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{slot}: {body}");
        assert_eq!(body["error"]["problem"]["problem"], problem, "{slot}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains('。'),
            "{body}"
        );
    }
    // A service without bookings; an office that does not do it.
    let (status, body) = post_json(
        &app,
        &me,
        "/api/v1/bookings",
        json!({"service": MARRIAGE, "office": -1, "slot": "2026-10-08T09:00"}),
        Some(&key(8)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["problem"]["problem"], "not_bookable");

    // Signed out: 401; cross-site: 403; staff do not book: 403.
    let res = app
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", app.origin())
        .json(&json!({"service": MARRIAGE, "office": office, "slot": "2026-10-08T09:00", "idempotency_key": key(9)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = me
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", "https://evil.example")
        .header("idempotency-key", key(9))
        .json(&json!({"service": MARRIAGE, "office": office, "slot": "2026-10-08T09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let staff = clerk(&pool, "chen.min", "MZJ", "政务服务窗口", "受理岗").await;
    let (status, _) = book(&app, &staff, office, "2026-10-08T09:00", &key(10)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Someone else's booking is not found.
    let (status, booked) = book(&app, &me, office, "2026-10-08T09:00", &key(11)).await;
    assert_eq!(status, StatusCode::CREATED);
    let code = booked["code"].as_str().unwrap();
    let stranger = other(&pool, 0).await;
    let (status, _) = post_json(
        &app,
        &stranger,
        &format!("/api/v1/bookings/{code}/cancel"),
        json!({}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = stranger
        .client
        .get(app.url(&format!("/bookings/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = stranger
        .client
        .get(app.url(&format!("/api/v1/bookings/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The registry's staff read the day's bookings; the read is audited
    // and the holder sees it. Citizens may not.
    let day = "/api/v1/staff/bookings?date=2026-10-08";
    let res = staff.client.get(app.url(day)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let lines: Value = res.json().await.unwrap();
    assert_eq!(lines[0]["code"], code);
    assert_eq!(lines[0]["time"], "09:00");
    assert_eq!(lines[0]["holder"], "张小明");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'personal_data_read'
         and actor_id = $1 and subject_id = $2 and detail = $3",
    )
    .bind(staff.id)
    .bind(me.id)
    .bind(format!("booking {code}"))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let res = me.client.get(app.url(day)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = staff
        .client
        .get(app.url("/api/v1/staff/bookings?date=tomorrow"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_forms_work_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let me = couple(&pool).await;
    let office = liwan(&pool).await.to_string();

    // The item page offers 网上预约, not 在线申办, and says who must come.
    let item = app
        .get(&format!("/services/{MARRIAGE}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        item.contains(&format!("href=\"/book?service={MARRIAGE}\"")),
        "{item}"
    );
    assert!(!item.contains("/apply?service="), "{item}");
    assert!(item.contains("须男女双方本人同时到场"));

    // The booking page: offices, days and free times.
    let page = me.page(&app, &format!("/book?service={MARRIAGE}")).await;
    assert!(page.contains("荔湾区婚姻登记处"), "{page}");
    assert!(page.contains("2026-10-08T09:00"), "{page}");
    assert!(!page.contains("2026-10-01"), "{page}");

    let key = key(20);
    let form = [
        ("service", MARRIAGE),
        ("office", office.as_str()),
        ("slot", "2026-10-08T10:00"),
        ("idempotency_key", key.as_str()),
    ];
    // Cross-site: refused.
    let res = me
        .client
        .post(app.url("/book"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Posted twice (a double click): one booking, the same receipt.
    let mut receipts = Vec::new();
    for _ in 0..2 {
        let res = me
            .client
            .post(app.url("/book"))
            .header("origin", app.origin())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        receipts.push(res.headers()["location"].to_str().unwrap().to_string());
    }
    assert_eq!(receipts[0], receipts[1]);
    assert!(receipts[0].ends_with("?done=booked"), "{}", receipts[0]);
    let count: i64 = sqlx::query_scalar("select count(*) from booking where account_id = $1")
        .bind(me.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let receipt = me.page(&app, &receipts[0]).await;
    assert!(receipt.contains("2026-10-08 10:00"), "{receipt}");
    let code = receipts[0]
        .trim_start_matches("/bookings/")
        .trim_end_matches("?done=booked")
        .to_string();

    // Moving to a full time: the booking page again, 409, the problem said.
    sqlx::query("insert into office_slot (office_id, starts_at, capacity, booked) values ($1, '2026-10-09 09:00+08', 4, 4)")
        .bind(office.parse::<i64>().unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let move_to = |slot: &'static str| {
        [
            ("service", MARRIAGE.to_string()),
            ("office", office.clone()),
            ("slot", slot.to_string()),
        ]
    };
    let res = me
        .client
        .post(app.url(&format!("/bookings/{code}/reschedule")))
        .header("origin", app.origin())
        .form(&move_to("2026-10-09T09:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("该时段已约满"), "{html}");
    // Moved, then cancelled, each back to the receipt.
    let res = me
        .client
        .post(app.url(&format!("/bookings/{code}/reschedule")))
        .header("origin", app.origin())
        .form(&move_to("2026-10-09T09:30"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("?done=moved"));
    let res = me
        .client
        .post(app.url(&format!("/bookings/{code}/cancel")))
        .header("origin", app.origin())
        .form(&[("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let receipt = me.page(&app, &format!("/bookings/{code}")).await;
    assert!(receipt.contains("本预约已取消"), "{receipt}");
    // Signed out, the booking page sends to sign in first.
    let res = app.get(&format!("/book?service={MARRIAGE}")).await;
    assert!(res.status().is_redirection(), "{}", res.status());
}
