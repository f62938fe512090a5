//! The project generator is honest: over the demo catalog its projects and
//! stage cases keep the schema's checks (the inserts succeed) and the
//! rules of issue 18 — a stage applied for only after the one before it
//! completed, its needed permits issued (`permit_issued`), each case the
//! stage bundle's as an application makes it — the hall reads them, and
//! the same count gives the same projects.

use crate::common;
use common::{database, test_data_key, test_now, Seed, TestApp};
use server::generate_cases::GenerateError;
use server::generate_projects::generate;
use sqlx::PgPool;

const PROJECTS: usize = 300;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn generated_projects_keep_the_stage_rules() {
    let pool = database(Seed::Demo).await;
    let done = generate(&pool, &test_data_key(), PROJECTS, test_now())
        .await
        .unwrap();
    assert_eq!(done.projects, PROJECTS);
    assert_eq!(
        count(&pool, "select count(*) from investment_project").await,
        PROJECTS as i64
    );
    // One owner with 100 projects, the others with 10.
    assert_eq!(done.owners, 1 + 20);
    let per_owner: Vec<i64> = sqlx::query_scalar(
        "select count(*) from investment_project p join account a on a.id = p.owner_id
         where a.role = 'enterprise' group by p.owner_id order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(per_owner.len(), 21);
    assert_eq!(per_owner[20], 100);
    assert!(per_owner[..20].iter().all(|&n| n == 10), "{per_owner:?}");

    // The mix: every stage reached by some, some with all four completed.
    assert!(done.by_stage.iter().all(|&n| n > 0), "{done:?}");
    assert!(done.completed > 0, "{done:?}");
    assert_eq!(done.by_stage.iter().sum::<usize>(), PROJECTS);
    let stage_cases = count(
        &pool,
        "select count(*) from case_file where project_id is not null",
    )
    .await;
    assert_eq!(stage_cases as usize, done.cases.cases);

    // Each stage case is its city's stage bundle's, of the project's owner,
    // with a part per item of the bundle and a task per step.
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_file c join investment_project p on p.id = c.project_id
             join bundle b on b.id = c.bundle_id
             where b.investment_stage is null or c.item_id is not null
                or c.applicant_id <> p.owner_id or b.region_code <> p.region_code / 100 * 100
                or c.region_code <> b.region_code
                or c.definition_id <> (select max(id) from process_definition d
                                       where d.bundle_id = b.id)
                or (select count(*) from case_part x where x.case_id = c.id)
                   <> (select count(*) from bundle_item bi where bi.bundle_id = b.id)
                or (select count(*) from case_task t where t.case_id = c.id)
                   <> (select jsonb_array_length(d.definition -> 'steps')
                       from process_definition d where d.id = c.definition_id)"
        )
        .await,
        0
    );
    // At most one case a stage; a stage only after the one before it
    // completed, accepted after it closed.
    assert_eq!(
        count(
            &pool,
            "select count(*) from (select c.project_id, b.investment_stage from case_file c
                                   join bundle b on b.id = c.bundle_id
                                   where c.project_id is not null group by 1, 2
                                   having count(*) > 1) x"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_file c join bundle b on b.id = c.bundle_id
             where c.project_id is not null and b.investment_stage > 1
               and not exists (
                   select 1 from case_file e join bundle eb on eb.id = e.bundle_id
                   where e.project_id = c.project_id
                     and eb.investment_stage = b.investment_stage - 1
                     and e.status = 'completed' and e.closed_at < c.submitted_at)"
        )
        .await,
        0
    );
    // What the stage check asks: every permit a stage needs was issued;
    // a completed stage issued all of its own.
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_file c join investment_stage_need n on n.bundle_id = c.bundle_id
             where c.project_id is not null and not permit_issued(c.project_id, n.item_id)"
        )
        .await,
        0
    );
    assert!(
        count(
            &pool,
            "select count(*) from case_file c join bundle b on b.id = c.bundle_id
             where c.project_id is not null and b.investment_stage > 1"
        )
        .await
            > 0
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_file c join case_part p on p.case_id = c.id
             where c.project_id is not null and c.status = 'completed'
               and not permit_issued(c.project_id, p.item_id)"
        )
        .await,
        0
    );
    // Parallel branches join: a task waits for every step before it.
    assert!(
        count(
            &pool,
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where c.project_id is not null and cardinality(t.after_keys) > 1"
        )
        .await
            > 0
    );
    // No open step in a closed case (a follow-up aside: a commitment's
    // verification, which nothing waits for); a case's steps within its
    // life (a follow-up's may end after the case closed).
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where t.state in ('ready', 'claimed', 'supplement', 'waiting')
               and c.status in ('completed', 'rejected')
               and (t.kind = 'result' or exists (select 1 from case_task n
                    where n.case_id = t.case_id and t.step_key = any(n.after_keys)))"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where c.project_id is not null and (t.started_on < c.accepted_on
                or (t.finished_at > c.closed_at
                    and exists (select 1 from case_task n
                                where n.case_id = t.case_id and t.step_key = any(n.after_keys)))
                or t.finished_at < c.submitted_at
                or (t.finished_at at time zone 'Asia/Shanghai')::date > date '2026-09-30')"
        )
        .await,
        0
    );
    // The commitments' verifications go on after their stages completed.
    assert!(
        count(
            &pool,
            "select count(*) from case_task t join case_file c on c.id = t.case_id
             where c.status = 'completed' and t.step_key like '%-verify' and t.state = 'done'
               and t.finished_at > c.closed_at"
        )
        .await
            > 0
    );
    // Codes: valid, of the project's region and year of registration, and
    // the serials carry on from them.
    let codes: Vec<(String, i32, time::Date)> =
        sqlx::query_as("select code, region_code, registered_on from investment_project")
            .fetch_all(&pool)
            .await
            .unwrap();
    for (code, region, on) in &codes {
        let parsed = app::investment::ProjectCode::parse(code).unwrap();
        assert_eq!(parsed.region().get() as i32, *region, "{code}");
        assert!(code.starts_with(&format!("{}-", on.year())), "{code}");
    }
    assert_eq!(
        count(
            &pool,
            "select count(*) from investment_project p
             where not exists (select 1 from investment_serial s
                               where s.prefix = left(p.code, 17)
                                 and s.last >= substr(p.code, 19, 5)::int)"
        )
        .await,
        0
    );

    // The hall reads them: a project in stage 3 has stages 1 and 2
    // completed; the big owner's projects; the API and the pages.
    let cal = app::clock::store::load(&pool).await.unwrap();
    let today = test_now().date();
    let third: String = sqlx::query_scalar(
        "select p.code from investment_project p join case_file c on c.project_id = p.id
         join bundle b on b.id = c.bundle_id where b.investment_stage = 3 limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let code = app::investment::ProjectCode::parse(&third).unwrap();
    let status = app::investment::store::status(&pool, &cal, &code, today)
        .await
        .unwrap();
    use app::investment::store::StageState;
    assert_eq!(status.stages[0].state, StageState::Completed);
    assert_eq!(status.stages[1].state, StageState::Completed);
    assert!(status.stages[2].case_no.is_some());
    let big: i64 = sqlx::query_scalar(
        "select owner_id from investment_project group by 1 order by count(*) desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let me = app::accounts::Me {
        id: big,
        username: String::new(),
        role: app::accounts::Role::Enterprise,
        display_name: String::new(),
    };
    let mine = app::investment::store::my_projects(&pool, &cal, &me, today, 100)
        .await
        .unwrap();
    assert_eq!(mine.len(), 100);
    let app = TestApp::spawn_without_reference(pool.clone()).await;
    for path in [
        format!("/api/v1/investment/projects/{third}"),
        format!("/investment/projects/{third}"),
    ] {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }

    // A second run is refused; the same count elsewhere gives the same
    // projects and stages.
    let again = generate(&pool, &test_data_key(), 10, test_now()).await;
    assert!(
        matches!(again, Err(GenerateError::AlreadyGenerated(_))),
        "{again:?}"
    );
    let other = database(Seed::Demo).await;
    let twice = generate(&other, &test_data_key(), PROJECTS, test_now())
        .await
        .unwrap();
    assert_eq!(twice, done);
    let shape = "select p.code, b.investment_stage, c.status, c.accepted_on
                 from investment_project p left join case_file c on c.project_id = p.id
                 left join bundle b on b.id = c.bundle_id order by 1, 2";
    // (code, stage, status, accepted)
    type Shape = (String, Option<i16>, Option<String>, Option<time::Date>);
    let a: Vec<Shape> = sqlx::query_as(shape).fetch_all(&pool).await.unwrap();
    let b: Vec<Shape> = sqlx::query_as(shape).fetch_all(&other).await.unwrap();
    assert_eq!(a, b);
}
