//! What an applicant rates (issue 17, 一次一评): once their case is closed
//! (completed or refused), each department of it once — a bundle's
//! departments each, never its internal steps one by one; besides, if
//! they like, each point they met themselves (a supplement request, a
//! joint inspection). A pure rule on the case's steps, used by the case
//! page (what to offer) and the store (what to accept).

use crate::{
    i18n::Bilingual,
    workflow::{engine::TaskState, views::StepView},
};

/// Something the applicant may rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratable {
    /// The step the rating is stored on (its post gets it in the rollups).
    pub task_id: i64,
    pub department: Bilingual,
    /// The step's name (for a point).
    pub name: Bilingual,
    /// A point the applicant met, rated besides the department.
    pub point: bool,
}

fn finished(s: &StepView) -> bool {
    matches!(s.state, TaskState::Done | TaskState::Rejected)
}

/// Each department of a closed case once, at its last finished step —
/// an evaluation point where it has one — in the order the departments
/// first appear.
pub fn departments(steps: &[StepView]) -> Vec<Ratable> {
    let mut order: Vec<&Bilingual> = Vec::new();
    for s in steps {
        if !order.contains(&&s.department) {
            order.push(&s.department);
        }
    }
    order
        .into_iter()
        .filter_map(|d| {
            let mine: Vec<&StepView> = steps
                .iter()
                .filter(|s| &s.department == d && finished(s))
                .collect();
            mine.iter()
                .rev()
                .find(|s| s.evaluation_point)
                .or_else(|| mine.last())
                .map(|s| Ratable {
                    task_id: s.task_id,
                    department: d.clone(),
                    name: s.name.clone(),
                    point: false,
                })
        })
        .collect()
}

/// The points the applicant met themselves, finished.
pub fn points(steps: &[StepView]) -> Vec<Ratable> {
    steps
        .iter()
        .filter(|s| s.experienced && finished(s))
        .map(|s| Ratable {
            task_id: s.task_id,
            department: s.department.clone(),
            name: s.name.clone(),
            point: true,
        })
        .collect()
}

/// Whether the applicant may rate step `task_id` of a case with `steps`
/// (closed: `closed`) as a department (`point` false) or as a point: a
/// department at its rating step or any finished evaluation point of it;
/// a point they met.
pub fn may_rate(steps: &[StepView], closed: bool, task_id: i64, point: bool) -> bool {
    if !closed {
        return false;
    }
    if point {
        return points(steps).iter().any(|r| r.task_id == task_id);
    }
    steps.iter().any(|s| {
        s.task_id == task_id
            && finished(s)
            && (s.evaluation_point || departments(steps).iter().any(|r| r.task_id == task_id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: i64, kind: &str, dept: &str, state: TaskState, eval: bool) -> StepView {
        StepView {
            task_id: id,
            key: format!("k{id}"),
            kind: kind.into(),
            part: None,
            name: Bilingual::new(format!("步{id}"), format!("step {id}")),
            department: Bilingual::new(dept, dept),
            unit: Bilingual::new("科", "unit"),
            state,
            started_on: None,
            due_on: None,
            outcome: None,
            evaluation_point: eval,
            late: false,
            experienced: false,
        }
    }

    /// A bundle of two departments with six internal steps each.
    fn bundle() -> Vec<StepView> {
        let mut steps = vec![step(1, "acceptance", "卫健", TaskState::Done, false)];
        for (d, base) in [("卫健", 10), ("公安", 20)] {
            for i in 0..6 {
                steps.push(step(base + i, "review", d, TaskState::Done, i % 2 == 1));
            }
        }
        steps.push(step(99, "result", "卫健", TaskState::Done, true));
        steps
    }

    #[test]
    fn a_bundle_is_rated_once_per_department_not_per_step() {
        let steps = bundle();
        let r = departments(&steps);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].department.zh.as_str(), r[0].task_id), ("卫健", 99));
        assert_eq!((r[1].department.zh.as_str(), r[1].task_id), ("公安", 25));
        assert!(points(&steps).is_empty());
    }

    #[test]
    fn nothing_is_rated_before_the_case_is_closed() {
        let steps = bundle();
        assert!(!may_rate(&steps, false, 99, false));
        assert!(may_rate(&steps, true, 99, false));
        // Another evaluation point of the department carries its one
        // rating as well (the database keeps it to one per department).
        assert!(may_rate(&steps, true, 11, false));
        // Acceptance is not rated; neither is a step nobody finished.
        assert!(!may_rate(&steps, true, 1, false));
        assert!(!may_rate(&steps, true, 12, true));
    }

    #[test]
    fn a_supplement_request_met_is_a_point_to_rate_and_only_that() {
        let mut steps = bundle();
        steps[3].experienced = true; // 卫健's review that asked for more
        let p = points(&steps);
        assert_eq!(p.iter().map(|r| r.task_id).collect::<Vec<_>>(), vec![12]);
        assert!(may_rate(&steps, true, 12, true));
        assert!(!may_rate(&steps, true, 13, true));
        // A department with nothing finished is not offered.
        let waiting = vec![step(5, "review", "民政", TaskState::Cancelled, true)];
        assert!(departments(&waiting).is_empty());
    }
}
