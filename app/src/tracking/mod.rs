//! Tracking (进度查询): anyone with a case number and its query code sees
//! every step — department, unit, the post handling it (not the person),
//! status, start, deadline, working days left, pauses — with the parallel
//! branches side by side. An unknown case and a wrong code get the same
//! answer, and guessing is throttled. Once hydrated, the page refreshes
//! itself when a step changes.

use crate::{
    applications::pages::{state_label, status_label},
    catalog::Bilingual,
    clock::Calendar,
    error::{set_response_status, AppError},
    hall::use_prefs,
    i18n::{Lang, Msg},
    workflow::engine::{CaseStatus, TaskState},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use time::Date;

/// One step as the public sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTrack {
    pub kind: String,
    pub name: Bilingual,
    pub department: Bilingual,
    pub unit: Bilingual,
    /// The post handling it (岗位); people's names are not published.
    pub post: Bilingual,
    pub state: TaskState,
    pub started_on: Option<String>,
    pub due_on: Option<String>,
    /// Working days left until the deadline (negative: overdue by that
    /// many), while the step is under way.
    pub working_days_left: Option<i32>,
}

/// A period the clock stood still.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseTrack {
    pub from: String,
    pub to: Option<String>,
    pub reason: Bilingual,
}

/// A case as tracking shows it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    pub case_no: String,
    pub service: Bilingual,
    pub status: CaseStatus,
    pub accepted_on: String,
    pub due_on: String,
    pub steps: Vec<StepTrack>,
    pub pauses: Vec<PauseTrack>,
    /// Changes whenever a step changes (the page refreshes on it).
    pub fingerprint: String,
}

/// Working days from `today` to `due`: positive while time is left, 0 on
/// the day, negative once overdue.
pub fn working_days_left(cal: &Calendar, due: Date, today: Date) -> i32 {
    if due >= today {
        cal.working_days_between(today, due, &[]) as i32
    } else {
        -(cal.working_days_between(due, today, &[]) as i32)
    }
}

/// A case's heading as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub case_no: String,
    pub service: Bilingual,
    /// The stored status ("overdue" is derived here).
    pub status: CaseStatus,
    pub accepted_on: Date,
    pub due_on: Date,
}

/// A tracked step as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    pub kind: String,
    pub name: Bilingual,
    pub department: Bilingual,
    pub unit: Bilingual,
    pub post: Bilingual,
    pub state: TaskState,
    pub started_on: Option<Date>,
    pub due_on: Option<Date>,
}

/// The timeline of a case seen on `today`: each step with the working days
/// left while it is under way, the pauses (supplement notices from issue
/// to answer, a joint inspection from organising to its day), the status
/// (overdue when a step under way is past its deadline), and a fingerprint
/// that changes whenever a step or a pause changes.
pub fn timeline(
    head: Head,
    records: Vec<StepRecord>,
    notices: &[(Date, Option<Date>)],
    inspection: Option<(Date, Date)>,
    cal: &Calendar,
    today: Date,
) -> Track {
    use crate::clock::format_date;
    let mut fingerprint = head.status.code().to_string();
    let steps: Vec<StepTrack> = records
        .into_iter()
        .map(|r| {
            fingerprint.push_str(&format!("|{}{:?}", r.state.code(), r.due_on));
            let under_way = matches!(r.state, TaskState::Ready | TaskState::Claimed);
            StepTrack {
                kind: r.kind,
                name: r.name,
                department: r.department,
                unit: r.unit,
                post: r.post,
                state: r.state,
                started_on: r.started_on.map(format_date),
                due_on: r.due_on.map(format_date),
                working_days_left: r
                    .due_on
                    .filter(|_| under_way)
                    .map(|d| working_days_left(cal, d, today)),
            }
        })
        .collect();
    let mut pauses: Vec<PauseTrack> = notices
        .iter()
        .map(|(from, to)| PauseTrack {
            from: format_date(*from),
            to: to.map(format_date),
            reason: Bilingual::new(
                "等待申请人补正材料",
                "Waiting for the applicant's supplements",
            ),
        })
        .collect();
    pauses.extend(inspection.map(|(from, to)| PauseTrack {
        from: format_date(from),
        to: Some(format_date(to)),
        reason: Bilingual::new("联合踏勘", "Joint site inspection"),
    }));
    for p in &pauses {
        fingerprint.push_str(&format!("|{}-{:?}", p.from, p.to));
    }
    let late = head.status == CaseStatus::InReview
        && steps
            .iter()
            .any(|s| s.working_days_left.is_some_and(|d| d < 0));
    Track {
        case_no: head.case_no,
        service: head.service,
        status: if late {
            CaseStatus::Overdue
        } else {
            head.status
        },
        accepted_on: format_date(head.accepted_on),
        due_on: format_date(head.due_on),
        steps,
        pauses,
        fingerprint,
    }
}

