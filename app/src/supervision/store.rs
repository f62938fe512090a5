//! All of supervision's SQL. Keeping the rollups up to date: the workflow,
//! ratings and applications stores call these inside their own
//! transactions, so a statistic never disagrees with the record it comes
//! from. And reading them:
//! statistics read from the rollups (`stat_post_month`,
//! `stat_department_month`) and the catalog: the province's 21 cities, a
//! city's departments, a department's posts, a post's months; and the
//! alerts of a supervisor's region, read from the steps under way. For the
//! deadline monitor: the steps it watches, and raising an alert once.

use super::{
    alert, counts, month_of,
    rollup::{PostCounts, Rollup},
    step_share,
    views::{
        add_record, rank, AlertLine, AlertsView, Crumb, Figures, Level, MonthPoint, Online,
        StatLine, StatsView, ALERT_LINES, WINDOW_MONTHS,
    },
    Alert, Record,
};
use crate::{
    clock::{format_date, Calendar, Pause},
    error::AppError,
    i18n::{Bilingual, Msg},
    ratings::Tally,
    workflow::engine::{Task, TaskState},
};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;
use time::{Date, Month};

/// Adds `r` to the rollups (upserts in key order). Additions that take
/// something out (a voided rating) update the existing rows: a new row
/// may not start below zero.
pub async fn write(conn: &mut PgConnection, r: &Rollup) -> Result<(), AppError> {
    let (ups, downs): (Vec<_>, Vec<_>) = r.posts.iter().partition(|(_, c)| {
        [
            c.finished,
            c.on_time,
            c.used_days,
            c.promised_days,
            c.supplemented,
        ]
        .into_iter()
        .chain(c.stars)
        .all(|v| v >= 0)
    });
    write_posts(conn, &ups, false).await?;
    write_posts(conn, &downs, true).await?;
    if !r.departments.is_empty() {
        let (mut month, mut department, mut cases, mut online) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for ((m, d), c) in &r.departments {
            month.push(*m);
            department.push(*d);
            cases.push(c.cases);
            online.push(c.online_cases);
        }
        sqlx::query(
            "insert into stat_department_month as s (month, department_id, cases, online_cases)
             select * from unnest($1::date[], $2::int8[], $3::int8[], $4::int8[])
             on conflict (month, department_id) do update set
                 cases = s.cases + excluded.cases,
                 online_cases = s.online_cases + excluded.online_cases",
        )
        .bind(month)
        .bind(department)
        .bind(cases)
        .bind(online)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

type PostEntry<'a> = (&'a (Date, i64), &'a PostCounts);

async fn write_posts(
    conn: &mut PgConnection,
    entries: &[PostEntry<'_>],
    existing: bool,
) -> Result<(), AppError> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut month = Vec::with_capacity(entries.len());
    let mut post = Vec::with_capacity(entries.len());
    let mut cols: [Vec<i64>; 10] = Default::default();
    for ((m, p), c) in entries {
        month.push(*m);
        post.push(*p);
        let values = [
            c.finished,
            c.on_time,
            c.used_days,
            c.promised_days,
            c.supplemented,
            c.stars[0],
            c.stars[1],
            c.stars[2],
            c.stars[3],
            c.stars[4],
        ];
        for (col, v) in cols.iter_mut().zip(values) {
            col.push(v);
        }
    }
    const VALUES: &str = "unnest($1::date[], $2::int8[], $3::int8[], $4::int8[], $5::int8[],
             $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[])
         as v(month, post, finished, on_time, used, promised, supplemented, s1, s2, s3, s4, s5)";
    const ADD: &str = "finished = s.finished + {v}finished,
             on_time = s.on_time + {v}on_time,
             used_days = s.used_days + {v}used,
             promised_days = s.promised_days + {v}promised,
             supplemented = s.supplemented + {v}supplemented,
             stars_1 = s.stars_1 + {v}s1,
             stars_2 = s.stars_2 + {v}s2,
             stars_3 = s.stars_3 + {v}s3,
             stars_4 = s.stars_4 + {v}s4,
             stars_5 = s.stars_5 + {v}s5";
    let sql = if existing {
        format!(
            "update stat_post_month s set {} from {VALUES}
             where s.month = v.month and s.post_id = v.post",
            ADD.replace("{v}", "v.")
        )
    } else {
        format!(
            "insert into stat_post_month as s (month, post_id, unit_id, department_id, finished,
                 on_time, used_days, promised_days, supplemented, stars_1, stars_2, stars_3,
                 stars_4, stars_5)
             select v.month, v.post, p.unit_id, u.department_id, v.finished, v.on_time, v.used,
                    v.promised, v.supplemented, v.s1, v.s2, v.s3, v.s4, v.s5
             from {VALUES}
             join department_post p on p.id = v.post
             join department_unit u on u.id = p.unit_id
             order by v.month, v.post
             on conflict (month, post_id) do update set {}",
            ADD.replace("{v}finished", "excluded.finished")
                .replace("{v}on_time", "excluded.on_time")
                .replace("{v}used", "excluded.used_days")
                .replace("{v}promised", "excluded.promised_days")
                .replace("{v}supplemented", "excluded.supplemented")
                .replace("{v}s1", "excluded.stars_1")
                .replace("{v}s2", "excluded.stars_2")
                .replace("{v}s3", "excluded.stars_3")
                .replace("{v}s4", "excluded.stars_4")
                .replace("{v}s5", "excluded.stars_5")
        )
    };
    let [finished, on_time, used, promised, supplemented, s1, s2, s3, s4, s5] = cols;
    let done = sqlx::query(&sql)
        .bind(month)
        .bind(post)
        .bind(finished)
        .bind(on_time)
        .bind(used)
        .bind(promised)
        .bind(supplemented)
        .bind(s1)
        .bind(s2)
        .bind(s3)
        .bind(s4)
        .bind(s5)
        .execute(&mut *conn)
        .await?;
    if existing && done.rows_affected() != entries.len() as u64 {
        return Err(AppError::internal(
            "taking out of a statistics month that has nothing to take",
        ));
    }
    Ok(())
}

