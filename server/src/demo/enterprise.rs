//! My enterprise's demo (issue 18 part 6): the licences `enterprise.demo`
//! holds and the reminders it was sent this year. Dates are relative to the
//! clock's today (the journeys' fixed 2026-09-30, or the real date under
//! `make run`), so every run shows the same states:
//!
//! - 营业执照 (business licence), issued in March three years ago,
//!   open-ended: the enterprise was founded then, so last year's annual
//!   report is due this year — and left unfiled;
//! - 食品经营许可证 (food business licence), ending 45 days from today:
//!   "expires within 90 days", and the daily job's first run sends its
//!   renewal reminder;
//! - 公共场所卫生许可证 (public place health permit), ended 20 days ago:
//!   expired;
//! - 排污许可证 (pollutant discharge permit), ending in about 13 months:
//!   valid.
//!
//! The annual report reminders the job would have sent this year (1
//! January, and 1 June when today is past it) are sent through the same
//! store function the job calls, on those days. Nothing is loaded twice:
//! the demo enterprise with a licence is left as it is.

use app::{
    enterprise::store::{add_licence, remind_account, NewLicence},
    error::AppError,
    i18n::Bilingual,
};
use sqlx::PgPool;
use time::{Date, Duration, Month, OffsetDateTime};

async fn department(pool: &PgPool, code: &str) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
            .bind(code)
            .fetch_one(pool)
            .await?,
    )
}

fn day(year: i32, month: Month, d: u8) -> Result<Date, AppError> {
    Date::from_calendar_date(year, month, d).map_err(AppError::internal)
}

/// Adds the demo enterprise's licences and this year's reminders (once).
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let Some(me) = super::demo_account(pool, "enterprise.demo").await? else {
        return Ok(());
    };
    let loaded: bool =
        sqlx::query_scalar("select exists (select 1 from licence where account_id = $1)")
            .bind(me.id)
            .fetch_one(pool)
            .await?;
    if loaded {
        return Ok(());
    }
    tracing::info!("adding the demo enterprise's licences");
    let today = now.to_offset(app::clock::HALL_OFFSET).date();
    let founded = day(today.year() - 3, Month::March, 15)?;
    let market = department(pool, "SCJGJ").await?;
    let health = department(pool, "WJJ").await?;
    let environment = department(pool, "STHJJ").await?;
    let food_until = today + Duration::days(45);
    let health_until = today - Duration::days(20);
    let discharge_until = today + Duration::days(400);
    let licences = [
        (
            true,
            Bilingual::new("营业执照", "Business licence"),
            "91440101MA59Q8R3XA",
            market,
            founded,
            None,
        ),
        (
            false,
            Bilingual::new("食品经营许可证", "Food business licence"),
            "JY14401030000001",
            market,
            food_until - Duration::days(5 * 365),
            Some(food_until),
        ),
        (
            false,
            Bilingual::new("公共场所卫生许可证", "Public place health permit"),
            "粤卫公证字〔2022〕第0101号",
            health,
            health_until - Duration::days(4 * 365),
            Some(health_until),
        ),
        (
            false,
            Bilingual::new("排污许可证", "Pollutant discharge permit"),
            "91440101MA59Q8R3XA001V",
            environment,
            discharge_until - Duration::days(5 * 365),
            Some(discharge_until),
        ),
    ];
    for (business, name, number, department_id, issued_on, valid_until) in licences {
        add_licence(
            pool,
            &NewLicence {
                account_id: me.id,
                business,
                name,
                number,
                department_id,
                issued_on,
                valid_until,
                case_id: None,
            },
        )
        .await?;
    }
    // This year's annual report reminders, on their days.
    let january = day(today.year(), Month::January, 1)?;
    let june = day(today.year(), Month::June, 1)?;
    for on in [january, june] {
        if on <= today {
            remind_account(pool, me.id, on, None).await?;
        }
    }
    Ok(())
}
