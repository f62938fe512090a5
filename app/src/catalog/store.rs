//! Catalog storage, all of the catalog's SQL: items stored with their
//! materials and steps, and read back.
//!
//! Finding items: search, browse counts, page views and hot
//! services, over `service_search` (alias `s`), the narrow projection of each
//! item kept beside it that every match is read for, and `service_browse`
//! (alias `b`: names and vocabularies, read for name matches and the
//! navigator's counts); the wide `service_item` (alias `i`) is read only for
//! the page of results shown. Queries are built from the filters given, so
//! every one has a plan that uses its indexes (no `$1 is null or …` generic
//! plans).

use super::{
    find::{Count, DepartmentCount, Facets, Find, FindResult, ItemSummary, Place, PAGE_SIZE},
    need::{bundle_results, preferred, BundleEntry},
    search::{all_of, facet_term, item_terms, FacetKind, SearchText, Synonyms, TERMS_VERSION},
    seed::Catalog,
    vocab::{Applicant, Group, LifeEvent, OnlineDepth, Stage, Theme},
    Bilingual, DeptCode, Fee, ServiceCode,
};
use crate::{
    db::database_of,
    error::AppError,
    regions::{Level, RegionCode},
};
use sqlx::{PgPool, Postgres, QueryBuilder, Transaction};
use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::{Duration, Instant},
};

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
    index_item(&mut **tx, id, item).await?;

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
    dept_name: super::Bilingual,
    name: super::Bilingual,
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
    fee_basis: Option<super::Bilingual>,
    place: super::Bilingual,
    hours: super::Bilingual,
}

#[derive(sqlx::FromRow)]
struct MaterialRow {
    name: super::Bilingual,
    required: bool,
    scan_accepted: bool,
    copies: i16,
    notes: super::Bilingual,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    name: super::Bilingual,
    unit: super::Bilingual,
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
    use super::{vocab::*, Material, ProcessStep, ServiceItem, TimeLimits};
    let row: Option<ItemRow> = sqlx::query_as(
        "select i.id, i.code, i.template_key, i.region_code, i.level, d.code as dept_code,
                row(d.name_zh, d.name_en) as dept_name, row(i.name_zh, i.name_en) as name,
                i.aliases_zh, i.aliases_en, i.kind, i.applicant, i.online_depth, i.appointment, i.themes,
                i.life_events, i.special_groups, i.stages, i.conditions_zh, i.conditions_en, i.basis_zh,
                i.basis_en, i.statutory_days, i.promised_days, i.fee_fen,
                case when i.fee_basis_zh is not null and i.fee_basis_en is not null
                     then row(i.fee_basis_zh, i.fee_basis_en) end as fee_basis,
                row(i.place_zh, i.place_en) as place, row(i.hours_zh, i.hours_en) as hours
         from service_item i join department d on d.id = i.department_id
         where i.code = $1",
    )
    .bind(code.to_string())
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let materials: Vec<MaterialRow> = sqlx::query_as(
        "select row(name_zh, name_en) as name, required, scan_accepted, copies,
                row(notes_zh, notes_en) as notes
         from service_material where item_id = $1 order by position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let steps: Vec<StepRow> = sqlx::query_as(
        "select row(s.name_zh, s.name_en) as name, row(u.name_zh, u.name_en) as unit, s.limit_days
         from service_step s join department_unit u on u.id = s.unit_id
         where s.item_id = $1 order by s.position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let department = r.dept_name;
    let item = ServiceItem {
        code: super::ServiceCode::parse(&r.code).map_err(corrupt)?,
        key: r.template_key,
        region: u32::try_from(r.region_code)
            .ok()
            .and_then(|c| crate::regions::RegionCode::from_u32(c).ok())
            .ok_or_else(|| corrupt(r.region_code))?,
        level: crate::regions::Level::parse(&r.level).ok_or_else(|| corrupt(&r.level))?,
        dept: super::DeptCode::parse(&r.dept_code).map_err(corrupt)?,
        name: r.name,
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
                    name: m.name,
                    required: m.required,
                    scan_accepted: m.scan_accepted,
                    copies: u8::try_from(m.copies).map_err(corrupt)?,
                    notes: m.notes,
                })
            })
            .collect::<Result<_, AppError>>()?,
        basis: bilingual(r.basis_zh, r.basis_en),
        limits: TimeLimits::new(
            working_days(r.statutory_days)?,
            working_days(r.promised_days)?,
        )
        .map_err(corrupt)?,
        fee: match (r.fee_fen, r.fee_basis) {
            (Some(fen), Some(basis)) => Fee::Charged {
                fen: u32::try_from(fen).map_err(corrupt)?,
                basis,
            },
            _ => Fee::Free,
        },
        place: r.place,
        hours: r.hours,
        steps: steps
            .into_iter()
            .map(|s| {
                Ok(ProcessStep {
                    name: s.name,
                    unit: s.unit,
                    limit: working_days(s.limit_days)?,
                })
            })
            .collect::<Result<_, AppError>>()?,
    };
    Ok(Some(super::ItemView { item, department }))
}