/// The three lanes a timeline is drawn in: acceptance, the departments
/// working at once (side by side), and the steps after them in order.
pub fn lanes(t: &Track) -> [Vec<&StepTrack>; 3] {
    let of = |f: fn(&str) -> bool| t.steps.iter().filter(|s| f(&s.kind)).collect::<Vec<_>>();
    [
        of(|k| k == "acceptance"),
        of(|k| k == "review"),
        of(|k| !matches!(k, "review" | "acceptance")),
    ]
}

/// Failed look-ups (unknown case or wrong code) a client may make.
#[cfg(feature = "ssr")]
pub const FAILURES_PER_CLIENT: crate::accounts::throttle::Limit =
    crate::accounts::throttle::Limit {
        max: 20,
        window_secs: 15 * 60,
    };

/// The official days (holidays, make-up working days) after `from` up to
/// and including `to`: all that counting working days between the two
/// needs.
#[cfg(feature = "ssr")]
async fn calendar_between(pool: &sqlx::PgPool, from: Date, to: Date) -> Result<Calendar, AppError> {
    let (holidays, workdays): (Option<Vec<Date>>, Option<Vec<Date>>) = sqlx::query_as(
        "select array_agg(day) filter (where kind = 'holiday'),
                array_agg(day) filter (where kind = 'workday')
         from calendar_day where day > $1 and day <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?;
    Ok(official_days(holidays, workdays))
}

/// A calendar of these days, only for counting (they have no names).
#[cfg(feature = "ssr")]
fn official_days(holidays: Option<Vec<Date>>, workdays: Option<Vec<Date>>) -> Calendar {
    use crate::clock::{DayKind, OfficialDay};
    let day = |kind| {
        move |date| OfficialDay {
            date,
            kind,
            name_zh: String::new(),
            name_en: String::new(),
        }
    };
    Calendar::new(
        (holidays.into_iter().flatten().map(day(DayKind::Holiday)))
            .chain(workdays.into_iter().flatten().map(day(DayKind::Workday))),
    )
}

/// Official days around today read with the case: a deadline of a step
/// under way within this many days of today needs no further statement.
#[cfg(feature = "ssr")]
const CALENDAR_WINDOW_DAYS: i64 = 180;

/// The case's row with what tracking needs besides its steps.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct CaseRow {
    /// Seconds the client must wait (the throttle's check).
    wait: Option<f64>,
    id: Option<i64>,
    case_no: Option<String>,
    service_zh: Option<String>,
    service_en: Option<String>,
    status: Option<String>,
    accepted_on: Option<Date>,
    due_on: Option<Date>,
    /// Supplement notices, in order.
    issued: Option<Vec<Date>>,
    answered: Option<Vec<Option<Date>>>,
    /// The joint inspection: organised on, held on.
    organised_on: Option<Date>,
    inspection_on: Option<Date>,
    /// Official days within `CALENDAR_WINDOW_DAYS` of today.
    holidays: Option<Vec<Date>>,
    workdays: Option<Vec<Date>>,
}

