//! Finding items in the database: search, browse counts, page views and hot
//! services, over `service_search` (alias `s`), the narrow projection of each
//! item kept beside it that every match is read for, and `service_browse`
//! (alias `b`: names and vocabularies, read for name matches and the
//! navigator's counts); the wide `service_item` (alias `i`) is read only for
//! the page of results shown. Queries are built from the filters given, so
//! every one has a plan that uses its indexes (no `$1 is null or …` generic
//! plans).

use super::{
    find::{Count, DepartmentCount, Facets, Find, FindResult, ItemSummary, PAGE_SIZE},
    queries::{corrupt, working_days},
    search::{all_of, facet_term, item_terms, FacetKind, SearchText, TERMS_VERSION},
    vocab::{Applicant, Group, LifeEvent, OnlineDepth, Stage, Theme},
    Bilingual, DeptCode, ServiceCode,
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
            promised_days: working_days(r.promised_days)?,
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
    let words = find.q.iter().filter(|_| words).flat_map(|q| q.terms());
    let required = all_of(words.chain(&facets).map(String::as_str));
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

/// One page of the items matching `find`, best first: with a search, items
/// whose names contain the words as typed, then those whose names or aliases
/// have all the words, then those matching only in conditions or materials;
/// within each, the most viewed first; then by code.
pub async fn find(pool: &PgPool, find: &Find) -> Result<FindResult, AppError> {
    let scope = scope(pool, find.region).await?;
    let ids = match &find.q {
        None => browse(pool, scope, find).await?,
        Some(q) => search(pool, scope, find, q).await?,
    };
    let (ids, total) = match ids {
        Page::Counted(ids, total) => (ids, total),
        Page::Uncounted(ids) => (ids, count(pool, scope, find).await?),
    };
    Ok(FindResult {
        items: page_items(pool, &ids).await?,
        total,
        page: find.page,
        page_size: PAGE_SIZE,
    })
}

/// A page of item ids, best first, with the total when it came with them.
enum Page {
    Counted(Vec<i64>, u64),
    Uncounted(Vec<i64>),
}

/// Browsing (no words): every item in scope and filters, most viewed first.
async fn browse(pool: &PgPool, scope: Scope, find: &Find) -> Result<Page, AppError> {
    let mut qb = QueryBuilder::new("select s.item_id, count(*) over () as total");
    push_from(&mut qb, find);
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    qb.push(" order by s.views desc, s.code limit ")
        .push_bind(PAGE_SIZE as i64)
        .push(" offset ")
        .push_bind(find.offset() as i64);
    let rows: Vec<(i64, i64)> = qb.build_query_as().fetch_all(pool).await?;
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
        let ids = ranked
            .into_iter()
            .skip((find.offset() as usize).min(name_count as usize))
            .take(PAGE_SIZE as usize)
            .collect();
        return Ok(Page::Counted(ids, total));
    }
    let ids = ranked
        .into_iter()
        .skip(find.offset() as usize)
        .take(PAGE_SIZE as usize)
        .collect();
    Ok(Page::Counted(ids, total))
}

/// The normalised text as typed, when the words are more than the one term
/// it is (then a name may have every term without the words as typed).
fn as_typed(q: &SearchText) -> Option<String> {
    let text = super::search::normalise(q.as_str());
    (q.terms() != std::slice::from_ref(&text)).then_some(text)
}

/// The first `want` items whose names or aliases have all the words, in
/// scope and filters, ranked (the words as typed first, then views, then
/// code); and how many there are.
async fn name_matches(
    pool: &PgPool,
    scope: Scope,
    find: &Find,
    q: &SearchText,
    want: usize,
) -> Result<(Vec<i64>, u64), AppError> {
    let mut qb = QueryBuilder::new("select s.item_id, count(*) over () as n");
    push_from(&mut qb, find);
    qb.push(" and s.name_terms @@ ")
        .push_bind(q.tsquery())
        .push("::tsquery");
    push_scope(&mut qb, scope);
    // A name with the words has them in its terms too: only the browsing
    // filters are asked of the (large) term vector.
    push_filters_but_words(&mut qb, find);
    qb.push(" order by ");
    if let Some(text) = as_typed(q) {
        qb.push("(select strpos(b.names, ")
            .push_bind(text)
            .push(") = 0 from service_browse b where b.item_id = s.item_id), ");
    }
    qb.push("s.views desc, s.code limit ")
        .push_bind(want as i64);
    let rows: Vec<(i64, i64)> = qb.build_query_as().fetch_all(pool).await?;
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
) -> Result<Vec<i64>, AppError> {
    let mut qb = QueryBuilder::new("select s.item_id");
    push_from(&mut qb, find);
    push_scope(&mut qb, scope);
    push_filters(&mut qb, find);
    qb.push(" and s.item_id not in (select item_id from service_search where name_terms @@ ")
        .push_bind(q.tsquery())
        .push("::tsquery) order by s.views desc, s.code limit ")
        .push_bind(need as i64)
        .push(" offset ")
        .push_bind(skip as i64);
    Ok(qb.build_query_scalar().fetch_all(pool).await?)
}

/// The shown part of each item of a page, in the page's order.
async fn page_items(pool: &PgPool, ids: &[i64]) -> Result<Vec<ItemSummary>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new("select ");
    qb.push(SUMMARY_COLUMNS)
        .push(" from unnest(")
        .push_bind(ids.to_vec())
        .push("::int8[]) with ordinality as page(id, ord) join service_item i on i.id = page.id")
        .push(SUMMARY_JOINS)
        .push(" order by page.ord");
    summaries(qb, pool).await
}

async fn count(pool: &PgPool, scope: Scope, find: &Find) -> Result<u64, AppError> {
    let mut qb = QueryBuilder::new("select count(*)");
    push_from(&mut qb, find);
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
        .push(" from service_search s join service_item i on i.id = s.item_id")
        .push(SUMMARY_JOINS)
        .push(" where s.name_terms @@ ")
        .push_bind(q.tsquery())
        .push("::tsquery");
    push_scope(&mut qb, scope);
    qb.push(" order by s.views desc, s.code limit ")
        .push_bind(i64::from(limit));
    summaries(qb, pool).await
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
        "with scoped as (select b.themes, b.life_events, b.special_groups, b.stages from service_browse b where true",
    );
    if let Scope::Region(r) = scope {
        push_regions(&mut qb, "b.region_code", r, true);
    }
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
        push_regions(&mut qb, "d.region_code", r, false);
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
             select i.id, i.code, i.region_code, i.department_id, i.applicant,
                 i.online_depth in ('apply_online', 'fully_online') as online, i.themes, i.life_events,
                 i.special_groups, i.stages,
                 coalesce((select sum(v.views) from service_view_day v where v.item_id = i.id), 0) as views
             from service_item i where i.id = $1),
         search as (
             insert into service_search (item_id, code, region_code, department_id, applicant, online,
                 name_terms, terms, terms_version, views)
             select id, code, region_code, department_id, applicant, online,
                 array_to_tsvector($3), array_to_tsvector($4), $5, views from it
             on conflict (item_id) do update set code = excluded.code,
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
        let Some(view) = super::queries::item(pool, &code).await? else {
            continue;
        };
        index_item(pool, id, &view.item).await?;
        done += 1;
    }
    Ok(done)
}
