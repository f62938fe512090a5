//! Investment projects in the database: registration with a new code,
//! the check every investment application passes (a valid, registered code
//! of the applicant's own project; the permits of earlier stages issued;
//! the stage not taken), and the project's timeline read from its cases.

use super::{
    DaysUsed, Industry, InvestmentProblem, NewProject, ProjectCode, ProjectKind, Stage,
    DEFAULT_TARGET_DAYS,
};
use crate::{
    accounts::{Me, Role},
    catalog::Bilingual,
    clock::{format_date, Calendar, Pause},
    error::{AppError, FieldRefusal},
    regions::RegionCode,
    workflow::engine::TaskState,
};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

// The views are read in the browser build too (the pages' server
// functions return them); they live in `views.rs` and keep their paths here.
pub use super::views::{
    ProjectLine, ProjectStatus, StageAverage, StageState, StageStatus, StageStep,
};
use time::Date;

/// The region and the regions above it, nearest first (a county, its
/// city, the province).
pub fn ancestors(region: RegionCode) -> Vec<i32> {
    let n = region.get() as i32;
    let mut out = vec![n];
    for up in [n / 100 * 100, n / 10_000 * 10_000] {
        if !out.contains(&up) {
            out.push(up);
        }
    }
    out
}

/// Whether `region` lies within `area` (itself, or a county of a city, or
/// anywhere in a province).
pub fn within(region: i32, area: i32) -> bool {
    if area % 10_000 == 0 {
        region / 10_000 == area / 10_000
    } else if area % 100 == 0 {
        region / 100 == area / 100
    } else {
        region == area
    }
}

/// The target in working days for a project built in `region`: the
/// nearest region's setting, else [`DEFAULT_TARGET_DAYS`].
pub async fn target_days(conn: &mut PgConnection, region: RegionCode) -> Result<u16, AppError> {
    let up = ancestors(region);
    let days: Option<i16> = sqlx::query_scalar(
        "select days from investment_target where region_code = any($1)
         order by array_position($1, region_code) limit 1",
    )
    .bind(&up)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(days.map(|d| d as u16).unwrap_or(DEFAULT_TARGET_DAYS))
}

/// A registration's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub code: ProjectCode,
    /// False when the idempotency key had registered it already.
    pub created: bool,
}

async fn registered_by_key(
    conn: &mut PgConnection,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Registered>, AppError> {
    let code: Option<String> = sqlx::query_scalar(
        "select code from investment_project where owner_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    code.map(|c| {
        Ok(Registered {
            code: ProjectCode::parse(&c).map_err(AppError::internal)?,
            created: false,
        })
    })
    .transpose()
}

