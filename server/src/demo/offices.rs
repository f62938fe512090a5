//! The demo's offices (办理点) for booking a visit: a marriage registry
//! (婚姻登记处) of each civil affairs bureau (民政局) in every district of
//! the demo's regions — one for the city where the demo has no districts —
//! doing marriage and divorce registration and certificate reissues.
//! Addresses are demo data: the district's government service centre.

use app::{
    booking::{
        store::{add_office, NewOffice},
        Hours,
    },
    error::AppError,
    i18n::Bilingual,
    regions::{self, Level},
};
use sqlx::PgPool;

/// The services a marriage registry does (catalog templates).
pub const REGISTRY_SERVICES: &[&str] = &[
    "marriage-registration",
    "divorce-registration",
    "marriage-certificate-reissue",
];

/// 9:00–12:00 and 13:30–17:00 in half-hour slots, as the guide says.
pub const REGISTRY_HOURS: Hours = Hours {
    am_from: 9 * 60,
    am_to: 12 * 60,
    pm_from: 13 * 60 + 30,
    pm_to: 17 * 60,
    slot_minutes: 30,
};

/// Seats per half hour at a demo registry (its windows).
pub const REGISTRY_SEATS: u16 = 4;

/// Adds the demo registries (idempotent).
pub async fn load(pool: &PgPool) -> Result<(), AppError> {
    let all = regions::store::all(pool).await?;
    let departments: Vec<(i64, i32)> =
        sqlx::query_as("select id, region_code from department where code = 'MZJ'")
            .fetch_all(pool)
            .await?;
    for (department_id, city) in departments {
        let Some(city) = all.iter().find(|r| r.code.get() as i32 == city) else {
            continue;
        };
        if city.level != Level::City {
            continue;
        }
        let districts: Vec<_> = all.iter().filter(|r| r.parent == Some(city.code)).collect();
        let places: Vec<&regions::Region> = if districts.is_empty() {
            vec![city]
        } else {
            districts
        };
        for place in places {
            let (zh, en) = (&place.name.zh, &place.name.en);
            let (czh, cen) = (&city.name.zh, &city.name.en);
            let name = Bilingual::new(format!("{zh}婚姻登记处"), format!("{en} Marriage Registry"));
            let address = if place.code == city.code {
                Bilingual::new(
                    format!("{czh}政务服务中心二楼婚姻登记大厅"),
                    format!("Marriage hall, 2nd floor, {cen} Government Service Centre"),
                )
            } else {
                Bilingual::new(
                    format!("{czh}{zh}政务服务中心二楼婚姻登记大厅"),
                    format!("Marriage hall, 2nd floor, {en} Government Service Centre, {cen}"),
                )
            };
            add_office(
                pool,
                &NewOffice {
                    department_id,
                    region_code: place.code.get(),
                    name,
                    address,
                    hours: REGISTRY_HOURS,
                    capacity: REGISTRY_SEATS,
                    services: REGISTRY_SERVICES,
                },
            )
            .await?;
        }
    }
    Ok(())
}