// ---- finding items ----

/// Which regions' items a region sees.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// The province: every item.
    All,
    /// A city or county: its own items, its ancestors' and its descendants'.
    Region(RegionCode),
}

async fn scope(pool: &PgPool, region: Option<RegionCode>) -> Result<Scope, AppError> {
    let Some(region) = region else {
        return Ok(Scope::All);
    };
    let level: Option<String> = sqlx::query_scalar("select level from region where code = $1")
        .bind(region.get() as i32)
        .fetch_optional(pool)
        .await?;
    match level.as_deref().and_then(Level::parse) {
        None => Err(AppError::UnknownRegion),
        Some(Level::Province) => Ok(Scope::All),
        Some(_) => Ok(Scope::Region(region)),
    }
}

/// ` and {column} in (…)`: the region's own code and its ancestors', and
/// with `descendants` also its children's and grandchildren's.
fn push_regions(
    qb: &mut QueryBuilder<'_, Postgres>,
    column: &str,
    region: RegionCode,
    descendants: bool,
) {
    let r = region.get() as i32;
    qb.push(format_args!(
        " and {column} in (select code from region where code = "
    ))
    .push_bind(r);
    if descendants {
        qb.push(" or parent_code = ").push_bind(r);
    }
    qb.push(" union select parent_code from region where code = ")
        .push_bind(r)
        .push(" union select p.parent_code from region c join region p on p.code = c.parent_code where c.code = ")
        .push_bind(r)
        .push(")");
}

fn push_scope(qb: &mut QueryBuilder<'_, Postgres>, scope: Scope) {
    if let Scope::Region(r) = scope {
        push_regions(qb, "s.region_code", r, true);
    }
}

const SUMMARY_COLUMNS: &str =
    "i.code, row(i.name_zh, i.name_en) as name, row(d.name_zh, d.name_en) as department,
    row(r.name_zh, r.name_en) as region, i.applicant, i.online_depth, i.promised_days";

const SUMMARY_JOINS: &str = " join department d on d.id = i.department_id
    join region r on r.code = i.region_code";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    code: String,
    name: Bilingual,
    department: Bilingual,
    region: Bilingual,
    applicant: String,
    online_depth: String,
    promised_days: i16,
}

impl TryFrom<SummaryRow> for ItemSummary {
    type Error = AppError;
    fn try_from(r: SummaryRow) -> Result<Self, AppError> {
        Ok(ItemSummary {
            code: ServiceCode::parse(&r.code).map_err(corrupt)?,
            name: r.name,
            department: r.department,
            region: r.region,
            applicant: Applicant::parse(&r.applicant).ok_or_else(|| corrupt(&r.applicant))?,
            online_depth: OnlineDepth::parse(&r.online_depth)
                .ok_or_else(|| corrupt(&r.online_depth))?,
            promised_days: working_days(r.promised_days)?,
            places: Vec::new(),
        })
    }
}

/// The `where` clause for every filter but the region's (see `push_from`):
/// the words and the browsing vocabularies are terms of one index.
fn push_filters(qb: &mut QueryBuilder<'_, Postgres>, find: &Find) {
    push_filters_with(qb, find, true)
}

/// The same without the words.
fn push_filters_but_words(qb: &mut QueryBuilder<'_, Postgres>, find: &Find) {
    push_filters_with(qb, find, false)
}

fn push_filters_with(qb: &mut QueryBuilder<'_, Postgres>, find: &Find, words: bool) {
    let facets = [
        (FacetKind::Theme, find.theme.map(Theme::code)),
        (FacetKind::LifeEvent, find.life_event.map(LifeEvent::code)),
        (FacetKind::Group, find.group.map(Group::code)),
        (FacetKind::Stage, find.stage.map(Stage::code)),
    ]
    .into_iter()
    .filter_map(|(kind, code)| code.map(|c| facet_term(kind, c)))
    .collect::<Vec<_>>();
    let required = match find.q.as_ref().filter(|_| words) {
        Some(q) => q.tsquery_and(&facets),
        None => all_of(facets.iter().map(String::as_str)),
    };
    if !required.is_empty() {
        qb.push(" and s.terms @@ ")
            .push_bind(required)
            .push("::tsquery");
    }
    if let Some(d) = &find.department {
        qb.push(" and d.code = ")
            .push_bind(d.code.as_str().to_string());
        if let Some(r) = d.region {
            qb.push(" and d.region_code = ").push_bind(r.get() as i32);
        }
    }
    if let Some(t) = find.target {
        qb.push(" and s.applicant in (")
            .push_bind(t.applicant().code())
            .push(", 'both')");
    }
    if find.online {
        qb.push(" and s.online");
    }
}

