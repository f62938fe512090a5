//! The letters' figures and the overdue list in PostgreSQL: the figures sum
//! the rollup `letter_stat_month` (a few thousand rows whatever the number
//! of letters); the overdue list reads the letters under way past a cut-off
//! day through their partial index.

use super::stats::{
    listed_cutoff, LetterFigures, LetterStatLine, LetterStats, OverdueLetter, OverduePage,
    StatsQuery, LISTED_AFTER, OVERDUE_PAGE_SIZE,
};
use crate::{
    catalog::Bilingual,
    clock::{format_date, Calendar},
    error::AppError,
};
use sqlx::PgPool;
use time::Date;

/// The sums of the rollup's figures, as selected by every query here.
const SUMS: &str = "coalesce(sum(s.received), 0)::bigint as received,
     coalesce(sum(s.replied), 0)::bigint as replied,
     coalesce(sum(s.replied_on_time), 0)::bigint as replied_on_time,
     coalesce(sum(s.followed_up), 0)::bigint as followed_up,
     coalesce(sum(s.satisfied), 0)::bigint as satisfied,
     coalesce(sum(s.reopened), 0)::bigint as reopened";

/// The rollup's rows (`s`, with its region `r`) of the region $1 and below,
/// in year $2 (or all), of department $3 (or all). Queries with it are not
/// kept prepared (`persistent(false)`): PostgreSQL's generic plan for these
/// "is null or" conditions guesses one row and loops over the regions for
/// each of the rollup's rows (100 ms at a million letters instead of 3).
const WITHIN: &str = "from letter_stat_month s join region r on r.code = s.region_code
     where ($1 = 440000 or r.code = $1 or r.parent_code = $1)
       and ($2::integer is null or s.month >= make_date($2, 1, 1) and s.month < make_date($2 + 1, 1, 1))
       and ($3::bigint is null or s.department_id = $3)";

/// The sums' columns of a `per` subquery made with [`SUMS`].
const COLUMNS: &str = "per.received, per.replied, per.replied_on_time, per.followed_up,
     per.satisfied, per.reopened";

type Sums = (i64, i64, i64, i64, i64, i64);
type Line = (i64, Bilingual, i64, i64, i64, i64, i64, i64);

fn figures(
    (received, replied, replied_on_time, followed_up, satisfied, reopened): Sums,
) -> LetterFigures {
    LetterFigures {
        received,
        replied,
        replied_on_time,
        followed_up,
        satisfied,
        reopened,
    }
}

async fn region_name(pool: &PgPool, code: u32) -> Result<(Bilingual, String), AppError> {
    let row: Option<(Bilingual, String)> =
        sqlx::query_as("select row(name_zh, name_en), level from region where code = $1")
            .bind(code as i32)
            .fetch_optional(pool)
            .await?;
    row.ok_or(AppError::NotFound)
}

