//! The annual disclosure report (政府信息公开工作年度报告) of a department
//! or a region for a year, counted from the record: nothing typed by hand.
//! Its tables follow the statutory template (国办公开办函〔2021〕30号):
//! - proactive disclosure (主动公开政府信息情况): documents published in
//!   the year by kind and by subject category, and the policies in force;
//! - requests (table 3: 收到和处理政府信息公开申请情况): columns are the
//!   applicant kinds; rows the requests received, carried over from the
//!   year before, the year's outcomes in the statute's categories, and
//!   those carried over to the next year;
//! - reviews and lawsuits (因政府信息公开工作被申请行政复议、提起行政诉讼情况).
//!
//! Pure: the store reads one fact per row and these functions count them.

use super::request::{ApplicantKind, Outcome, Withheld};
use serde::{Deserialize, Serialize};
use time::Date;

/// What the table needs of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFact {
    pub applicant: ApplicantKind,
    pub received_on: Date,
    /// The day it was answered, lapsed or withdrawn.
    pub finished_on: Option<Date>,
    pub outcome: Option<Outcome>,
    /// For a `not_disclosed` outcome, the category (the table's sub-rows).
    pub withheld: Option<Withheld>,
}

/// One row: a count per applicant kind (in [`ApplicantKind::ALL`] order)
/// and their total.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub counts: [u32; 6],
    pub total: u32,
}

impl Row {
    fn add(&mut self, kind: ApplicantKind) {
        let i = ApplicantKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(5);
        self.counts[i] += 1;
        self.total += 1;
    }
}

/// A row named by a code (an outcome, a reason).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRow {
    pub code: String,
    pub row: Row,
}

/// The request table of one year.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTable {
    pub year: i32,
    /// 一、本年新收政府信息公开申请数量
    pub received: Row,
    /// 二、上年结转政府信息公开申请数量
    pub carried_in: Row,
    /// 三、本年度办理结果, one row per outcome code (in [`Outcome::ALL`]
    /// order), the not-disclosed ones split by category after them.
    pub outcomes: Vec<CodeRow>,
    /// (三) 不予公开, by category (in [`Withheld::ALL`] order).
    pub not_disclosed_by_reason: Vec<CodeRow>,
    /// (七) 总计
    pub finished: Row,
    /// 四、结转下年度继续办理
    pub carried_out: Row,
}

/// Counts the table of `year` from every request's fact.
pub fn request_table(year: i32, facts: impl IntoIterator<Item = RequestFact>) -> RequestTable {
    let in_year = |d: Date| d.year() == year;
    let mut t = RequestTable {
        year,
        outcomes: Outcome::ALL
            .iter()
            .map(|o| CodeRow {
                code: o.code().to_string(),
                row: Row::default(),
            })
            .collect(),
        not_disclosed_by_reason: Withheld::ALL
            .iter()
            .map(|w| CodeRow {
                code: w.code().to_string(),
                row: Row::default(),
            })
            .collect(),
        ..RequestTable::default()
    };
    for f in facts {
        if f.received_on.year() > year {
            continue;
        }
        let finished_by_year_end = f.finished_on.is_some_and(|d| d.year() <= year);
        let finished_before_year = f.finished_on.is_some_and(|d| d.year() < year);
        if in_year(f.received_on) {
            t.received.add(f.applicant);
        } else if !finished_before_year {
            t.carried_in.add(f.applicant);
        }
        match (f.finished_on, f.outcome) {
            (Some(d), Some(o)) if in_year(d) => {
                if let Some(r) = t.outcomes.iter_mut().find(|r| r.code == o.code()) {
                    r.row.add(f.applicant);
                }
                if o == Outcome::NotDisclosed {
                    if let Some(w) = f.withheld {
                        if let Some(r) = t
                            .not_disclosed_by_reason
                            .iter_mut()
                            .find(|r| r.code == w.code())
                        {
                            r.row.add(f.applicant);
                        }
                    }
                }
                t.finished.add(f.applicant);
            }
            _ => {
                if !finished_by_year_end && !finished_before_year {
                    t.carried_out.add(f.applicant);
                }
            }
        }
    }
    t
}