/// ` from … where true`: the projection, joined to the departments only
/// when a department filter needs their codes.
fn push_from(qb: &mut QueryBuilder<'_, Postgres>, find: &Find) {
    qb.push(" from service_search s");
    if find.department.is_some() {
        qb.push(" join department d on d.id = s.department_id");
    }
    qb.push(" where true");
}

/// One page of the services matching `find`, best first, one result per
/// service (its `template_key`) whatever the number of regions having it:
/// with a search, services whose names or aliases are the words as typed
/// (or a synonym's rewrite of them), then those starting with them, then
/// those containing them, then those whose names have all the words, then
/// those matching only in conditions or materials; within each, the most
/// viewed first (views summed over the places in scope); then by code. The
/// bundles (一件事) matching come before them, on the first page.
pub async fn find(pool: &PgPool, find: &Find) -> Result<FindResult, AppError> {
    let lexicon = lexicon(pool).await?;
    let mut find = find.clone();
    find.q = find.q.map(|q| q.with_synonyms(&lexicon.synonyms));
    let find = &find;
    let scope = scope(pool, find.region).await?;
    let keys = match &find.q {
        None => browse(pool, scope, find).await?,
        Some(q) => search(pool, scope, find, q).await?,
    };
    let (keys, total) = match keys {
        Page::Counted(keys, total) => (keys, total),
        Page::Uncounted(keys) => (keys, count(pool, scope, find).await?),
    };
    Ok(FindResult {
        bundles: bundle_results(&lexicon.bundles, find, find.preferred_place()),
        items: page_items(pool, &keys, find.preferred_place()).await?,
        total,
        page: find.page,
        page_size: PAGE_SIZE,
    })
}

/// A page of service keys, best first, with the total when it came with them.
enum Page {
    Counted(Vec<String>, u64),
    Uncounted(Vec<String>),
}

/// Browsing (no words): every service in scope and filters, most viewed first.
async fn browse(pool: &PgPool, scope: Scope, find: &Find) -> Result<Page, AppError> {
    let mut qb = QueryBuilder::new("select s.template_key, count(*) over () as total");
    push_from(&mut qb, find);
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    qb.push(" group by s.template_key order by sum(s.views) desc, min(s.code) limit ")
        .push_bind(PAGE_SIZE as i64)
        .push(" offset ")
        .push_bind(find.offset() as i64);
    let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(match rows.first() {
        Some(&(_, total)) => Page::Counted(rows.into_iter().map(|r| r.0).collect(), total as u64),
        None => Page::Uncounted(Vec::new()),
    })
}

/// Searching: the page is ranked from the name matches (few) while all the
/// matches (many) are counted at the same time on another connection; only
/// when the name matches run out before the page ends are the other matches
/// ranked too. Nothing reads a wide row for every match.
async fn search(
    pool: &PgPool,
    scope: Scope,
    find: &Find,
    q: &SearchText,
) -> Result<Page, AppError> {
    let want = (find.offset() + PAGE_SIZE) as usize;
    let (total, (named, name_count)) = tokio::try_join!(
        count(pool, scope, find),
        name_matches(pool, scope, find, q, want)
    )?;
    let mut ranked = named;
    if ranked.len() < want && name_count < total {
        // The page's places after the names: from the other matches.
        let skip = (find.offset() as usize).saturating_sub(name_count as usize);
        let need = want - (find.offset() as usize).max(name_count as usize);
        ranked.extend(other_matches(pool, scope, find, q, skip, need).await?);
        let keys = ranked
            .into_iter()
            .skip((find.offset() as usize).min(name_count as usize))
            .take(PAGE_SIZE as usize)
            .collect();
        return Ok(Page::Counted(keys, total));
    }
    let keys = ranked
        .into_iter()
        .skip(find.offset() as usize)
        .take(PAGE_SIZE as usize)
        .collect();
    Ok(Page::Counted(keys, total))
}

