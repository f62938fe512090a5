//! Letters' public accountability (公开问责), straight from the record: per
//! region and department, letters received, replied to, replied to on time,
//! satisfied at follow-up and reopened (the rollup `letter_stat_month`,
//! kept by a trigger on every change of a letter); and the public list
//! (通报) of letters more than [`LISTED_AFTER`] working days past their
//! deadline. Pure types and rules here; queries in `stats_store`, the page
//! in `stats_page`.

use crate::{catalog::Bilingual, clock::Calendar, error::AppError};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// Letters more than this many working days past their deadline are
/// listed publicly.
pub const LISTED_AFTER: u32 = 5;

pub use crate::regions::PROVINCE;

/// Letters per page of the overdue list.
pub const OVERDUE_PAGE_SIZE: u32 = 50;
/// The last page of the overdue list.
pub const OVERDUE_MAX_PAGE: u32 = 200;

/// The figures of a set of letters (merged duplicates left out).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterFigures {
    pub received: i64,
    /// Replied to at least once.
    pub replied: i64,
    /// Of them, first replied to on or before the deadline.
    pub replied_on_time: i64,
    /// Followed up (回访): the writer (or the centre) said satisfied or not.
    pub followed_up: i64,
    /// Of them, satisfied at the last follow-up.
    pub satisfied: i64,
    /// Reopened by the writer after an unsatisfied follow-up.
    pub reopened: i64,
}

impl LetterFigures {
    pub fn add(&mut self, o: &LetterFigures) {
        self.received += o.received;
        self.replied += o.replied;
        self.replied_on_time += o.replied_on_time;
        self.followed_up += o.followed_up;
        self.satisfied += o.satisfied;
        self.reopened += o.reopened;
    }

    /// Replied to / received.
    pub fn reply_rate(&self) -> Option<f64> {
        ratio(self.replied, self.received)
    }

    /// First replied to on time / replied to.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.replied_on_time, self.replied)
    }

    /// Satisfied / followed up.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        ratio(self.satisfied, self.followed_up)
    }

    /// Reopened / received.
    pub fn reopen_rate(&self) -> Option<f64> {
        ratio(self.reopened, self.received)
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A line of the figures: a department or a region.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterStatLine {
    /// The department's id, or the region's code.
    pub id: i64,
    pub name: Bilingual,
    pub figures: LetterFigures,
}

/// The figures of a region (and everything under it), or of one
/// department.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterStats {
    pub region_code: u32,
    pub region: Bilingual,
    /// When one department was asked for.
    pub department: Option<LetterStatLine>,
    /// The calendar year of receipt, or none: every letter.
    pub year: Option<i32>,
    pub total: LetterFigures,
    /// Each lead department of the region's letters, most letters first
    /// (letters not yet dispatched have none and count in `total` only).
    pub departments: Vec<LetterStatLine>,
    /// Each region just below (the cities of the province, a city's
    /// districts and counties).
    pub regions: Vec<LetterStatLine>,
}

/// A letter on the public overdue list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueLetter {
    pub letter_no: String,
    /// The letter's kind (`enquiry`, `complaint`, …).
    pub kind: String,
    pub department: Bilingual,
    pub region: Bilingual,
    pub received_on: String,
    pub due_on: String,
    /// Working days past the deadline today.
    pub overdue_days: u32,
    /// Only for a public letter.
    pub subject: Option<String>,
}

/// One page of the overdue list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverduePage {
    pub region_code: u32,
    pub letters: Vec<OverdueLetter>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// Letters due on or before this day are on the list today.
    pub due_on_or_before: String,
}

/// The latest deadline that is more than `n` working days past on `today`:
/// letters due on or before it are listed. (A letter due on D is
/// `working_days_between(D, today)` working days late.)
pub fn listed_cutoff(cal: &Calendar, today: Date, n: u32) -> Date {
    let mut day = today;
    let mut late = 0;
    // Bounded: a year holds far more than n working days.
    for _ in 0..(n as usize * 7 + 400) {
        if cal.is_working_day(day) {
            late += 1;
        }
        day -= Duration::days(1);
        if late > n {
            break;
        }
    }
    day
}

