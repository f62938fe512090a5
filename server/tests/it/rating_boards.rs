//! The public rating boards read the monthly rollups (issue 16), and rank
//! exactly as a count over every rating would: over generated cases with
//! their ratings, some of them then voided as malicious the way a
//! supervisor's decision does it (the rating excluded and taken out of its
//! month in one transaction), the boards from the rollups equal the boards
//! from the ratings — cities, all departments, one city's departments.

use crate::common;
use common::{database, test_data_key, test_now, Seed};

use app::ratings::store::{department_board_from, region_board_from, Source};
use sqlx::PgPool;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn the_boards_from_the_rollups_equal_the_boards_from_every_rating() {
    let pool = database(Seed::Schema).await;
    server::reference::load(&pool).await.unwrap();
    server::generate::generate(&pool, 2_000).await.unwrap();
    let done = server::generate_cases::generate(&pool, &test_data_key(), 1_500, test_now())
        .await
        .unwrap();
    assert!(done.ratings > 100, "{done:?}");

    // Void every seventh rating, as a supervisor's decision does.
    let voided: Vec<(i64, i64, i16, time::Date)> = sqlx::query_as(
        "select id, task_id, stars, rated_on from rating where id % 7 = 0 order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(!voided.is_empty());
    for (id, task, stars, rated_on) in &voided {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("update rating set excluded = true where id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        app::supervision::store::rating(&mut tx, *task, *stars as u8, *rated_on, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    let cities = region_board_from(&pool, Source::Rollups).await.unwrap();
    assert_eq!(
        cities,
        region_board_from(&pool, Source::Ratings).await.unwrap()
    );
    assert_eq!(cities.len(), 21);
    let counted: u64 = cities.iter().map(|l| l.count).sum();
    let provincial = count(
        &pool,
        "select count(*) from rating where not excluded and region_code = 440000",
    )
    .await as u64;
    assert_eq!(
        counted + provincial,
        count(&pool, "select count(*) from rating where not excluded").await as u64
    );
    assert!(cities.iter().filter(|l| l.rank.is_some()).count() > 1);

    let departments = department_board_from(&pool, None, Source::Rollups)
        .await
        .unwrap();
    assert_eq!(
        departments,
        department_board_from(&pool, None, Source::Ratings)
            .await
            .unwrap()
    );
    assert!(departments.len() > 5);
    let guangzhou = department_board_from(&pool, Some(440100), Source::Rollups)
        .await
        .unwrap();
    assert_eq!(
        guangzhou,
        department_board_from(&pool, Some(440100), Source::Ratings)
            .await
            .unwrap()
    );
    assert!(!guangzhou.is_empty() && guangzhou.len() < departments.len());
    // The public boards are the rollups' ones.
    assert_eq!(
        app::ratings::store::region_board(&pool).await.unwrap(),
        cities
    );
}