/// Adds the steps that `after` finishes (done or rejected, not before) on
/// `today` to their posts' records. `before` and `after` are the case's
/// tasks before and after the change, in the same order.
pub async fn steps_finished(
    conn: &mut PgConnection,
    cal: &Calendar,
    before: &[Task],
    after: &[Task],
    pauses: &[Pause],
    today: Date,
) -> Result<(), AppError> {
    let finished: Vec<&Task> = before
        .iter()
        .zip(after)
        .filter(|(old, new)| counts(new.kind) && is_finished(new.state) && !is_finished(old.state))
        .map(|(_, new)| new)
        .collect();
    if finished.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = finished.iter().map(|t| t.id).collect();
    let asked: Vec<i64> = sqlx::query_scalar(
        "select distinct task_id from supplement_request where task_id = any($1)",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut r = Rollup::default();
    for t in finished {
        let started = t.started_on.unwrap_or(today);
        let due = t.due_on.unwrap_or(today);
        let share = step_share(
            cal,
            started,
            due,
            t.limit_days,
            today,
            pauses,
            asked.contains(&t.id),
        );
        r.step(today, t.post_id, share);
    }
    write(conn, &r).await
}

fn is_finished(state: TaskState) -> bool {
    matches!(state, TaskState::Done | TaskState::Rejected)
}

/// Adds a rating of the step `task_id` (or takes a voided one out again).
pub async fn rating(
    conn: &mut PgConnection,
    task_id: i64,
    stars: u8,
    rated_on: Date,
    voided: bool,
) -> Result<(), AppError> {
    let post: i64 = sqlx::query_scalar("select post_id from case_task where id = $1")
        .bind(task_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut r = Rollup::default();
    r.rating(rated_on, post, stars, voided);
    write(conn, &r).await
}

/// Adds a case taken in on `day` to the months of its parts' departments.
pub async fn case_taken_in(
    conn: &mut PgConnection,
    case_id: i64,
    day: Date,
) -> Result<(), AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select distinct p.department_id, c.channel
         from case_part p join case_file c on c.id = p.case_id
         where p.case_id = $1",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut r = Rollup::default();
    for (department, channel) in rows {
        r.case(day, department, channel == "online");
    }
    write(conn, &r).await
}

/// The closed pauses (answered supplement notices, joint inspections) of
/// `cases`: the working days that do not count towards their steps'
/// deadlines.
pub async fn pauses_of(pool: &PgPool, cases: &[i64]) -> Result<HashMap<i64, Vec<Pause>>, AppError> {
    let rows: Vec<(i64, Date, Date)> = sqlx::query_as(
        "select case_id, issued_on, answered_on from supplement_notice
         where case_id = any($1) and answered_on is not null
         union all
         select case_id, organised_on, on_date from joint_inspection where case_id = any($1)",
    )
    .bind(cases)
    .fetch_all(pool)
    .await?;
    let mut by_case: HashMap<i64, Vec<Pause>> = HashMap::new();
    for (case, from, to) in rows {
        by_case.entry(case).or_default().push(Pause { from, to });
    }
    Ok(by_case)
}

// ---- the deadline monitor's alerts ----

/// A step under way with a deadline, as the deadline monitor watches it:
/// where it sits, who took it, and what its messages name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WatchedStep {
    pub task_id: i64,
    pub case_id: i64,
    pub due_on: Date,
    /// The clerk who took the step (none while it is only ready).
    pub handler: Option<i64>,
    pub post_id: i64,
    pub unit_id: i64,
    pub department_id: i64,
    pub name: Bilingual,
    pub case_no: String,
    pub query_code: String,
    pub applicant_id: i64,
    pub department: Bilingual,
}

