//! The shape every work order shares (DESIGN.md: "one work-order state
//! machine shape"): letters (留言/诉求) use it now, information requests
//! will. A machine names its states (a stable code, parsed back, final or
//! not), its actions (a stable code and the role that takes each) and one
//! pure `step` deciding what an action by someone holding some roles does
//! to an order on a given working day. [`offered`] asks the machine, by
//! probing, which actions the roles may take now (the forms a page shows).
//!
//! The deadline rules live here too, on the official clock: a deadline of
//! N working days counted from the day after a start day (受理次日起算),
//! pauses not counted, and at most ONE extension, asked on or before the
//! deadline and approved by someone other than who asked, adding working
//! days to the deadline.
//!
//! Pure: no database, no framework; compiled for the server and the browser.

use crate::clock::{Calendar, Pause};
use serde::{Deserialize, Serialize};
use time::Date;

/// A work order's state.
pub trait WorkState: Copy + Eq + std::fmt::Debug + 'static {
    /// The stable snake_case code stored in the database.
    fn code(self) -> &'static str;
    fn parse(code: &str) -> Option<Self>;
    /// Finished: nothing more happens.
    fn is_final(self) -> bool;
}

/// An action on a work order.
pub trait WorkAction {
    type Role: Copy + Eq + std::fmt::Debug;
    /// The stable snake_case code (`{"action": code, …}`).
    fn code(&self) -> &'static str;
    /// Who takes it.
    fn role(&self) -> Self::Role;
}

/// The day a step is taken on, on the official calendar.
#[derive(Debug, Clone, Copy)]
pub struct OnDay<'a> {
    pub cal: &'a Calendar,
    pub today: Date,
}

/// What a step does: from one state to another, and what else changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition<S, E> {
    pub from: S,
    pub to: S,
    pub effect: E,
}

/// A work-order machine: the order as the machine sees it, its states,
/// actions and roles, and the one rule deciding each step.
pub trait Machine {
    type Order;
    type State: WorkState;
    type Role: Copy + Eq + std::fmt::Debug;
    type Action: WorkAction<Role = Self::Role>;
    /// What a step changes besides the state (a deadline, a flag…).
    type Effect;
    type Problem;

    /// The step `action` by someone acting as one of `roles` takes from
    /// `order` on `on`, or why it is refused.
    fn step(
        order: &Self::Order,
        on: OnDay<'_>,
        roles: &[Self::Role],
        action: &Self::Action,
    ) -> Result<Transition<Self::State, Self::Effect>, Self::Problem>;

    /// One well-formed example of every action (with placeholder text), to
    /// probe which ones `step` would take.
    fn probes(order: &Self::Order) -> Vec<Self::Action>;
}

/// The actions `roles` may take on `order` now, each code once, in the
/// machine's probe order (for the forms a page shows).
pub fn offered<M: Machine>(
    order: &M::Order,
    on: OnDay<'_>,
    roles: &[M::Role],
) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for action in M::probes(order) {
        let code = action.code();
        if !out.contains(&code) && M::step(order, on, roles, &action).is_ok() {
            out.push(code);
        }
    }
    out
}

/// Why a deadline rule refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum DeadlineProblem {
    /// An order has one extension, no more.
    #[error("the deadline has already been extended once")]
    AlreadyExtended,
    /// An extension is asked on or before the deadline, not after.
    #[error("the deadline has passed")]
    PastDeadline,
    /// Whoever asked for the extension cannot approve it.
    #[error("an extension is approved by someone other than who asked")]
    OwnApproval,
    /// Between 1 and [`MAX_EXTENSION_DAYS`] working days.
    #[error("an extension adds 1 to {max} working days")]
    ExtensionDays { max: u32 },
    /// The calendar cannot count that far.
    #[error("the deadline is out of the calendar's range")]
    OutOfRange,
}

/// The longest extension, in working days.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// The deadline `days` working days after `start` (the start day itself
/// never counts), skipping the working days inside `pauses`.
pub fn deadline(
    cal: &Calendar,
    start: Date,
    days: u32,
    pauses: &[Pause],
) -> Result<Date, DeadlineProblem> {
    cal.add_working_days_pausing(start, days, pauses)
        .map_err(|_| DeadlineProblem::OutOfRange)
}

/// Whether an extension of `days` may be asked on `today` for a deadline
/// `due_on` that has (`extended`) or has not been extended before.
pub fn may_ask_extension(
    due_on: Date,
    extended: bool,
    today: Date,
    days: u32,
) -> Result<(), DeadlineProblem> {
    if extended {
        return Err(DeadlineProblem::AlreadyExtended);
    }
    if today > due_on {
        return Err(DeadlineProblem::PastDeadline);
    }
    if days == 0 || days > MAX_EXTENSION_DAYS {
        return Err(DeadlineProblem::ExtensionDays {
            max: MAX_EXTENSION_DAYS,
        });
    }
    Ok(())
}

