//! Process definitions made from the catalog's outlines: an item's linear
//! outline (受理 → 审查 → 决定 → 送达) becomes a definition with step kinds,
//! posts and marks; a bundle (一件事) becomes one acceptance by the lead
//! unit, one review per department in parallel, then each department's
//! result in the legally required order.

use super::definition::{Owner, ProcessDef, StepDef, StepKind};
use crate::{
    catalog::{Bilingual, ProcessStep},
    i18n::Msg,
};

/// The posts of a unit, by department code and unit name (zh).
pub type PostsOf<'a> = &'a dyn Fn(&str, &str) -> Vec<String>;

const ACCEPTANCE_POST: &str = "受理岗";
const REVIEW_POST: &str = "审核岗";
const APPROVAL_POST: &str = "审批岗";
const ISSUANCE_POST: &str = "发证岗";

/// The first of the wanted posts the unit has, else its first post.
fn pick(posts: &[String], wanted: &[&str]) -> String {
    wanted
        .iter()
        .find(|w| posts.iter().any(|p| p == *w))
        .map(|w| w.to_string())
        .or_else(|| posts.first().cloned())
        .unwrap_or_else(|| ACCEPTANCE_POST.to_string())
}

fn owner(dept: &str, unit: &str, posts_of: PostsOf, wanted: &[&str]) -> Owner {
    Owner {
        department: dept.to_string(),
        unit: unit.to_string(),
        post: pick(&posts_of(dept, unit), wanted),
    }
}

fn kind_of(name: &str) -> StepKind {
    const ISSUE: [&str; 8] = [
        "发证", "签发", "颁发", "送达", "发放", "制卡", "出具", "核发",
    ];
    const DECIDE: [&str; 7] = ["审批", "决定", "批准", "核准", "核定", "确认", "支付"];
    if ISSUE.iter().any(|w| name.contains(w)) {
        StepKind::Issuance
    } else if DECIDE.iter().any(|w| name.contains(w)) {
        StepKind::Decision
    } else {
        StepKind::Review
    }
}

fn wanted_posts(kind: StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Acceptance | StepKind::Result => &[ACCEPTANCE_POST],
        StepKind::Review | StepKind::JointInspection => &[REVIEW_POST, APPROVAL_POST],
        StepKind::Decision => &[APPROVAL_POST, REVIEW_POST],
        StepKind::Issuance => &[ISSUANCE_POST, APPROVAL_POST, REVIEW_POST],
    }
}

fn result_step(owner: Owner) -> StepDef {
    StepDef {
        key: "result".into(),
        kind: StepKind::Result,
        name: Bilingual::of(Msg::StepResult),
        owner,
        limit_days: 0,
        tracking_point: true,
        evaluation_point: true,
        follow_up: false,
    }
}

fn chain(keys: &[String]) -> Vec<(String, String)> {
    keys.windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

/// An item's definition from its outline: the first step is acceptance,
/// the others review, decision or issuance by their names (never going
/// back in the legal order), then the result. Every step is tracked
/// publicly; decisions, issuances and the last step are also evaluated.
pub fn item_process(dept: &str, steps: &[ProcessStep], posts_of: PostsOf) -> ProcessDef {
    let mut defs = Vec::with_capacity(steps.len() + 1);
    let mut stage = StepKind::Acceptance;
    for (i, s) in steps.iter().enumerate() {
        let kind = if i == 0 {
            StepKind::Acceptance
        } else {
            let k = kind_of(&s.name.zh);
            let k = if i + 1 == steps.len() && k == StepKind::Review {
                StepKind::Decision
            } else {
                k
            };
            if rank(k) < rank(stage) {
                stage
            } else {
                k
            }
        };
        stage = kind;
        let last = i + 1 == steps.len();
        defs.push(StepDef {
            key: format!("s{}", i + 1),
            kind,
            name: s.name.clone(),
            owner: owner(dept, &s.unit.zh, posts_of, wanted_posts(kind)),
            limit_days: s.limit.get(),
            tracking_point: true,
            evaluation_point: last || matches!(kind, StepKind::Decision | StepKind::Issuance),
            follow_up: false,
        });
    }
    let accept_owner = defs
        .first()
        .map(|d| d.owner.clone())
        .unwrap_or_else(|| owner(dept, "政务服务窗口", posts_of, &[ACCEPTANCE_POST]));
    defs.push(result_step(accept_owner));
    let keys: Vec<String> = defs.iter().map(|d| d.key.clone()).collect();
    ProcessDef {
        edges: chain(&keys),
        steps: defs,
        lead: None,
    }
}

fn rank(k: StepKind) -> u8 {
    match k {
        StepKind::Acceptance => 0,
        StepKind::Review | StepKind::JointInspection => 1,
        StepKind::Decision => 2,
        StepKind::Issuance => 3,
        StepKind::Result => 4,
    }
}

/// One item of a bundle: its department, names and outline.
pub struct BundlePart<'a> {
    pub dept: &'a str,
    pub item_name: &'a Bilingual,
    pub steps: &'a [ProcessStep],
}