/// The steps under way with a deadline, soonest due first, but for those
/// whose red alert for that deadline is raised already (they need nothing
/// more).
pub async fn watched_steps(pool: &PgPool) -> Result<Vec<WatchedStep>, AppError> {
    Ok(sqlx::query_as(
        "select t.id as task_id, t.case_id, t.due_on,
                case when t.state = 'claimed' then t.claimed_by end as handler,
                t.post_id, t.unit_id, t.department_id, row(t.name_zh, t.name_en) as name,
                c.case_no, c.query_code, c.applicant_id, row(d.name_zh, d.name_en) as department
         from case_task t
         join case_file c on c.id = t.case_id
         join department d on d.id = t.department_id
         where t.state in ('ready', 'claimed') and t.due_on is not null
           and not exists (select 1 from step_alert a
                           where a.task_id = t.id and a.level = 'red' and a.due_on = t.due_on)
         order by t.due_on, t.id",
    )
    .fetch_all(pool)
    .await?)
}

/// Records alert `level` of `step` for its current deadline, raised on
/// `today`, in the caller's transaction; `None` when it was raised before
/// (by this or another server: one alert per step, level and deadline).
pub async fn raise_alert(
    conn: &mut PgConnection,
    step: &WatchedStep,
    level: Alert,
    today: Date,
) -> Result<Option<i64>, AppError> {
    let level = match level {
        Alert::Yellow => "yellow",
        Alert::Red => "red",
    };
    Ok(sqlx::query_scalar(
        "insert into step_alert (task_id, level, due_on, raised_on) values ($1, $2, $3, $4)
         on conflict (task_id, level, due_on) do nothing returning id",
    )
    .bind(step.task_id)
    .bind(level)
    .bind(step.due_on)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await?)
}

// ---- statistics read from the rollups ----

pub use crate::regions::PROVINCE;

