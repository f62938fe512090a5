//! Demo data for the embedded default: the catalog of departments and
//! service items in `seed/catalog/` (see FORMAT.md there). Loaded on the
//! first start only, never into a database given by `DATABASE_URL` unless
//! `BANSHI_DEMO_DATA=1` asks for it.

use app::{
    catalog::{self, seed},
    error::AppError,
    regions,
};
use sqlx::PgPool;

pub const DEPARTMENTS: &str = include_str!("../seed/catalog/departments.json");
pub const ITEMS: &[(&str, &str)] = &[
    (
        "items-province.json",
        include_str!("../seed/catalog/items-province.json"),
    ),
    (
        "items-city.json",
        include_str!("../seed/catalog/items-city.json"),
    ),
];

/// Builds the demo catalog for these regions.
pub fn catalog(regions: &[regions::Region]) -> Result<seed::Catalog, seed::SeedError> {
    seed::build(DEPARTMENTS, ITEMS, regions)
}

/// Loads the demo catalog unless the catalog already has items.
pub async fn load(pool: &PgPool) -> Result<(), AppError> {
    if !catalog::queries::is_empty(pool).await? {
        return Ok(());
    }
    let regions = regions::queries::all(pool).await?;
    let demo = catalog(&regions).map_err(AppError::internal)?;
    tracing::info!(
        departments = demo.departments.len(),
        items = demo.items.len(),
        "loading the demo catalog"
    );
    catalog::queries::store(pool, &demo).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::regions::{queries::parse_csv, Level};

    #[test]
    fn the_demo_catalog_is_complete_and_valid() {
        let regions = parse_csv(crate::reference::REGIONS_CSV).unwrap();
        let demo = catalog(&regions).unwrap();
        let provincial = demo
            .departments
            .iter()
            .filter(|d| d.region.get() == 440000)
            .count();
        assert!(provincial >= 45, "{provincial} provincial departments");
        let cities = regions.iter().filter(|r| r.level == Level::City).count();
        assert_eq!(cities, 21);
        for city in regions.iter().filter(|r| r.level == Level::City) {
            assert!(
                demo.departments.iter().any(|d| d.region == city.code),
                "{} has departments",
                city.name_zh
            );
        }
        assert!(demo.items.len() >= 300, "{} items", demo.items.len());
        // Every item is valid, and codes are unique.
        let mut codes = std::collections::HashSet::new();
        for item in &demo.items {
            item.validate().unwrap();
            assert!(
                codes.insert(item.code.to_string()),
                "duplicate code {}",
                item.code
            );
        }
        // The real hall's most used services are there.
        let gz = |name: &str| {
            demo.items
                .iter()
                .find(|i| i.region.get() == 440100 && i.name.zh.contains(name))
                .unwrap_or_else(|| panic!("Guangzhou has no {name}"))
        };
        let marriage = demo
            .items
            .iter()
            .find(|i| i.region.get() == 440100 && i.key == "marriage-registration")
            .expect("Guangzhou has marriage registration");
        assert_eq!(marriage.name.zh, "内地居民婚姻登记");
        assert_eq!(
            marriage.code.to_string(),
            "440100-MZJ-0001",
            "the README names this code"
        );
        assert!(
            marriage.appointment,
            "marriage registration takes online appointments"
        );
        assert_eq!(marriage.dept.as_str(), "MZJ");
        assert!(!marriage.name.zh.contains('{') && !marriage.place.zh.contains('{'));
        assert!(marriage.place.zh.contains("广州") || marriage.place.en.contains("Guangzhou"));
        gz("生育登记");
        gz("往来港澳通行证");
        gz("提取");
        // Every department a step names has that unit.
        for item in &demo.items {
            let dept = demo
                .departments
                .iter()
                .find(|d| d.region == item.region && d.code == item.dept)
                .unwrap();
            for step in &item.steps {
                assert!(dept.units.iter().any(|u| u.name.zh == step.unit.zh));
            }
        }
    }
}