/// A bundle's definition: acceptance by the lead unit (online, so it takes
/// no working day), one review per department at once, then each
/// department's result in the order given (the legally required order),
/// then the result. Each part's steps are keyed `p{n}-review` and
/// `p{n}-issue` (n from 1) so a task knows its part.
pub fn bundle_process(lead: &Owner, parts: &[BundlePart], posts_of: PostsOf) -> ProcessDef {
    let mut steps = vec![acceptance_step(lead)];
    let mut edges = Vec::new();
    let mut issues = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let n = n + 1;
        let (review, issue) = part_steps(n, part, posts_of);
        edges.push(("accept".to_string(), review.key.clone()));
        issues.push(issue.key.clone());
        steps.extend([review, issue]);
    }
    // Every review joins before the first issuance; issuances then follow
    // one another.
    if let Some(first) = issues.first() {
        for n in 1..=parts.len() {
            edges.push((format!("p{n}-review"), first.clone()));
        }
    }
    edges.extend(chain(&issues));
    steps.push(result_step(lead.clone()));
    if let Some(last) = issues.last() {
        edges.push((last.clone(), "result".into()));
    }
    ProcessDef {
        steps,
        edges,
        lead: Some(lead.clone()),
    }
}

/// A bundle's single acceptance by its lead unit (online: no working day).
fn acceptance_step(lead: &Owner) -> StepDef {
    StepDef {
        key: "accept".into(),
        kind: StepKind::Acceptance,
        name: Bilingual::of(Msg::StepSingleAcceptance),
        owner: lead.clone(),
        limit_days: 0,
        tracking_point: true,
        evaluation_point: false,
        follow_up: false,
    }
}

/// Part `n`'s review (`p{n}-review`, by the first unit of its outline with
/// a review post: a window only passes files on) and its issuance
/// (`p{n}-issue`, the outline's last step).
fn part_steps(n: usize, part: &BundlePart, posts_of: PostsOf) -> (StepDef, StepDef) {
    let middle = match part.steps {
        [_, middle @ .., _] if !middle.is_empty() => middle,
        _ => part.steps,
    };
    let review_unit = middle
        .iter()
        .find(|s| {
            posts_of(part.dept, &s.unit.zh)
                .iter()
                .any(|p| p == REVIEW_POST)
        })
        .or(middle.first())
        .map(|s| s.unit.zh.clone())
        .unwrap_or_else(|| "政务服务窗口".into());
    let days: u16 = middle.iter().map(|s| s.limit.get()).sum();
    let review = StepDef {
        key: format!("p{n}-review"),
        kind: StepKind::Review,
        name: Bilingual::each(|lang| {
            lang.fill(Msg::StepReviewOf, &[("item", &part.item_name.get(lang))])
        }),
        owner: owner(
            part.dept,
            &review_unit,
            posts_of,
            wanted_posts(StepKind::Review),
        ),
        limit_days: days.max(1),
        tracking_point: true,
        evaluation_point: true,
        follow_up: false,
    };
    let last = part.steps.last();
    let issue = StepDef {
        key: format!("p{n}-issue"),
        kind: StepKind::Issuance,
        name: last
            .map(|s| s.name.clone())
            .unwrap_or_else(|| Bilingual::of(Msg::StepIssueResult)),
        owner: owner(
            part.dept,
            &last.map(|s| s.unit.zh.clone()).unwrap_or(review_unit),
            posts_of,
            wanted_posts(StepKind::Issuance),
        ),
        limit_days: last.map(|s| s.limit.get()).unwrap_or(0).max(1),
        tracking_point: true,
        evaluation_point: true,
        follow_up: false,
    };
    (review, issue)
}

/// One item of an investment stage (投资审批阶段): a bundle part, and
/// whether its permit is issued at once on the applicant's signed
/// commitment (告知承诺制) and verified by the department later.
pub struct StagePart<'a> {
    pub part: BundlePart<'a>,
    pub commitment: bool,
}

/// The key of the joint site inspection of a joint acceptance (联合验收).
pub const JOINT_STEP: &str = "joint";
/// The key of the joint acceptance's one result (联合验收意见).
pub const JOINT_ISSUE_STEP: &str = "joint-issue";
/// The working days a department has to verify a permit issued on
/// commitment.
pub const VERIFY_DAYS: u16 = 20;

/// The key of part `n`'s verification of a permit issued on commitment.
pub fn verify_key(n: usize) -> String {
    format!("p{n}-verify")
}

