//! The per-region targets in the database (`investment_target`): listing
//! them, setting and clearing one — administrators only, each change in
//! the audit trail. Projects keep the target copied when they were
//! registered (`store::target_days`), so nothing else changes.

use super::targets::{TargetDays, TargetLine, TargetProblem};
use crate::{
    accounts::{
        audit::{Action, Event},
        store::audit,
        Me, Role,
    },
    error::AppError,
    i18n::Bilingual,
    regions::RegionCode,
};
use sqlx::PgPool;

fn admin_only(me: &Me) -> Result<(), AppError> {
    if me.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The targets set, by region code (administrators only).
pub async fn list(pool: &PgPool, me: &Me) -> Result<Vec<TargetLine>, AppError> {
    admin_only(me)?;
    let rows: Vec<(i32, Bilingual, i16)> = sqlx::query_as(
        "select t.region_code, row(r.name_zh, r.name_en), t.days
         from investment_target t join region r on r.code = t.region_code
         order by t.region_code",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, region, days)| TargetLine {
            region_code: u32::try_from(code).unwrap_or_default(),
            region,
            days: u16::try_from(days).unwrap_or_default(),
        })
        .collect())
}

/// A region of the tree, or the refusal at `region`.
async fn known(pool: &PgPool, region: RegionCode) -> Result<(), AppError> {
    if crate::regions::store::exists(pool, region).await? {
        Ok(())
    } else {
        Err(AppError::InvalidFields {
            fields: vec![TargetProblem::Region.at("region")],
        })
    }
}

/// Sets `region`'s target to `days` (administrators only), audited; it
/// applies to projects registered from now on.
pub async fn set(
    pool: &PgPool,
    me: &Me,
    region: RegionCode,
    days: TargetDays,
) -> Result<TargetLine, AppError> {
    admin_only(me)?;
    known(pool, region).await?;
    let mut tx = pool.begin().await?;
    let before: Option<i16> =
        sqlx::query_scalar("select days from investment_target where region_code = $1 for update")
            .bind(region.get() as i32)
            .fetch_optional(&mut *tx)
            .await?;
    sqlx::query(
        "insert into investment_target (region_code, days) values ($1, $2)
         on conflict (region_code) do update set days = excluded.days",
    )
    .bind(region.get() as i32)
    .bind(days.get() as i16)
    .execute(&mut *tx)
    .await?;
    if before != Some(days.get() as i16) {
        let detail = format!(
            "investment_target {region}: {} -> {}",
            before.map_or("none".to_string(), |d| d.to_string()),
            days.get()
        );
        record(&mut tx, me, &detail).await?;
    }
    tx.commit().await?;
    let name: Bilingual =
        sqlx::query_scalar("select row(name_zh, name_en) from region where code = $1")
            .bind(region.get() as i32)
            .fetch_one(pool)
            .await?;
    Ok(TargetLine {
        region_code: region.get(),
        region: name,
        days: days.get(),
    })
}

/// Clears `region`'s target (administrators only), audited when there was
/// one: projects registered from now on take the target above it.
pub async fn clear(pool: &PgPool, me: &Me, region: RegionCode) -> Result<(), AppError> {
    admin_only(me)?;
    known(pool, region).await?;
    let mut tx = pool.begin().await?;
    let before: Option<i16> =
        sqlx::query_scalar("delete from investment_target where region_code = $1 returning days")
            .bind(region.get() as i32)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(before) = before {
        record(
            &mut tx,
            me,
            &format!("investment_target {region}: {before} -> none"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    me: &Me,
    detail: &str,
) -> Result<(), AppError> {
    audit::record(
        &mut **tx,
        Event {
            actor: Some(me.id),
            detail: Some(detail),
            ..Event::new(Action::SettingChanged)
        },
    )
    .await
}
