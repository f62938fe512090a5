//! The annual report's facts in PostgreSQL: documents grouped by what the
//! proactive table counts, one fact per request and per challenge of the
//! report's scope (a department, or a region and the regions under it),
//! counted by the pure functions of [`super::report`].

use super::{
    report::{
        challenge_table, proactive_table, request_table, AnnualReport, ChallengeFact, DocumentFact,
        ReportDepartment, ReportScope, RequestFact,
    },
    request::{ApplicantKind, Outcome, Withheld},
    Kind,
};
use crate::{error::AppError, i18n::Bilingual};
use sqlx::PgPool;
use time::{Date, Month};

/// The departments of the scope: `$1` a department's id (or null), else
/// `$2` a region and the regions under it (the province: all).
const SCOPE: &str = "select d.id from department d join region r on r.code = d.region_code
     where case when $1::bigint is not null then d.id = $1
                else $2 = 440000 or r.code = $2 or r.parent_code = $2 end";

/// A request's applicant kind, received day, closing day, outcome, reason.
type RequestRow = (String, Date, Option<Date>, Option<String>, Option<String>);

/// The report of `department` (when given) or of `region` and below, for
/// `year`; an unknown department or region is `NotFound`.
pub async fn annual_report(
    pool: &PgPool,
    region: u32,
    department: Option<i64>,
    year: i32,
) -> Result<AnnualReport, AppError> {
    let scope = scope(pool, region, department).await?;
    let region = scope.region_code as i32;
    let start = Date::from_calendar_date(year, Month::January, 1).map_err(AppError::internal)?;
    let end = Date::from_calendar_date(year, Month::December, 31).map_err(AppError::internal)?;

    let docs: Vec<(String, String, Date, Option<String>, i64)> = sqlx::query_as(&format!(
        "select kind, category, case when published_on >= $3 then $3 else make_date(1000, 1, 1) end,
                validity, count(*)
         from document
         where department_id in ({SCOPE}) and published_on <= $4
           and (published_on >= $3 or validity is not null)
         group by 1, 2, 3, 4"
    ))
    .persistent(false)
    .bind(department)
    .bind(region)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let proactive = proactive_table(
        year,
        Kind::ALL.iter().map(|k| k.code()),
        docs.into_iter()
            .map(|(kind, category, published_on, validity, n)| DocumentFact {
                kind,
                category,
                published_on,
                validity,
                n: n as u32,
            }),
    );

    let requests: Vec<RequestRow> = sqlx::query_as(&format!(
        "select applicant_kind, received_on, closed_on, outcome, withheld
             from information_request
             where department_id in ({SCOPE}) and received_on <= $4
               and (closed_on is null or closed_on >= $3)"
    ))
    .persistent(false)
    .bind(department)
    .bind(region)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let requests = request_table(
        year,
        requests
            .into_iter()
            .map(
                |(kind, received_on, finished_on, outcome, withheld)| RequestFact {
                    applicant: ApplicantKind::parse(&kind).unwrap_or(ApplicantKind::Other),
                    received_on,
                    finished_on,
                    outcome: outcome.as_deref().and_then(Outcome::parse),
                    withheld: withheld.as_deref().and_then(Withheld::parse),
                },
            ),
    );

    let challenges: Vec<(String, Date, Option<String>, Option<Date>)> = sqlx::query_as(&format!(
        "select route, brought_on, result, decided_on from disclosure_challenge
         where department_id in ({SCOPE}) and brought_on between $3 and $4"
    ))
    .persistent(false)
    .bind(department)
    .bind(region)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let challenges = challenge_table(
        year,
        challenges
            .into_iter()
            .map(|(route, brought_on, result, decided_on)| ChallengeFact {
                route,
                brought_on,
                decided: result.zip(decided_on),
            }),
    );
    Ok(AnnualReport {
        year,
        scope,
        proactive,
        requests,
        challenges,
    })
}

async fn scope(
    pool: &PgPool,
    region: u32,
    department: Option<i64>,
) -> Result<ReportScope, AppError> {
    match department {
        Some(id) => {
            let row: Option<(i32, Bilingual, Bilingual)> = sqlx::query_as(
                "select r.code, row(r.name_zh, r.name_en), row(d.name_zh, d.name_en)
                 from department d join region r on r.code = d.region_code where d.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let (code, region, name) = row.ok_or(AppError::NotFound)?;
            Ok(ReportScope {
                region_code: code as u32,
                region,
                department: Some(ReportDepartment { id, name }),
            })
        }
        None => {
            let name: Option<Bilingual> =
                sqlx::query_scalar("select row(name_zh, name_en) from region where code = $1")
                    .bind(region as i32)
                    .fetch_optional(pool)
                    .await?;
            Ok(ReportScope {
                region_code: region,
                region: name.ok_or(AppError::NotFound)?,
                department: None,
            })
        }
    }
}
