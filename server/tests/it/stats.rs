//! Statistics straight from the record: the rollups kept by the workflow,
//! ratings and applications stores agree with a recomputation from the
//! tasks, events, ratings and cases themselves; the API, the CSV, the
//! pages and the supervisors' alerts read them.

use crate::common;
use common::{database, Seed};

use common::{session_for, test_data_key, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

/// Saturday 28 November 2026, 10:00 in Guangdong.
fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-28 10:00 +8)
}

async fn demo_hall(pool: &PgPool) -> TestApp {
    let app = TestApp::spawn_at(pool.clone(), now()).await;
    let key = test_data_key();
    server::demo::load(pool).await.unwrap();
    server::demo::load_accounts(pool, &key).await.unwrap();
    server::demo::cases::load(pool, &key, now()).await.unwrap();
    app
}

async fn account(pool: &PgPool, username: &str) -> i64 {
    sqlx::query_scalar("select id from account where username = $1")
        .bind(username)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_rollups_agree_with_the_record() {
    let pool = database(Seed::Demo).await;
    let _app = demo_hall(&pool).await;
    // Finished steps per post, recomputed from the tasks and the events that
    // finished them: count, on time (finished on or before the deadline).
    let recomputed: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select t.post_id, count(*), count(*) filter (where e.on_day <= t.due_on)
         from case_task t
         join case_event e on e.task_id = t.id and e.to_state in ('done', 'rejected')
         where t.kind not in ('acceptance', 'result')
         group by t.post_id order by t.post_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let rolled: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select post_id, sum(finished)::int8, sum(on_time)::int8 from stat_post_month
         group by post_id having sum(finished) > 0 order by post_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(!rolled.is_empty());
    assert_eq!(rolled, recomputed);
    // The overdue demo case's police review is still under way; some step
    // finished late counts as not on time somewhere? At least the counts
    // add up: on time never exceeds finished.
    assert!(rolled.iter().all(|(_, f, o)| o <= f));
    // Ratings per post and stars.
    let ratings: Vec<(i64, i64)> = sqlx::query_as(
        "select t.post_id, sum(r.stars)::int8 from rating r join case_task t on t.id = r.task_id
         where not r.excluded group by t.post_id order by t.post_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let rolled_ratings: Vec<(i64, i64)> = sqlx::query_as(
        "select post_id, sum(stars_1 + 2 * stars_2 + 3 * stars_3 + 4 * stars_4 + 5 * stars_5)::int8
         from stat_post_month group by post_id
         having sum(stars_1 + stars_2 + stars_3 + stars_4 + stars_5) > 0 order by post_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(!ratings.is_empty());
    assert_eq!(rolled_ratings, ratings);
    // Cases per department.
    let cases: Vec<(i64, i64)> = sqlx::query_as(
        "select department_id, count(distinct case_id) from case_part
         group by department_id order by department_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let rolled_cases: Vec<(i64, i64)> = sqlx::query_as(
        "select department_id, sum(cases)::int8 from stat_department_month
         group by department_id order by department_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rolled_cases, cases);

    // The catalog's online-service counts per department, through adding,
    // changing and removing items.
    let items_agree = |pool: PgPool| async move {
        let recomputed: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
            "select department_id,
                    count(*) filter (where kind = 'licensing'),
                    count(*) filter (where kind = 'licensing'
                                       and online_depth in ('apply_online', 'fully_online')),
                    count(*) filter (where kind = 'public_service'),
                    count(*) filter (where kind = 'public_service'
                                       and online_depth in ('apply_online', 'fully_online'))
             from service_item where kind in ('licensing', 'public_service')
             group by department_id order by department_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let rolled: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
            "select department_id, licensing_items::int8, licensing_online::int8,
                    public_items::int8, public_online::int8
             from stat_department_items where licensing_items + public_items > 0
             order by department_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(!rolled.is_empty());
        assert_eq!(rolled, recomputed);
    };
    items_agree(pool.clone()).await;
    let (id, code): (i64, String) = sqlx::query_as(
        "select id, code from service_item
         where kind = 'licensing' and online_depth = 'fully_online'
           and not exists (select 1 from bundle_item b where b.item_id = service_item.id)
           and not exists (select 1 from case_file c where c.item_id = service_item.id)
           and not exists (select 1 from case_part c where c.item_id = service_item.id)
         order by id limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("update service_item set online_depth = 'info_only' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    items_agree(pool.clone()).await;
    sqlx::query("update service_item set kind = 'public_service', online_depth = 'apply_online' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    items_agree(pool.clone()).await;
    let mut tx = pool.begin().await.unwrap();
    let deleted = sqlx::query("delete from service_item where code = $1")
        .bind(&code)
        .execute(&mut *tx)
        .await;
    if deleted.is_ok() {
        tx.commit().await.unwrap();
        items_agree(pool.clone()).await;
    }
}

#[tokio::test]
async fn the_api_publishes_cities_departments_posts_and_csv() {
    let pool = database(Seed::Demo).await;
    let app = demo_hall(&pool).await;
    let regions = json(app.get("/api/v1/stats/regions").await).await;
    assert_eq!(regions["from"], "2025-12");
    assert_eq!(regions["to"], "2026-11");
    assert_eq!(regions["method"]["stars"]["five"], 90);
    let cities = regions["regions"].as_array().unwrap();
    assert_eq!(cities.len(), 21);
    let gz = cities.iter().find(|c| c["id"] == 440100).unwrap();
    // Guangzhou's finished steps are the demo's finished steps this window.
    let finished: i64 = sqlx::query_scalar(
        "select count(*) from case_task t
         join case_event e on e.task_id = t.id and e.to_state in ('done', 'rejected')
         join department d on d.id = t.department_id
         where t.kind not in ('acceptance', 'result') and d.region_code = 440100
           and e.on_day >= date '2025-12-01'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(finished > 0);
    assert_eq!(gz["figures"]["record"]["finished"], finished);
    let online = &gz["figures"]["online"];
    assert!(online["licensing_items"].as_u64().unwrap() > 0);
    assert_eq!(online["cases"], online["online_cases"]);
    // Stars from ten finished steps on; Guangzhou, the only city with a
    // record, ranks first, the others are unranked.
    let rated = finished >= 10;
    assert_eq!(!gz["figures"]["efficiency"]["stars"].is_null(), rated);
    assert_eq!(gz["rank"] == 1, rated);
    assert!(cities
        .iter()
        .filter(|c| c["id"] != 440100)
        .all(|c| c["rank"].is_null()));

    let depts = json(app.get("/api/v1/stats/departments?region=440100").await).await;
    let depts = depts["departments"].as_array().unwrap();
    let police = depts
        .iter()
        .find(|d| d["name"]["zh"] == "广州市公安局")
        .expect("the police are listed");
    assert!(depts.iter().all(|d| d["within"]["zh"] == "广州市"));
    let bad = app.get("/api/v1/stats/departments?region=44x").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let unknown = app.get("/api/v1/stats/departments?region=449900").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // The CSV carries the same lines.
    let res = app.get("/api/v1/stats/departments.csv?region=440100").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("departments-440100-2026-11.csv"));
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&body[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[4], "department_zh");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), depts.len());
    let row = rows.iter().find(|r| &r[4] == "广州市公安局").unwrap();
    assert_eq!(row[8], police["figures"]["record"]["finished"].to_string());

    // Drill down: the police's posts, then a post's months.
    let id = police["id"].as_i64().unwrap();
    let dept = json(app.get(&format!("/api/v1/stats/departments/{id}")).await).await;
    assert_eq!(dept["level"], "department");
    assert_eq!(dept["trend"].as_array().unwrap().len(), 12);
    let posts = dept["lines"].as_array().unwrap();
    let review = posts
        .iter()
        .find(|p| p["name"]["zh"] == "审核岗" && p["within"]["zh"] == "户政管理处")
        .unwrap();
    let post = json(
        app.get(&format!("/api/v1/stats/posts/{}", review["id"]))
            .await,
    )
    .await;
    assert_eq!(post["level"], "post");
    assert_eq!(post["crumbs"].as_array().unwrap().len(), 4);
    assert_eq!(
        app.get("/api/v1/stats/departments/999999").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn supervisors_see_their_regions_alerts() {
    let pool = database(Seed::Demo).await;
    let app = demo_hall(&pool).await;
    assert_eq!(
        app.get("/api/v1/supervision/alerts").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let citizen = session_for(&pool, account(&pool, "citizen.demo").await).await;
    let res = citizen
        .client
        .get(app.url("/api/v1/supervision/alerts"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let supervisor = session_for(&pool, account(&pool, "supervisor.gz").await).await;
    let res = supervisor
        .client
        .get(app.url("/api/v1/supervision/alerts"))
        .send()
        .await
        .unwrap();
    let alerts = json(res).await;
    assert_eq!(alerts["region_code"], 440100);
    assert!(alerts["red"].as_u64().unwrap() >= 1, "{alerts}");
    let late: Vec<(String, i64)> = sqlx::query_as(
        "select c.case_no, t.post_id from case_task t join case_file c on c.id = t.case_id
         where t.state in ('ready', 'claimed') and t.due_on < date '2026-11-28'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(!late.is_empty());
    let lines = alerts["lines"].as_array().unwrap();
    for (case_no, post) in &late {
        assert!(
            lines
                .iter()
                .any(|l| l["alert"] == "red" && &l["case_no"] == case_no && l["post_id"] == *post),
            "{case_no} missing from {alerts}"
        );
    }
    assert_eq!(lines[0]["alert"], "red");

    // The dashboard page shows them; the public sees the statistics only.
    let page = supervisor
        .client
        .get(app.url("/supervision"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("红牌"), "{html}");
    assert!(html.contains(&late[0].0));
    let public = app.get("/supervision").await.text().await.unwrap();
    assert!(!public.contains(&late[0].0));
    assert!(public.contains("/stats"));
}

#[tokio::test]
async fn the_statistics_pages_draw_charts_beside_tables() {
    let pool = database(Seed::Demo).await;
    let app = demo_hall(&pool).await;
    let res = app.get("/stats").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<svg"));
    assert!(html.contains("广州市") && html.contains("潮州市"));
    assert!(html.contains("/api/v1/stats/departments.csv"));
    assert!(html.contains("/stats/regions/440100"));
    let html = app.get("/stats/regions/440100").await.text().await.unwrap();
    assert!(html.contains("广州市公安局"));
    let police: i64 =
        sqlx::query_scalar("select id from department where region_code = 440100 and code = 'GAJ'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let html = app
        .get(&format!("/stats/departments/{police}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("户政管理处"));
    assert!(html.contains("/stats/posts/"));
    for missing in [
        "/stats/regions/999999",
        "/stats/departments/0",
        "/stats/posts/x",
    ] {
        assert_eq!(
            app.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}