/// How well an item's names (`b.names`: names and aliases, normalised, one
/// a line) meet the texts searched `$texts`: 0 one of them is a name, 1 a
/// name starts with one, 2 a name contains one, 3 the names only have all
/// the words.
fn push_name_tier(qb: &mut QueryBuilder<'_, Postgres>, texts: Vec<String>) {
    qb.push(
        "(select case
             when exists (select 1 from unnest(",
    )
    .push_bind(texts.clone())
    .push(
        "::text[]) t where strpos(E'\\n' || b.names || E'\\n', E'\\n' || t || E'\\n') > 0) then 0
             when exists (select 1 from unnest(",
    )
    .push_bind(texts.clone())
    .push(
        "::text[]) t where strpos(E'\\n' || b.names, E'\\n' || t) > 0) then 1
             when exists (select 1 from unnest(",
    )
    .push_bind(texts)
    .push(
        "::text[]) t where strpos(b.names, t) > 0) then 2
             else 3 end
         from service_browse b where b.item_id = s.item_id)",
    );
}

/// The first `want` services whose names or aliases have all the words of
/// a text searched, in scope and filters, ranked (how well the names meet
/// the words, then views, then code); and how many there are.
async fn name_matches(
    pool: &PgPool,
    scope: Scope,
    find: &Find,
    q: &SearchText,
    want: usize,
) -> Result<(Vec<String>, u64), AppError> {
    let mut qb = QueryBuilder::new("select s.template_key, count(*) over () as n");
    push_from(&mut qb, find);
    qb.push(" and s.name_terms @@ ")
        .push_bind(q.tsquery())
        .push("::tsquery");
    push_scope(&mut qb, scope);
    // A name with the words has them in its terms too: only the browsing
    // filters are asked of the (large) term vector.
    push_filters_but_words(&mut qb, find);
    qb.push(" group by s.template_key order by min(");
    push_name_tier(&mut qb, q.texts());
    qb.push("), sum(s.views) desc, min(s.code) limit ")
        .push_bind(want as i64);
    let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    let n = rows.first().map_or(0, |r| r.1 as u64);
    Ok((rows.into_iter().map(|r| r.0).collect(), n))
}

/// Matches outside the names (conditions, materials only), most viewed
/// first: `need` of them after skipping `skip`.
async fn other_matches(
    pool: &PgPool,
    scope: Scope,
    find: &Find,
    q: &SearchText,
    skip: usize,
    need: usize,
) -> Result<Vec<String>, AppError> {
    let mut qb = QueryBuilder::new("select s.template_key");
    push_from(&mut qb, find);
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    qb.push(
        " and s.template_key not in (select template_key from service_search where name_terms @@ ",
    )
    .push_bind(q.tsquery())
    .push("::tsquery) group by s.template_key order by sum(s.views) desc, min(s.code) limit ")
    .push_bind(need as i64)
    .push(" offset ")
    .push_bind(skip as i64);
    Ok(qb.build_query_scalar().fetch_all(pool).await?)
}

/// The shown part of each service of a page, in the page's order: the
/// item of the place nearest `place` (see [`preferred`]), with every place
/// of the service.
async fn page_items(
    pool: &PgPool,
    keys: &[String],
    place: Option<RegionCode>,
) -> Result<Vec<ItemSummary>, AppError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new("select page.ord, ");
    qb.push(SUMMARY_COLUMNS)
        .push(", i.region_code as place_code from unnest(")
        .push_bind(keys.to_vec())
        .push("::text[]) with ordinality as page(key, ord) join service_item i on i.template_key = page.key")
        .push(SUMMARY_JOINS)
        .push(" order by page.ord, i.region_code");
    #[derive(sqlx::FromRow)]
    struct PlaceRow {
        ord: i64,
        #[sqlx(flatten)]
        summary: SummaryRow,
        place_code: i32,
    }
    let rows: Vec<PlaceRow> = qb.build_query_as().fetch_all(pool).await?;
    let mut out: Vec<ItemSummary> = Vec::with_capacity(keys.len());
    let mut group: Vec<(RegionCode, ItemSummary)> = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        let region = u32::try_from(row.place_code)
            .ok()
            .and_then(|r| RegionCode::from_u32(r).ok())
            .ok_or_else(|| corrupt(row.place_code))?;
        group.push((region, ItemSummary::try_from(row.summary)?));
        if rows.peek().is_some_and(|next| next.ord == row.ord) {
            continue;
        }
        let regions: Vec<RegionCode> = group.iter().map(|(r, _)| *r).collect();
        let places: Vec<Place> = group
            .iter()
            .map(|(r, i)| Place {
                region: *r,
                name: i.region.clone(),
                href: format!("/services/{}", i.code),
            })
            .collect();
        if let Some(first) = preferred(&regions, place) {
            let mut item = group.swap_remove(first).1;
            item.places = places;
            out.push(item);
        }
        group.clear();
    }
    Ok(out)
}

/// How many services (not items: one per key) match.
async fn count(pool: &PgPool, scope: Scope, find: &Find) -> Result<u64, AppError> {
    let mut qb = QueryBuilder::new("select count(distinct s.template_key)");
    push_from(&mut qb, find);
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    let n: i64 = qb.build_query_scalar().fetch_one(pool).await?;
    Ok(n as u64)
}

/// Suggestions while typing: the bundles (一件事) matching, then up to
/// `limit` services whose names or aliases match (one per service, its
/// place the one nearest `region`), best first as in a search.
pub async fn suggest(
    pool: &PgPool,
    q: &SearchText,
    region: Option<RegionCode>,
    limit: u32,
) -> Result<Vec<super::find::Suggestion>, AppError> {
    use super::find::Suggestion;
    let lexicon = lexicon(pool).await?;
    let q = q.clone().with_synonyms(&lexicon.synonyms);
    let find = Find {
        q: Some(q.clone()),
        region,
        place: region,
        page: 1,
        ..Find::default()
    };
    let scope = scope(pool, region).await?;
    let (keys, _) = name_matches(pool, scope, &find, &q, limit as usize).await?;
    let bundles = bundle_results(&lexicon.bundles, &find, region)
        .into_iter()
        .map(|b| Suggestion {
            href: b.place.href,
            name: b.name,
            region: b.place.name,
            bundle: true,
        });
    let items = page_items(pool, &keys, region)
        .await?
        .into_iter()
        .map(|i| Suggestion {
            href: format!("/services/{}", i.code),
            name: i.name,
            region: i.region,
            bundle: false,
        });
    Ok(bundles.chain(items).take(limit as usize).collect())
}

async fn summaries(
    mut qb: QueryBuilder<'_, Postgres>,
    pool: &PgPool,
) -> Result<Vec<ItemSummary>, AppError> {
    let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter().map(ItemSummary::try_from).collect()
}

/// Every way into the catalog for a region, with counts.
pub async fn facets(pool: &PgPool, region: Option<RegionCode>) -> Result<Facets, AppError> {
    let scope = scope(pool, region).await?;
    let mut qb = QueryBuilder::new(
        "with scoped as (select s.template_key as k, b.themes, b.life_events, b.special_groups, b.stages
             from service_browse b join service_search s on s.item_id = b.item_id where true",
    );
    if let Scope::Region(r) = scope {
        push_regions(&mut qb, "b.region_code", r, true);
    }
    // Services, not items: the same service in several regions counts once,
    // as a search lists it once.
    qb.push(
        ") select 'theme' as kind, v as code, count(distinct k) as n from scoped, unnest(themes) v group by v
         union all select 'life_event', v, count(distinct k) from scoped, unnest(life_events) v group by v
         union all select 'group', v, count(distinct k) from scoped, unnest(special_groups) v group by v
         union all select 'stage', v, count(distinct k) from scoped, unnest(stages) v group by v
         union all select 'total', '', count(distinct k) from scoped",
    );
    let rows: Vec<(String, String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    fn counts<T: Copy + Ord>(
        rows: &[(String, String, i64)],
        kind: &str,
        all: &[T],
        parse: fn(&str) -> Option<T>,
    ) -> Vec<Count<T>> {
        // In vocabulary order, values without items left out.
        let mut out: Vec<Count<T>> = rows
            .iter()
            .filter(|(k, _, _)| k == kind)
            .filter_map(|(_, code, n)| {
                parse(code).map(|value| Count {
                    value,
                    count: *n as u32,
                })
            })
            .collect();
        out.sort_by_key(|c| all.iter().position(|v| *v == c.value));
        out
    }
    let total = rows
        .iter()
        .find(|(k, _, _)| k == "total")
        .map_or(0, |r| r.2 as u32);
    Ok(Facets {
        total,
        themes: counts(&rows, "theme", Theme::ALL, Theme::parse),
        life_events: counts(&rows, "life_event", LifeEvent::ALL, LifeEvent::parse),
        groups: counts(&rows, "group", Group::ALL, Group::parse),
        stages: counts(&rows, "stage", Stage::ALL, Stage::parse),
        departments: departments(pool, region).await?,
    })
}

/// The departments serving a region (its own and its ancestors'; every
/// department when no region is given), with how many items each offers.
pub async fn departments(
    pool: &PgPool,
    region: Option<RegionCode>,
) -> Result<Vec<DepartmentCount>, AppError> {
    let mut qb = QueryBuilder::new(
        "select d.region_code, d.code, row(d.name_zh, d.name_en), count(*) as n
         from department d join service_item i on i.department_id = d.id where true",
    );
    if let Some(r) = region {
        push_regions(&mut qb, "d.region_code", r, false);
    }
    qb.push(" group by d.id order by d.region_code, d.code");
    let rows: Vec<(i32, String, Bilingual, i64)> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|(region, code, name, n)| {
            Ok(DepartmentCount {
                region: u32::try_from(region)
                    .ok()
                    .and_then(|r| RegionCode::from_u32(r).ok())
                    .ok_or_else(|| corrupt(region))?,
                code: DeptCode::parse(&code).map_err(corrupt)?,
                name,
                count: n as u32,
            })
        })
        .collect()
}

/// The departments serving `find`'s region (as [`departments`]), each with
/// how many services match `find`'s words and browsing filters (but not its
/// department): the counts a result page's department filter shows. Without
/// words or browsing filters they are the region's kept counts.
pub async fn department_counts(
    pool: &PgPool,
    find: &Find,
) -> Result<Vec<DepartmentCount>, AppError> {
    let all = departments(pool, find.region).await?;
    let browsing = Find {
        department: None,
        page: 1,
        ..find.clone()
    };
    if !browsing.is_narrowed() {
        return Ok(all);
    }
    let lexicon = lexicon(pool).await?;
    let mut browsing = browsing;
    browsing.q = browsing.q.map(|q| q.with_synonyms(&lexicon.synonyms));
    // A department's items are of its region: one per service.
    let mut qb =
        QueryBuilder::new("select s.department_id, count(*) from service_search s where true");
    if let Some(r) = find.region {
        push_regions(&mut qb, "s.region_code", r, false);
    }
    push_filters(&mut qb, &browsing);
    qb.push(" group by s.department_id");
    let counts: HashMap<i64, i64> = qb
        .build_query_as::<(i64, i64)>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    let ids: Vec<(i64, i32, String)> =
        sqlx::query_as("select id, region_code, code from department where id = any($1)")
            .bind(counts.keys().copied().collect::<Vec<_>>())
            .fetch_all(pool)
            .await?;
    let by_code: HashMap<(u32, String), u32> = ids
        .into_iter()
        .map(|(id, region, code)| {
            (
                (region as u32, code),
                counts.get(&id).copied().unwrap_or(0) as u32,
            )
        })
        .collect();
    Ok(all
        .into_iter()
        .map(|d| DepartmentCount {
            count: by_code
                .get(&(d.region.get(), d.code.as_str().to_string()))
                .copied()
                .unwrap_or(0),
            ..d
        })
        .collect())
}

/// Counts one view of an item's page (today's and all-time).
pub async fn record_view(pool: &PgPool, code: &ServiceCode) -> Result<(), AppError> {
    // The kept navigators' hot services are read again after this view.
    if let Ok(mut counted) = VIEWS_COUNTED.lock() {
        *counted.entry(database_of(pool)).or_default() += 1;
    }
    sqlx::query(
        "with it as (update service_search set views = views + 1
             where item_id = (select id from service_item where code = $1) returning item_id)
         insert into service_view_day (item_id, day, views) select item_id, current_date, 1 from it
         on conflict (item_id, day) do update set views = service_view_day.views + 1",
    )
    .bind(code.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// The most viewed items of the last 30 days in a region, at most `limit`.
pub async fn hot(
    pool: &PgPool,
    region: Option<RegionCode>,
    limit: u32,
) -> Result<Vec<ItemSummary>, AppError> {
    let scope = scope(pool, region).await?;
    let mut qb = QueryBuilder::new("select ");
    qb.push(SUMMARY_COLUMNS)
        .push(
            " from (select item_id, sum(views) as views from service_view_day
                    where day > current_date - 30 group by item_id) h
              join service_search s on s.item_id = h.item_id
              join service_item i on i.id = h.item_id",
        )
        .push(SUMMARY_JOINS)
        .push(" where true");
    push_scope(&mut qb, scope);
    qb.push(" order by h.views desc, i.code limit ")
        .push_bind(i64::from(limit));
    summaries(qb, pool).await
}

/// Writes an item's rows of `service_search` and `service_browse`: its
/// filters copied from `service_item`, its terms (words and browsing
/// vocabularies), its names, its views summed from `service_view_day`.
pub async fn index_item<'e>(
    db: impl sqlx::PgExecutor<'e>,
    id: i64,
    item: &super::ServiceItem,
) -> Result<(), AppError> {
    let (names, all) = item_terms(item);
    let normalised = [&item.name.zh, &item.name.en]
        .into_iter()
        .chain(&item.aliases_zh)
        .chain(&item.aliases_en)
        .map(|n| super::search::normalise(n))
        .collect::<Vec<_>>()
        .join("\n");
    sqlx::query(
        "with it as (
             select i.id, i.code, i.template_key, i.region_code, i.department_id, i.applicant,
                 i.online_depth in ('apply_online', 'fully_online') as online, i.themes, i.life_events,
                 i.special_groups, i.stages,
                 coalesce((select sum(v.views) from service_view_day v where v.item_id = i.id), 0) as views
             from service_item i where i.id = $1),
         search as (
             insert into service_search (item_id, code, region_code, department_id, applicant, online,
                 name_terms, terms, terms_version, views, template_key)
             select id, code, region_code, department_id, applicant, online,
                 array_to_tsvector($3), array_to_tsvector($4), $5, views, template_key from it
             on conflict (item_id) do update set code = excluded.code, template_key = excluded.template_key,
                 region_code = excluded.region_code, department_id = excluded.department_id,
                 applicant = excluded.applicant, online = excluded.online,
                 name_terms = excluded.name_terms, terms = excluded.terms,
                 terms_version = excluded.terms_version, views = excluded.views
             returning item_id)
         insert into service_browse (item_id, region_code, themes, life_events, special_groups, stages, names)
         select search.item_id, it.region_code, it.themes, it.life_events, it.special_groups, it.stages, $2
         from search join it on it.id = search.item_id
         on conflict (item_id) do update set region_code = excluded.region_code,
             themes = excluded.themes, life_events = excluded.life_events,
             special_groups = excluded.special_groups, stages = excluded.stages, names = excluded.names",
    )
    .bind(id)
    .bind(normalised)
    .bind(names)
    .bind(all)
    .bind(TERMS_VERSION)
    .execute(db)
    .await?;
    Ok(())
}

/// Re-computes the search terms of items indexed by an older version of the
/// rules (or never). Returns how many were updated.
pub async fn reindex_stale(pool: &PgPool) -> Result<u64, AppError> {
    let stale: Vec<(i64, String)> = sqlx::query_as(
        "select i.id, i.code from service_item i
             left join service_search s on s.item_id = i.id
             left join service_browse b on b.item_id = i.id
         where s.item_id is null or b.item_id is null or s.terms_version < $1 order by i.id",
    )
    .bind(TERMS_VERSION)
    .fetch_all(pool)
    .await?;
    let mut done = 0;
    for (id, code) in stale {
        let code = ServiceCode::parse(&code).map_err(corrupt)?;
        let Some(view) = item(pool, &code).await? else {
            continue;
        };
        index_item(pool, id, &view.item).await?;
        done += 1;
    }
    Ok(done)
}

// ---- the navigator kept in memory (issue 16) --------------------------------

/// Views of item pages counted by this server, by database: a kept
/// navigator whose hot services were read before the last one is read
/// again.
static VIEWS_COUNTED: LazyLock<Mutex<HashMap<String, u64>>> = LazyLock::new(Default::default);

/// How long a kept navigator's hot services hold when this server counted
/// no view since: views counted by another server (or a new day) show
/// within this time.
pub const HOT_FRESH: Duration = Duration::from_secs(5);

/// The catalog's version (`catalog_version`, bumped by a trigger on every
/// statement that changes items, departments, regions or the browsing
/// projection, whichever process runs it).
pub async fn catalog_version(pool: &PgPool) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select version from catalog_version where only_row")
            .fetch_one(pool)
            .await?,
    )
}

