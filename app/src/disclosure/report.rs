//! The annual disclosure report's request table (政府信息公开工作年度报告,
//! table 3: 收到和处理政府信息公开申请情况), counted from the requests
//! themselves: nothing typed by hand. Columns are the applicant kinds,
//! rows the requests received, carried over from the year before, the
//! year's outcomes in the statute's categories, and those carried over to
//! the next year. Pure: the store reads one fact per request and this
//! counts them, so a recount from the rows is the same function.

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
    pub outcomes: Vec<(String, Row)>,
    /// (三) 不予公开, by category (in [`Withheld::ALL`] order).
    pub not_disclosed_by_reason: Vec<(String, Row)>,
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
            .map(|o| (o.code().to_string(), Row::default()))
            .collect(),
        not_disclosed_by_reason: Withheld::ALL
            .iter()
            .map(|w| (w.code().to_string(), Row::default()))
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
                if let Some((_, row)) = t.outcomes.iter_mut().find(|(c, _)| c == o.code()) {
                    row.add(f.applicant);
                }
                if o == Outcome::NotDisclosed {
                    if let Some(w) = f.withheld {
                        if let Some((_, row)) = t
                            .not_disclosed_by_reason
                            .iter_mut()
                            .find(|(c, _)| c == w.code())
                        {
                            row.add(f.applicant);
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
                .find(|(c, _)| c == code)
                .map(|(_, r)| r.clone())
                .unwrap()
        };
        assert_eq!(row("disclosed").counts, [1, 0, 0, 0, 0, 0]);
        assert_eq!(row("not_disclosed").counts, [0, 1, 0, 0, 0, 0]);
        assert_eq!(row("partly_disclosed").counts, [0, 0, 1, 0, 0, 0]);
        assert_eq!(row("repeat").total, 0);
        let process = t
            .not_disclosed_by_reason
            .iter()
            .find(|(c, _)| c == "process_information")
            .unwrap();
        assert_eq!(process.1.total, 1);
        // Each row's total is the sum of its columns.
        for (_, r) in t
            .outcomes
            .iter()
            .chain([("".to_string(), t.finished.clone())].iter())
        {
            assert_eq!(r.counts.iter().sum::<u32>(), r.total);
        }
        // The 2027 table carries the two 2026 requests in.
        let next = request_table(2027, facts);
        assert_eq!(next.carried_in.total, 2);
        assert_eq!(next.received.total, 1);
    }
}