/// The figures of `q`'s region (and below), optionally of one department and
/// one year; an unknown region or department is `NotFound`.
pub async fn stats(pool: &PgPool, q: &StatsQuery) -> Result<LetterStats, AppError> {
    let (region, level) = region_name(pool, q.region).await?;
    let department = match q.department {
        None => None,
        Some(id) => {
            let name: Option<Bilingual> =
                sqlx::query_scalar("select row(name_zh, name_en) from department where id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            Some((id, name.ok_or(AppError::NotFound)?))
        }
    };
    let total: Sums = sqlx::query_as(&format!("select {SUMS} {WITHIN}"))
        .persistent(false)
        .bind(q.region as i32)
        .bind(q.year)
        .bind(q.department)
        .fetch_one(pool)
        .await?;
    let lines = |rows: Vec<Line>| {
        rows.into_iter()
            .map(|(id, name, a, b, c, d, e, f)| LetterStatLine {
                id,
                name,
                figures: figures((a, b, c, d, e, f)),
            })
            .collect::<Vec<_>>()
    };
    let departments = lines(
        sqlx::query_as(&format!(
            "with per as (
                 select s.department_id as id, {SUMS} {WITHIN} and s.department_id is not null
                 group by 1
             )
             select per.id, row(d.name_zh, d.name_en), {COLUMNS}
             from per join department d on d.id = per.id
             order by per.received desc, d.name_zh"
        ))
        .persistent(false)
        .bind(q.region as i32)
        .bind(q.year)
        .bind(q.department)
        .fetch_all(pool)
        .await?,
    );
    // The regions just below: a province's cities (with their counties), a
    // city's counties; a county has none.
    let child = match level.as_str() {
        "province" => "case when r.level = 'county' then r.parent_code else r.code end",
        "city" => "r.code",
        _ => "null::integer",
    };
    let regions = lines(
        sqlx::query_as(&format!(
            "with per as (
                 select {child} as code, {SUMS} {WITHIN} group by 1
             )
             select c.code::bigint, row(c.name_zh, c.name_en), {COLUMNS}
             from per join region c on c.code = per.code
             where c.code <> $1
             order by per.received desc, c.code"
        ))
        .persistent(false)
        .bind(q.region as i32)
        .bind(q.year)
        .bind(q.department)
        .fetch_all(pool)
        .await?,
    );
    Ok(LetterStats {
        region_code: q.region,
        region,
        department: department.map(|(id, name)| LetterStatLine {
            id,
            name,
            figures: figures(total),
        }),
        year: q.year,
        total: figures(total),
        departments,
        regions,
    })
}

/// The letters of `region` (and below) more than [`LISTED_AFTER`] working
/// days past their deadline on `today`, longest overdue first: page `page`
/// (1-based; the caller bounds it).
pub async fn overdue(
    pool: &PgPool,
    cal: &Calendar,
    today: Date,
    region: u32,
    page: u32,
) -> Result<OverduePage, AppError> {
    region_name(pool, region).await?;
    // The region and the regions directly under it (a city's counties), read
    // first so that both queries below stay on the deadline indexes.
    let codes: Vec<i32> =
        sqlx::query_scalar("select code from region where code = $1 or parent_code = $1")
            .bind(region as i32)
            .fetch_all(pool)
            .await?;
    let cut = listed_cutoff(cal, today, LISTED_AFTER);
    let offset = i64::from(page.saturating_sub(1)) * i64::from(OVERDUE_PAGE_SIZE);
    type Row = (
        String,
        String,
        Bilingual,
        Bilingual,
        Date,
        Date,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select l.letter_no, l.kind, row(d.name_zh, d.name_en), row(r.name_zh, r.name_en),
                l.received_on, l.due_on, case when l.public then l.subject end
         from letter l join department d on d.id = l.department_id
              join region r on r.code = l.region_code
         where l.state in ('dispatched', 'handling') and l.due_on <= $2
           and ($1 = 440000 or l.region_code = any($5))
         order by l.due_on, l.id limit $3 offset $4",
    )
    .persistent(false)
    .bind(region as i32)
    .bind(cut)
    .bind(i64::from(OVERDUE_PAGE_SIZE))
    .bind(offset)
    .bind(&codes)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "select count(*) from letter l
         where l.state in ('dispatched', 'handling') and l.due_on <= $2
           and ($1 = 440000 or l.region_code = any($3))",
    )
    .persistent(false)
    .bind(region as i32)
    .bind(cut)
    .bind(&codes)
    .fetch_one(pool)
    .await?;
    let letters = rows
        .into_iter()
        .map(
            |(letter_no, kind, department, region, received_on, due_on, subject)| OverdueLetter {
                letter_no,
                kind,
                department,
                region,
                received_on: format_date(received_on),
                overdue_days: cal.working_days_between(due_on, today, &[]),
                due_on: format_date(due_on),
                subject,
            },
        )
        .collect();
    Ok(OverduePage {
        region_code: region,
        letters,
        total,
        page,
        page_size: OVERDUE_PAGE_SIZE,
        due_on_or_before: format_date(cut),
    })
}