struct Kept {
    version: i64,
    views: u64,
    taken: Instant,
    data: super::NavigatorData,
}

/// The navigators kept, by database and region: the whole of what
/// `/services` shows of the catalog (the region's name, every count, the
/// departments and the hot services), computed by the same queries as
/// before and reused while the catalog's version, this server's count of
/// views and [`HOT_FRESH`] say it still holds — so the page is the same,
/// and costs one one-row read instead of five queries over the catalog.
static KEPT: LazyLock<Mutex<HashMap<(String, u32), Kept>>> = LazyLock::new(Default::default);

/// The navigator of `region`: kept, or made by `make` (and kept).
pub async fn navigator<F, Fut>(
    pool: &PgPool,
    region: RegionCode,
    make: F,
) -> Result<super::NavigatorData, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<super::NavigatorData, AppError>>,
{
    let database = database_of(pool);
    let views = VIEWS_COUNTED
        .lock()
        .map_or(0, |c| c.get(&database).copied().unwrap_or(0));
    let version = catalog_version(pool).await?;
    let key = (database, region.get());
    {
        let kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = kept
            .get(&key)
            .filter(|k| k.version == version && k.views == views && k.taken.elapsed() < HOT_FRESH)
        {
            return Ok(k.data.clone());
        }
    }
    let data = make().await?;
    // Kept under the version read before it was made: a change meanwhile
    // makes the next page read it again.
    KEPT.lock().unwrap_or_else(|e| e.into_inner()).insert(
        key,
        Kept {
            version,
            views,
            taken: Instant::now(),
            data: data.clone(),
        },
    );
    Ok(data)
}

