//! Reference data every installation has, loaded at each start (idempotent).

use app::{error::AppError, regions::store};
use sqlx::PgPool;

/// Guangdong's administrative divisions (GB/T 2260): the province, its 21
/// cities and their districts/counties. Copied from `shared/data/`.
pub const REGIONS_CSV: &str = include_str!("../seed/guangdong-regions.csv");

/// The official calendar: public holidays and make-up working days.
pub const CALENDAR_CSV: &str = include_str!("../seed/calendar.csv");

/// The catalog's synonym list: colloquial words and the catalog's words
/// they mean (生孩子 → 出生); format in `seed/catalog/FORMAT.md`.
pub const SYNONYMS_JSON: &str = include_str!("../seed/catalog/synonyms.json");

/// Loads (or refreshes) the reference data.
pub async fn load(pool: &PgPool) -> Result<(), AppError> {
    let regions = store::parse_csv(REGIONS_CSV).map_err(AppError::internal)?;
    store::upsert(pool, &regions).await?;
    let synonyms =
        app::catalog::search::Synonyms::parse_json(SYNONYMS_JSON).map_err(AppError::internal)?;
    app::catalog::store::store_synonyms(pool, &synonyms).await?;
    let calendar = app::clock::Calendar::from_csv(CALENDAR_CSV).map_err(AppError::internal)?;
    app::clock::store::upsert(pool, &calendar).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::regions::Level;

    #[test]
    fn the_shipped_regions_are_guangdong_and_its_21_cities() {
        let regions = store::parse_csv(REGIONS_CSV).unwrap();
        let count = |l| regions.iter().filter(|r| r.level == l).count();
        assert_eq!(count(Level::Province), 1);
        assert_eq!(count(Level::City), 21);
        assert!(count(Level::County) > 0);
        assert_eq!(regions[0].name.zh, "广东省");
    }

    #[test]
    fn malformed_csv_is_refused_with_its_line() {
        let bad = "code,parent_code,level,name_zh,name_en\n440000,,province,广东省,Guangdong\n44010x,440000,city,广州市,Guangzhou\n";
        let err = store::parse_csv(bad).unwrap_err().to_string();
        assert!(err.starts_with("line 3"), "{err}");
    }
}
