//! Letters' public accountability (issue 19): the figures equal a recount
//! of the letters after every kind of change, the API and the page serve
//! them, and the overdue list holds exactly the letters more than five
//! working days late.

use crate::common::{
    db::{database, Seed},
    test_now, TestApp,
};
use app::{clock, letters::stats::listed_cutoff};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

type Line = (time::Date, i32, Option<i64>, i64, i64, i64, i64, i64, i64);

/// The rollup's non-empty rows, and the same figures counted from `letter`.
async fn rollup_and_recount(pool: &PgPool) -> (Vec<Line>, Vec<Line>) {
    let rollup: Vec<Line> = sqlx::query_as(
        "select month, region_code, department_id, received::bigint, replied::bigint,
                replied_on_time::bigint, followed_up::bigint, satisfied::bigint, reopened::bigint
         from letter_stat_month where received > 0 order by 1, 2, 3 nulls first",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let recount: Vec<Line> = sqlx::query_as(
        "select date_trunc('month', received_on)::date, region_code, department_id, count(*),
                count(first_replied_on), count(*) filter (where replied_on_time),
                count(satisfied), count(*) filter (where satisfied),
                count(*) filter (where reopened)
         from letter where state <> 'merged' group by 1, 2, 3 order by 1, 2, 3 nulls first",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    (rollup, recount)
}

async fn assert_same(pool: &PgPool, after: &str) {
    let (rollup, recount) = rollup_and_recount(pool).await;
    assert!(!recount.is_empty());
    assert_eq!(rollup, recount, "after {after}");
}

#[tokio::test]
async fn the_figures_are_a_recount_of_the_letters_and_the_overdue_list_is_exact() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let today = test_now().date();
    server::generate_letters::generate_letters(&pool, 3_000, today)
        .await
        .unwrap();
    assert_same(&pool, "inserting").await;

    // Every kind of change the workflow makes, and some it never does.
    for (what, sql) in [
        ("dispatching", "update letter set state = 'dispatched', department_id = addressed_department_id,
            dispatched_on = received_on + 1, due_on = received_on + 5 where state = 'accepted'"),
        ("replying", "update letter set state = 'replied', replied_on = due_on - 1,
            first_replied_on = due_on - 1, replied_on_time = true where id % 7 = 0 and state = 'handling'"),
        ("following up", "update letter set state = 'resolved', satisfied = true, closed_on = replied_on + 1
            where state = 'replied' and id % 2 = 0"),
        ("reopening", "update letter set state = 'handling', reopened = true, satisfied = false
            where state = 'unsatisfied' and id % 3 = 0"),
        ("merging", "update letter set state = 'merged', merged_into = id - 1, closed_on = received_on
            where id % 11 = 0 and state = 'submitted'"),
        ("moving region", "update letter set region_code = 440103 where id % 13 = 0 and region_code = 440100"),
        ("deleting", "delete from letter l where id % 17 = 0 and state = 'resolved'
            and not exists (select 1 from letter m where m.merged_into = l.id)"),
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
        assert_same(&pool, what).await;
    }

    // The API's province total is the letters' count.
    let received: i64 = sqlx::query_scalar("select count(*) from letter where state <> 'merged'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let res = app.get("/api/v1/stats/letters").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["total"]["received"], received);
    assert_eq!(body["region_code"], 440000);
    let cities = body["regions"].as_array().unwrap();
    assert!(cities.len() > 1, "{body}");
    let by_city: i64 = cities
        .iter()
        .map(|c| c["figures"]["received"].as_i64().unwrap())
        .sum();
    let at_province: i64 = sqlx::query_scalar(
        "select count(*) from letter where state <> 'merged' and region_code = 440000",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(by_city + at_province, received);
    // Guangzhou, with its districts; its departments add up to the
    // dispatched letters.
    let res = app.get("/api/v1/stats/letters?region=440100").await;
    let gz: Value = res.json().await.unwrap();
    let gz_received: i64 = sqlx::query_scalar(
        "select count(*) from letter l join region r on r.code = l.region_code
         where l.state <> 'merged' and (r.code = 440100 or r.parent_code = 440100)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(gz["total"]["received"], gz_received);
    assert!(gz["regions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == 440103));
    let department = gz["departments"][0]["id"].as_i64().unwrap();
    let res = app
        .get(&format!(
            "/api/v1/stats/letters?region=440100&department={department}&year=2026"
        ))
        .await;
    let one: Value = res.json().await.unwrap();
    let expected: i64 = sqlx::query_scalar(
        "select count(*) from letter where state <> 'merged' and department_id = $1
           and extract(year from received_on) = 2026",
    )
    .bind(department)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(one["department"]["figures"]["received"], expected);
    assert_eq!(one["total"]["received"], expected);
    for (query, status) in [
        ("region=44", StatusCode::BAD_REQUEST),
        ("region=450000", StatusCode::NOT_FOUND),
        ("department=0", StatusCode::BAD_REQUEST),
        ("department=99999999", StatusCode::NOT_FOUND),
        ("year=99", StatusCode::BAD_REQUEST),
    ] {
        let res = app.get(&format!("/api/v1/stats/letters?{query}")).await;
        assert_eq!(res.status(), status, "{query}");
    }

    // The overdue list: one letter exactly 5 working days late (not listed),
    // one 6 (listed); the total is every letter under way due by the cut-off.
    let cal = clock::store::load(&pool).await.unwrap();
    let cut = listed_cutoff(&cal, today, 5);
    let open: Vec<i64> = sqlx::query_scalar(
        "select id from letter where state = 'handling' and region_code = 440100 order by id limit 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let next_working = cal.add_working_days(cut, 1).unwrap();
    for (id, due) in [(open[0], cut), (open[1], next_working)] {
        sqlx::query("update letter set due_on = $2, public = true where id = $1")
            .bind(id)
            .bind(due)
            .execute(&pool)
            .await
            .unwrap();
    }
    let listed: i64 = sqlx::query_scalar(
        "select count(*) from letter l join region r on r.code = l.region_code
         where l.state in ('dispatched', 'handling') and l.due_on <= $1
           and (r.code = 440100 or r.parent_code = 440100)",
    )
    .bind(cut)
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut seen = Vec::new();
    for page in 1..=((listed + 49) / 50).max(1) {
        let res = app
            .get(&format!(
                "/api/v1/stats/letters/overdue?region=440100&page={page}"
            ))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["total"], listed);
        for l in body["letters"].as_array().unwrap() {
            assert!(l["overdue_days"].as_u64().unwrap() > 5, "{l}");
            seen.push(l["letter_no"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(seen.len() as i64, listed);
    let no_of = |id: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("select letter_no from letter where id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert!(seen.contains(&no_of(open[0]).await));
    assert!(!seen.contains(&no_of(open[1]).await));
    let res = app.get("/api/v1/stats/letters/overdue?page=201").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The page: the figures and the list, without JavaScript.
    let last = ((listed + 49) / 50).max(1);
    let res = app
        .get(&format!("/letters/stats?region=440100&page={last}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("超期信件通报"), "{html}");
    assert!(html.contains(&no_of(open[0]).await));
    let res = app.get("/letters/stats?region=x").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