/// Registers a project (赋码) for the enterprise `me`: it gets its code,
/// which never changes. The same key always gives the same project.
pub async fn register(
    pool: &PgPool,
    me: &Me,
    p: &NewProject,
    key: uuid::Uuid,
    today: Date,
) -> Result<Registered, AppError> {
    if !me.is(Role::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin().await?;
    if let Some(done) = registered_by_key(&mut tx, me, key).await? {
        return Ok(done);
    }
    let known: bool = sqlx::query_scalar("select exists (select 1 from region where code = $1)")
        .bind(p.region.get() as i32)
        .fetch_one(&mut *tx)
        .await?;
    if !known {
        return Err(AppError::InvalidFields {
            fields: vec![FieldRefusal::new(
                "region",
                &super::FieldProblem::Region,
                Bilingual::of(crate::i18n::Msg::InvErrRegion),
            )],
        });
    }
    let year = today.year() as u16;
    let prefix = format!(
        "{year:04}-{}-{:02}-{:02}",
        p.region,
        p.industry.department_code(),
        p.kind.type_code()
    );
    let serial: i32 = sqlx::query_scalar(
        "insert into investment_serial (prefix, last) values ($1, 1)
         on conflict (prefix) do update set last = investment_serial.last + 1
         returning last",
    )
    .bind(&prefix)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        // The check (last ≤ 99,999): the year's serials are used up.
        sqlx::Error::Database(d) if d.is_check_violation() => AppError::BadRequest {
            detail: "no project serial is left for this region, sector and kind this year".into(),
        },
        other => other.into(),
    })?;
    let code = ProjectCode::new(
        year,
        p.region,
        p.industry.department_code(),
        p.kind.type_code(),
        serial as u32,
    )
    .ok_or_else(|| AppError::internal("project code out of range"))?;
    let target = target_days(&mut tx, p.region).await?;
    let inserted = sqlx::query(
        "insert into investment_project (code, owner_id, idempotency_key, name, kind, industry,
             region_code, total_investment, land_area, scope, target_days, registered_on)
         values ($1, $2, $3, $4, $5, $6, $7, $8::numeric / 100, $9::numeric / 100, $10, $11, $12)
         on conflict (owner_id, idempotency_key) do nothing",
    )
    .bind(code.as_str())
    .bind(me.id)
    .bind(key)
    .bind(&p.name)
    .bind(p.kind.code())
    .bind(p.industry.code())
    .bind(p.region.get() as i32)
    .bind(p.total_investment)
    .bind(p.land_area)
    .bind(&p.scope)
    .bind(target as i16)
    .bind(today)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        // Another request with the same key won the race.
        tx.rollback().await?;
        let mut conn = pool.acquire().await?;
        return registered_by_key(&mut conn, me, key)
            .await?
            .ok_or_else(|| AppError::internal("idempotent project vanished"));
    }
    tx.commit().await?;
    Ok(Registered {
        code,
        created: true,
    })
}

/// What an application of an investment item links to: its project, and
/// the joint acceptance's limit for that project's funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectLink {
    pub project_id: i64,
    pub joint_days: Option<u16>,
}

/// What is applied for: an item or a bundle, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Item(i64),
    Bundle(i64),
}

/// The field of an application form that carries the project code.
pub const CODE_FIELD: &str = "project_code";

fn at_code(p: InvestmentProblem) -> AppError {
    AppError::InvalidAnswers {
        fields: vec![FieldRefusal::new(CODE_FIELD, &p, p.text())],
    }
}

