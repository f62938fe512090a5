//! Region storage: reference data in, the list out.

use super::{check_tree, Level, Region, RegionCode, RegionDataError};
use crate::{error::AppError, i18n::Bilingual};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct Row {
    code: i32,
    parent_code: Option<i32>,
    level: String,
    name: Bilingual,
}

impl TryFrom<Row> for Region {
    type Error = AppError;
    fn try_from(row: Row) -> Result<Self, AppError> {
        let code = |n: i32| {
            u32::try_from(n)
                .ok()
                .and_then(|n| RegionCode::from_u32(n).ok())
                .ok_or_else(|| AppError::internal(format!("bad region code {n} in database")))
        };
        Ok(Region {
            code: code(row.code)?,
            parent: row.parent_code.map(code).transpose()?,
            level: Level::parse(&row.level)
                .ok_or_else(|| AppError::internal(format!("bad level {}", row.level)))?,
            name: row.name,
        })
    }
}

/// All regions, parents before children.
pub async fn all(pool: &PgPool) -> Result<Vec<Region>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select code, parent_code, level, row(name_zh, name_en) as name from region
         order by case level when 'province' then 0 when 'city' then 1 else 2 end, code",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Region::try_from).collect()
}

/// One region by its code.
pub async fn get(pool: &PgPool, code: RegionCode) -> Result<Option<Region>, AppError> {
    let row: Option<Row> = sqlx::query_as(
        "select code, parent_code, level, row(name_zh, name_en) as name from region
         where code = $1",
    )
    .bind(code.get() as i32)
    .fetch_optional(pool)
    .await?;
    row.map(Region::try_from).transpose()
}

/// Whether a region exists.
pub async fn exists(pool: &PgPool, code: RegionCode) -> Result<bool, AppError> {
    let found: Option<i32> = sqlx::query_scalar("select code from region where code = $1")
        .bind(code.get() as i32)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Parses the reference CSV (`code,parent_code,level,name_zh,name_en,…`).
pub fn parse_csv(csv_text: &str) -> Result<Vec<Region>, RegionDataError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let bad = |reason: String| RegionDataError::Line { line, reason };
        let record = record.map_err(|e| bad(e.to_string()))?;
        let field = |n: usize| record.get(n).unwrap_or("").trim();
        let code = RegionCode::parse(field(0)).map_err(|e| bad(e.to_string()))?;
        let parent = match field(1) {
            "" => None,
            p => Some(RegionCode::parse(p).map_err(|e| bad(e.to_string()))?),
        };
        let level =
            Level::parse(field(2)).ok_or_else(|| bad(format!("unknown level {:?}", field(2))))?;
        let name = Bilingual::new(field(3), field(4));
        if !name.is_complete() {
            return Err(bad("both names are required".into()));
        }
        out.push(Region {
            code,
            parent,
            level,
            name,
        });
    }
    check_tree(&out)?;
    Ok(out)
}

/// Loads reference regions: inserts new ones and updates names of known
/// ones, in one transaction. Running it again changes nothing.
pub async fn upsert(pool: &PgPool, regions: &[Region]) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    for r in regions {
        sqlx::query(
            "insert into region (code, parent_code, level, name_zh, name_en)
             values ($1, $2, $3, $4, $5)
             on conflict (code) do update
               set parent_code = excluded.parent_code, level = excluded.level,
                   name_zh = excluded.name_zh, name_en = excluded.name_en
               where (region.parent_code, region.level, region.name_zh, region.name_en)
                 is distinct from (excluded.parent_code, excluded.level, excluded.name_zh, excluded.name_en)",
        )
        .bind(r.code.get() as i32)
        .bind(r.parent.map(|p| p.get() as i32))
        .bind(r.level.as_str())
        .bind(&r.name.zh)
        .bind(&r.name.en)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
