//! Process definitions: the graph of steps a case goes through — acceptance,
//! reviews by each department (parallel branches that join), joint site
//! inspection, decision, certificate issuance, result — each owned by a
//! department unit and post, with a time limit in working days and the flags
//! "public tracking point" and "evaluation point". A definition is checked
//! before use: no cycles, every step reachable from acceptance and leading to
//! the result, steps in the legally required order, a lead unit when several
//! departments take part, and — the real hall's rule — never more than three
//! steps in a row (acceptance and result aside) without a point that is both
//! tracked publicly and evaluated.

use crate::catalog::Bilingual;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a step does. The order of the variants is the legally required
/// order of a process (reviews and inspections may interleave).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Acceptance,
    Review,
    JointInspection,
    Decision,
    Issuance,
    Result,
}

impl StepKind {
    /// Steps may only lead to steps of the same or a later stage.
    fn stage(self) -> u8 {
        match self {
            StepKind::Acceptance => 0,
            StepKind::Review | StepKind::JointInspection => 1,
            StepKind::Decision => 2,
            StepKind::Issuance => 3,
            StepKind::Result => 4,
        }
    }
}

/// Who owns a step: a department (`440100-MZJ`), one of its units, a post.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Owner {
    pub department: String,
    pub unit: String,
    pub post: String,
}

/// One step of a definition; `key` names it within the definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDef {
    pub key: String,
    pub kind: StepKind,
    pub name: Bilingual,
    pub owner: Owner,
    /// Working days the step may take.
    pub limit_days: u16,
    /// Shown to the applicant as it happens.
    pub tracking_point: bool,
    /// The applicant may rate the step.
    pub evaluation_point: bool,
    /// A follow-up after the result (a department's later verification of
    /// a permit issued on commitment, 告知承诺制): it starts with the
    /// steps before it but nothing waits for it — it leads nowhere, and the
    /// result, the case's deadline and the critical path leave it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follow_up: bool,
}

impl StepDef {
    fn is_marked(&self) -> bool {
        self.tracking_point && self.evaluation_point
    }
}

/// A process: its steps, which step leads to which, and its lead unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessDef {
    pub steps: Vec<StepDef>,
    /// `(from, to)` by step key.
    pub edges: Vec<(String, String)>,
    /// The lead unit (牵头单位) of a process with several departments.
    pub lead: Option<Owner>,
}

/// The most steps in a row without a tracked and evaluated point.
pub const MAX_UNMARKED_RUN: usize = 3;

/// What is wrong with a definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum DefError {
    #[error("step key {key:?} is used twice")]
    DuplicateKey { key: String },
    #[error("an edge names step {key:?}, which does not exist")]
    UnknownStep { key: String },
    #[error("there must be exactly one acceptance step, and nothing leads to it")]
    Acceptance,
    #[error("there must be exactly one result step, and it leads nowhere")]
    Result,
    #[error("the steps form a cycle through {keys:?}")]
    Cycle { keys: Vec<String> },
    #[error("step {key:?} cannot be reached from acceptance")]
    Unreachable { key: String },
    #[error("step {key:?} does not lead to the result")]
    DeadEnd { key: String },
    #[error("step {from:?} ({from_kind:?}) cannot lead to {to:?} ({to_kind:?}): the order is acceptance, reviews and inspections, decision, issuance, result")]
    Order {
        from: String,
        from_kind: StepKind,
        to: String,
        to_kind: StepKind,
    },
    #[error("steps {keys:?} follow one another without a point that is both tracked and evaluated (at most {MAX_UNMARKED_RUN})")]
    Unmarked { keys: Vec<String> },
    #[error("several departments take part, so a lead unit is needed")]
    NoLeadUnit,
    #[error("the lead unit owns no step of the process")]
    LeadUnitOutside,
    #[error("step {key:?} may take at most 365 working days")]
    Limit { key: String },
    #[error("follow-up step {key:?} must be a review or decision that leads nowhere")]
    FollowUp { key: String },
}

/// A definition that passed every check; its steps in an order where each
/// comes after all the steps that lead to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProcess {
    def: ProcessDef,
    order: Vec<usize>,
}

impl ValidProcess {
    pub fn def(&self) -> &ProcessDef {
        &self.def
    }

    /// The same process with step `key` given `days` working days (a
    /// joint acceptance's limit depends on who funds the project); an
    /// unknown key or more than 365 days changes nothing.
    pub fn with_limit(&self, key: &str, days: u16) -> ValidProcess {
        let mut out = self.clone();
        if days <= 365 {
            if let Some(s) = out.def.steps.iter_mut().find(|s| s.key == key) {
                s.limit_days = days;
            }
        }
        out
    }