/// What the proactive table needs of one published document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFact {
    pub kind: String,
    pub category: String,
    pub published_on: Date,
    /// `valid`, `amended` or `repealed` for policies and plans.
    pub validity: Option<String>,
    /// How many documents are alike in all of the above (the store
    /// groups them).
    pub n: u32,
}

/// One line of the proactive table: a code (a kind or a category) and its
/// count.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountLine {
    pub code: String,
    pub count: u32,
}

/// 主动公开政府信息情况.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProactiveTable {
    /// Documents published in the year.
    pub published: u32,
    /// By kind (every kind, in the order given).
    pub by_kind: Vec<CountLine>,
    /// By subject category (only those with documents, most first).
    pub by_category: Vec<CountLine>,
    /// Policies and plans published by the end of the year and in force
    /// now (现行有效).
    pub in_force: u32,
    /// Policies and plans published by the end of the year and since
    /// repealed or amended.
    pub superseded: u32,
}

/// Counts the proactive table of `year`; `kinds` gives the kinds' order.
pub fn proactive_table<'a>(
    year: i32,
    kinds: impl IntoIterator<Item = &'a str>,
    facts: impl IntoIterator<Item = DocumentFact>,
) -> ProactiveTable {
    let mut t = ProactiveTable {
        by_kind: kinds
            .into_iter()
            .map(|k| CountLine {
                code: k.to_string(),
                count: 0,
            })
            .collect(),
        ..ProactiveTable::default()
    };
    let mut categories: Vec<CountLine> = Vec::new();
    for f in facts {
        if f.published_on.year() > year {
            continue;
        }
        match f.validity.as_deref() {
            Some("valid") => t.in_force += f.n,
            Some(_) => t.superseded += f.n,
            None => {}
        }
        if f.published_on.year() != year {
            continue;
        }
        t.published += f.n;
        match t.by_kind.iter_mut().find(|l| l.code == f.kind) {
            Some(l) => l.count += f.n,
            None => t.by_kind.push(CountLine {
                code: f.kind.clone(),
                count: f.n,
            }),
        }
        match categories.iter_mut().find(|l| l.code == f.category) {
            Some(l) => l.count += f.n,
            None => categories.push(CountLine {
                code: f.category,
                count: f.n,
            }),
        }
    }
    categories.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    t.by_category = categories;
    t
}

/// What the review and lawsuit table needs of one challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeFact {
    /// `review` (行政复议) or `lawsuit` (行政诉讼).
    pub route: String,
    pub brought_on: Date,
    /// `upheld`, `corrected` or `other`, with the day decided.
    pub decided: Option<(String, Date)>,
}

/// One route's line: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeLine {
    pub upheld: u32,
    pub corrected: u32,
    pub other: u32,
    pub pending: u32,
    pub total: u32,
}

/// 因政府信息公开工作被申请行政复议、提起行政诉讼情况: those brought in
/// the year, by their result at the year's end.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeTable {
    pub review: ChallengeLine,
    pub lawsuit: ChallengeLine,
}

/// Counts the challenges brought in `year`, by their result at its end.
pub fn challenge_table(
    year: i32,
    facts: impl IntoIterator<Item = ChallengeFact>,
) -> ChallengeTable {
    let mut t = ChallengeTable::default();
    for f in facts {
        if f.brought_on.year() != year {
            continue;
        }
        let line = match f.route.as_str() {
            "review" => &mut t.review,
            "lawsuit" => &mut t.lawsuit,
            _ => continue,
        };
        match f.decided.filter(|(_, on)| on.year() <= year) {
            Some((r, _)) if r == "upheld" => line.upheld += 1,
            Some((r, _)) if r == "corrected" => line.corrected += 1,
            Some(_) => line.other += 1,
            None => line.pending += 1,
        }
        line.total += 1;
    }
    t
}

