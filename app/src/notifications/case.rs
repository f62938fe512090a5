//! What the applicant is told as their case moves (issue 17): a pure rule
//! on what one write of the workflow changed. Submission (受理), a
//! supplement notice (一次告知), each department's decision on its part,
//! completion (办结) and the request to rate (好差评) once the case is
//! closed. The store sends them in the transaction that made the change,
//! so each event is told exactly once.

use super::Kind;
use crate::workflow::{
    definition::StepKind,
    engine::{CaseStatus, TaskState},
};

/// One step that changed, as the rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepChange {
    pub task_id: i64,
    pub kind: StepKind,
    pub to: TaskState,
    /// A clerk did it (not the engine moving on).
    pub by_actor: bool,
}

/// What one write changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMoved {
    pub changes: Vec<StepChange>,
    /// A supplement notice was issued.
    pub notice_issued: bool,
    /// The case was closed (completed or rejected) before this write.
    pub closed_before: bool,
    /// The case's status after it.
    pub status: CaseStatus,
}

/// The messages to the applicant, each with the step it is about (for its
/// department's name), in the order they happened.
pub fn messages(m: &CaseMoved) -> Vec<(Kind, Option<i64>)> {
    let mut out = Vec::new();
    for c in &m.changes {
        match (c.kind, c.to) {
            (StepKind::Acceptance, TaskState::Done) => out.push((Kind::CaseSubmitted, None)),
            (StepKind::Review | StepKind::Decision, TaskState::Done) if c.by_actor => {
                out.push((Kind::DepartmentApproved, Some(c.task_id)))
            }
            (_, TaskState::Rejected) => out.push((Kind::DepartmentRejected, Some(c.task_id))),
            _ => {}
        }
    }
    if m.notice_issued {
        out.push((Kind::SupplementRequested, None));
    }
    let closed = matches!(m.status, CaseStatus::Completed | CaseStatus::Rejected);
    if closed && !m.closed_before {
        if m.status == CaseStatus::Completed {
            out.push((Kind::CaseCompleted, None));
        }
        out.push((Kind::PleaseRate, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(task_id: i64, kind: StepKind, to: TaskState, by_actor: bool) -> StepChange {
        StepChange {
            task_id,
            kind,
            to,
            by_actor,
        }
    }

    fn moved(changes: Vec<StepChange>, status: CaseStatus) -> CaseMoved {
        CaseMoved {
            changes,
            notice_issued: false,
            closed_before: false,
            status,
        }
    }

    #[test]
    fn submission_tells_the_applicant_once() {
        let m = moved(
            vec![
                change(1, StepKind::Acceptance, TaskState::Done, false),
                change(2, StepKind::Review, TaskState::Ready, false),
                change(3, StepKind::Review, TaskState::Ready, false),
            ],
            CaseStatus::InReview,
        );
        assert_eq!(messages(&m), vec![(Kind::CaseSubmitted, None)]);
    }

    #[test]
    fn each_department_decision_is_told_and_a_refusal_asks_for_a_rating() {
        let ok = moved(
            vec![change(2, StepKind::Review, TaskState::Done, true)],
            CaseStatus::InReview,
        );
        assert_eq!(messages(&ok), vec![(Kind::DepartmentApproved, Some(2))]);
        let no = moved(
            vec![
                change(3, StepKind::Review, TaskState::Rejected, true),
                change(4, StepKind::Review, TaskState::Cancelled, false),
            ],
            CaseStatus::Rejected,
        );
        assert_eq!(
            messages(&no),
            vec![
                (Kind::DepartmentRejected, Some(3)),
                (Kind::PleaseRate, None)
            ]
        );
    }

    #[test]
    fn a_notice_and_completion_are_told_and_completion_only_once() {
        let mut m = moved(
            vec![change(2, StepKind::Review, TaskState::Supplement, true)],
            CaseStatus::WaitingForApplicant,
        );
        m.notice_issued = true;
        assert_eq!(messages(&m), vec![(Kind::SupplementRequested, None)]);
        let done = moved(
            vec![change(9, StepKind::Result, TaskState::Done, true)],
            CaseStatus::Completed,
        );
        assert_eq!(
            messages(&done),
            vec![(Kind::CaseCompleted, None), (Kind::PleaseRate, None)]
        );
        let again = CaseMoved {
            closed_before: true,
            ..done
        };
        assert!(messages(&again).is_empty());
    }
}