    /// Step indices, each after all its predecessors.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The longest path's working days (the whole process, if every step
    /// takes its limit and parallel branches run at once); follow-ups after
    /// the result are not on it.
    pub fn critical_days(&self) -> u32 {
        let index = self.def.index();
        let mut longest = vec![0u32; self.def.steps.len()];
        for &i in &self.order {
            let before = self
                .def
                .edges
                .iter()
                .filter(|(_, to)| index[to.as_str()] == i)
                .map(|(from, _)| longest[index[from.as_str()]])
                .max()
                .unwrap_or(0);
            longest[i] = before + u32::from(self.def.steps[i].limit_days);
        }
        longest
            .into_iter()
            .zip(&self.def.steps)
            .filter(|(_, s)| !s.follow_up)
            .map(|(days, _)| days)
            .max()
            .unwrap_or(0)
    }
}

impl ProcessDef {
    fn index(&self) -> BTreeMap<&str, usize> {
        self.steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.as_str(), i))
            .collect()
    }

    /// Checks the definition; every problem found is reported.
    pub fn validate(self) -> Result<ValidProcess, Vec<DefError>> {
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for s in &self.steps {
            if !seen.insert(s.key.as_str()) {
                errors.push(DefError::DuplicateKey { key: s.key.clone() });
            }
            if s.limit_days > 365 {
                errors.push(DefError::Limit { key: s.key.clone() });
            }
        }
        let index = self.index();
        for (from, to) in &self.edges {
            for key in [from, to] {
                if !index.contains_key(key.as_str()) {
                    errors.push(DefError::UnknownStep { key: key.clone() });
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let n = self.steps.len();
        let mut next = vec![Vec::new(); n];
        let mut prev = vec![Vec::new(); n];
        for (from, to) in &self.edges {
            let (a, b) = (index[from.as_str()], index[to.as_str()]);
            next[a].push(b);
            prev[b].push(a);
        }
        let of_kind = |k: StepKind| {
            (0..n)
                .filter(|&i| self.steps[i].kind == k)
                .collect::<Vec<_>>()
        };
        let (starts, ends) = (of_kind(StepKind::Acceptance), of_kind(StepKind::Result));
        let start = match starts[..] {
            [s] if prev[s].is_empty() => Some(s),
            _ => {
                errors.push(DefError::Acceptance);
                None
            }
        };
        let end = match ends[..] {
            [e] if next[e].is_empty() => Some(e),
            _ => {
                errors.push(DefError::Result);
                None
            }
        };
        for (from, to) in &self.edges {
            let (a, b) = (
                &self.steps[index[from.as_str()]],
                &self.steps[index[to.as_str()]],
            );
            if a.kind.stage() > b.kind.stage()
                || b.kind == StepKind::Acceptance
                || a.kind == StepKind::Result
            {
                errors.push(DefError::Order {
                    from: from.clone(),
                    from_kind: a.kind,
                    to: to.clone(),
                    to_kind: b.kind,
                });
            }
        }
        // Kahn's order; what is left over lies on a cycle.
        let mut indegree: Vec<usize> = prev.iter().map(Vec::len).collect();
        let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).rev().collect();
        let mut order = Vec::with_capacity(n);
        while let Some(i) = ready.pop() {
            order.push(i);
            for &j in next[i].iter().rev() {
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    ready.push(j);
                }
            }
        }
        if order.len() < n {
            let keys = (0..n)
                .filter(|&i| indegree[i] > 0)
                .map(|i| self.steps[i].key.clone())
                .collect();
            errors.push(DefError::Cycle { keys });
            return Err(errors);
        }
        let reach = |from: usize, edges: &Vec<Vec<usize>>| {
            let mut seen = vec![false; n];
            let mut stack = vec![from];
            while let Some(i) = stack.pop() {
                if !std::mem::replace(&mut seen[i], true) {
                    stack.extend(&edges[i]);
                }
            }
            seen
        };
        if let Some(s) = start {
            let seen = reach(s, &next);
            for i in (0..n).filter(|&i| !seen[i]) {
                errors.push(DefError::Unreachable {
                    key: self.steps[i].key.clone(),
                });
            }
        }
        for (i, s) in self.steps.iter().enumerate() {
            let fits =
                matches!(s.kind, StepKind::Review | StepKind::Decision) && next[i].is_empty();
            if s.follow_up && !fits {
                errors.push(DefError::FollowUp { key: s.key.clone() });
            }
        }
        if let Some(e) = end {
            let seen = reach(e, &prev);
            // A follow-up leads nowhere by design.
            for i in (0..n).filter(|&i| !seen[i] && !self.steps[i].follow_up) {
                errors.push(DefError::DeadEnd {
                    key: self.steps[i].key.clone(),
                });
            }
        }
        // The longest run of unmarked steps ending at each step, along any path.
        let counted = |i: usize| {
            !matches!(self.steps[i].kind, StepKind::Acceptance | StepKind::Result)
                && !self.steps[i].is_marked()
        };
        let mut run: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &i in &order {
            if counted(i) {
                let longest = prev[i]
                    .iter()
                    .map(|&p| &run[p])
                    .max_by_key(|r| r.len())
                    .cloned()
                    .unwrap_or_default();
                let mut mine = longest;
                mine.push(i);
                if mine.len() == MAX_UNMARKED_RUN + 1 {
                    errors.push(DefError::Unmarked {
                        keys: mine.iter().map(|&k| self.steps[k].key.clone()).collect(),
                    });
                }
                run[i] = mine;
            }
        }
        let departments: BTreeSet<&str> = self
            .steps
            .iter()
            .map(|s| s.owner.department.as_str())
            .collect();
        match &self.lead {
            None if departments.len() > 1 => errors.push(DefError::NoLeadUnit),
            Some(lead)
                if !self.steps.iter().any(|s| {
                    s.owner.department == lead.department && s.owner.unit == lead.unit
                }) =>
            {
                errors.push(DefError::LeadUnitOutside)
            }
            _ => {}
        }
        if errors.is_empty() {
            Ok(ValidProcess { def: self, order })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(dept: &str) -> Owner {
        Owner {
            department: dept.into(),
            unit: "政务服务窗口".into(),
            post: "受理岗".into(),
        }
    }

    fn step(key: &str, kind: StepKind, dept: &str, marked: bool) -> StepDef {
        StepDef {
            key: key.into(),
            kind,
            name: Bilingual::new(key, key),
            owner: owner(dept),
            limit_days: 2,
            tracking_point: marked,
            evaluation_point: marked,
            follow_up: false,
        }
    }

    fn edges(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// A birth: acceptance, then three departments review in parallel, a
    /// decision, issuance, the result.
    fn parallel() -> ProcessDef {
        use StepKind::*;
        ProcessDef {
            steps: vec![
                step("accept", Acceptance, "440100-ZWSJJ", false),
                step("health", Review, "440100-WJJ", true),
                step("police", Review, "440100-GAJ", true),
                step("insurance", Review, "440100-YBJ", true),
                step("decide", Decision, "440100-ZWSJJ", true),
                step("issue", Issuance, "440100-ZWSJJ", false),
                step("result", Result, "440100-ZWSJJ", false),
            ],
            edges: edges(&[
                ("accept", "health"),
                ("accept", "police"),
                ("accept", "insurance"),
                ("health", "decide"),
                ("police", "decide"),
                ("insurance", "decide"),
                ("decide", "issue"),
                ("issue", "result"),
            ]),
            lead: Some(owner("440100-ZWSJJ")),
        }
    }

    #[test]
    fn parallel_branches_that_join_are_valid() {
        let valid = parallel().validate().unwrap();
        let order: Vec<&str> = valid
            .order()
            .iter()
            .map(|&i| valid.def().steps[i].key.as_str())
            .collect();
        assert_eq!(order.first(), Some(&"accept"));
        assert_eq!(order.last(), Some(&"result"));
        let pos = |k: &str| order.iter().position(|x| *x == k).unwrap();
        assert!(pos("health") < pos("decide") && pos("police") < pos("decide"));
        // Parallel reviews count once: accept 2 + review 2 + decide 2 + issue 2 + result 2.
        assert_eq!(valid.critical_days(), 10);
    }

    #[test]
    fn cycles_are_refused() {
        let mut p = parallel();
        p.edges.push(("decide".into(), "health".into()));
        let errors = p.validate().unwrap_err();
        assert!(
            errors.iter().any(
                |e| matches!(e, DefError::Cycle { keys } if keys.contains(&"health".to_string()))
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn unreachable_steps_and_dead_ends_are_named() {
        let mut p = parallel();
        p.edges.retain(|(a, b)| !(a == "accept" && b == "police"));
        let errors = p.validate().unwrap_err();
        assert!(
            errors.contains(&DefError::Unreachable {
                key: "police".into()
            }),
            "{errors:?}"
        );
        let mut p = parallel();
        p.edges.retain(|(a, _)| a != "insurance");
        let errors = p.validate().unwrap_err();
        assert!(
            errors.contains(&DefError::DeadEnd {
                key: "insurance".into()
            }),
            "{errors:?}"
        );
    }

    #[test]
    fn more_than_three_unmarked_steps_in_a_row_are_refused() {
        use StepKind::*;
        let chain = |marked: &[bool]| {
            let mut steps = vec![step("accept", Acceptance, "440100-MZJ", false)];
            let mut pairs = Vec::new();
            let mut last = "accept".to_string();
            for (i, &m) in marked.iter().enumerate() {
                let key = format!("review{i}");
                steps.push(step(&key, Review, "440100-MZJ", m));
                pairs.push((last.clone(), key.clone()));
                last = key;
            }
            steps.push(step("result", Result, "440100-MZJ", false));
            pairs.push((last, "result".into()));
            ProcessDef {
                steps,
                edges: pairs,
                lead: None,
            }
        };
        // Three unmarked in a row pass (acceptance and result do not count).
        assert!(chain(&[false, false, false]).validate().is_ok());
        assert!(chain(&[false, false, false, true, false, false, false])
            .validate()
            .is_ok());
        let errors = chain(&[false, false, false, false]).validate().unwrap_err();
        assert_eq!(
            errors,
            [DefError::Unmarked {
                keys: vec![
                    "review0".into(),
                    "review1".into(),
                    "review2".into(),
                    "review3".into()
                ]
            }]
        );
        // Along any path: one long unmarked branch is caught though the others are marked.
        let mut p = parallel();
        p.steps
            .push(step("inspect", JointInspection, "440100-GAJ", false));
        p.edges.retain(|(a, b)| !(a == "police" && b == "decide"));
        p.edges
            .extend(edges(&[("police", "inspect"), ("inspect", "decide")]));
        assert!(
            p.clone().validate().is_ok(),
            "police and decide are still marked"
        );
        for key in ["police", "decide"] {
            let s = p.steps.iter_mut().find(|s| s.key == key).unwrap();
            s.evaluation_point = false;
        }
        let errors = p.validate().unwrap_err();
        assert_eq!(
            errors,
            [DefError::Unmarked {
                keys: vec![
                    "police".into(),
                    "inspect".into(),
                    "decide".into(),
                    "issue".into()
                ]
            }]
        );
    }

    #[test]
    fn the_legal_order_and_the_ends_are_kept() {
        let mut p = parallel();
        p.edges = edges(&[
            ("accept", "decide"),
            ("decide", "health"),
            ("health", "issue"),
            ("accept", "police"),
            ("police", "issue"),
            ("accept", "insurance"),
            ("insurance", "issue"),
            ("issue", "result"),
        ]);
        let errors = p.validate().unwrap_err();
        assert!(
            errors.iter().any(|e| matches!(e, DefError::Order { from, to, .. } if from == "decide" && to == "health")),
            "{errors:?}"
        );
        let mut p = parallel();
        p.steps[6].kind = StepKind::Issuance;
        assert!(p.validate().unwrap_err().contains(&DefError::Result));
        let mut p = parallel();
        p.steps
            .push(step("accept2", StepKind::Acceptance, "440100-MZJ", false));
        p.edges.push(("accept2".into(), "health".into()));
        assert!(p.validate().unwrap_err().contains(&DefError::Acceptance));
    }

    #[test]
    fn several_departments_need_a_lead_unit_that_takes_part() {
        let mut p = parallel();
        p.lead = None;
        assert_eq!(p.validate().unwrap_err(), [DefError::NoLeadUnit]);
        let mut p = parallel();
        p.lead = Some(owner("440100-SFJ"));
        assert_eq!(p.validate().unwrap_err(), [DefError::LeadUnitOutside]);
    }

    #[test]
    fn keys_edges_and_limits_are_checked_first() {
        let mut p = parallel();
        p.steps[2].key = "health".into();
        p.edges.push(("accept".into(), "nowhere".into()));
        p.steps[3].limit_days = 400;
        let errors = p.validate().unwrap_err();
        assert!(errors.contains(&DefError::DuplicateKey {
            key: "health".into()
        }));
        assert!(errors.contains(&DefError::UnknownStep {
            key: "nowhere".into()
        }));
        assert!(errors.contains(&DefError::Limit {
            key: "insurance".into()
        }));
    }

    #[test]
    fn a_follow_up_leads_nowhere_and_is_not_on_the_critical_path() {
        use StepKind::*;
        let mut p = parallel();
        let mut verify = step("verify", Decision, "440100-HBJ", true);
        verify.limit_days = 20;
        verify.follow_up = true;
        p.steps.push(verify);
        p.edges.push(("accept".into(), "verify".into()));
        let valid = p.clone().validate().unwrap();
        // The same 10 days as without it.
        assert_eq!(valid.critical_days(), 10);
        // Unflagged, it is a dead end; flagged but leading on, it is refused.
        let mut dead = p.clone();
        dead.steps.last_mut().unwrap().follow_up = false;
        assert_eq!(
            dead.validate().unwrap_err(),
            [DefError::DeadEnd {
                key: "verify".into()
            }]
        );
        let mut leads = p;
        leads.edges.push(("verify".into(), "result".into()));
        assert_eq!(
            leads.validate().unwrap_err(),
            [DefError::FollowUp {
                key: "verify".into()
            }]
        );
    }
}