/// A statistics query: the region (default: the province), an optional
/// department, an optional year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsQuery {
    pub region: u32,
    pub department: Option<i64>,
    pub year: Option<i32>,
}

impl StatsQuery {
    /// From the query string's texts; the error names the bad parameter.
    pub fn parse(
        region: Option<&str>,
        department: Option<&str>,
        year: Option<&str>,
    ) -> Result<StatsQuery, AppError> {
        let bad = |name: &str| AppError::InvalidParameter { name: name.into() };
        let region = match region.map(str::trim).filter(|s| !s.is_empty()) {
            None => PROVINCE,
            Some(r) => crate::regions::RegionCode::parse(r)
                .map_err(|_| bad("region"))?
                .get(),
        };
        let department = match department.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(d) => Some(
                d.parse::<i64>()
                    .ok()
                    .filter(|d| *d > 0)
                    .ok_or(bad("department"))?,
            ),
        };
        let year = match year.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .ok_or(bad("year"))?,
            ),
        };
        Ok(StatsQuery {
            region,
            department,
            year,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn official() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn listed_means_more_than_five_working_days_late() {
        let cal = official();
        // Friday 2026-11-20: due on Thursday 12 November it is 6 working
        // days late (13, 16, 17, 18, 19, 20), due on the 13th only 5.
        let today = date!(2026 - 11 - 20);
        let cut = listed_cutoff(&cal, today, LISTED_AFTER);
        assert_eq!(cut, date!(2026 - 11 - 12));
        assert_eq!(cal.working_days_between(cut, today, &[]), 6);
        assert_eq!(
            cal.working_days_between(cut + Duration::days(1), today, &[]),
            5
        );
    }

    #[test]
    fn the_national_day_holiday_is_not_counted() {
        let cal = official();
        // 1–7 October and 25–27 September 2026 are holidays (the calendar
        // file); on Friday 9 October a letter due on 30 September is only
        // 2 working days late (8 and 9 October), so the cut-off lies before
        // both holidays, on 23 September.
        let today = date!(2026 - 10 - 09);
        let cut = listed_cutoff(&cal, today, LISTED_AFTER);
        assert_eq!(cut, date!(2026 - 09 - 23));
        assert_eq!(cal.working_days_between(cut, today, &[]), 6);
        assert_eq!(
            cal.working_days_between(cut + Duration::days(1), today, &[]),
            5
        );
    }

    #[test]
    fn rates_need_a_whole() {
        let f = LetterFigures {
            received: 10,
            replied: 8,
            replied_on_time: 6,
            followed_up: 4,
            satisfied: 3,
            reopened: 1,
        };
        assert_eq!(f.reply_rate(), Some(0.8));
        assert_eq!(f.on_time_rate(), Some(0.75));
        assert_eq!(f.satisfaction_rate(), Some(0.75));
        assert_eq!(f.reopen_rate(), Some(0.1));
        assert_eq!(LetterFigures::default().reply_rate(), None);
        let mut sum = f;
        sum.add(&f);
        assert_eq!(sum.received, 20);
        assert_eq!(sum.reopened, 2);
    }

    #[test]
    fn queries_parse_or_name_the_bad_parameter() {
        let q = StatsQuery::parse(None, None, None).unwrap();
        assert_eq!(q.region, PROVINCE);
        let q = StatsQuery::parse(Some("440100"), Some("12"), Some("2026")).unwrap();
        assert_eq!(
            (q.region, q.department, q.year),
            (440100, Some(12), Some(2026))
        );
        let name = |r| match r {
            Err(AppError::InvalidParameter { name }) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(name(StatsQuery::parse(Some("44"), None, None)), "region");
        assert_eq!(
            name(StatsQuery::parse(None, Some("-3"), None)),
            "department"
        );
        assert_eq!(name(StatsQuery::parse(None, Some("x"), None)), "department");
        assert_eq!(name(StatsQuery::parse(None, None, Some("1999"))), "year");
    }
}
