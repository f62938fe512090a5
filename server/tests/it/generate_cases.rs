//! The case generator is honest: over a small generated catalog its cases,
//! tasks and events are as designed, every row passes the schema's checks
//! (the inserts succeed), the hall reads them, and the monthly rollups it
//! fills equal a recomputation from the rows themselves.

use crate::common;
use common::{database, Seed};

use common::{test_data_key, test_now, TestApp};
use server::generate_cases::{generate, GenerateError};
use sqlx::PgPool;

const CASES: usize = 500;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Rows of `a` not in `b` and of `b` not in `a` (both `select`s).
async fn differences(pool: &PgPool, a: &str, b: &str) -> i64 {
    count(
        pool,
        &format!(
            "select count(*) from ((({a}) except all ({b})) union all (({b}) except all ({a}))) x"
        ),
    )
    .await
}

#[tokio::test]
async fn generated_cases_keep_the_rules_and_the_rollups_add_up() {
    let pool = database(Seed::Schema).await;
    server::reference::load(&pool).await.unwrap();
    server::generate::generate(&pool, 2_000).await.unwrap();
    let done = generate(&pool, &test_data_key(), CASES, test_now())
        .await
        .unwrap();

    // As many rows as it says, about five tasks and five events a case.
    assert_eq!(done.cases, CASES);
    assert_eq!(
        count(&pool, "select count(*) from case_file").await,
        CASES as i64
    );
    assert_eq!(
        count(&pool, "select count(*) from case_part").await,
        CASES as i64
    );
    assert_eq!(
        count(&pool, "select count(*) from case_task").await,
        done.tasks as i64
    );
    assert_eq!(
        count(&pool, "select count(*) from case_event").await,
        done.events as i64
    );
    assert_eq!(
        count(&pool, "select count(*) from rating").await,
        done.ratings as i64
    );
    let tasks = done.tasks as f64 / CASES as f64;
    let events = done.events as f64 / CASES as f64;
    assert!((3.0..=8.0).contains(&tasks), "{tasks} tasks a case");
    assert!((3.0..=8.0).contains(&events), "{events} events a case");
    assert!(done.ratings > 0 && done.notices > 0, "{done:?}");

    // The mix: mostly finished, some still under way, mostly online, over
    // two years up to the hall's today.
    let finished = count(
        &pool,
        "select count(*) from case_file where status in ('completed', 'rejected')",
    )
    .await;
    assert!(finished as f64 > 0.85 * CASES as f64, "{finished} finished");
    assert!(finished < CASES as i64, "some cases are under way");
    assert!(
        count(
            &pool,
            "select count(*) from case_file where status = 'rejected'"
        )
        .await
            > 0
    );
    let online = count(
        &pool,
        "select count(*) from case_file where channel = 'online'",
    )
    .await;
    assert!(
        (0.75..=0.95).contains(&(online as f64 / CASES as f64)),
        "{online} online"
    );
    let (first, last): (time::Date, time::Date) =
        sqlx::query_as("select min(accepted_on), max(accepted_on) from case_file")
            .fetch_one(&pool)
            .await
            .unwrap();
    let today = test_now().date();
    assert!(
        last <= today && (today - first).whole_days() > 700,
        "{first}..{last}"
    );
    // An open step's case is under way or waits for the applicant; a
    // closed case has no open step.
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where t.state in ('ready', 'claimed', 'supplement', 'waiting')
               and c.status in ('completed', 'rejected')"
        )
        .await,
        0
    );

    // Finished steps per post and month, on time, supplemented, their
    // limits and the working days they used (the official calendar, the
    // supplement pauses left out: those of notices issued before the step
    // finished; a later step may ask on the day an earlier one finished)
    // equal the rollup.
    let recomputed = "
        select date_trunc('month', f)::date as month, t.post_id,
               count(*)::int as finished,
               count(*) filter (where f <= t.due_on)::int as on_time,
               sum((select count(*) from generate_series(t.started_on + 1, f, interval '1 day') g(d)
                    where coalesce((select k.kind = 'workday' from calendar_day k where k.day = g.d::date),
                                   extract(isodow from g.d) < 6)
                      and not exists (select 1 from supplement_notice n
                                      where n.case_id = t.case_id and n.answered_on is not null
                                        and n.issued_at < t.finished_at
                                        and g.d::date between n.issued_on and n.answered_on)))::bigint as used,
               sum(t.limit_days)::bigint as promised,
               count(*) filter (where exists (select 1 from supplement_request r where r.task_id = t.id))::int as supplemented
        from case_task t,
             lateral (select (t.finished_at at time zone 'Asia/Shanghai')::date as f) x
        where t.state in ('done', 'rejected') and t.kind not in ('acceptance', 'result')
        group by 1, 2";
    let rollup = "
        select month, post_id, finished, on_time, used_days, promised_days, supplemented
        from stat_post_month where finished > 0";
    assert_eq!(differences(&pool, recomputed, rollup).await, 0);
    assert!(
        count(
            &pool,
            "select coalesce(sum(finished), 0) from stat_post_month"
        )
        .await
            > 0
    );

    // Ratings per post and month, by stars.
    let recomputed = "
        select date_trunc('month', r.rated_on)::date, t.post_id,
               count(*) filter (where r.stars = 1)::int, count(*) filter (where r.stars = 2)::int,
               count(*) filter (where r.stars = 3)::int, count(*) filter (where r.stars = 4)::int,
               count(*) filter (where r.stars = 5)::int
        from rating r join case_task t on t.id = r.task_id group by 1, 2";
    let rollup = "
        select month, post_id, stars_1, stars_2, stars_3, stars_4, stars_5 from stat_post_month
        where stars_1 + stars_2 + stars_3 + stars_4 + stars_5 > 0";
    assert_eq!(differences(&pool, recomputed, rollup).await, 0);
    // Every rated step is a done evaluation point of the applicant's case.
    assert_eq!(
        count(
            &pool,
            "select count(*) from rating r join case_task t on t.id = r.task_id
             join case_file c on c.id = r.case_id
             where t.case_id <> r.case_id or t.state <> 'done' or not t.evaluation_point
                or c.applicant_id <> r.applicant_id or t.department_id <> r.department_id"
        )
        .await,
        0
    );

    // Cases per department and month (of submission), and those online.
    let recomputed = "
        select date_trunc('month', (c.submitted_at at time zone 'Asia/Shanghai')::date)::date,
               p.department_id, count(*)::int, count(*) filter (where c.channel = 'online')::int
        from case_part p join case_file c on c.id = p.case_id group by 1, 2";
    let rollup = "select month, department_id, cases, online_cases from stat_department_month";
    assert_eq!(differences(&pool, recomputed, rollup).await, 0);

    // The hall reads generated cases: tracking, the statistics.
    let app = TestApp::spawn_without_reference(pool.clone()).await;
    let (no, code): (String, String) =
        sqlx::query_as("select case_no, query_code from case_file order by id desc limit 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    for path in [
        format!("/api/v1/cases/{no}?code={code}"),
        "/api/v1/stats/regions".to_string(),
        "/api/v1/stats/departments?region=440100".to_string(),
        "/api/v1/ratings/regions".to_string(),
    ] {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }

    // A second run is refused before it writes anything.
    let again = generate(&pool, &test_data_key(), 10, test_now()).await;
    assert!(
        matches!(again, Err(GenerateError::AlreadyGenerated(_))),
        "{again:?}"
    );
    assert_eq!(
        count(&pool, "select count(*) from case_file").await,
        CASES as i64
    );
}

#[tokio::test]
async fn without_the_generated_catalog_it_says_what_to_run() {
    let pool = database(Seed::Reference).await;
    server::reference::load(&pool).await.unwrap();
    let err = generate(&pool, &test_data_key(), 10, test_now())
        .await
        .unwrap_err();
    assert!(matches!(err, GenerateError::NoCatalog(0)), "{err:?}");
    assert!(err.to_string().contains("generate-catalog"));
}