// ---- the synonym list and the bundles kept in memory (issue 17) -------------

/// What every search reads besides the index: the synonym list and the
/// bundles (一件事), kept per database while the catalog's version holds.
struct Lexicon {
    version: i64,
    synonyms: Synonyms,
    bundles: Vec<BundleEntry>,
}

static LEXICONS: LazyLock<Mutex<HashMap<String, std::sync::Arc<Lexicon>>>> =
    LazyLock::new(Default::default);

/// The synonym list and the bundles: kept, or read again (two small
/// queries) after the catalog changed.
async fn lexicon(pool: &PgPool) -> Result<std::sync::Arc<Lexicon>, AppError> {
    let version = catalog_version(pool).await?;
    let key = database_of(pool);
    if let Some(kept) = LEXICONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .filter(|l| l.version == version)
    {
        return Ok(kept.clone());
    }
    let pairs: Vec<(String, String)> =
        sqlx::query_as("select word, canonical from search_synonym order by word")
            .fetch_all(pool)
            .await?;
    let synonyms = Synonyms::new(pairs).map_err(corrupt)?;
    let bundles = bundle_entries(pool).await?;
    let lexicon = std::sync::Arc::new(Lexicon {
        version,
        synonyms,
        bundles,
    });
    LEXICONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, lexicon.clone());
    Ok(lexicon)
}

