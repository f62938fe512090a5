//! Finding items in the database: search, browse counts, page views and hot
//! services. Queries are built from the filters given, so every one has a
//! plan that uses its indexes (no `$1 is null or …` generic plans).

use super::{
    find::{Count, DepartmentCount, Facets, Find, FindResult, ItemSummary, PAGE_SIZE},
    search::{item_terms, SearchText, TERMS_VERSION},
    vocab::{Applicant, Group, LifeEvent, OnlineDepth, Stage, Theme},
    Bilingual, DeptCode, ServiceCode, WorkingDays,
};
use crate::{
    error::AppError,
    regions::{Level, RegionCode},
};
use sqlx::{PgPool, Postgres, QueryBuilder};

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

fn push_scope(qb: &mut QueryBuilder<'_, Postgres>, scope: Scope) {
    if let Scope::Region(r) = scope {
        let r = r.get() as i32;
        qb.push(" and i.region_code in (select code from region where code = ")
            .push_bind(r)
            .push(" or parent_code = ")
            .push_bind(r)
            .push(" union select parent_code from region where code = ")
            .push_bind(r)
            .push(" union select p.parent_code from region c join region p on p.code = c.parent_code where c.code = ")
            .push_bind(r)
            .push(")");
    }
}

const SUMMARY_COLUMNS: &str =
    "i.code, i.name_zh, i.name_en, d.name_zh as dept_zh, d.name_en as dept_en,
    r.name_zh as region_zh, r.name_en as region_en, i.applicant, i.online_depth, i.promised_days";

const SUMMARY_JOINS: &str = " join department d on d.id = i.department_id
    join region r on r.code = i.region_code";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    code: String,
    name_zh: String,
    name_en: String,
    dept_zh: String,
    dept_en: String,
    region_zh: String,
    region_en: String,
    applicant: String,
    online_depth: String,
    promised_days: i16,
}

fn corrupt(what: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("catalog row does not parse: {what}"))
}

impl TryFrom<SummaryRow> for ItemSummary {
    type Error = AppError;
    fn try_from(r: SummaryRow) -> Result<Self, AppError> {
        Ok(ItemSummary {
            code: ServiceCode::parse(&r.code).map_err(corrupt)?,
            name: Bilingual::new(r.name_zh, r.name_en),
            department: Bilingual::new(r.dept_zh, r.dept_en),
            region: Bilingual::new(r.region_zh, r.region_en),
            applicant: Applicant::parse(&r.applicant).ok_or_else(|| corrupt(&r.applicant))?,
            online_depth: OnlineDepth::parse(&r.online_depth)
                .ok_or_else(|| corrupt(&r.online_depth))?,
            promised_days: u16::try_from(r.promised_days)
                .ok()
                .and_then(|d| WorkingDays::new(d).ok())
                .ok_or_else(|| corrupt(r.promised_days))?,
        })
    }
}

/// The `where` clause for every filter but the region's.
fn push_filters(qb: &mut QueryBuilder<'_, Postgres>, find: &Find) {
    if let Some(q) = &find.q {
        qb.push(" and i.search_terms @> ")
            .push_bind(q.terms().to_vec());
    }
    if let Some(d) = &find.department {
        qb.push(" and d.code = ")
            .push_bind(d.code.as_str().to_string());
        if let Some(r) = d.region {
            qb.push(" and d.region_code = ").push_bind(r.get() as i32);
        }
    }
    let mut has = |column: &str, code: Option<&'static str>| {
        if let Some(code) = code {
            qb.push(format_args!(" and i.{column} @> array["))
                .push_bind(code)
                .push("]::text[]");
        }
    };
    has("themes", find.theme.map(Theme::code));
    has("life_events", find.life_event.map(LifeEvent::code));
    has("special_groups", find.group.map(Group::code));
    has("stages", find.stage.map(Stage::code));
    if let Some(t) = find.target {
        qb.push(" and i.applicant in (")
            .push_bind(t.applicant().code())
            .push(", 'both')");
    }
    if find.online {
        qb.push(" and i.online_depth in ('apply_online', 'fully_online')");
    }
}

/// One page of the items matching `find`, best first: with a search, items
/// whose names contain the words as typed, then those whose names or aliases
/// have all the words, then those matching only in conditions or materials;
/// within each, the most viewed first; then by code.
pub async fn find(pool: &PgPool, find: &Find) -> Result<FindResult, AppError> {
    let scope = scope(pool, find.region).await?;
    // Ranked in two steps: the matches as narrow rows (id, rank, code), then
    // the page's 20 joined with what a result shows.
    let mut qb = QueryBuilder::new("with m as materialized (select i.id, i.code, i.views, ");
    match &find.q {
        Some(q) => {
            // The words as typed, inside a name; then all the words in the
            // names or aliases; then the rest.
            let text = super::search::normalise(q.as_str());
            qb.push("case when strpos(lower(i.name_zh), ")
                .push_bind(text.clone())
                .push(") > 0 or strpos(lower(i.name_en), ")
                .push_bind(text)
                .push(") > 0 then 0 when i.id in (select id from service_item where name_terms @> ")
                .push_bind(q.terms().to_vec())
                .push(") then 1 else 2 end as tier");
        }
        None => {
            qb.push("0 as tier");
        }
    }
    qb.push(" from service_item i join department d on d.id = i.department_id where true");
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    qb.push(") select ")
        .push(SUMMARY_COLUMNS)
        .push(", (select count(*) from m) as total from (select * from m order by tier, views desc, code limit ")
        .push_bind(PAGE_SIZE as i64)
        .push(" offset ")
        .push_bind(find.offset() as i64)
        .push(") top join service_item i on i.id = top.id")
        .push(SUMMARY_JOINS)
        .push(" order by top.tier, top.views desc, top.code");

    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        total: i64,
    }
    let rows: Vec<Row> = if find.q.is_some() {
        // The words' GIN index answers without reading the (large, TOASTed)
        // term arrays; a sequential scan would read every one of them, which
        // the planner does not count. So searches never scan sequentially.
        let mut tx = pool.begin().await?;
        sqlx::query("set local enable_seqscan = off")
            .execute(&mut *tx)
            .await?;
        let rows = qb.build_query_as().fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows
    } else {
        qb.build_query_as().fetch_all(pool).await?
    };
    let total = match rows.first() {
        Some(r) => r.total as u64,
        None if find.page > 1 => count(pool, scope, find).await?,
        None => 0,
    };
    Ok(FindResult {
        items: rows
            .into_iter()
            .map(|r| ItemSummary::try_from(r.summary))
            .collect::<Result<_, _>>()?,
        total,
        page: find.page,
        page_size: PAGE_SIZE,
    })
}

