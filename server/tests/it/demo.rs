//! The embedded default's demo data: cases in every state, ratings and
//! rectifications, made through the real store functions.

use crate::common;
use common::{database, Seed};

use app::workflow::engine::CaseStatus;
use common::{test_data_key, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_demo_hall_has_cases_in_every_state() {
    let pool = database(Seed::Schema).await;
    let app = TestApp::spawn(pool.clone()).await;
    let key = test_data_key();
    server::demo::load(&pool).await.unwrap();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    // The demo citizen acts for the demo enterprise, having accepted its
    // invitation (membership needs consent).
    let (members, accepted): (i64, i64) = sqlx::query_as(
        "select (select count(*) from enterprise_member m
                 join account e on e.id = m.enterprise_id and e.username = 'enterprise.demo'
                 join account c on c.id = m.citizen_id and c.username = 'citizen.demo'),
                (select count(*) from enterprise_invitation where status = 'accepted')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((members, accepted), (1, 1));
    // Saturday 28 November 2026, 10:00 in Guangdong.
    let now = time::macros::datetime!(2026-11-28 10:00 +8);
    server::demo::cases::load(&pool, &key, now).await.unwrap();
    // Loading again adds nothing.
    server::demo::cases::load(&pool, &key, now).await.unwrap();

    let cases: Vec<(String, String)> = sqlx::query_as(
        "select c.case_no, c.status from case_file c join account a on a.id = c.applicant_id
         where a.username = 'citizen.demo' order by c.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(cases.len(), 7, "{cases:?}");
    assert_eq!(cases[0].0, server::demo::cases::NAMED_CASE);
    let statuses: Vec<&str> = cases.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "completed",
            "completed",
            "in_review",
            "waiting_for_applicant",
            "in_review",
            "completed",
            "in_review"
        ]
    );
    // The third is overdue: a review still under way past its deadline.
    let late: bool = sqlx::query_scalar(
        "select exists (select 1 from case_task t join case_file c on c.id = t.case_id
                        where c.case_no = $1 and t.state = 'ready' and t.due_on < date '2026-11-28')",
    )
    .bind(&cases[2].0)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(late);
    // The citizen's list says so on that day, as the case page does (a
    // stored status has no "overdue"), so the home page gives its next step.
    let citizen = server::demo::demo_account(&pool, "citizen.demo")
        .await
        .unwrap()
        .unwrap();
    let mut listed: Vec<(String, CaseStatus)> =
        app::workflow::store::my_cases(&pool, &citizen, now.date(), 100)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.case_no, c.status))
            .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected: Vec<(String, CaseStatus)> = cases
        .iter()
        .enumerate()
        .map(|(i, (no, s))| {
            let stored = CaseStatus::parse(s).unwrap();
            (
                no.clone(),
                if i == 2 { CaseStatus::Overdue } else { stored },
            )
        })
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(listed, expected);
    // The fifth has departments done and departments at work at once.
    let states: Vec<String> = sqlx::query_scalar(
        "select t.state from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 and t.kind = 'review' order by t.id",
    )
    .bind(&cases[4].0)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(states, ["done", "ready", "done", "ready"]);
    // Rectifications: one accepted, one waiting for the call-back.
    let rects: Vec<String> = sqlx::query_scalar("select state from rectification order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(rects, ["accepted", "open"]);

    // Anyone tracks the named case with its code.
    let res = app
        .get(&format!(
            "/api/v1/cases/{}?code={}",
            server::demo::cases::NAMED_CASE,
            server::demo::cases::NAMED_CODE
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let track: Value = res.json().await.unwrap();
    assert_eq!(track["status"], "completed");
    assert_eq!(track["accepted_on"], "2026-11-02");
    // The boards are not empty.
    let cities: Value = app
        .get("/api/v1/ratings/regions")
        .await
        .json()
        .await
        .unwrap();
    let gz = cities["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == 440100)
        .unwrap()
        .clone();
    assert_eq!(gz["rank"], 1);
    // One rating per department (issue 17): four in each of two completed
    // cases.
    assert_eq!(
        gz["count"], 8,
        "4 departments in each of two completed cases"
    );
}

#[tokio::test]
async fn the_demo_enterprise_has_a_completed_project_and_one_in_parallel_review() {
    use app::investment::{store::StageState, Stage};
    let pool = database(Seed::Reference).await;
    let key = test_data_key();
    server::demo::load(&pool).await.unwrap();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    let now = time::macros::datetime!(2026-11-28 10:00 +8);
    server::demo::projects::load(&pool, &key, now)
        .await
        .unwrap();
    // Loading again adds nothing.
    server::demo::projects::load(&pool, &key, now)
        .await
        .unwrap();
    server::demo::load_intermediaries(&pool, now).await.unwrap();
    let owner = server::demo::demo_account(&pool, "enterprise.demo")
        .await
        .unwrap()
        .unwrap();
    let cal = app::clock::store::load(&pool).await.unwrap();
    let projects = app::investment::store::my_projects(&pool, &cal, &owner, now.date(), 10)
        .await
        .unwrap();
    assert_eq!(projects.len(), 2);
    // The newest: stage 1 done, stage 2 under parallel review with one
    // department done and the others at work.
    let warehouse = &projects[0];
    assert_eq!(warehouse.stages[0].state, StageState::Completed);
    assert_eq!(warehouse.stages[1].state, StageState::InReview);
    let states: Vec<_> = warehouse.stages[1].steps.iter().map(|s| s.state).collect();
    assert!(
        states.contains(&app::workflow::engine::TaskState::Done),
        "{states:?}"
    );
    assert!(
        states.contains(&app::workflow::engine::TaskState::Ready),
        "{states:?}"
    );
    assert_eq!(warehouse.line().current, Some(Stage::WorksPermit));
    // The school: all four stages completed within the target, with their
    // permits; the intermediaries' work on its timeline.
    let school = &projects[1];
    assert!(school
        .stages
        .iter()
        .all(|s| s.state == StageState::Completed));
    assert!(school.stages.iter().all(|s| !s.permits.is_empty()));
    assert!(school.days.used <= school.days.limit, "{:?}", school.days);
    assert!(!school.intermediaries.is_empty() || !warehouse.intermediaries.is_empty());
}