/// The first and the last month of the window ending in `today`'s month.
pub fn window(today: Date) -> (Date, Date) {
    let to = month_of(today);
    let mut from = to;
    for _ in 1..WINDOW_MONTHS {
        from = previous_month(from);
    }
    (from, to)
}

fn previous_month(first: Date) -> Date {
    let (y, m) = match first.month() {
        Month::January => (first.year() - 1, Month::December),
        m => (first.year(), m.previous()),
    };
    Date::from_calendar_date(y, m, 1).unwrap_or(first)
}

fn next_month(first: Date) -> Date {
    let (y, m) = match first.month() {
        Month::December => (first.year() + 1, Month::January),
        m => (first.year(), m.next()),
    };
    Date::from_calendar_date(y, m, 1).unwrap_or(first)
}

/// "2026-11".
pub fn month_label(first: Date) -> String {
    format!("{:04}-{:02}", first.year(), first.month() as u8)
}

type Sums = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

const SUMS: &str = "coalesce(sum(finished), 0)::int8, coalesce(sum(on_time), 0)::int8,
    coalesce(sum(used_days), 0)::int8, coalesce(sum(promised_days), 0)::int8,
    coalesce(sum(supplemented), 0)::int8, coalesce(sum(stars_1), 0)::int8,
    coalesce(sum(stars_2), 0)::int8, coalesce(sum(stars_3), 0)::int8,
    coalesce(sum(stars_4), 0)::int8, coalesce(sum(stars_5), 0)::int8";

fn record(s: Sums) -> Record {
    let n = |v: i64| v.max(0) as u64;
    Record {
        finished: n(s.0),
        on_time: n(s.1),
        used_days: n(s.2),
        promised_days: n(s.3),
        // A post's record counts the steps it finished and those of them
        // that asked for supplements.
        cases: n(s.0),
        supplemented: n(s.4),
        ratings: Tally {
            counts: [n(s.5), n(s.6), n(s.7), n(s.8), n(s.9)],
        },
        overdue_open: 0,
    }
}

/// A department with where it is.
struct Department {
    id: i64,
    name: Bilingual,
    region: Bilingual,
    /// Its city, or the province for the province's own departments.
    city: u32,
}

/// Everything the province, city and department-list views need.
struct Base {
    from: Date,
    to: Date,
    departments: Vec<Department>,
    records: HashMap<i64, Record>,
    online: HashMap<i64, Online>,
}

async fn base(pool: &PgPool, today: Date) -> Result<Base, AppError> {
    let (from, to) = window(today);
    let departments = sqlx::query_as::<_, (i64, Bilingual, Bilingual, i32)>(
        "select d.id, row(d.name_zh, d.name_en), row(r.name_zh, r.name_en),
                case when r.level = 'county' then r.parent_code else r.code end
         from department d join region r on r.code = d.region_code
         order by d.region_code, d.id",
    )
    .fetch_all(pool);
    let records_sql = format!(
        "select department_id, {SUMS} from stat_post_month
         where month between $1 and $2 group by department_id"
    );
    let records =
        sqlx::query_as::<_, (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)>(&records_sql)
            .bind(from)
            .bind(to)
            .fetch_all(pool);
    let cases = sqlx::query_as::<_, (i64, i64, i64)>(
        "select department_id, sum(cases)::int8, sum(online_cases)::int8
         from stat_department_month where month between $1 and $2 group by department_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool);
    let items = sqlx::query_as::<_, (i64, i32, i32, i32, i32)>(
        "select department_id, licensing_items, licensing_online, public_items, public_online
         from stat_department_items",
    )
    .fetch_all(pool);
    // Steps under way past their deadline today (the partial index of
    // open steps by deadline): they count against the on-time rate.
    let overdue = sqlx::query_as::<_, (i64, i64)>(
        "select department_id, count(*) from case_task
         where state in ('ready', 'claimed') and due_on < $1 group by department_id",
    )
    .bind(today)
    .fetch_all(pool);
    let (departments, records, cases, items, overdue) =
        tokio::try_join!(departments, records, cases, items, overdue)?;
    let mut online: HashMap<i64, Online> = HashMap::new();
    for (d, li, lo, pi, po) in items {
        let o = online.entry(d).or_default();
        o.licensing_items = li.max(0) as u64;
        o.licensing_online = lo.max(0) as u64;
        o.public_items = pi.max(0) as u64;
        o.public_online = po.max(0) as u64;
    }
    for (d, c, oc) in cases {
        let o = online.entry(d).or_default();
        o.cases = c.max(0) as u64;
        o.online_cases = oc.max(0) as u64;
    }
    Ok(Base {
        from,
        to,
        departments: departments
            .into_iter()
            .map(|(id, name, region, city)| Department {
                id,
                name,
                region,
                city: city as u32,
            })
            .collect(),
        records: {
            let mut records: HashMap<i64, Record> = records
                .into_iter()
                .map(|(d, a, b, c, e, f, g, h, i, j, k)| {
                    (d, record((a, b, c, e, f, g, h, i, j, k)))
                })
                .collect();
            for (d, n) in overdue {
                records.entry(d).or_default().overdue_open = n.max(0) as u64;
            }
            records
        },
        online,
    })
}