/// The deadline once an extension of `days` asked by `asker` is approved by
/// `approver`: `days` more working days after `due_on`.
pub fn approve_extension(
    cal: &Calendar,
    due_on: Date,
    days: u32,
    asker: i64,
    approver: i64,
) -> Result<Date, DeadlineProblem> {
    if asker == approver {
        return Err(DeadlineProblem::OwnApproval);
    }
    if days == 0 || days > MAX_EXTENSION_DAYS {
        return Err(DeadlineProblem::ExtensionDays {
            max: MAX_EXTENSION_DAYS,
        });
    }
    deadline(cal, due_on, days, &[])
}

/// Whether `today` is within `n` working days after `start` (the start day
/// itself and days off do not count: on the start day and up to the `n`th
/// working day after it).
pub fn within_working_days(cal: &Calendar, start: Date, today: Date, n: u32) -> bool {
    today >= start && cal.working_days_between(start, today, &[]) <= n
}

/// Whether `today` is on or after the first working day after `day` (a
/// follow-up may be made from the next working day after a reply).
pub fn from_next_working_day(cal: &Calendar, day: Date, today: Date) -> bool {
    today > day && cal.working_days_between(day, today, &[]) >= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cal() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn a_deadline_skips_the_national_day_holiday_and_counts_the_make_up_saturday() {
        let cal = cal();
        // Wednesday 30 September 2026; 1–7 October off; Saturday 10 October worked.
        assert_eq!(
            deadline(&cal, date!(2026 - 09 - 30), 3, &[]),
            Ok(date!(2026 - 10 - 10))
        );
        assert_eq!(
            deadline(&cal, date!(2026 - 09 - 30), 13, &[]),
            Ok(date!(2026 - 10 - 23))
        );
        assert_eq!(
            deadline(&cal, date!(2026 - 09 - 30), 0, &[]),
            Ok(date!(2026 - 09 - 30))
        );
    }

    #[test]
    fn pauses_do_not_count() {
        let cal = cal();
        // Monday 14 September 2026 + 3 = Thursday 17; paused 15–16: 17, 18
        // and Sunday 20 September, a make-up working day.
        let pause = Pause {
            from: date!(2026 - 09 - 15),
            to: date!(2026 - 09 - 16),
        };
        assert_eq!(
            deadline(&cal, date!(2026 - 09 - 14), 3, &[]),
            Ok(date!(2026 - 09 - 17))
        );
        assert_eq!(
            deadline(&cal, date!(2026 - 09 - 14), 3, &[pause]),
            Ok(date!(2026 - 09 - 20))
        );
    }

    #[test]
    fn one_extension_asked_on_or_before_the_deadline() {
        let due = date!(2026 - 09 - 30);
        assert_eq!(
            may_ask_extension(due, false, date!(2026 - 09 - 29), 5),
            Ok(())
        );
        assert_eq!(may_ask_extension(due, false, due, 5), Ok(()));
        assert_eq!(
            may_ask_extension(due, false, date!(2026 - 10 - 08), 5),
            Err(DeadlineProblem::PastDeadline)
        );
        assert_eq!(
            may_ask_extension(due, true, date!(2026 - 09 - 29), 5),
            Err(DeadlineProblem::AlreadyExtended)
        );
        assert_eq!(
            may_ask_extension(due, false, due, 0),
            Err(DeadlineProblem::ExtensionDays { max: 30 })
        );
        assert_eq!(
            may_ask_extension(due, false, due, 31),
            Err(DeadlineProblem::ExtensionDays { max: 30 })
        );
    }

    #[test]
    fn an_approved_extension_adds_working_days_past_the_holiday() {
        let cal = cal();
        assert_eq!(
            approve_extension(&cal, date!(2026 - 09 - 30), 2, 1, 2),
            Ok(date!(2026 - 10 - 09))
        );
        assert_eq!(
            approve_extension(&cal, date!(2026 - 09 - 30), 2, 7, 7),
            Err(DeadlineProblem::OwnApproval)
        );
    }

    #[test]
    fn within_one_working_day_across_a_weekend_and_the_holiday() {
        let cal = cal();
        // Friday 25 September (Mid-Autumn, off): Monday 28 is the 1st
        // working day after.
        let fri = date!(2026 - 09 - 25);
        assert!(within_working_days(&cal, fri, fri, 1));
        assert!(within_working_days(&cal, fri, date!(2026 - 09 - 27), 1));
        assert!(within_working_days(&cal, fri, date!(2026 - 09 - 28), 1));
        assert!(!within_working_days(&cal, fri, date!(2026 - 09 - 29), 1));
        // Wednesday 30 September: 8 October is the next working day.
        let wed = date!(2026 - 09 - 30);
        assert!(within_working_days(&cal, wed, date!(2026 - 10 - 08), 1));
        assert!(!within_working_days(&cal, wed, date!(2026 - 10 - 09), 1));
        assert!(!within_working_days(&cal, wed, date!(2026 - 09 - 29), 1));
    }

    #[test]
    fn the_next_working_day_after_a_reply() {
        let cal = cal();
        let wed = date!(2026 - 09 - 30);
        assert!(!from_next_working_day(&cal, wed, wed));
        assert!(!from_next_working_day(&cal, wed, date!(2026 - 10 - 05)));
        assert!(from_next_working_day(&cal, wed, date!(2026 - 10 - 08)));
        assert!(from_next_working_day(&cal, wed, date!(2026 - 10 - 20)));
    }
}