/// Whose report: a region (and the regions under it) or one department.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub region_code: u32,
    pub region: crate::i18n::Bilingual,
    /// The department when the report is one department's.
    pub department: Option<ReportDepartment>,
}

/// A department a report is of.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDepartment {
    pub id: i64,
    pub name: crate::i18n::Bilingual,
}

/// The whole report.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub year: i32,
    pub scope: ReportScope,
    pub proactive: ProactiveTable,
    pub requests: RequestTable,
    pub challenges: ChallengeTable,
}

/// The years a report can be asked for.
pub const FIRST_YEAR: i32 = 2008;

/// The year asked for (default: the last full year before `this_year`);
/// a year not yet begun is refused.
pub fn report_year(raw: Option<&str>, this_year: i32) -> Result<i32, crate::error::AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(this_year - 1),
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (FIRST_YEAR..=this_year).contains(y))
            .ok_or(crate::error::AppError::InvalidParameter {
                name: "year".into(),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fact(
        applicant: ApplicantKind,
        received_on: Date,
        finished: Option<(Date, Outcome)>,
    ) -> RequestFact {
        RequestFact {
            applicant,
            received_on,
            finished_on: finished.map(|f| f.0),
            outcome: finished.map(|f| f.1),
            withheld: finished
                .filter(|f| f.1 == Outcome::NotDisclosed)
                .map(|_| Withheld::ProcessInformation),
        }
    }

    #[test]
    fn received_plus_carried_in_equals_finished_plus_carried_out() {
        use ApplicantKind as A;
        let facts = [
            // From 2025, answered in 2026: carried in, finished.
            fact(
                A::NaturalPerson,
                date!(2025 - 12 - 20),
                Some((date!(2026 - 01 - 15), Outcome::Disclosed)),
            ),
            // From 2025, answered in 2025: in neither year's 2026 rows.
            fact(
                A::Business,
                date!(2025 - 03 - 02),
                Some((date!(2025 - 03 - 20), Outcome::Repeat)),
            ),
            // 2026, answered in 2026.
            fact(
                A::Business,
                date!(2026 - 05 - 06),
                Some((date!(2026 - 05 - 30), Outcome::NotDisclosed)),
            ),
            fact(
                A::Research,
                date!(2026 - 06 - 01),
                Some((date!(2026 - 06 - 20), Outcome::PartlyDisclosed)),
            ),
            // 2026, still open: carried out.
            fact(A::NaturalPerson, date!(2026 - 12 - 28), None),
            // 2026, answered in 2027: carried out of 2026.
            fact(
                A::LegalService,
                date!(2026 - 12 - 21),
                Some((date!(2027 - 01 - 10), Outcome::Disclosed)),
            ),
            // 2027: not counted in 2026.
            fact(A::Other, date!(2027 - 01 - 04), None),
        ];
        let t = request_table(2026, facts);
        assert_eq!(t.received.total, 4);
        assert_eq!(t.carried_in.total, 1);
        assert_eq!(t.finished.total, 3);
        assert_eq!(t.carried_out.total, 2);
        assert_eq!(
            t.received.total + t.carried_in.total,
            t.finished.total + t.carried_out.total
        );
        let row = |code: &str| {
            t.outcomes
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.row.clone())
                .unwrap()
        };
        assert_eq!(row("disclosed").counts, [1, 0, 0, 0, 0, 0]);
        assert_eq!(row("not_disclosed").counts, [0, 1, 0, 0, 0, 0]);
        assert_eq!(row("partly_disclosed").counts, [0, 0, 1, 0, 0, 0]);
        assert_eq!(row("repeat").total, 0);
        let process = t
            .not_disclosed_by_reason
            .iter()
            .find(|r| r.code == "process_information")
            .unwrap();
        assert_eq!(process.row.total, 1);
        // Each row's total is the sum of its columns.
        for r in t.outcomes.iter().map(|r| &r.row).chain([&t.finished]) {
            assert_eq!(r.counts.iter().sum::<u32>(), r.total);
        }
        // The 2027 table carries the two 2026 requests in.
        let next = request_table(2027, facts);
        assert_eq!(next.carried_in.total, 2);
        assert_eq!(next.received.total, 1);
    }

    #[test]
    fn the_proactive_table_counts_the_year_and_what_is_in_force() {
        let doc = |kind: &str, category: &str, on: Date, validity: Option<&str>| DocumentFact {
            kind: kind.into(),
            category: category.into(),
            published_on: on,
            validity: validity.map(Into::into),
            n: 1,
        };
        let facts = vec![
            doc(
                "policy",
                "civil_affairs",
                date!(2025 - 04 - 01),
                Some("repealed"),
            ),
            doc(
                "policy",
                "civil_affairs",
                date!(2026 - 02 - 01),
                Some("valid"),
            ),
            doc("news", "civil_affairs", date!(2026 - 03 - 01), None),
            DocumentFact {
                n: 2,
                ..doc("news", "general", date!(2026 - 05 - 01), None)
            },
            doc("plan", "general", date!(2027 - 01 - 02), Some("valid")),
        ];
        let t = proactive_table(2026, ["news", "notice", "policy", "plan"], facts);
        assert_eq!(t.published, 4);
        let kinds: Vec<(&str, u32)> = t
            .by_kind
            .iter()
            .map(|l| (l.code.as_str(), l.count))
            .collect();
        assert_eq!(
            kinds,
            [("news", 3), ("notice", 0), ("policy", 1), ("plan", 0)]
        );
        let cats: Vec<(&str, u32)> = t
            .by_category
            .iter()
            .map(|l| (l.code.as_str(), l.count))
            .collect();
        assert_eq!(cats, [("civil_affairs", 2), ("general", 2)]);
        // The 2025 policy (repealed since) and the 2026 one; not 2027's plan.
        assert_eq!((t.in_force, t.superseded), (1, 1));
    }

    #[test]
    fn challenges_count_by_their_result_at_the_years_end() {
        let c = |route: &str, on: Date, decided: Option<(&str, Date)>| ChallengeFact {
            route: route.into(),
            brought_on: on,
            decided: decided.map(|(r, d)| (r.into(), d)),
        };
        let t = challenge_table(
            2026,
            [
                c(
                    "review",
                    date!(2026 - 03 - 01),
                    Some(("upheld", date!(2026 - 05 - 01))),
                ),
                c(
                    "review",
                    date!(2026 - 04 - 01),
                    Some(("corrected", date!(2026 - 06 - 01))),
                ),
                // Decided next year: still pending at the end of 2026.
                c(
                    "lawsuit",
                    date!(2026 - 11 - 01),
                    Some(("upheld", date!(2027 - 02 - 01))),
                ),
                c("lawsuit", date!(2026 - 12 - 01), None),
                // Brought the year before: not this year's.
                c(
                    "review",
                    date!(2025 - 12 - 01),
                    Some(("other", date!(2026 - 01 - 10))),
                ),
            ],
        );
        assert_eq!(
            t.review,
            ChallengeLine {
                upheld: 1,
                corrected: 1,
                other: 0,
                pending: 0,
                total: 2
            }
        );
        assert_eq!(
            t.lawsuit,
            ChallengeLine {
                upheld: 0,
                corrected: 0,
                other: 0,
                pending: 2,
                total: 2
            }
        );
    }

    #[test]
    fn the_year_defaults_to_the_last_full_one() {
        assert_eq!(report_year(None, 2026), Ok(2025));
        assert_eq!(report_year(Some(" 2026 "), 2026), Ok(2026));
        for bad in ["2027", "1999", "二〇二五", "-1"] {
            assert!(report_year(Some(bad), 2026).is_err(), "{bad}");
        }
    }
}