impl Base {
    fn department_line(&self, d: &Department) -> StatLine {
        StatLine {
            level: Level::Department,
            id: d.id,
            name: d.name.clone(),
            within: d.region.clone(),
            figures: Figures::new(
                self.records.get(&d.id).copied().unwrap_or_default(),
                Some(self.online.get(&d.id).copied().unwrap_or_default()),
            ),
            rank: None,
        }
    }

    /// The departments of `city` (a city and its counties; the province:
    /// its own departments), all when none.
    fn departments_of(&self, city: Option<u32>) -> Vec<StatLine> {
        let mut lines: Vec<StatLine> = self
            .departments
            .iter()
            .filter(|d| city.is_none_or(|c| d.city == c))
            .map(|d| self.department_line(d))
            .collect();
        rank(&mut lines);
        lines
    }

    /// The sum of `lines`' figures.
    fn total(lines: &[StatLine]) -> Figures {
        let mut record = Record::default();
        let mut online = Online::default();
        for l in lines {
            add_record(&mut record, &l.figures.record);
            if let Some(o) = &l.figures.online {
                online.add(o);
            }
        }
        Figures::new(record, Some(online))
    }
}

/// The months of the window for the posts matching `filter` (`$3`).
async fn trend(
    pool: &PgPool,
    from: Date,
    to: Date,
    filter: &str,
    ids: &[i64],
) -> Result<Vec<MonthPoint>, AppError> {
    let sql = format!(
        "select month, {SUMS} from stat_post_month
         where month between $1 and $2 {filter} group by month"
    );
    let rows = sqlx::query_as::<_, (Date, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)>(&sql)
        .bind(from)
        .bind(to)
        .bind(ids)
        .fetch_all(pool)
        .await?;
    let by_month: HashMap<Date, Record> = rows
        .into_iter()
        .map(|(m, a, b, c, d, e, f, g, h, i, j)| (m, record((a, b, c, d, e, f, g, h, i, j))))
        .collect();
    let mut points = Vec::new();
    let mut m = from;
    while m <= to {
        points.push(MonthPoint {
            month: month_label(m),
            figures: Figures::new(by_month.get(&m).copied().unwrap_or_default(), None),
        });
        let next = next_month(m);
        if next == m {
            break;
        }
        m = next;
    }
    Ok(points)
}

fn province_crumb() -> Crumb {
    Crumb {
        href: "/stats".into(),
        name: Bilingual::of(Msg::StatProvince),
    }
}

/// The name a city's statistics go by: the province's own departments
/// stand in for the province among the cities.
fn city_name(code: u32, name: Bilingual) -> Bilingual {
    if code == PROVINCE {
        Bilingual::of(Msg::StatProvinceDepartments)
    } else {
        name
    }
}