/// A bundle's row: key, region, region's name, name, summary, life event,
/// whether its items are for enterprises, its investment stage.
type BundleRow = (
    String,
    i32,
    Bilingual,
    Bilingual,
    Bilingual,
    Option<String>,
    bool,
    Option<i16>,
);

/// Every bundle of every region, as searching sees it, in the order they
/// were stored (the catalog file's).
async fn bundle_entries(pool: &PgPool) -> Result<Vec<BundleEntry>, AppError> {
    // The bundles are the applications capability's table; searching only
    // reads their names, region and life event.
    let rows: Vec<BundleRow> = sqlx::query_as(
        "select b.key, b.region_code, row(r.name_zh, r.name_en), row(b.name_zh, b.name_en),
                    row(b.summary_zh, b.summary_en), b.life_event,
                    coalesce(bool_or(i.applicant = 'enterprise'), false), b.investment_stage
             from bundle b join region r on r.code = b.region_code
                  left join bundle_item bi on bi.bundle_id = b.id
                  left join service_item i on i.id = bi.item_id
             group by b.id, r.code order by b.id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(
            |(key, region, region_name, name, summary, event, enterprise, stage)| {
                Ok(BundleEntry {
                    key,
                    region: u32::try_from(region)
                        .ok()
                        .and_then(|r| RegionCode::from_u32(r).ok())
                        .ok_or_else(|| corrupt(region))?,
                    region_name,
                    name,
                    summary,
                    life_event: event.as_deref().and_then(LifeEvent::parse),
                    applicant: if enterprise {
                        Applicant::Enterprise
                    } else {
                        Applicant::Individual
                    },
                    investment_stage: stage.and_then(|s| u8::try_from(s).ok()),
                })
            },
        )
        .collect()
}

/// Replaces the stored synonym list with `synonyms` when they differ (a
/// change bumps the catalog's version, so only a real one is written).
pub async fn store_synonyms(pool: &PgPool, synonyms: &Synonyms) -> Result<(), AppError> {
    let stored: Vec<(String, String)> =
        sqlx::query_as("select word, canonical from search_synonym")
            .fetch_all(pool)
            .await?;
    let mut stored = stored;
    stored.sort();
    let mut wanted = synonyms.pairs().to_vec();
    wanted.sort();
    if stored == wanted {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    sqlx::query("delete from search_synonym")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into search_synonym (word, canonical) select * from unnest($1::text[], $2::text[])",
    )
    .bind(wanted.iter().map(|p| p.0.clone()).collect::<Vec<_>>())
    .bind(wanted.iter().map(|p| p.1.clone()).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
