//! The navigator kept in memory (issue 16) is made again whenever what it
//! shows may have changed: a change to the catalog by any connection (the
//! `catalog_version` trigger), or an item view this server counted; and it
//! is the very data the queries give.

use crate::common;
use common::{database, hall, Seed};

use app::{
    catalog::{store, NavigatorData, ServiceCode},
    regions::RegionCode,
};
use std::sync::atomic::{AtomicUsize, Ordering};

#[tokio::test]
async fn the_kept_navigator_is_made_again_when_the_catalog_or_the_views_change() {
    let pool = database(Seed::Demo).await;
    let _app = hall(&pool).await;
    let gz = RegionCode::parse("440100").unwrap();
    let made = AtomicUsize::new(0);
    let make = || async {
        made.fetch_add(1, Ordering::SeqCst);
        Ok::<_, app::error::AppError>(NavigatorData {
            region: store_region(&pool, gz).await,
            facets: store::facets(&pool, Some(gz)).await?,
            hot: store::hot(&pool, Some(gz), app::catalog::HOT_COUNT).await?,
        })
    };
    let first = store::navigator(&pool, gz, make).await.unwrap();
    let again = store::navigator(&pool, gz, make).await.unwrap();
    assert_eq!(made.load(Ordering::SeqCst), 1, "kept");
    assert_eq!(first, again);
    assert!(first.facets.total > 0);

    // A catalog change through another connection: made again, and shows it.
    let before = store::catalog_version(&pool).await.unwrap();
    sqlx::query("update department set name_zh = name_zh || '（新）' where region_code = 440100 and code = 'MZJ'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(store::catalog_version(&pool).await.unwrap() > before);
    let changed = store::navigator(&pool, gz, make).await.unwrap();
    assert_eq!(made.load(Ordering::SeqCst), 2);
    assert!(changed
        .facets
        .departments
        .iter()
        .any(|d| d.name.zh.ends_with("（新）")));

    // A view counted: the hot services are read again.
    let code = ServiceCode::parse("440100-MZJ-0001").unwrap();
    store::record_view(&pool, &code).await.unwrap();
    let viewed = store::navigator(&pool, gz, make).await.unwrap();
    assert_eq!(made.load(Ordering::SeqCst), 3);
    assert!(viewed
        .hot
        .iter()
        .any(|i| i.code.to_string() == "440100-MZJ-0001"));
    // Counting a view is not a catalog change.
    let version = store::catalog_version(&pool).await.unwrap();
    store::record_view(&pool, &code).await.unwrap();
    assert_eq!(store::catalog_version(&pool).await.unwrap(), version);
}

async fn store_region(pool: &sqlx::PgPool, code: RegionCode) -> app::catalog::Bilingual {
    app::regions::store::get(pool, code)
        .await
        .unwrap()
        .unwrap()
        .name
}