/// The province: its 21 cities ranked, its own departments, its months.
pub async fn province(pool: &PgPool, today: Date) -> Result<StatsView, AppError> {
    let b = base(pool, today).await?;
    let cities: Vec<(i32, Bilingual)> = sqlx::query_as(
        "select code, row(name_zh, name_en) from region where level = 'city' order by code",
    )
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(cities.len());
    for (code, name) in cities {
        let depts = b.departments_of(Some(code as u32));
        lines.push(StatLine {
            level: Level::City,
            id: i64::from(code),
            name,
            within: Bilingual::of(Msg::StatProvince),
            figures: Base::total(&depts),
            rank: None,
        });
    }
    rank(&mut lines);
    let own = b.departments_of(Some(PROVINCE));
    let province_departments = StatLine {
        level: Level::City,
        id: i64::from(PROVINCE),
        name: Bilingual::of(Msg::StatProvinceDepartments),
        within: Bilingual::of(Msg::StatProvince),
        figures: Base::total(&own),
        rank: None,
    };
    let all = b.departments_of(None);
    let trend = trend(pool, b.from, b.to, "and $3::int8[] is not null", &[]).await?;
    Ok(StatsView {
        level: Level::Province,
        id: i64::from(PROVINCE),
        name: Bilingual::of(Msg::StatProvince),
        crumbs: vec![province_crumb()],
        from: month_label(b.from),
        to: month_label(b.to),
        total: Base::total(&all),
        lines,
        province_departments: Some(province_departments),
        trend,
    })
}

/// A city (or the province's own departments): its departments ranked,
/// its months.
pub async fn region(pool: &PgPool, code: u32, today: Date) -> Result<StatsView, AppError> {
    let row: Option<(Bilingual, String)> =
        sqlx::query_as("select row(name_zh, name_en), level from region where code = $1")
            .bind(code as i32)
            .fetch_optional(pool)
            .await?;
    let Some((name, level)) = row else {
        return Err(AppError::NotFound);
    };
    if level == "county" {
        return Err(AppError::NotFound);
    }
    let b = base(pool, today).await?;
    let lines = b.departments_of(Some(code));
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let trend = trend(pool, b.from, b.to, "and department_id = any($3)", &ids).await?;
    let name = city_name(code, name);
    let mut crumbs = vec![province_crumb()];
    crumbs.push(Crumb {
        href: format!("/stats/regions/{code}"),
        name: name.clone(),
    });
    Ok(StatsView {
        level: Level::City,
        id: i64::from(code),
        name,
        crumbs,
        from: month_label(b.from),
        to: month_label(b.to),
        total: Base::total(&lines),
        lines,
        province_departments: None,
        trend,
    })
}

/// The departments of a city and its counties (`Some(440000)`: the
/// province's own), or all: the departments API and its CSV.
pub async fn departments(
    pool: &PgPool,
    city: Option<u32>,
    today: Date,
) -> Result<(String, String, Vec<StatLine>), AppError> {
    let b = base(pool, today).await?;
    if let Some(c) = city {
        if c != PROVINCE && !b.departments.iter().any(|d| d.city == c) {
            let known: bool = sqlx::query_scalar(
                "select exists (select 1 from region where code = $1 and level = 'city')",
            )
            .bind(c as i32)
            .fetch_one(pool)
            .await?;
            if !known {
                return Err(AppError::NotFound);
            }
        }
    }
    Ok((
        month_label(b.from),
        month_label(b.to),
        b.departments_of(city),
    ))
}