/// The check every application passes: an investment item (an item of a
/// stage, or a stage's bundle) is refused without a valid, registered code
/// of the applicant's own project built within the place of handling
/// ("不得受理"), while the permits its stage needs are not issued, or (a
/// stage) while the stage has an application under way or done. Anything
/// else is not an investment item: `None`. With `lock`, the project stays
/// locked to the end of the caller's transaction (one stage application
/// at a time).
pub async fn check_application(
    conn: &mut PgConnection,
    me: &Me,
    applied: Applied,
    code: Option<&str>,
    lock: bool,
) -> Result<Option<ProjectLink>, AppError> {
    // The stage and its bundle in the place of handling.
    let stage: Option<(i16, i64, i32)> = match applied {
        Applied::Bundle(id) => {
            sqlx::query_as(
                "select investment_stage, id, region_code from bundle
                 where id = $1 and investment_stage is not null",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        }
        Applied::Item(id) => {
            sqlx::query_as(
                "select b.investment_stage, b.id, i.region_code from bundle_item bi
                 join bundle b on b.id = bi.bundle_id join service_item i on i.id = bi.item_id
                 where bi.item_id = $1 and b.investment_stage is not null
                 order by b.investment_stage limit 1",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        }
    };
    let Some((stage_no, bundle_id, area)) = stage else {
        return Ok(None);
    };
    let stage = Stage::from_number(stage_no).ok_or_else(|| AppError::internal("stage number"))?;
    let code = match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => return Err(at_code(InvestmentProblem::CodeRequired)),
        Some(c) => ProjectCode::parse(c)
            .map_err(|detail| at_code(InvestmentProblem::BadCode { detail }))?,
    };
    let sql = if lock {
        "select id, owner_id, kind, region_code from investment_project where code = $1 for update"
    } else {
        "select id, owner_id, kind, region_code from investment_project where code = $1"
    };
    let project: Option<(i64, i64, String, i32)> = sqlx::query_as(sql)
        .bind(code.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let Some((project_id, owner_id, kind, region)) = project else {
        return Err(at_code(InvestmentProblem::Unregistered));
    };
    if owner_id != me.id {
        return Err(at_code(InvestmentProblem::NotYourProject));
    }
    if !within(region, area) {
        return Err(at_code(InvestmentProblem::OtherRegion));
    }
    let missing: Vec<Bilingual> = sqlx::query_scalar(
        "select row(i.name_zh, i.name_en) from investment_stage_need n
         join service_item i on i.id = n.item_id
         where n.bundle_id = $1 and not permit_issued($2, n.item_id)
         order by i.id",
    )
    .bind(bundle_id)
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    if !missing.is_empty() {
        return Err(InvestmentProblem::PermitsMissing { items: missing }.into());
    }
    if let Applied::Bundle(_) = applied {
        let taken: bool = sqlx::query_scalar(
            "select exists (select 1 from case_file c join bundle b on b.id = c.bundle_id
                            where c.project_id = $1 and b.investment_stage = $2
                              and c.status <> 'rejected')",
        )
        .bind(project_id)
        .bind(stage_no)
        .fetch_one(&mut *conn)
        .await?;
        if taken {
            return Err(InvestmentProblem::StageTaken.into());
        }
    }
    let kind = ProjectKind::parse(&kind).ok_or_else(|| AppError::internal("project kind"))?;
    Ok(Some(ProjectLink {
        project_id,
        joint_days: (stage.is_joint() && matches!(applied, Applied::Bundle(_)))
            .then(|| kind.funding().joint_acceptance_days()),
    }))
}

/// The registration of the project `code` (as typed) if it is a project
/// of `me`; `None` for a text that is no code, an unknown project or
/// someone else's (nothing of theirs is shown or filled in).
pub async fn registration(
    conn: &mut PgConnection,
    me: &Me,
    code: Option<&str>,
) -> Result<Option<super::Registration>, AppError> {
    let Some(code) = code.and_then(|c| ProjectCode::parse(c.trim()).ok()) else {
        return Ok(None);
    };
    let row: Option<(String, String, i64, i64, String)> = sqlx::query_as(
        "select p.name,
                coalesce((select string_agg(r.name_zh, '' order by r.code) from region r
                          where r.code in (p.region_code, p.region_code / 100 * 100,
                                           p.region_code / 10000 * 10000)), ''),
                (p.total_investment * 100)::bigint, (p.land_area * 100)::bigint, p.scope
         from investment_project p where p.code = $1 and p.owner_id = $2",
    )
    .bind(code.as_str())
    .bind(me.id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(
        |(name, location, total_investment, land_area, scope)| super::Registration {
            name,
            location,
            total_investment,
            land_area,
            scope,
        },
    ))
}

/// Whether `me` registered the project `code`.
pub async fn owns(pool: &PgPool, me: &Me, code: &ProjectCode) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from investment_project where code = $1 and owner_id = $2)",
    )
    .bind(code.as_str())
    .bind(me.id)
    .fetch_one(pool)
    .await?)
}

/// The most projects "my projects" lists (the page and the API).
pub const MY_PROJECTS: i64 = 100;

type ProjectRow = (
    i64,
    String,
    String,
    String,
    String,
    i32,
    Bilingual,
    String,
    Date,
    i16,
);

type TaskRow = (
    i64,
    Bilingual,
    Bilingual,
    String,
    Option<Date>,
    Option<Date>,
    Option<Date>,
    i16,
    String,
);

