//! Efficiency supervision (效能监察), the pure core: when a step under way
//! raises an alert (yellow within a configurable number of working days of
//! its deadline, red once past it — on the working-day clock, holidays and
//! pauses left out), and the efficiency stars of a region, department or
//! post computed from its record (三星合格、四星良好、五星优秀; below three:
//! not qualified).
//!
//! The monitor (jobs, reminders, escalation), the rollups and the
//! dashboards build on these functions.

pub mod case_page;
pub mod notice;
#[cfg(feature = "ssr")]
pub mod notice_store;
pub mod pages;
pub mod rollup;
#[cfg(feature = "ssr")]
pub mod store;
pub mod supervised;
#[cfg(feature = "ssr")]
pub mod supervised_store;
pub mod views;

use crate::{
    clock::{Calendar, Pause},
    ratings::Tally,
    workflow::definition::StepKind,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// An alert on a step under way.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alert {
    /// Near the deadline: remind the handler and the post.
    Yellow,
    /// Past the deadline: escalate to the unit head and the region's
    /// supervisor.
    Red,
}

/// Working days before a deadline that raise a yellow alert, unless
/// configured otherwise.
pub const DEFAULT_WARN_DAYS: u32 = 1;

/// The alert a step due on `due` raises on `today`: red once the deadline
/// has passed, yellow when at most `warn_days` working days (after today,
/// up to and including the deadline, pauses left out) remain, none before.
pub fn alert(
    cal: &Calendar,
    due: Date,
    today: Date,
    pauses: &[Pause],
    warn_days: u32,
) -> Option<Alert> {
    if due < today {
        Some(Alert::Red)
    } else if cal.working_days_between(today, due, pauses) <= warn_days {
        Some(Alert::Yellow)
    } else {
        None
    }
}

/// Whether finishing a step of this kind counts in its post's record: the
/// steps people do. Online acceptance and the result are the system's.
pub fn counts(kind: StepKind) -> bool {
    !matches!(kind, StepKind::Acceptance | StepKind::Result)
}

/// What finishing one step adds to its post's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepShare {
    /// Finished on or before its deadline.
    pub on_time: bool,
    /// Working days from its start to its finish, pauses left out.
    pub used_days: u32,
    /// Its time limit in working days.
    pub promised_days: u32,
    /// It asked the applicant for supplements.
    pub supplemented: bool,
}

/// The share of a step started on `started`, due on `due` (its deadline,
/// already moved by the pauses), with a limit of `limit` working days,
/// finished on `finished`.
pub fn step_share(
    cal: &Calendar,
    started: Date,
    due: Date,
    limit: u16,
    finished: Date,
    pauses: &[Pause],
    supplemented: bool,
) -> StepShare {
    StepShare {
        on_time: finished <= due,
        used_days: cal.working_days_between(started, finished, pauses),
        promised_days: u32::from(limit),
        supplemented,
    }
}

/// The first day of `day`'s month: the rollups' key.
pub fn month_of(day: Date) -> Date {
    day.replace_day(1).unwrap_or(day)
}

/// What the record says about a region, department or post over a period.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Record {
    /// Steps finished in the period.
    pub finished: u64,
    /// Of them, finished on or before their deadline.
    pub on_time: u64,
    /// Working days the finished steps took, summed.
    pub used_days: u64,
    /// Working days they were allowed (their limits), summed.
    pub promised_days: u64,
    /// Cases handled in the period.
    pub cases: u64,
    /// Of them, cases that needed supplements.
    pub supplemented: u64,
    /// The applicants' ratings.
    pub ratings: Tally,
    /// Steps under way now past their deadline: they count against the
    /// on-time rate (as not on time) until they are finished.
    #[serde(default)]
    pub overdue_open: u64,
}

impl Record {
    /// Whether there is anything to score: a finished step or a late one.
    /// Without, the pages say 无数据 (no data) instead of a score.
    pub fn has_data(&self) -> bool {
        self.finished + self.overdue_open > 0
    }
}

/// Weights of the efficiency score (they sum to 100).
pub const WEIGHT_ON_TIME: f64 = 50.0;
pub const WEIGHT_SPEED: f64 = 20.0;
pub const WEIGHT_SUPPLEMENTS: f64 = 10.0;
pub const WEIGHT_RATINGS: f64 = 20.0;
/// Fewer finished steps than this: not rated yet.
pub const MIN_FINISHED: u64 = 10;