/// A department: its posts ranked, its months.
pub async fn department(pool: &PgPool, id: i64, today: Date) -> Result<StatsView, AppError> {
    let (from, to) = window(today);
    // The city: the department's region, or the city above its county.
    let head: Option<(Bilingual, i32, Bilingual)> = sqlx::query_as(
        "select row(d.name_zh, d.name_en), c.code, row(c.name_zh, c.name_en)
         from department d join region r on r.code = d.region_code
         join region c on c.code = case when r.level = 'county' then r.parent_code else r.code end
         where d.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((name, city, city_region)) = head else {
        return Err(AppError::NotFound);
    };
    let sql = format!(
        "select p.id, row(p.name_zh, p.name_en), row(u.name_zh, u.name_en), {SUMS}
         from department_post p
         join department_unit u on u.id = p.unit_id
         left join stat_post_month s on s.post_id = p.id and s.month between $2 and $3
         where u.department_id = $1
         group by p.id, u.id
         order by u.id, p.id"
    );
    type PostRow = (
        i64,
        Bilingual,
        Bilingual,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    let rows = sqlx::query_as::<_, PostRow>(&sql)
        .bind(id)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?;
    let overdue: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "select post_id, count(*) from case_task
         where department_id = $1 and state in ('ready', 'claimed') and due_on < $2
         group by post_id",
    )
    .bind(id)
    .bind(today)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let mut lines: Vec<StatLine> = rows
        .into_iter()
        .map(|(pid, name, unit, a, b, c, d, e, f, g, h, i, j)| {
            let mut r = record((a, b, c, d, e, f, g, h, i, j));
            r.overdue_open = overdue.get(&pid).copied().unwrap_or(0).max(0) as u64;
            StatLine {
                level: Level::Post,
                id: pid,
                name,
                within: unit,
                figures: Figures::new(r, None),
                rank: None,
            }
        })
        .collect();
    rank(&mut lines);
    let trend = trend(pool, from, to, "and department_id = any($3)", &[id]).await?;
    let b = departments(pool, Some(city as u32), today).await?;
    let total =
        b.2.into_iter()
            .find(|l| l.id == id)
            .map(|l| l.figures)
            .unwrap_or_else(|| Figures::new(Record::default(), Some(Online::default())));
    Ok(StatsView {
        level: Level::Department,
        id,
        crumbs: vec![
            province_crumb(),
            Crumb {
                href: format!("/stats/regions/{city}"),
                name: city_name(city as u32, city_region),
            },
            Crumb {
                href: format!("/stats/departments/{id}"),
                name: name.clone(),
            },
        ],
        name,
        from: month_label(from),
        to: month_label(to),
        total,
        lines,
        province_departments: None,
        trend,
    })
}

/// A post: its months.
pub async fn post(pool: &PgPool, id: i64, today: Date) -> Result<StatsView, AppError> {
    let (from, to) = window(today);
    let head: Option<(Bilingual, Bilingual, i64)> = sqlx::query_as(
        "select row(p.name_zh, p.name_en), row(u.name_zh, u.name_en), u.department_id
         from department_post p join department_unit u on u.id = p.unit_id where p.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some((post, unit, department_id)) = head else {
        return Err(AppError::NotFound);
    };
    let mut up = department(pool, department_id, today).await?;
    let trend = trend(pool, from, to, "and post_id = any($3)", &[id]).await?;
    let total = up
        .lines
        .iter()
        .find(|l| l.id == id)
        .map(|l| l.figures.clone())
        .unwrap_or_else(|| Figures::new(Record::default(), None));
    let name = Bilingual::each(|lang| format!("{} · {}", unit.get(lang), post.get(lang)));
    up.crumbs.push(Crumb {
        href: format!("/stats/posts/{id}"),
        name: name.clone(),
    });
    Ok(StatsView {
        level: Level::Post,
        id,
        name,
        crumbs: up.crumbs,
        from: month_label(from),
        to: month_label(to),
        total,
        lines: Vec::new(),
        province_departments: None,
        trend,
    })
}

/// The alerts of the steps under way in `region` (a city with its counties,
/// or the whole province), on the working-day clock.
pub async fn alerts(
    pool: &PgPool,
    cal: &Calendar,
    region: u32,
    today: Date,
    warn_days: u32,
) -> Result<AlertsView, AppError> {
    let region_name: Bilingual =
        sqlx::query_scalar("select row(name_zh, name_en) from region where code = $1")
            .bind(region as i32)
            .fetch_optional(pool)
            .await?
            .ok_or(AppError::NotFound)?;
    // A yellow alert needs at most `warn_days` working days left: within
    // that many days plus the longest run of holidays.
    let horizon = today + time::Duration::days(i64::from(warn_days) * 2 + 14);
    type Row = (
        i64,
        String,
        Bilingual,
        Date,
        i64,
        Bilingual,
        Bilingual,
        i64,
        Bilingual,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select c.id, c.case_no, row(t.name_zh, t.name_en), t.due_on, d.id,
                row(d.name_zh, d.name_en), row(u.name_zh, u.name_en), p.id,
                row(p.name_zh, p.name_en), a.display_name, t.id
         from case_task t
         join case_file c on c.id = t.case_id
         join department d on d.id = t.department_id
         join region r on r.code = d.region_code
         join department_unit u on u.id = t.unit_id
         join department_post p on p.id = t.post_id
         left join account a on a.id = t.claimed_by
         where t.state in ('ready', 'claimed') and t.due_on <= $1
           and ($2 = 440000 or d.region_code = $2 or r.parent_code = $2)
         order by t.due_on, t.id",
    )
    .bind(horizon)
    .bind(region as i32)
    .fetch_all(pool)
    .await?;
    let cases: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let pauses = pauses_of(pool, &cases).await?;
    let (mut red, mut yellow) = (0, 0);
    let mut lines = Vec::new();
    for (case, case_no, step, due, did, department, unit, pid, post, handler, task_id) in rows {
        let paused = pauses.get(&case).map(Vec::as_slice).unwrap_or(&[]);
        let Some(level) = alert(cal, due, today, paused, warn_days) else {
            continue;
        };
        let days = match level {
            Alert::Red => {
                red += 1;
                cal.working_days_between(due, today, paused).max(1)
            }
            Alert::Yellow => {
                yellow += 1;
                cal.working_days_between(today, due, paused)
            }
        };
        if lines.len() < ALERT_LINES * 4 {
            lines.push(AlertLine {
                alert: level,
                case_no,
                task_id,
                step,
                department_id: did,
                department,
                unit,
                post_id: pid,
                post,
                handler,
                due_on: format_date(due),
                days,
            });
        }
    }
    // Red first, the longest overdue first; then yellow, the nearest first.
    lines.sort_by(|a, b| {
        b.alert.cmp(&a.alert).then(match a.alert {
            Alert::Red => b.days.cmp(&a.days),
            Alert::Yellow => a.days.cmp(&b.days),
        })
    });
    lines.truncate(ALERT_LINES);
    Ok(AlertsView {
        region_code: region,
        region: region_name,
        red,
        yellow,
        lines,
    })
}

/// The region whose alerts `me` watches: a supervisor's own, the whole
/// province for an administrator; nobody else's.
pub async fn watched_region(pool: &PgPool, me: &crate::accounts::Me) -> Result<u32, AppError> {
    use crate::accounts::Role;
    match me.role {
        Role::Admin => Ok(PROVINCE),
        Role::Supervisor => {
            let code: i32 =
                sqlx::query_scalar("select region_code from supervisor where account_id = $1")
                    .bind(me.id)
                    .fetch_optional(pool)
                    .await?
                    .ok_or(AppError::Forbidden)?;
            Ok(code as u32)
        }
        _ => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_window_is_twelve_months_ending_this_one() {
        assert_eq!(
            window(date!(2026 - 11 - 28)),
            (date!(2025 - 12 - 01), date!(2026 - 11 - 01))
        );
        assert_eq!(
            window(date!(2026 - 01 - 05)),
            (date!(2025 - 02 - 01), date!(2026 - 01 - 01))
        );
        assert_eq!(month_label(date!(2026 - 03 - 01)), "2026-03");
    }
}