/// The status of project `code` on `today`, for everyone; `NotFound` when
/// no project has the code.
pub async fn status(
    pool: &PgPool,
    cal: &Calendar,
    code: &ProjectCode,
    today: Date,
) -> Result<ProjectStatus, AppError> {
    let row: Option<ProjectRow> = sqlx::query_as(
        "select p.id, p.code, p.name, p.kind, p.industry, p.region_code,
                row(r.name_zh, r.name_en), p.total_investment::text, p.registered_on,
                p.target_days
         from investment_project p join region r on r.code = p.region_code
         where p.code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(pool)
    .await?;
    let row = row.ok_or(AppError::NotFound)?;
    project_status(pool, cal, row, today).await
}

async fn project_status(
    pool: &PgPool,
    cal: &Calendar,
    row: ProjectRow,
    today: Date,
) -> Result<ProjectStatus, AppError> {
    statuses(pool, cal, vec![row], today)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The statuses of several projects, read together (six queries however
/// many projects), grouped in memory.
async fn statuses(
    pool: &PgPool,
    cal: &Calendar,
    rows: Vec<ProjectRow>,
    today: Date,
) -> Result<Vec<ProjectStatus>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    // (project, stage, case, case number, accepted, due, status, closed)
    type Case = (i64, i16, i64, String, Date, Date, String, Option<Date>);
    let cases: Vec<Case> = sqlx::query_as(
        "select c.project_id, b.investment_stage, c.id, c.case_no, c.accepted_on, c.due_on,
                c.status, case when c.closed_at is not null then closed_on(c.id) end
         from case_file c join bundle b on b.id = c.bundle_id
         where c.project_id = any($1) and b.investment_stage is not null
         order by c.project_id, b.investment_stage, c.id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let case_ids: Vec<i64> = cases.iter().map(|c| c.2).collect();
    let tasks: Vec<TaskRow> = sqlx::query_as(
        "select t.case_id, row(t.name_zh, t.name_en), row(d.name_zh, d.name_en), t.state,
                t.started_on, t.due_on,
                case when t.finished_at is not null then
                    (select max(e.on_day) from case_event e
                     where e.case_id = t.case_id and e.task_id = t.id
                       and e.action in ('approve', 'reject', 'issue')) end,
                t.limit_days, t.step_key
         from case_task t join department d on d.id = t.department_id
         where t.case_id = any($1) and t.kind not in ('acceptance', 'result')
         order by t.case_id, t.id",
    )
    .bind(&case_ids)
    .fetch_all(pool)
    .await?;
    let pauses: Vec<(i64, Date, Option<Date>)> = sqlx::query_as(
        "select case_id, issued_on, answered_on from supplement_notice where case_id = any($1)
         union all
         select case_id, organised_on, on_date from joint_inspection where case_id = any($1)",
    )
    .bind(&case_ids)
    .fetch_all(pool)
    .await?;
    // The permits the projects hold (`issued_permit`, the one rule):
    // (project, item, case, item's name), in each case's part order.
    let issued: Vec<(i64, i64, i64, Bilingual)> = sqlx::query_as(
        "select ip.project_id, ip.item_id, ip.case_id, row(i.name_zh, i.name_en)
         from issued_permit ip join service_item i on i.id = ip.item_id
         where ip.project_id = any($1)
         order by ip.case_id, ip.position",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    // Each project's stage bundles in its place of handling (the nearest
    // region first) and the permits each needs.
    let bundles: Vec<(i64, i16, String, Vec<i64>)> = sqlx::query_as(
        "select p.id, b.investment_stage, b.region_code::text || '/' || b.key,
                array(select n.item_id from investment_stage_need n where n.bundle_id = b.id)
         from investment_project p join bundle b on b.investment_stage is not null
          and b.region_code in (p.region_code, p.region_code / 100 * 100,
                                p.region_code / 10000 * 10000)
         where p.id = any($1)
         order by p.id, b.investment_stage, b.region_code desc",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let helpers = crate::intermediaries::store::project_steps(pool, cal, &ids, today).await?;
    let cases_of = group(&cases, |c| c.0);
    let tasks_of = group(&tasks, |t| t.0);
    let pauses_of = group(&pauses, |p| p.0);
    let permits_of = group(&issued, |p| p.2);
    let held_by = group(&issued, |p| p.0);
    let bundles_of = group(&bundles, |b| b.0);
    let helpers_of = group(&helpers, |h| h.0);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, code, name, kind, industry, region_code, region, total, registered_on, target) =
            row;
        let held: Vec<i64> = held_by
            .get(&id)
            .into_iter()
            .flatten()
            .map(|p| p.1)
            .collect();
        let mut stages = Vec::new();
        let mut total_used = 0;
        for stage in Stage::ALL {
            let n = stage.number();
            let here = bundles_of
                .get(&id)
                .and_then(|bs| bs.iter().find(|b| b.1 == n));
            let bundle = here.map(|b| b.2.clone());
            let open = here.is_some_and(|b| b.3.iter().all(|need| held.contains(need)));
            // The stage's live case, else its last rejected one.
            let case = cases_of
                .get(&id)
                .into_iter()
                .flatten()
                .filter(|c| c.1 == n)
                .max_by_key(|c| (c.6 != "rejected", c.2));
            let Some(c) = case else {
                stages.push(StageStatus {
                    stage,
                    state: if open {
                        StageState::Open
                    } else {
                        StageState::NotYet
                    },
                    bundle,
                    case_no: None,
                    accepted_on: None,
                    finished_on: None,
                    days: None,
                    steps: vec![],
                    permits: vec![],
                });
                continue;
            };
            let (_, _, case_id, case_no, accepted_on, due_on, status, closed_on) = (*c).clone();
            let case_pauses: Vec<Pause> = pauses_of
                .get(&case_id)
                .into_iter()
                .flatten()
                .map(|p| Pause {
                    from: p.1,
                    to: p.2.unwrap_or(today).min(today),
                })
                .collect();
            let end = closed_on.unwrap_or(today);
            let used = cal.working_days_between(accepted_on, end, &case_pauses);
            let limit = cal.working_days_between(accepted_on, due_on, &[]);
            total_used += used;
            let steps = tasks_of
                .get(&case_id)
                .into_iter()
                .flatten()
                .map(|t| {
                    let state = TaskState::parse(&t.3).unwrap_or(TaskState::Waiting);
                    let used = t
                        .4
                        .map(|s| cal.working_days_between(s, t.6.unwrap_or(today), &case_pauses))
                        .unwrap_or(0);
                    StageStep {
                        name: t.1.clone(),
                        department: t.2.clone(),
                        state,
                        started_on: t.4.map(format_date),
                        due_on: t.5.map(format_date),
                        finished_on: t.6.map(format_date),
                        days: DaysUsed {
                            used,
                            limit: t.7.max(0) as u32,
                        },
                        late: state.late_on(t.5, today),
                    }
                })
                .collect();
            stages.push(StageStatus {
                stage,
                state: match status.as_str() {
                    "completed" => StageState::Completed,
                    "rejected" => StageState::Rejected,
                    "waiting_for_applicant" => StageState::WaitingForApplicant,
                    _ => StageState::InReview,
                },
                bundle,
                case_no: Some(case_no),
                accepted_on: Some(format_date(accepted_on)),
                finished_on: closed_on.map(format_date),
                days: Some(DaysUsed { used, limit }),
                steps,
                permits: permits_of
                    .get(&case_id)
                    .into_iter()
                    .flatten()
                    .map(|p| p.3.clone())
                    .collect(),
            });
        }
        out.push(ProjectStatus {
            code: ProjectCode::parse(&code).map_err(AppError::internal)?,
            name,
            kind: ProjectKind::parse(&kind).ok_or_else(|| AppError::internal("project kind"))?,
            industry: Industry::parse(&industry).unwrap_or(Industry::Other),
            region_code: format!("{region_code:06}"),
            region,
            total_investment: total,
            registered_on: format_date(registered_on),
            days: DaysUsed {
                used: total_used,
                limit: target.max(0) as u32,
            },
            stages,
            intermediaries: helpers_of
                .get(&id)
                .into_iter()
                .flatten()
                .map(|h| h.1.clone())
                .collect(),
        });
    }
    Ok(out)
}

/// The rows grouped by `key`, each group in the rows' order.
fn group<T>(rows: &[T], key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut out: HashMap<i64, Vec<&T>> = HashMap::new();
    for r in rows {
        out.entry(key(r)).or_default().push(r);
    }
    out
}

/// The projects of `me` with their whole timelines, newest first (at most
/// `limit`).
pub async fn my_projects(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    today: Date,
    limit: i64,
) -> Result<Vec<ProjectStatus>, AppError> {
    let rows: Vec<ProjectRow> = sqlx::query_as(
        "select p.id, p.code, p.name, p.kind, p.industry, p.region_code,
                row(r.name_zh, r.name_en), p.total_investment::text, p.registered_on,
                p.target_days
         from investment_project p join region r on r.code = p.region_code
         where p.owner_id = $1 order by p.id desc limit $2",
    )
    .bind(me.id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    statuses(pool, cal, rows, today).await
}

/// [`StageAverage`] for every city, stage and kind with a completed stage.
pub async fn stage_averages(pool: &PgPool, cal: &Calendar) -> Result<Vec<StageAverage>, AppError> {
    type Row = (
        i32,
        Bilingual,
        i16,
        String,
        Date,
        Date,
        Vec<Date>,
        Vec<Date>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select r.code, row(r.name_zh, r.name_en), b.investment_stage, p.kind, c.accepted_on,
                closed_on(c.id),
                array(select issued_on from supplement_notice n
                      where n.case_id = c.id and n.answered_on is not null
                      union all select organised_on from joint_inspection j where j.case_id = c.id),
                array(select answered_on from supplement_notice n
                      where n.case_id = c.id and n.answered_on is not null
                      union all select on_date from joint_inspection j where j.case_id = c.id)
         from case_file c join bundle b on b.id = c.bundle_id
         join investment_project p on p.id = c.project_id
         join region r on r.code = p.region_code / 100 * 100
         where c.project_id is not null and c.status = 'completed'
           and b.investment_stage is not null
         order by r.code, b.investment_stage, p.kind",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<StageAverage> = Vec::new();
    let mut sums: Vec<u64> = Vec::new();
    let mut index: HashMap<(i32, Stage, ProjectKind), usize> = HashMap::new();
    for (city, name, stage, kind, from, to, starts, ends) in rows {
        let (Some(stage), Some(kind)) = (Stage::from_number(stage), ProjectKind::parse(&kind))
        else {
            continue;
        };
        let pauses: Vec<Pause> = starts
            .into_iter()
            .zip(ends)
            .map(|(from, to)| Pause { from, to })
            .collect();
        let used = u64::from(cal.working_days_between(from, to, &pauses));
        let i = *index.entry((city, stage, kind)).or_insert_with(|| {
            out.push(StageAverage {
                city_code: format!("{city:06}"),
                city: name,
                stage,
                kind,
                stages_completed: 0,
                average_days: 0.0,
            });
            sums.push(0);
            out.len() - 1
        });
        out[i].stages_completed += 1;
        sums[i] += used;
    }
    for (a, sum) in out.iter_mut().zip(sums) {
        a.average_days = (sum as f64 * 10.0 / f64::from(a.stages_completed)).round() / 10.0;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_lies_in_its_city_and_province() {
        let r = RegionCode::parse("440103").unwrap();
        assert_eq!(ancestors(r), vec![440103, 440100, 440000]);
        assert_eq!(
            ancestors(RegionCode::parse("440000").unwrap()),
            vec![440000]
        );
        assert!(within(440103, 440100));
        assert!(within(440103, 440000));
        assert!(within(440100, 440100));
        assert!(!within(440303, 440100));
        assert!(!within(450103, 440000));
        assert!(within(440103, 440103));
        assert!(!within(440104, 440103));
    }
}