/// The case `case_no` if `code` is its query code; `NotFound` otherwise
/// (the same for both), throttled per client on failures: a client that
/// has failed too often is refused (429) even with the right code, and
/// successes are never counted.
///
/// Two statements per look-up, as few as the case and its steps need: the
/// throttle's check with the case, its pauses and the official days
/// (holidays, make-up working days) around today; then its tracked steps.
/// Only a deadline further than `CALENDAR_WINDOW_DAYS` from today costs a
/// third (the official days up to it).
#[cfg(feature = "ssr")]
pub async fn track(
    pool: &sqlx::PgPool,
    client: &str,
    case_no: &str,
    code: &str,
    today: Date,
) -> Result<Track, AppError> {
    use crate::accounts::throttle;
    let key = format!("track:{client}");
    let limit = FAILURES_PER_CLIENT;
    let (Some(no), Some(code)) = (
        crate::applications::CaseNo::parse(case_no),
        crate::applications::QueryCode::parse(code),
    ) else {
        if let Some(retry_after) = throttle::blocked(pool, &key, limit).await? {
            return Err(AppError::TooManyAttempts { retry_after });
        }
        throttle::hit(pool, &key, limit).await?;
        return Err(AppError::NotFound);
    };
    let window = (
        today - time::Duration::days(CALENDAR_WINDOW_DAYS),
        today + time::Duration::days(CALENDAR_WINDOW_DAYS),
    );
    // The throttle's check is the one `throttle::blocked` makes.
    let row: CaseRow = sqlx::query_as(
        "select (select extract(epoch from window_start + make_interval(secs => $4) - now())::float8
                 from rate_limit
                 where key = $3 and hits >= $5
                   and window_start > now() - make_interval(secs => $4)) as wait,
                c.id, c.case_no, coalesce(i.name_zh, b.name_zh) as service_zh,
                coalesce(i.name_en, b.name_en) as service_en, c.status, c.accepted_on, c.due_on,
                (select array_agg(n.issued_on order by n.id) from supplement_notice n
                 where n.case_id = c.id) as issued,
                (select array_agg(n.answered_on order by n.id) from supplement_notice n
                 where n.case_id = c.id) as answered,
                j.organised_on, j.on_date as inspection_on,
                (select array_agg(day) from calendar_day
                 where day > $6 and day <= $7 and kind = 'holiday') as holidays,
                (select array_agg(day) from calendar_day
                 where day > $6 and day <= $7 and kind = 'workday') as workdays
         from (values (1)) as one (x)
         left join case_file c on c.case_no = $1 and c.query_code = $2
         left join service_item i on i.id = c.item_id
         left join bundle b on b.id = c.bundle_id
         left join joint_inspection j on j.case_id = c.id",
    )
    .bind(no.as_str())
    .bind(code.as_str())
    .bind(&key)
    .bind(limit.window_secs as f64)
    .bind(limit.max)
    .bind(window.0)
    .bind(window.1)
    .fetch_one(pool)
    .await?;
    if let Some(wait) = row.wait {
        return Err(AppError::TooManyAttempts {
            retry_after: wait.ceil().max(1.0) as u64,
        });
    }
    let Some(id) = row.id else {
        throttle::hit(pool, &key, limit).await?;
        return Err(AppError::NotFound);
    };
    let null = || AppError::internal("tracking: a null column in the case's row");
    let (case_no, szh, sen, status) = (
        row.case_no.ok_or_else(null)?,
        row.service_zh.ok_or_else(null)?,
        row.service_en.ok_or_else(null)?,
        row.status.ok_or_else(null)?,
    );
    let (accepted, due) = (
        row.accepted_on.ok_or_else(null)?,
        row.due_on.ok_or_else(null)?,
    );
    type StepRow = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<Date>,
        Option<Date>,
    );
    let rows: Vec<StepRow> = sqlx::query_as(
        "select t.kind, t.name_zh, t.name_en, d.name_zh, d.name_en, u.name_zh, u.name_en,
                p.name_zh, p.name_en, t.state, t.started_on, t.due_on
         from case_task t join department d on d.id = t.department_id
         join department_unit u on u.id = t.unit_id
         join department_post p on p.id = t.post_id
         where t.case_id = $1 and t.tracking_point order by t.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let records: Vec<StepRecord> = rows
        .into_iter()
        .map(
            |(kind, nzh, nen, dzh, den, uzh, uen, pzh, pen, state, started, due)| StepRecord {
                kind,
                name: Bilingual { zh: nzh, en: nen },
                department: Bilingual { zh: dzh, en: den },
                unit: Bilingual { zh: uzh, en: uen },
                post: Bilingual { zh: pzh, en: pen },
                state: TaskState::parse(&state).unwrap_or(TaskState::Waiting),
                started_on: started,
                due_on: due,
            },
        )
        .collect();
    // Working days are counted between today and the deadlines of the
    // steps under way: the window read with the case covers them, or the
    // days up to the furthest are read.
    let (lo, hi) = records
        .iter()
        .filter(|r| matches!(r.state, TaskState::Ready | TaskState::Claimed))
        .filter_map(|r| r.due_on)
        .fold((today, today), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let cal = if window.0 <= lo && hi <= window.1 {
        official_days(row.holidays, row.workdays)
    } else {
        calendar_between(pool, lo, hi).await?
    };
    let answered = row.answered.unwrap_or_default();
    let notices: Vec<(Date, Option<Date>)> = row
        .issued
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, from)| (from, answered.get(n).copied().flatten()))
        .collect();
    let inspection = row.organised_on.zip(row.inspection_on);
    Ok(timeline(
        Head {
            case_no,
            service: Bilingual { zh: szh, en: sen },
            status: CaseStatus::parse(&status).unwrap_or(CaseStatus::InReview),
            accepted_on: accepted,
            due_on: due,
        },
        records,
        &notices,
        inspection,
        &cal,
        today,
    ))
}