/// Efficiency stars.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = EfficiencyStars))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stars {
    NotQualified,
    Three,
    Four,
    Five,
}

impl Stars {
    /// 90 and above five stars, 80 four, 70 three, below that not
    /// qualified.
    pub fn of_score(score: f64) -> Stars {
        if score >= 90.0 {
            Stars::Five
        } else if score >= 80.0 {
            Stars::Four
        } else if score >= 70.0 {
            Stars::Three
        } else {
            Stars::NotQualified
        }
    }
}

/// The parts of an efficiency score and its stars.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Efficiency {
    /// Share of steps finished on time (0–1).
    pub on_time_rate: f64,
    /// Working days used per working day promised.
    pub time_ratio: f64,
    /// Share of cases that needed supplements (0–1).
    pub supplement_rate: f64,
    /// The ratings' fair score (1–5; three stars without ratings).
    pub rating_score: f64,
    /// 0–100.
    pub score: f64,
    /// None while fewer than `MIN_FINISHED` steps are finished.
    pub stars: Option<Stars>,
    /// There is a record to score ([`Record::has_data`]); without one the
    /// score means nothing and is not shown.
    #[serde(default)]
    pub data: bool,
}

/// The efficiency of a record:
///
/// score = 50 × on-time rate
///       + 20 × speed, where speed = 1 when no more days were used than
///              promised, falling to 0 at twice the promised days
///       + 10 × (1 − supplement rate)
///       + 20 × (rating score − 1) / 4, the ratings' fair score
///              (`ratings::Tally::score`: three stars without ratings)
pub fn efficiency(r: &Record) -> Efficiency {
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    // Open steps already late count as steps not on time.
    let on_time_rate = ratio(r.on_time, r.finished + r.overdue_open);
    let time_ratio = if r.promised_days == 0 {
        if r.used_days == 0 {
            1.0
        } else {
            2.0
        }
    } else {
        ratio(r.used_days, r.promised_days)
    };
    let speed = (2.0 - time_ratio.max(1.0)).clamp(0.0, 1.0);
    let supplement_rate = ratio(r.supplemented, r.cases);
    let rating_score = r.ratings.score();
    let score = WEIGHT_ON_TIME * on_time_rate
        + WEIGHT_SPEED * speed
        + WEIGHT_SUPPLEMENTS * (1.0 - supplement_rate)
        + WEIGHT_RATINGS * (rating_score - 1.0) / 4.0;
    let score = (score * 10.0).round() / 10.0;
    Efficiency {
        on_time_rate,
        time_ratio,
        supplement_rate,
        rating_score,
        score,
        stars: (r.finished >= MIN_FINISHED).then(|| Stars::of_score(score)),
        data: r.has_data(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cal() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn alerts_follow_the_working_day_clock_across_the_holiday() {
        let cal = cal();
        let eve = date!(2026 - 09 - 30);
        // Due 8 October, seen on 30 September: the holiday does not count,
        // one working day is left — yellow.
        assert_eq!(
            alert(&cal, date!(2026 - 10 - 08), eve, &[], 1),
            Some(Alert::Yellow)
        );
        // Due 9 October: two working days — no alert with the default, yellow
        // when warning two days ahead.
        assert_eq!(
            alert(&cal, date!(2026 - 10 - 09), eve, &[], DEFAULT_WARN_DAYS),
            None
        );
        assert_eq!(
            alert(&cal, date!(2026 - 10 - 09), eve, &[], 2),
            Some(Alert::Yellow)
        );
        // Due today: yellow; due yesterday: red.
        assert_eq!(alert(&cal, eve, eve, &[], 0), Some(Alert::Yellow));
        assert_eq!(
            alert(&cal, date!(2026 - 09 - 29), eve, &[], 1),
            Some(Alert::Red)
        );
        // The make-up Saturday 10 October counts: due Monday 12 October,
        // seen Friday 9 October, two working days left.
        assert_eq!(
            alert(&cal, date!(2026 - 10 - 12), date!(2026 - 10 - 09), &[], 1),
            None
        );
        assert_eq!(
            alert(&cal, date!(2026 - 10 - 12), date!(2026 - 10 - 09), &[], 2),
            Some(Alert::Yellow)
        );
    }

    fn record(on_time: u64, used: u64, supplemented: u64, ratings: [u64; 5]) -> Record {
        Record {
            finished: 100,
            on_time,
            used_days: used,
            promised_days: 300,
            cases: 50,
            supplemented,
            ratings: Tally { counts: ratings },
            overdue_open: 0,
        }
    }

    #[test]
    fn a_punctual_fast_well_rated_department_has_five_stars() {
        let e = efficiency(&record(100, 240, 0, [0, 0, 0, 0, 200]));
        // 50 + 20 + 10 + 20 × ((60 + 1000) / 220 − 1) / 4 = 99.1
        assert!((e.score - 99.1).abs() < 0.05, "{e:?}");
        assert_eq!(e.stars, Some(Stars::Five));
    }

    #[test]
    fn lateness_and_slowness_cost_stars() {
        // 80 % on time, 1.5× the promised days, 20 % supplemented, no ratings.
        let e = efficiency(&record(80, 450, 10, [0; 5]));
        // 40 + 10 + 8 + 10
        assert!((e.score - 68.0).abs() < 0.05, "{e:?}");
        assert_eq!(e.stars, Some(Stars::NotQualified));
        assert_eq!(e.rating_score, 3.0);
        let better = efficiency(&record(95, 300, 5, [0; 5]));
        // 47.5 + 20 + 9 + 10
        assert!((better.score - 86.5).abs() < 0.05);
        assert_eq!(better.stars, Some(Stars::Four));
    }

    #[test]
    fn stars_have_their_thresholds_and_need_a_sample() {
        assert_eq!(Stars::of_score(90.0), Stars::Five);
        assert_eq!(Stars::of_score(89.9), Stars::Four);
        assert_eq!(Stars::of_score(80.0), Stars::Four);
        assert_eq!(Stars::of_score(70.0), Stars::Three);
        assert_eq!(Stars::of_score(69.9), Stars::NotQualified);
        let few = Record {
            finished: MIN_FINISHED - 1,
            on_time: MIN_FINISHED - 1,
            ..Record::default()
        };
        assert_eq!(efficiency(&few).stars, None);
        // Nothing at all: no division by zero, and no data to show.
        let none = efficiency(&Record::default());
        assert_eq!(none.stars, None);
        assert!(none.score.is_finite());
        assert!(!none.data);
    }

    #[test]
    fn open_late_steps_count_against_the_on_time_rate() {
        // One step finished on time, one under way five days late: 50 %.
        let r = Record {
            finished: 1,
            on_time: 1,
            used_days: 1,
            promised_days: 1,
            cases: 1,
            overdue_open: 1,
            ..Record::default()
        };
        let e = efficiency(&r);
        assert!((e.on_time_rate - 0.5).abs() < 1e-9, "{e:?}");
        assert!(e.data);
        // Only a late open step: data, and nothing on time.
        let late = efficiency(&Record {
            overdue_open: 1,
            ..Record::default()
        });
        assert!(late.data && late.on_time_rate == 0.0);
    }

    #[test]
    fn a_steps_share_counts_working_days_without_holidays_or_pauses() {
        let cal = cal();
        // Started Tuesday 29 September 2026, 3 working days allowed: due
        // Friday 9 October (the holiday from 1 to 8 October does not count).
        let start = date!(2026 - 09 - 29);
        let due = cal.add_working_days(start, 3).unwrap();
        assert_eq!(due, date!(2026 - 10 - 09));
        let on_time = step_share(&cal, start, due, 3, date!(2026 - 10 - 09), &[], false);
        assert_eq!(
            on_time,
            StepShare {
                on_time: true,
                used_days: 3,
                promised_days: 3,
                supplemented: false
            }
        );
        // Finished on the make-up Saturday after: one day late, 4 used.
        let late = step_share(&cal, start, due, 3, date!(2026 - 10 - 10), &[], true);
        assert!(!late.on_time && late.supplemented);
        assert_eq!(late.used_days, 4);
        // A pause (waiting for supplements) on 9 and 10 October is not used.
        let paused = step_share(
            &cal,
            start,
            date!(2026 - 10 - 13),
            3,
            date!(2026 - 10 - 12),
            &[Pause {
                from: date!(2026 - 10 - 09),
                to: date!(2026 - 10 - 10),
            }],
            true,
        );
        assert!(paused.on_time);
        assert_eq!(paused.used_days, 3);
        assert_eq!(month_of(date!(2026 - 10 - 31)), date!(2026 - 10 - 01));
        assert!(counts(StepKind::Review) && counts(StepKind::Issuance));
        assert!(!counts(StepKind::Acceptance) && !counts(StepKind::Result));
    }
}
