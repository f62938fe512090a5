//! The annual disclosure report over HTTP (政府信息公开工作年度报告,
//! issue 20): `GET /api/v1/disclosure/annual-report` as JSON and
//! `GET /api/v1/disclosure/annual-report.csv` as CSV, for a department or a
//! region (and the regions under it) and a year, counted from the record.
//! Public, the same for everyone, so cacheable like the statistics.

use crate::http::cache;
use app::{
    disclosure::{
        report::{report_year, AnnualReport, Row},
        report_store,
    },
    error::AppError,
    letters::stats::StatsQuery,
    state::AppState,
};
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Response},
    Json,
};
use http::header;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of the annual report, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(cache::public(
        OpenApiRouter::new()
            .routes(routes!(annual_report))
            .routes(routes!(annual_report_csv)),
    ))
}

/// Whose report and which year.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
pub struct ReportParams {
    /// A department's id: its report. Else the region's.
    pub department: Option<String>,
    /// A region code (`440100`): its departments and those of the regions
    /// under it; default the province.
    pub region: Option<String>,
    /// The year (2008 to this year); default last year.
    pub year: Option<String>,
}

type Params = Result<Query<ReportParams>, axum::extract::rejection::QueryRejection>;

async fn report(state: &AppState, params: Params) -> Result<AnnualReport, AppError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest {
        detail: e.body_text(),
    })?;
    let q = StatsQuery::parse(p.region.as_deref(), p.department.as_deref(), None)?;
    let year = report_year(p.year.as_deref(), state.now.today().year())?;
    report_store::annual_report(&state.pool, q.region, q.department, year).await
}

/// `GET /api/v1/disclosure/annual-report?department=&region=&year=`: the
/// annual report's tables — documents published of the department's own
/// accord by kind and subject category and the policies in force; requests
/// for information received, carried over, answered by the statute's
/// outcomes (by applicant kind) and carried to the next year; reviews and
/// lawsuits by result.
#[utoipa::path(
    get,
    path = "/api/v1/disclosure/annual-report",
    operation_id = "disclosure_annual_report",
    tag = "statistics",
    params(ReportParams),
    responses(
        (status = 200, description = "The report", body = AnnualReport),
        crate::openapi::BadQuery,
        (status = 404, description = "No such region or department (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn annual_report(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<AnnualReport>, AppError> {
    Ok(Json(report(&state, params).await?))
}

/// `GET /api/v1/disclosure/annual-report.csv?department=&region=&year=`:
/// the same tables as CSV (UTF-8 with a byte-order mark), one line per
/// row: `table,row,natural_person,business,research,social_organisation,
/// legal_service,other,total` (the proactive and challenge tables give
/// their count in `total` only).
#[utoipa::path(
    get,
    path = "/api/v1/disclosure/annual-report.csv",
    operation_id = "disclosure_annual_report_csv",
    tag = "statistics",
    params(ReportParams),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with a byte-order mark)", content_type = "text/csv", body = String),
        crate::openapi::BadQuery,
        (status = 404, description = "No such region or department (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn annual_report_csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, AppError> {
    let r = report(&state, params).await?;
    let name = match &r.scope.department {
        Some(d) => format!("disclosure-report-{}-department-{}.csv", r.year, d.id),
        None => format!("disclosure-report-{}-{}.csv", r.year, r.scope.region_code),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv_of(&r)?,
    )
        .into_response())
}

/// The report's tables as CSV lines.
pub fn csv_of(r: &AnnualReport) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let head = [
        "table",
        "row",
        "natural_person",
        "business",
        "research",
        "social_organisation",
        "legal_service",
        "other",
        "total",
    ];
    w.write_record(head).map_err(AppError::internal)?;
    let mut line = |table: &str, row: &str, counts: Option<&[u32; 6]>, total: u32| {
        let mut rec = vec![table.to_string(), row.to_string()];
        match counts {
            Some(c) => rec.extend(c.iter().map(u32::to_string)),
            None => rec.extend(std::iter::repeat_n(String::new(), 6)),
        }
        rec.push(total.to_string());
        w.write_record(&rec).map_err(AppError::internal)
    };
    let p = &r.proactive;
    line("proactive", "published", None, p.published)?;
    for l in &p.by_kind {
        line("proactive", &format!("kind:{}", l.code), None, l.count)?;
    }
    for l in &p.by_category {
        line("proactive", &format!("category:{}", l.code), None, l.count)?;
    }
    line("proactive", "in_force", None, p.in_force)?;
    line("proactive", "superseded", None, p.superseded)?;
    let t = &r.requests;
    let row = |row: &Row| (row.counts, row.total);
    for (name, (counts, total)) in [
        ("received", row(&t.received)),
        ("carried_in", row(&t.carried_in)),
    ] {
        line("requests", name, Some(&counts), total)?;
    }
    for o in &t.outcomes {
        line(
            "requests",
            &format!("outcome:{}", o.code),
            Some(&o.row.counts),
            o.row.total,
        )?;
    }
    for o in &t.not_disclosed_by_reason {
        line(
            "requests",
            &format!("not_disclosed:{}", o.code),
            Some(&o.row.counts),
            o.row.total,
        )?;
    }
    line(
        "requests",
        "finished",
        Some(&t.finished.counts),
        t.finished.total,
    )?;
    line(
        "requests",
        "carried_out",
        Some(&t.carried_out.counts),
        t.carried_out.total,
    )?;
    for (route, c) in [
        ("review", r.challenges.review),
        ("lawsuit", r.challenges.lawsuit),
    ] {
        for (name, n) in [
            ("upheld", c.upheld),
            ("corrected", c.corrected),
            ("other", c.other),
            ("pending", c.pending),
            ("total", c.total),
        ] {
            line("challenges", &format!("{route}:{name}"), None, n)?;
        }
    }
    w.into_inner().map_err(AppError::internal)
}
