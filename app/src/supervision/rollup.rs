//! Additions to the monthly rollups (`stat_post_month`,
//! `stat_department_month`), merged by key before they are written: the
//! transaction that finishes a step writes one, the case generator writes
//! a hundred thousand at a time, both through the same code.

use super::{month_of, StepShare};
use std::collections::BTreeMap;
use time::Date;

/// What is added to one post's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostCounts {
    pub finished: i64,
    pub on_time: i64,
    pub used_days: i64,
    pub promised_days: i64,
    pub supplemented: i64,
    /// Ratings by stars (`stars[0]` one star); negative when a rating is
    /// voided.
    pub stars: [i64; 5],
}

/// What is added to one department's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseCounts {
    pub cases: i64,
    pub online_cases: i64,
}

/// Additions keyed by (month, post) and (month, department), in key order
/// (so that concurrent writers lock rows in the same order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollup {
    pub posts: BTreeMap<(Date, i64), PostCounts>,
    pub departments: BTreeMap<(Date, i64), CaseCounts>,
}

impl Rollup {
    pub fn is_empty(&self) -> bool {
        self.posts.is_empty() && self.departments.is_empty()
    }

    /// A step of `post` finished on `day`.
    pub fn step(&mut self, day: Date, post: i64, share: StepShare) {
        let c = self.posts.entry((month_of(day), post)).or_default();
        c.finished += 1;
        c.on_time += i64::from(share.on_time);
        c.used_days += i64::from(share.used_days);
        c.promised_days += i64::from(share.promised_days);
        c.supplemented += i64::from(share.supplemented);
    }

    /// A rating of `stars` (1–5) of a step of `post`, given on `day`;
    /// `voided` takes one out again (from the month it was given in).
    pub fn rating(&mut self, day: Date, post: i64, stars: u8, voided: bool) {
        let i = usize::from(stars.clamp(1, 5) - 1);
        let c = self.posts.entry((month_of(day), post)).or_default();
        c.stars[i] += if voided { -1 } else { 1 };
    }

    /// A case taken in on `day` with a part for `department`.
    pub fn case(&mut self, day: Date, department: i64, online: bool) {
        let c = self
            .departments
            .entry((month_of(day), department))
            .or_default();
        c.cases += 1;
        c.online_cases += i64::from(online);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn additions_merge_by_month_and_key() {
        let mut r = Rollup::default();
        let share = StepShare {
            on_time: true,
            used_days: 3,
            promised_days: 5,
            supplemented: false,
        };
        r.step(date!(2026 - 10 - 09), 7, share);
        r.step(
            date!(2026 - 10 - 30),
            7,
            StepShare {
                on_time: false,
                used_days: 9,
                supplemented: true,
                ..share
            },
        );
        r.step(date!(2026 - 11 - 02), 7, share);
        r.rating(date!(2026 - 10 - 31), 7, 2, false);
        r.rating(date!(2026 - 10 - 31), 7, 2, true);
        r.rating(date!(2026 - 10 - 31), 7, 5, false);
        r.case(date!(2026 - 10 - 01), 3, true);
        r.case(date!(2026 - 10 - 31), 3, false);
        assert_eq!(r.posts.len(), 2);
        let october = r.posts[&(date!(2026 - 10 - 01), 7)];
        assert_eq!(
            october,
            PostCounts {
                finished: 2,
                on_time: 1,
                used_days: 12,
                promised_days: 10,
                supplemented: 1,
                stars: [0, 0, 0, 0, 1],
            }
        );
        assert_eq!(
            r.departments[&(date!(2026 - 10 - 01), 3)],
            CaseCounts {
                cases: 2,
                online_cases: 1
            }
        );
    }
}