async fn count(pool: &PgPool, scope: Scope, find: &Find) -> Result<u64, AppError> {
    let mut qb = QueryBuilder::new(
        "select count(*) from service_item i join department d on d.id = i.department_id where true",
    );
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    let n: i64 = qb.build_query_scalar().fetch_one(pool).await?;
    Ok(n as u64)
}

/// Up to `limit` items whose names or aliases match, most viewed first:
/// suggestions while typing.
pub async fn suggest(
    pool: &PgPool,
    q: &SearchText,
    region: Option<RegionCode>,
    limit: u32,
) -> Result<Vec<ItemSummary>, AppError> {
    let scope = scope(pool, region).await?;
    let mut qb = QueryBuilder::new("select ");
    qb.push(SUMMARY_COLUMNS)
        .push(" from service_item i")
        .push(SUMMARY_JOINS)
        .push(" where i.search_terms @> ")
        .push_bind(q.terms().to_vec())
        .push(" and i.name_terms @> ")
        .push_bind(q.terms().to_vec());
    push_scope(&mut qb, scope);
    qb.push(" order by i.views desc, i.code limit ")
        .push_bind(i64::from(limit));
    let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter().map(ItemSummary::try_from).collect()
}

/// Every way into the catalog for a region, with counts.
pub async fn facets(pool: &PgPool, region: Option<RegionCode>) -> Result<Facets, AppError> {
    let scope = scope(pool, region).await?;
    let mut qb = QueryBuilder::new(
        "with scoped as (select i.themes, i.life_events, i.special_groups, i.stages from service_item i where true",
    );
    push_scope(&mut qb, scope);
    qb.push(
        ") select 'theme' as kind, v as code, count(*) as n from scoped, unnest(themes) v group by v
         union all select 'life_event', v, count(*) from scoped, unnest(life_events) v group by v
         union all select 'group', v, count(*) from scoped, unnest(special_groups) v group by v
         union all select 'stage', v, count(*) from scoped, unnest(stages) v group by v
         union all select 'total', '', count(*) from scoped",
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
        "select d.region_code, d.code, d.name_zh, d.name_en, count(*) as n
         from department d join service_item i on i.department_id = d.id where true",
    );
    if let Some(r) = region {
        let r = r.get() as i32;
        qb.push(" and d.region_code in (select code from region where code = ")
            .push_bind(r)
            .push(" union select parent_code from region where code = ")
            .push_bind(r)
            .push(" union select p.parent_code from region c join region p on p.code = c.parent_code where c.code = ")
            .push_bind(r)
            .push(")");
    }
    qb.push(" group by d.id order by d.region_code, d.code");
    let rows: Vec<(i32, String, String, String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|(region, code, zh, en, n)| {
            Ok(DepartmentCount {
                region: u32::try_from(region)
                    .ok()
                    .and_then(|r| RegionCode::from_u32(r).ok())
                    .ok_or_else(|| corrupt(region))?,
                code: DeptCode::parse(&code).map_err(corrupt)?,
                name: Bilingual::new(zh, en),
                count: n as u32,
            })
        })
        .collect()
}

/// Counts one view of an item's page (today's and all-time).
pub async fn record_view(pool: &PgPool, code: &ServiceCode) -> Result<(), AppError> {
    sqlx::query(
        "with it as (update service_item set views = views + 1 where code = $1 returning id)
         insert into service_view_day (item_id, day, views) select id, current_date, 1 from it
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
              join service_item i on i.id = h.item_id",
        )
        .push(SUMMARY_JOINS)
        .push(" where true");
    push_scope(&mut qb, scope);
    qb.push(" order by h.views desc, i.code limit ")
        .push_bind(i64::from(limit));
    let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter().map(ItemSummary::try_from).collect()
}

/// Re-computes the search terms of items indexed by an older version of the
/// rules (or never). Returns how many were updated.
pub async fn reindex_stale(pool: &PgPool) -> Result<u64, AppError> {
    let stale: Vec<String> =
        sqlx::query_scalar("select code from service_item where terms_version < $1 order by id")
            .bind(TERMS_VERSION)
            .fetch_all(pool)
            .await?;
    let mut done = 0;
    for code in stale {
        let code = ServiceCode::parse(&code).map_err(corrupt)?;
        let Some(view) = super::queries::item(pool, &code).await? else {
            continue;
        };
        let (names, all) = item_terms(&view.item);
        sqlx::query(
            "update service_item set name_terms = $2, search_terms = $3, terms_version = $4 where code = $1",
        )
        .bind(code.to_string())
        .bind(names)
        .bind(all)
        .bind(TERMS_VERSION)
        .execute(pool)
        .await?;
        done += 1;
    }
    Ok(done)
}