#[server(prefix = "/sfn", endpoint = "track_case")]
pub async fn track_case(case_no: String, code: String) -> Result<Track, AppError> {
    let state = crate::state::AppState::from_context()?;
    let client = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::accounts::ClientAddress>()
                .map(|c| c.0.clone())
        })
        .unwrap_or_else(|| "unknown".into());
    track(&state.pool, &client, &case_no, &code, state.now.today()).await
}

fn days_left(lang: Lang, d: i32) -> String {
    match (lang, d) {
        (Lang::Zh, d) if d < 0 => format!("已超期 {} 个工作日", -d),
        (Lang::Zh, 0) => "今天到期".to_string(),
        (Lang::Zh, d) => format!("剩余 {d} 个工作日"),
        (Lang::En, d) if d < 0 => format!("overdue by {} working days", -d),
        (Lang::En, 0) => "due today".to_string(),
        (Lang::En, d) => format!("{d} working days left"),
    }
}

fn step_card(lang: Lang, s: &StepTrack) -> impl IntoView {
    view! {
        <li class=format!("step step-{}", s.state.code())>
            <h3>{s.name.get(lang).to_string()}</h3>
            <p>{s.department.get(lang).to_string()} " · " {s.unit.get(lang).to_string()} " · " {s.post.get(lang).to_string()}</p>
            <p class="step-state">{state_label(lang, s.state)}</p>
            {s.started_on.clone().map(|d| view! { <p>{lang.t(Msg::TrackStarted)} "：" {d}</p> })}
            {s.due_on.clone().map(|d| view! { <p>{lang.t(Msg::CaseStepDue)} "：" {d}</p> })}
            {s.working_days_left.map(|d| view! { <p class="days-left">{days_left(lang, d)}</p> })}
        </li>
    }
}

/// The timeline of a case: the parallel branches side by side, then the
/// steps after them, and the pauses.
pub fn track_view(lang: Lang, t: &Track) -> impl IntoView {
    let [before, reviews, after] = lanes(t);
    let pauses = (!t.pauses.is_empty()).then(|| {
        view! {
            <section aria-labelledby="pauses-h">
                <h2 id="pauses-h">{lang.t(Msg::TrackPauses)}</h2>
                <ul>
                    {t.pauses.iter().map(|p| view! {
                        <li>{p.reason.get(lang).to_string()} "：" {p.from.clone()} " – " {p.to.clone().unwrap_or_else(|| lang.t(Msg::TrackOngoing).to_string())}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        <dl class="facts">
            {crate::accounts::pages::row(Msg::CaseNumber, t.case_no.clone(), lang)}
            {crate::accounts::pages::row(Msg::CaseService, t.service.get(lang).to_string(), lang)}
            {crate::accounts::pages::row(Msg::CaseStatus, status_label(lang, t.status).to_string(), lang)}
            {crate::accounts::pages::row(Msg::CaseAccepted, t.accepted_on.clone(), lang)}
            {crate::accounts::pages::row(Msg::CaseDue, t.due_on.clone(), lang)}
        </dl>
        <section aria-labelledby="accept-h">
            <h2 id="accept-h">{lang.t(Msg::TrackAcceptance)}</h2>
            <ol class="steps">{before.iter().map(|s| step_card(lang, s)).collect_view()}</ol>
        </section>
        <section aria-labelledby="parallel-h">
            <h2 id="parallel-h">{lang.t(Msg::CaseParallel)}</h2>
            <ul class="branches">{reviews.iter().map(|s| step_card(lang, s)).collect_view()}</ul>
        </section>
        <section aria-labelledby="after-h">
            <h2 id="after-h">{lang.t(Msg::CaseAfter)}</h2>
            <ol class="steps">{after.iter().map(|s| step_card(lang, s)).collect_view()}</ol>
        </section>
        {pauses}
    }
}

/// `/track?case_no=&code=`: the form, and the case once both are given.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::TrackTitle);
    let query = use_query_map();
    let (case_no, code) = query.with_untracked(|q| {
        (
            q.get("case_no").unwrap_or_default(),
            q.get("code").unwrap_or_default(),
        )
    });
    let asked = !case_no.trim().is_empty() || !code.trim().is_empty();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("case_no").unwrap_or_default(),
                    q.get("code").unwrap_or_default(),
                )
            })
        },
        |(no, code)| async move {
            if no.trim().is_empty() && code.trim().is_empty() {
                Ok(None)
            } else {
                track_case(no, code).await.map(Some)
            }
        },
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <form method="get" action="/track" class="form">
            <div class="field">
                <label for="case_no">{lang.t(Msg::CaseNumber)}</label>
                <input type="text" id="case_no" name="case_no" value=case_no.clone() autocomplete="off" required=true/>
            </div>
            <div class="field">
                <label for="code">{lang.t(Msg::QueryCode)}</label>
                <input type="text" id="code" name="code" value=code.clone() autocomplete="off" required=true/>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::TrackSubmit)}</button>
        </form>
        {asked.then(|| view! {
            <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(t)) => view! {
                            <LiveRefresh case_no=t.case_no.clone() code=code_of(&query) fingerprint=t.fingerprint.clone() lang=lang/>
                            {track_view(lang, &t)}
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => {
                            set_response_status(e.status());
                            let message = match e {
                                AppError::NotFound => lang.t(Msg::TrackNotFound).to_string(),
                                other => other.message(lang),
                            };
                            view! { <p class="notice" role="alert">{message}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        })}
    }
}