/// An investment stage's definition. Acceptance by the lead unit, then
/// every department at once: each reviews and issues its own permit, in
/// parallel to the others; then the result. A commitment item's permit is
/// issued on acceptance: its one step is the department's verification
/// within [`VERIFY_DAYS`], a follow-up that starts on acceptance and that
/// neither the result nor the stage's deadline waits for. With `joint` (竣工验收): every department's review at
/// once, then one joint site inspection organised by the lead unit within
/// `joint` working days and one result the lead unit issues.
pub fn stage_process(
    lead: &Owner,
    parts: &[StagePart],
    joint: Option<u16>,
    posts_of: PostsOf,
) -> ProcessDef {
    let mut steps = vec![acceptance_step(lead)];
    let mut edges = Vec::new();
    let mut ends = Vec::new();
    for (n, p) in parts.iter().enumerate() {
        let n = n + 1;
        let (review, issue) = part_steps(n, &p.part, posts_of);
        if p.commitment {
            // A decision (approved or rejected; no supplement asked) by
            // the reviewing post, after the permit: nothing waits for it.
            let verify = StepDef {
                key: verify_key(n),
                kind: StepKind::Decision,
                name: Bilingual::each(|lang| {
                    lang.fill(Msg::StepVerifyOf, &[("item", &p.part.item_name.get(lang))])
                }),
                limit_days: VERIFY_DAYS,
                follow_up: true,
                ..review
            };
            edges.push(("accept".to_string(), verify.key.clone()));
            steps.push(verify);
        } else if joint.is_some() {
            edges.push(("accept".to_string(), review.key.clone()));
            ends.push(review.key.clone());
            steps.push(review);
        } else {
            edges.push(("accept".to_string(), review.key.clone()));
            edges.push((review.key.clone(), issue.key.clone()));
            ends.push(issue.key.clone());
            steps.extend([review, issue]);
        }
    }
    if let Some(days) = joint {
        let inspect = StepDef {
            key: JOINT_STEP.into(),
            kind: StepKind::JointInspection,
            name: Bilingual::of(Msg::StepJointAcceptance),
            owner: Owner {
                post: pick(
                    &posts_of(&lead.department, &lead.unit),
                    wanted_posts(StepKind::JointInspection),
                ),
                ..lead.clone()
            },
            limit_days: days.max(1),
            tracking_point: true,
            evaluation_point: true,
            follow_up: false,
        };
        let issue = StepDef {
            key: JOINT_ISSUE_STEP.into(),
            kind: StepKind::Issuance,
            name: Bilingual::of(Msg::StepJointAcceptanceIssue),
            owner: Owner {
                post: pick(
                    &posts_of(&lead.department, &lead.unit),
                    wanted_posts(StepKind::Issuance),
                ),
                ..lead.clone()
            },
            limit_days: 1,
            tracking_point: true,
            evaluation_point: true,
            follow_up: false,
        };
        for end in ends.drain(..) {
            edges.push((end, JOINT_STEP.into()));
        }
        edges.push((JOINT_STEP.into(), JOINT_ISSUE_STEP.into()));
        ends.push(JOINT_ISSUE_STEP.into());
        steps.extend([inspect, issue]);
    }
    if ends.is_empty() {
        // Every item on commitment: the result follows acceptance.
        ends.push("accept".into());
    }
    for end in ends {
        edges.push((end, "result".into()));
    }
    steps.push(result_step(lead.clone()));
    ProcessDef {
        steps,
        edges,
        lead: Some(lead.clone()),
    }
}

