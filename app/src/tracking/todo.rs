//! What an applicant has to do (需要您处理, issue 17): cases waiting for
//! their supplements (待补正) and closed cases with a department still to
//! rate (待评价). My space opens with it, before the list of cases;
//! appointments join it later.

use crate::i18n::{Bilingual, Lang, Msg};
use serde::{Deserialize, Serialize};

/// What is waiting for the applicant on a case.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = TodoKind))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TodoKind {
    /// A supplement notice is open (the clock is paused until answered).
    Supplement { issued_on: String },
    /// The case is closed and `departments` of its departments are not
    /// rated yet.
    Rate { departments: u32 },
    /// A booked visit (预约) still to come; `case_no` is the booking code.
    Appointment {
        /// `YYYY-MM-DD`.
        date: String,
        /// `HH:MM`.
        time: String,
        place: Bilingual,
    },
}

/// One to-do of my space.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    /// The case number (the booking code of an appointment).
    pub case_no: String,
    pub service: Bilingual,
    #[serde(flatten)]
    pub what: TodoKind,
}

impl Todo {
    /// Supplements first (they hold the case up), then visits, then
    /// ratings; the order within each kept.
    pub fn order(todos: &mut [Todo]) {
        todos.sort_by_key(|t| match t.what {
            TodoKind::Supplement { .. } => 0,
            TodoKind::Appointment { .. } => 1,
            TodoKind::Rate { .. } => 2,
        });
    }

    /// The label of the to-do (待补正 / 待评价).
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.t(match self.what {
            TodoKind::Supplement { .. } => Msg::TodoSupplement,
            TodoKind::Rate { .. } => Msg::TodoRate,
            TodoKind::Appointment { .. } => Msg::TodoAppointment,
        })
    }

    /// What to do, in words.
    pub fn detail(&self, lang: Lang) -> String {
        match &self.what {
            TodoKind::Supplement { issued_on } => {
                lang.fill(Msg::TodoSupplementText, &[("issued_on", issued_on)])
            }
            TodoKind::Rate { departments: 1 } => lang.t(Msg::TodoRateOne).to_string(),
            TodoKind::Rate { departments } => lang.fill(Msg::TodoRateText, &[("n", departments)]),
            TodoKind::Appointment { date, time, place } => lang.fill(
                Msg::TodoAppointmentText,
                &[("date", date), ("time", time), ("place", &place.get(lang))],
            ),
        }
    }

    /// Where it is done.
    pub fn link(&self) -> String {
        match self.what {
            TodoKind::Supplement { .. } => format!("/cases/{}#notice-h", self.case_no),
            TodoKind::Rate { .. } => format!("/cases/{}#rate-h", self.case_no),
            TodoKind::Appointment { .. } => format!("/bookings/{}", self.case_no),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplements_come_before_ratings_and_say_what_to_do() {
        let rate = Todo {
            case_no: "A".into(),
            service: Bilingual::new("甲", "A"),
            what: TodoKind::Rate { departments: 2 },
        };
        let supplement = Todo {
            case_no: "B".into(),
            service: Bilingual::new("乙", "B"),
            what: TodoKind::Supplement {
                issued_on: "2026-10-09".into(),
            },
        };
        let mut todos = vec![rate.clone(), supplement.clone()];
        Todo::order(&mut todos);
        assert_eq!(todos, vec![supplement.clone(), rate.clone()]);
        assert_eq!(supplement.label(Lang::Zh), "待补正");
        assert_eq!(rate.label(Lang::Zh), "待评价");
        assert_eq!(rate.link(), "/cases/A#rate-h");
        assert!(rate.detail(Lang::En).contains('2'));
        let visit = Todo {
            case_no: "ABCDEFGH".into(),
            service: Bilingual::new("结婚登记", "Marriage registration"),
            what: TodoKind::Appointment {
                date: "2026-10-08".into(),
                time: "09:00".into(),
                place: Bilingual::new("荔湾区婚姻登记处", "Liwan District Marriage Registry"),
            },
        };
        let mut todos = vec![rate.clone(), visit.clone(), supplement.clone()];
        Todo::order(&mut todos);
        assert_eq!(todos, vec![supplement, visit.clone(), rate]);
        assert_eq!(visit.label(Lang::Zh), "预约");
        assert_eq!(visit.link(), "/bookings/ABCDEFGH");
        assert_eq!(visit.detail(Lang::Zh), "2026-10-08 09:00，荔湾区婚姻登记处");
    }
}
