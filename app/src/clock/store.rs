//! The official calendar in the database (`calendar_day`).

use super::{format_date, parse_date, Calendar, DayKind, OfficialDay};
use crate::{error::AppError, i18n::Bilingual};
use sqlx::PgPool;
use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex},
};

/// Writes these official days (a day already there is replaced).
pub async fn upsert(pool: &PgPool, calendar: &Calendar) -> Result<(), AppError> {
    let mut days = Vec::new();
    let mut kinds = Vec::new();
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for d in calendar.days() {
        days.push(format_date(d.date));
        kinds.push(d.kind.code());
        zh.push(d.name.zh.as_str());
        en.push(d.name.en.as_str());
    }
    sqlx::query(
        "insert into calendar_day (day, kind, name_zh, name_en)
         select d::date, k, z, e from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(d, k, z, e)
         on conflict (day) do update set kind = excluded.kind, name_zh = excluded.name_zh,
             name_en = excluded.name_en",
    )
    .bind(&days)
    .bind(&kinds)
    .bind(&zh)
    .bind(&en)
    .execute(pool)
    .await?;
    Ok(())
}

/// A calendar kept, under the version it was read at.
type Kept = (i64, Arc<Calendar>);

/// The whole official calendar. A server keeps the calendar it read, per
/// database, while `calendar_version` (bumped by a trigger on every write
/// to `calendar_day`, whichever process makes it) holds, so most requests
/// read one row instead of every official day.
pub async fn load(pool: &PgPool) -> Result<Arc<Calendar>, AppError> {
    static KEPT: LazyLock<Mutex<HashMap<String, Kept>>> = LazyLock::new(Default::default);
    let version: i64 = sqlx::query_scalar("select version from calendar_version where only_row")
        .fetch_one(pool)
        .await?;
    let database = crate::db::database_of(pool);
    if let Some((_, cal)) = KEPT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&database)
        .filter(|(v, _)| *v == version)
    {
        return Ok(cal.clone());
    }
    // Kept under the version read before the days: a write meanwhile
    // makes the next request read them again.
    let cal = Arc::new(read(pool).await?);
    KEPT.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(database, (version, cal.clone()));
    Ok(cal)
}

async fn read(pool: &PgPool) -> Result<Calendar, AppError> {
    let rows: Vec<(String, String, Bilingual)> = sqlx::query_as(
        "select to_char(day, 'YYYY-MM-DD'), kind, row(name_zh, name_en) from calendar_day
         order by day",
    )
    .fetch_all(pool)
    .await?;
    let days = rows
        .into_iter()
        .map(|(day, kind, name)| {
            Ok(OfficialDay {
                date: parse_date(&day).map_err(AppError::internal)?,
                kind: DayKind::parse(&kind).ok_or_else(|| AppError::internal(&kind))?,
                name,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Calendar::new(days))
}