/// The part (1-based) a bundle step belongs to, from its key.
pub fn part_of_step(key: &str) -> Option<u16> {
    key.strip_prefix('p')?.split('-').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::WorkingDays;

    fn step(zh: &str, unit: &str, days: u16) -> ProcessStep {
        ProcessStep {
            name: Bilingual::new(zh, zh),
            unit: Bilingual::new(unit, unit),
            limit: WorkingDays::new(days).unwrap(),
        }
    }

    fn posts(_dept: &str, unit: &str) -> Vec<String> {
        match unit {
            "政务服务窗口" => vec!["受理岗".into(), "发证岗".into()],
            "户政管理处" => vec!["受理岗".into(), "审核岗".into(), "审批岗".into()],
            _ => vec!["审核岗".into()],
        }
    }

    #[test]
    fn an_outline_becomes_a_valid_definition() {
        let def = item_process(
            "GAJ",
            &[
                step("受理", "政务服务窗口", 0),
                step("审核", "政务服务窗口", 2),
                step("审批落户", "户政管理处", 1),
                step("签发户口簿内页", "政务服务窗口", 0),
            ],
            &posts,
        );
        let kinds: Vec<StepKind> = def.steps.iter().map(|s| s.kind).collect();
        use StepKind::*;
        assert_eq!(kinds, [Acceptance, Review, Decision, Issuance, Result]);
        assert_eq!(def.steps[2].owner.post, "审批岗");
        assert_eq!(def.steps[3].owner.post, "发证岗");
        // The window has no review post: its first post serves.
        assert_eq!(def.steps[1].owner.post, "受理岗");
        let valid = def.validate().unwrap();
        assert_eq!(valid.critical_days(), 3);
    }

    #[test]
    fn names_never_send_a_step_back_in_the_legal_order() {
        let def = item_process(
            "WJJ",
            &[
                step("受理申请", "政务服务窗口", 0),
                step("登记确认", "人口", 1),
                step("信息核验", "人口", 1),
            ],
            &posts,
        );
        assert_eq!(def.steps[2].kind, StepKind::Decision);
        def.validate().unwrap();
    }

    #[test]
    fn a_bundle_reviews_in_parallel_and_issues_in_order() {
        let lead = Owner {
            department: "WJJ".into(),
            unit: "政务服务窗口".into(),
            post: "受理岗".into(),
        };
        let names = [
            Bilingual::new("出生医学证明首次签发", "Birth medical certificate"),
            Bilingual::new("出生登记", "Birth registration"),
            Bilingual::new("参保登记", "Insurance enrolment"),
        ];
        let outlines = [
            vec![
                step("受理", "妇幼健康处", 0),
                step("核对", "妇幼健康处", 1),
                step("签发", "妇幼健康处", 0),
            ],
            vec![
                step("受理", "政务服务窗口", 0),
                step("审核", "户政管理处", 2),
                step("审批落户", "户政管理处", 1),
                step("签发", "政务服务窗口", 0),
            ],
            vec![step("受理", "中心", 0), step("参保登记", "中心", 0)],
        ];
        let depts = ["WJJ", "GAJ", "YBJ"];
        let parts: Vec<BundlePart> = (0..3)
            .map(|i| BundlePart {
                dept: depts[i],
                item_name: &names[i],
                steps: &outlines[i],
            })
            .collect();
        let def = bundle_process(&lead, &parts, &posts);
        let valid = def.clone().validate().unwrap();
        let reviews: Vec<&StepDef> = def
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Review)
            .collect();
        assert_eq!(reviews.len(), 3);
        assert!(reviews
            .iter()
            .all(|r| def.edges.contains(&("accept".into(), r.key.clone()))));
        assert!(def.edges.contains(&("p1-issue".into(), "p2-issue".into())));
        assert!(def.edges.contains(&("p2-issue".into(), "p3-issue".into())));
        assert_eq!(
            def.steps
                .iter()
                .find(|s| s.key == "p2-review")
                .unwrap()
                .limit_days,
            3
        );
        assert_eq!(part_of_step("p2-review"), Some(2));
        assert_eq!(part_of_step("accept"), None);
        // Reviews at once (3 at most) then three issuances of 1 day each.
        assert_eq!(valid.critical_days(), 3 + 3);
    }

    #[test]
    fn a_commitment_verification_follows_the_stage_without_holding_it() {
        let lead = Owner {
            department: "FGJ".into(),
            unit: "政务服务窗口".into(),
            post: "受理岗".into(),
        };
        let names = [
            Bilingual::new("项目核准", "Project approval"),
            Bilingual::new("环评审批", "EIA approval"),
        ];
        let outlines = [
            vec![
                step("受理", "政务服务窗口", 0),
                step("审查", "投资处", 5),
                step("核准", "投资处", 2),
            ],
            vec![
                step("受理", "政务服务窗口", 0),
                step("审查", "环评处", 10),
                step("审批", "环评处", 3),
            ],
        ];
        let parts = |commitment: [bool; 2]| -> Vec<StagePart> {
            (0..2)
                .map(|i| StagePart {
                    part: BundlePart {
                        dept: ["FGJ", "HBJ"][i],
                        item_name: &names[i],
                        steps: &outlines[i],
                    },
                    commitment: commitment[i],
                })
                .collect()
        };
        let def = stage_process(&lead, &parts([false, true]), None, &posts);
        let verify = def.steps.iter().find(|s| s.key == "p2-verify").unwrap();
        assert!(verify.follow_up);
        assert_eq!(verify.kind, StepKind::Decision);
        assert_eq!(verify.limit_days, VERIFY_DAYS);
        assert!(!def.edges.iter().any(|(from, _)| from == "p2-verify"));
        // Review 5 + issue 2; the 20 days of verification are not counted.
        assert_eq!(def.clone().validate().unwrap().critical_days(), 7);
        // Every item on commitment: the result follows acceptance.
        let all = stage_process(&lead, &parts([true, true]), None, &posts);
        assert_eq!(all.validate().unwrap().critical_days(), 0);
    }
}
