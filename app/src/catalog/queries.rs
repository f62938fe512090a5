//! Catalog storage.

use super::{seed::Catalog, Fee};
use crate::error::AppError;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;

/// Whether the catalog holds any item yet.
pub async fn is_empty(pool: &PgPool) -> Result<bool, AppError> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from service_item)")
        .fetch_one(pool)
        .await?;
    Ok(!any)
}

/// Stores a whole catalog: departments, units and posts are upserted (one
/// transaction), then items inserted with their materials and steps (another;
/// an item whose code exists is left as it is). Running it twice changes nothing.
pub async fn store(pool: &PgPool, catalog: &Catalog) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    for d in &catalog.departments {
        let id: i64 = sqlx::query_scalar(
            "insert into department (region_code, code, name_zh, name_en) values ($1, $2, $3, $4)
             on conflict (region_code, code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en
             returning id",
        )
        .bind(d.region.get() as i32)
        .bind(d.code.as_str())
        .bind(&d.name.zh)
        .bind(&d.name.en)
        .fetch_one(&mut *tx)
        .await?;
        for u in &d.units {
            let unit_id: i64 = sqlx::query_scalar(
                "insert into department_unit (department_id, name_zh, name_en) values ($1, $2, $3)
                 on conflict (department_id, name_zh) do update set name_en = excluded.name_en
                 returning id",
            )
            .bind(id)
            .bind(&u.name.zh)
            .bind(&u.name.en)
            .fetch_one(&mut *tx)
            .await?;
            for p in &u.posts {
                sqlx::query(
                    "insert into department_post (unit_id, name_zh, name_en) values ($1, $2, $3)
                     on conflict (unit_id, name_zh) do update set name_en = excluded.name_en",
                )
                .bind(unit_id)
                .bind(&p.zh)
                .bind(&p.en)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    store_items(pool, &catalog.items).await
}

/// Inserts items (with materials and steps) whose departments and units are
/// stored already, in one transaction; existing codes are left as they are.
pub async fn store_items(pool: &PgPool, items: &[super::ServiceItem]) -> Result<(), AppError> {
    let depts: Vec<(i64, i32, String)> =
        sqlx::query_as("select id, region_code, code from department")
            .fetch_all(pool)
            .await?;
    let dept_ids: HashMap<(i32, String), i64> = depts
        .into_iter()
        .map(|(id, region, code)| ((region, code), id))
        .collect();
    let unit_rows: Vec<(i64, i64, String)> =
        sqlx::query_as("select id, department_id, name_zh from department_unit")
            .fetch_all(pool)
            .await?;
    let units: HashMap<(i64, String), i64> = unit_rows
        .into_iter()
        .map(|(id, dept, name)| ((dept, name), id))
        .collect();
    let mut tx = pool.begin().await?;
    for item in items {
        let dept = *dept_ids
            .get(&(item.region.get() as i32, item.dept.as_str().to_string()))
            .ok_or_else(|| {
                AppError::internal(format!("item {} lacks its department", item.code))
            })?;
        insert_item(&mut tx, item, dept, &units).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn insert_item(
    tx: &mut Transaction<'_, Postgres>,
    item: &super::ServiceItem,
    dept: i64,
    units: &HashMap<(i64, String), i64>,
) -> Result<(), AppError> {
    let codes = |v: Vec<&'static str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    let (fee_fen, fee_zh, fee_en) = match &item.fee {
        Fee::Free => (None, None, None),
        Fee::Charged { fen, basis } => (
            Some(*fen as i32),
            Some(basis.zh.clone()),
            Some(basis.en.clone()),
        ),
    };
    let id: Option<i64> = sqlx::query_scalar(
        "insert into service_item (code, template_key, department_id, region_code, level, name_zh, name_en,
            aliases_zh, aliases_en, kind, applicant, online_depth, appointment, themes, life_events,
            special_groups, stages, conditions_zh, conditions_en, basis_zh, basis_en, statutory_days,
            promised_days, fee_fen, fee_basis_zh, fee_basis_en, place_zh, place_en, hours_zh, hours_en)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
            $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
         on conflict (code) do nothing
         returning id",
    )
    .bind(item.code.to_string())
    .bind(&item.key)
    .bind(dept)
    .bind(item.region.get() as i32)
    .bind(item.level.as_str())
    .bind(&item.name.zh)
    .bind(&item.name.en)
    .bind(&item.aliases_zh)
    .bind(&item.aliases_en)
    .bind(item.kind.code())
    .bind(item.applicant.code())
    .bind(item.online_depth.code())
    .bind(item.appointment)
    .bind(codes(item.themes.iter().map(|t| t.code()).collect()))
    .bind(codes(item.life_events.iter().map(|t| t.code()).collect()))
    .bind(codes(item.groups.iter().map(|t| t.code()).collect()))
    .bind(codes(item.stages.iter().map(|t| t.code()).collect()))
    .bind(item.conditions.iter().map(|c| c.zh.clone()).collect::<Vec<_>>())
    .bind(item.conditions.iter().map(|c| c.en.clone()).collect::<Vec<_>>())
    .bind(item.basis.iter().map(|c| c.zh.clone()).collect::<Vec<_>>())
    .bind(item.basis.iter().map(|c| c.en.clone()).collect::<Vec<_>>())
    .bind(item.limits.statutory().get() as i16)
    .bind(item.limits.promised().get() as i16)
    .bind(fee_fen)
    .bind(fee_zh)
    .bind(fee_en)
    .bind(&item.place.zh)
    .bind(&item.place.en)
    .bind(&item.hours.zh)
    .bind(&item.hours.en)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else { return Ok(()) };
    super::find_db::index_item(&mut **tx, id, item).await?;

    let m = &item.materials;
    sqlx::query(
        "insert into service_material (item_id, position, name_zh, name_en, required, scan_accepted, copies,
            notes_zh, notes_en)
         select $1, * from unnest($2::int2[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::int2[],
            $8::text[], $9::text[])",
    )
    .bind(id)
    .bind((0..m.len() as i16).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.name.zh.clone()).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.name.en.clone()).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.required).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.scan_accepted).collect::<Vec<_>>())
    .bind(m.iter().map(|x| i16::from(x.copies)).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.notes.zh.clone()).collect::<Vec<_>>())
    .bind(m.iter().map(|x| x.notes.en.clone()).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;

    let s = &item.steps;
    let unit_ids = s
        .iter()
        .map(|st| {
            units
                .get(&(dept, st.unit.zh.clone()))
                .copied()
                .ok_or_else(|| {
                    AppError::internal(format!("item {}: unknown unit {}", item.code, st.unit.zh))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    sqlx::query(
        "insert into service_step (item_id, position, name_zh, name_en, unit_id, limit_days)
         select $1, * from unnest($2::int2[], $3::text[], $4::text[], $5::int8[], $6::int2[])",
    )
    .bind(id)
    .bind((0..s.len() as i16).collect::<Vec<_>>())
    .bind(s.iter().map(|x| x.name.zh.clone()).collect::<Vec<_>>())
    .bind(s.iter().map(|x| x.name.en.clone()).collect::<Vec<_>>())
    .bind(unit_ids)
    .bind(s.iter().map(|x| x.limit.get() as i16).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    code: String,
    template_key: String,
    region_code: i32,
    level: String,
    dept_code: String,
    dept_name_zh: String,
    dept_name_en: String,
    name_zh: String,
    name_en: String,
    aliases_zh: Vec<String>,
    aliases_en: Vec<String>,
    kind: String,
    applicant: String,
    online_depth: String,
    appointment: bool,
    themes: Vec<String>,
    life_events: Vec<String>,
    special_groups: Vec<String>,
    stages: Vec<String>,
    conditions_zh: Vec<String>,
    conditions_en: Vec<String>,
    basis_zh: Vec<String>,
    basis_en: Vec<String>,
    statutory_days: i16,
    promised_days: i16,
    fee_fen: Option<i32>,
    fee_basis_zh: Option<String>,
    fee_basis_en: Option<String>,
    place_zh: String,
    place_en: String,
    hours_zh: String,
    hours_en: String,
}

#[derive(sqlx::FromRow)]
struct MaterialRow {
    name_zh: String,
    name_en: String,
    required: bool,
    scan_accepted: bool,
    copies: i16,
    notes_zh: String,
    notes_en: String,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    name_zh: String,
    name_en: String,
    unit_zh: String,
    unit_en: String,
    limit_days: i16,
}

/// A stored catalog row that the types refuse: logged, an internal error.
pub(super) fn corrupt(what: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("catalog row does not parse: {what}"))
}

/// A stored number of working days.
pub(super) fn working_days(n: i16) -> Result<super::WorkingDays, AppError> {
    u16::try_from(n)
        .ok()
        .and_then(|n| super::WorkingDays::new(n).ok())
        .ok_or_else(|| corrupt(n))
}

fn parse_all<T>(codes: &[String], parse: fn(&str) -> Option<T>) -> Result<Vec<T>, AppError> {
    codes
        .iter()
        .map(|c| parse(c).ok_or_else(|| corrupt(c)))
        .collect()
}

fn bilingual(zh: Vec<String>, en: Vec<String>) -> Vec<super::Bilingual> {
    zh.into_iter()
        .zip(en)
        .map(|(zh, en)| super::Bilingual { zh, en })
        .collect()
}

/// One item with its materials, steps and department's name, by code.
pub async fn item(
    pool: &PgPool,
    code: &super::ServiceCode,
) -> Result<Option<super::ItemView>, AppError> {
    use super::{vocab::*, Bilingual, Material, ProcessStep, ServiceItem, TimeLimits};
    let row: Option<ItemRow> = sqlx::query_as(
        "select i.id, i.code, i.template_key, i.region_code, i.level, d.code as dept_code, d.name_zh as dept_name_zh,
                d.name_en as dept_name_en, i.name_zh, i.name_en,
                i.aliases_zh, i.aliases_en, i.kind, i.applicant, i.online_depth, i.appointment, i.themes,
                i.life_events, i.special_groups, i.stages, i.conditions_zh, i.conditions_en, i.basis_zh,
                i.basis_en, i.statutory_days, i.promised_days, i.fee_fen, i.fee_basis_zh, i.fee_basis_en,
                i.place_zh, i.place_en, i.hours_zh, i.hours_en
         from service_item i join department d on d.id = i.department_id
         where i.code = $1",
    )
    .bind(code.to_string())
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let materials: Vec<MaterialRow> = sqlx::query_as(
        "select name_zh, name_en, required, scan_accepted, copies, notes_zh, notes_en
         from service_material where item_id = $1 order by position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let steps: Vec<StepRow> = sqlx::query_as(
        "select s.name_zh, s.name_en, u.name_zh as unit_zh, u.name_en as unit_en, s.limit_days
         from service_step s join department_unit u on u.id = s.unit_id
         where s.item_id = $1 order by s.position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let department = Bilingual {
        zh: r.dept_name_zh,
        en: r.dept_name_en,
    };
    let item = ServiceItem {
        code: super::ServiceCode::parse(&r.code).map_err(corrupt)?,
        key: r.template_key,
        region: u32::try_from(r.region_code)
            .ok()
            .and_then(|c| crate::regions::RegionCode::from_u32(c).ok())
            .ok_or_else(|| corrupt(r.region_code))?,
        level: crate::regions::Level::parse(&r.level).ok_or_else(|| corrupt(&r.level))?,
        dept: super::DeptCode::parse(&r.dept_code).map_err(corrupt)?,
        name: Bilingual {
            zh: r.name_zh,
            en: r.name_en,
        },
        aliases_zh: r.aliases_zh,
        aliases_en: r.aliases_en,
        kind: ItemKind::parse(&r.kind).ok_or_else(|| corrupt(&r.kind))?,
        applicant: Applicant::parse(&r.applicant).ok_or_else(|| corrupt(&r.applicant))?,
        online_depth: OnlineDepth::parse(&r.online_depth)
            .ok_or_else(|| corrupt(&r.online_depth))?,
        appointment: r.appointment,
        themes: parse_all(&r.themes, Theme::parse)?,
        life_events: parse_all(&r.life_events, LifeEvent::parse)?,
        groups: parse_all(&r.special_groups, Group::parse)?,
        stages: parse_all(&r.stages, Stage::parse)?,
        conditions: bilingual(r.conditions_zh, r.conditions_en),
        materials: materials
            .into_iter()
            .map(|m| {
                Ok(Material {
                    name: Bilingual {
                        zh: m.name_zh,
                        en: m.name_en,
                    },
                    required: m.required,
                    scan_accepted: m.scan_accepted,
                    copies: u8::try_from(m.copies).map_err(corrupt)?,
                    notes: Bilingual {
                        zh: m.notes_zh,
                        en: m.notes_en,
                    },
                })
            })
            .collect::<Result<_, AppError>>()?,
        basis: bilingual(r.basis_zh, r.basis_en),
        limits: TimeLimits::new(
            working_days(r.statutory_days)?,
            working_days(r.promised_days)?,
        )
        .map_err(corrupt)?,
        fee: match (r.fee_fen, r.fee_basis_zh, r.fee_basis_en) {
            (Some(fen), Some(zh), Some(en)) => Fee::Charged {
                fen: u32::try_from(fen).map_err(corrupt)?,
                basis: Bilingual { zh, en },
            },
            _ => Fee::Free,
        },
        place: Bilingual {
            zh: r.place_zh,
            en: r.place_en,
        },
        hours: Bilingual {
            zh: r.hours_zh,
            en: r.hours_en,
        },
        steps: steps
            .into_iter()
            .map(|s| {
                Ok(ProcessStep {
                    name: Bilingual {
                        zh: s.name_zh,
                        en: s.name_en,
                    },
                    unit: Bilingual {
                        zh: s.unit_zh,
                        en: s.unit_en,
                    },
                    limit: working_days(s.limit_days)?,
                })
            })
            .collect::<Result<_, AppError>>()?,
    };
    Ok(Some(super::ItemView { item, department }))
}
