//! The timeline of a case as the public sees it: a pure rule on the case's
//! stored steps, pauses and the calendar.

use crate::{
    catalog::Bilingual,
    clock::Calendar,
    i18n::Msg,
    workflow::engine::{CaseStatus, StepRecord, TaskState},
};
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
    /// Under way and past its deadline today ([`TaskState::late_on`], the
    /// rule of the case page and my space too).
    #[serde(default)]
    pub late: bool,
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
                late: r.state.late_on(r.due_on, today),
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
            reason: Bilingual::of(Msg::TrackPauseSupplement),
        })
        .collect();
    pauses.extend(inspection.map(|(from, to)| PauseTrack {
        from: format_date(from),
        to: Some(format_date(to)),
        reason: Bilingual::of(Msg::TrackPauseInspection),
    }));
    for p in &pauses {
        fingerprint.push_str(&format!("|{}-{:?}", p.from, p.to));
    }
    let late = steps.iter().any(|s| s.late);
    Track {
        case_no: head.case_no,
        service: head.service,
        status: head.status.on_day(late),
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