fn code_of(query: &Memo<leptos_router::params::ParamsMap>) -> String {
    query.with_untracked(|q| q.get("code").unwrap_or_default())
}

/// Once hydrated, asks every 10 seconds whether a step changed and, if one
/// did, shows the new state (reloads the page).
#[island]
pub fn LiveRefresh(
    case_no: String,
    code: String,
    fingerprint: String,
    lang: Lang,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let url = format!(
            "/api/v1/cases/{}?code={}",
            js_sys::encode_uri_component(&case_no),
            js_sys::encode_uri_component(&code)
        );
        leptos::task::spawn_local(async move {
            loop {
                gloo_sleep(10_000).await;
                let Some(window) = web_sys::window() else {
                    return;
                };
                let Ok(resp) =
                    wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url)).await
                else {
                    continue;
                };
                let resp: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(resp);
                if !resp.ok() {
                    continue;
                }
                let Ok(text) = resp.text() else { continue };
                let Ok(text) = wasm_bindgen_futures::JsFuture::from(text).await else {
                    continue;
                };
                let body: serde_json::Value =
                    serde_json::from_str(&text.as_string().unwrap_or_default()).unwrap_or_default();
                if body["fingerprint"]
                    .as_str()
                    .is_some_and(|f| f != fingerprint)
                {
                    let _ = window.location().reload();
                    return;
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (case_no, code, fingerprint);
    view! { <p class="hint">{lang.t(Msg::TrackLive)}</p> }
}

#[cfg(feature = "hydrate")]
async fn gloo_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn days_left_count_working_days_both_ways() {
        let cal = Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap();
        // From 30 September to 9 October 2026: only 8 and 9 October work.
        assert_eq!(
            working_days_left(&cal, date!(2026 - 10 - 09), date!(2026 - 09 - 30)),
            2
        );
        assert_eq!(
            working_days_left(&cal, date!(2026 - 09 - 30), date!(2026 - 09 - 30)),
            0
        );
        // Due 30 September, seen on 9 October: two working days late.
        assert_eq!(
            working_days_left(&cal, date!(2026 - 09 - 30), date!(2026 - 10 - 09)),
            -2
        );
        assert_eq!(days_left(Lang::Zh, -2), "已超期 2 个工作日");
        assert_eq!(days_left(Lang::En, 3), "3 working days left");
    }

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    fn record(
        kind: &str,
        dept: &str,
        state: TaskState,
        started: Option<Date>,
        due: Option<Date>,
    ) -> StepRecord {
        let b = |s: &str| Bilingual::new(s, s);
        StepRecord {
            kind: kind.into(),
            name: b(kind),
            department: b(dept),
            unit: b("unit"),
            post: b("审核岗"),
            state,
            started_on: started,
            due_on: due,
        }
    }

    fn head(status: CaseStatus) -> Head {
        Head {
            case_no: "440100-20261008-000001".into(),
            service: Bilingual::new("出生一件事", "Birth"),
            status,
            accepted_on: date!(2026 - 10 - 08),
            due_on: date!(2026 - 10 - 20),
        }
    }

    /// The birth bundle on 12 October: acceptance done; police late (due 9
    /// October), health done, social security under way (due 13 October);
    /// the issuance waiting.
    fn birth(today: Date, police: TaskState) -> Track {
        let started = Some(date!(2026 - 10 - 08));
        timeline(
            head(CaseStatus::InReview),
            vec![
                record(
                    "acceptance",
                    "政务服务数据管理局",
                    TaskState::Done,
                    started,
                    started,
                ),
                record(
                    "review",
                    "公安局",
                    police,
                    started,
                    Some(date!(2026 - 10 - 09)),
                ),
                record(
                    "review",
                    "卫生健康委员会",
                    TaskState::Done,
                    started,
                    Some(date!(2026 - 10 - 12)),
                ),
                record(
                    "review",
                    "人力资源和社会保障局",
                    TaskState::Claimed,
                    started,
                    Some(date!(2026 - 10 - 13)),
                ),
                record("issuance", "卫生健康委员会", TaskState::Waiting, None, None),
                record(
                    "result",
                    "政务服务数据管理局",
                    TaskState::Waiting,
                    None,
                    None,
                ),
            ],
            &[],
            None,
            &calendar(),
            today,
        )
    }

    #[test]
    fn the_timeline_draws_the_departments_side_by_side() {
        let t = birth(date!(2026 - 10 - 12), TaskState::Ready);
        let [acceptance, parallel, after] = lanes(&t);
        assert_eq!(acceptance.len(), 1);
        assert_eq!(
            parallel
                .iter()
                .map(|s| s.department.zh.as_str())
                .collect::<Vec<_>>(),
            ["公安局", "卫生健康委员会", "人力资源和社会保障局"]
        );
        assert_eq!(
            after.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>(),
            ["issuance", "result"]
        );
        // Working days left only while under way: police one working day
        // late (the make-up Saturday 10 October counts), social security
        // due tomorrow, the others none.
        let left: Vec<Option<i32>> = t.steps.iter().map(|s| s.working_days_left).collect();
        assert_eq!(left, [None, Some(-2), None, Some(1), None, None]);
        assert_eq!(t.status, CaseStatus::Overdue);
        assert_eq!(t.accepted_on, "2026-10-08");
    }

    #[test]
    fn a_step_changing_changes_the_fingerprint_and_the_status() {
        let before = birth(date!(2026 - 10 - 12), TaskState::Ready);
        let after = birth(date!(2026 - 10 - 12), TaskState::Done);
        assert_ne!(before.fingerprint, after.fingerprint);
        assert_eq!(after.status, CaseStatus::InReview);
        // The same record seen the same day: the same fingerprint (no
        // reload for nothing).
        assert_eq!(
            before.fingerprint,
            birth(date!(2026 - 10 - 12), TaskState::Ready).fingerprint
        );
        // Seen before the deadline: not late.
        assert_eq!(
            birth(date!(2026 - 10 - 09), TaskState::Ready).status,
            CaseStatus::InReview
        );
    }

    #[test]
    fn pauses_are_listed_and_open_ones_run_on() {
        let cal = calendar();
        let records = vec![record(
            "review",
            "公安局",
            TaskState::Supplement,
            Some(date!(2026 - 10 - 08)),
            Some(date!(2026 - 10 - 09)),
        )];
        let open = timeline(
            head(CaseStatus::WaitingForApplicant),
            records.clone(),
            &[(date!(2026 - 10 - 09), None)],
            Some((date!(2026 - 10 - 12), date!(2026 - 10 - 14))),
            &cal,
            date!(2026 - 10 - 20),
        );
        assert_eq!(open.pauses.len(), 2);
        assert_eq!(open.pauses[0].to, None);
        assert_eq!(open.pauses[1].reason.zh, "联合踏勘");
        // Waiting for the applicant is never "overdue", and a step in
        // supplement has no days counted.
        assert_eq!(open.status, CaseStatus::WaitingForApplicant);
        assert_eq!(open.steps[0].working_days_left, None);
        let answered = timeline(
            head(CaseStatus::WaitingForApplicant),
            records,
            &[(date!(2026 - 10 - 09), Some(date!(2026 - 10 - 13)))],
            Some((date!(2026 - 10 - 12), date!(2026 - 10 - 14))),
            &cal,
            date!(2026 - 10 - 20),
        );
        assert_ne!(
            open.fingerprint, answered.fingerprint,
            "an answer changes the page"
        );
    }
}
