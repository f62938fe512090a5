//! Booking a visit (网上预约, issue 17): services that must be done in
//! person offer a time at a named office (办理点) instead of an online
//! application. An office opens in a morning and an afternoon session on
//! the official calendar's working days (make-up working days included,
//! holidays and weekends not), cut into slots of a fixed length, each with
//! a number of seats.
//!
//! ```text
//!   booked ──(reschedule: the new seat taken, then the old one freed)──▶ booked
//!     └────(cancel: the seat freed)──▶ cancelled
//! ```
//!
//! Pure: the slots an office offers, the booking window, what may be
//! refused and why, the views. The seats are counted in the database
//! (`store`), where the schema keeps them within the capacity.

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;

use crate::{
    catalog::Material,
    clock::{format_date, Calendar, HALL_OFFSET},
    error::{AppError, Refusal},
    i18n::{Bilingual, Lang, Msg},
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// How many working days ahead a visit may be booked, starting with the
/// next working day (a visit today is arranged at the office).
pub const WINDOW_DAYS: u32 = 10;

/// An office's opening sessions (minutes after midnight, Beijing time) and
/// the length of its slots.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub am_from: u16,
    pub am_to: u16,
    pub pm_from: u16,
    pub pm_to: u16,
    pub slot_minutes: u16,
}

fn hhmm(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

impl Hours {
    /// The start of every slot of a day, in minutes after midnight.
    pub fn starts(&self) -> Vec<u16> {
        let step = self.slot_minutes.max(5);
        let session = |from: u16, to: u16| {
            (0..)
                .map(move |i| from + i * step)
                .take_while(move |s| s + step <= to)
        };
        session(self.am_from, self.am_to)
            .chain(session(self.pm_from, self.pm_to))
            .collect()
    }

    /// The opening hours in words (周一至周五 and 调休 follow the calendar).
    pub fn label(&self, lang: Lang) -> String {
        lang.fill(
            Msg::BookHoursText,
            &[
                (
                    "am",
                    &format!("{}–{}", hhmm(self.am_from), hhmm(self.am_to)),
                ),
                (
                    "pm",
                    &format!("{}–{}", hhmm(self.pm_from), hhmm(self.pm_to)),
                ),
            ],
        )
    }
}

/// The working days a visit may be booked on, seen on `today`: the next
/// [`WINDOW_DAYS`] working days after it.
pub fn window(cal: &Calendar, today: Date) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = today;
    // A year of days off in a row cannot happen; the bound keeps it finite.
    for _ in 0..366 {
        if days.len() as u32 >= WINDOW_DAYS {
            break;
        }
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
        if cal.is_working_day(day) {
            days.push(day);
        }
    }
    days
}

/// A slot as forms and the API name it: `YYYY-MM-DDTHH:MM`, Beijing time.
pub fn slot_id(date: Date, minute: u16) -> String {
    format!(
        "{}T{:02}:{:02}",
        format_date(date),
        minute / 60,
        minute % 60
    )
}

/// Reads a slot's name ([`slot_id`]).
pub fn parse_slot(text: &str) -> Option<(Date, u16)> {
    let (date, time) = text.trim().split_once('T')?;
    let date = crate::clock::parse_date(date).ok()?;
    let (h, m) = time.split_once(':')?;
    let two = |t: &str| -> Option<u16> {
        if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (h, m) = (two(h)?, two(m)?);
    (h < 24 && m < 60).then_some((date, h * 60 + m))
}

/// The instant a slot starts.
pub fn starts_at(date: Date, minute: u16) -> OffsetDateTime {
    let time =
        Time::from_hms((minute / 60) as u8, (minute % 60) as u8, 0).unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(date, time).assume_offset(HALL_OFFSET)
}

/// The date and minute of an instant, Beijing time.
pub fn local(at: OffsetDateTime) -> (Date, u16) {
    let at = at.to_offset(HALL_OFFSET);
    (
        at.date(),
        u16::from(at.hour()) * 60 + u16::from(at.minute()),
    )
}

/// Checks that `slot` is one the office offers on `today`: an opening time
/// on a working day inside the window.
pub fn check_slot(
    cal: &Calendar,
    hours: &Hours,
    today: Date,
    slot: &str,
) -> Result<OffsetDateTime, BookingProblem> {
    let (date, minute) = parse_slot(slot).ok_or(BookingProblem::NoSuchTime)?;
    if !cal.is_working_day(date) || !hours.starts().contains(&minute) {
        return Err(BookingProblem::NoSuchTime);
    }
    if !window(cal, today).contains(&date) {
        return Err(BookingProblem::OutsideWindow);
    }
    Ok(starts_at(date, minute))
}

/// Whether both parties must come in person (the registries' rule for a
/// marriage or a divorce).
pub fn both_parties(template_key: &str) -> bool {
    matches!(
        template_key,
        "marriage-registration" | "divorce-registration"
    )
}

/// A booking code (预约码): eight letters and digits without the ones read
/// alike (no I, O, 0, 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingCode(String);

const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

impl BookingCode {
    /// Reads a code as typed (case ignored).
    pub fn parse(text: &str) -> Option<BookingCode> {
        let t = text.trim().to_ascii_uppercase();
        (t.len() == 8 && t.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(BookingCode(t))
    }

    /// A code from eight random bytes.
    pub fn from_bytes(bytes: [u8; 8]) -> BookingCode {
        BookingCode(
            bytes
                .iter()
                .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a booking is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum BookingProblem {
    /// The service takes no bookings, or the office does not do it (422).
    NotBookable,
    /// Not an opening time of the office on a working day (422).
    NoSuchTime,
    /// In the past or beyond the booking window (422).
    OutsideWindow,
    /// Every seat of the slot is taken (409).
    Full,
    /// The person has a live booking for this service already (409).
    AlreadyBooked,
    /// The booking is cancelled, or its time has passed (409).
    NotLive,
    /// Moving a booking to the time it has (422).
    SameTime,
}

impl BookingProblem {
    pub fn msg(self) -> Msg {
        match self {
            BookingProblem::NotBookable => Msg::BookErrNotBookable,
            BookingProblem::NoSuchTime => Msg::BookErrNoSuchTime,
            BookingProblem::OutsideWindow => Msg::BookErrOutsideWindow,
            BookingProblem::Full => Msg::BookErrFull,
            BookingProblem::AlreadyBooked => Msg::BookErrAlreadyBooked,
            BookingProblem::NotLive => Msg::BookErrNotLive,
            BookingProblem::SameTime => Msg::BookErrSameTime,
        }
    }

    fn status(self) -> u16 {
        match self {
            BookingProblem::Full | BookingProblem::AlreadyBooked | BookingProblem::NotLive => 409,
            _ => 422,
        }
    }
}

impl From<BookingProblem> for AppError {
    fn from(p: BookingProblem) -> AppError {
        AppError::Refused(Refusal::new(
            "booking_refused",
            p.status(),
            &p,
            Bilingual::of(p.msg()),
        ))
    }
}

/// An office as people read it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeView {
    pub id: i64,
    pub name: Bilingual,
    pub address: Bilingual,
    /// The region (district) it is in (GB/T 2260).
    pub region: u32,
    pub hours: Hours,
    /// Seats per slot.
    pub capacity: u16,
}

/// One slot of a day and its free seats.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// `YYYY-MM-DDTHH:MM`, Beijing time: what to book.
    pub slot: String,
    /// `HH:MM`.
    pub time: String,
    pub free: u16,
}

/// A working day of the window and its slots.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub slots: Vec<SlotView>,
}

impl DayView {
    pub fn free(&self) -> u32 {
        self.slots.iter().map(|s| u32::from(s.free)).sum()
    }
}

/// The days of the window with their free seats, from the seats taken
/// (`taken(date, minute)`).
pub fn calendar_of(
    cal: &Calendar,
    office: &OfficeView,
    today: Date,
    taken: impl Fn(Date, u16) -> u16,
) -> Vec<DayView> {
    window(cal, today)
        .into_iter()
        .map(|date| DayView {
            date: format_date(date),
            slots: office
                .hours
                .starts()
                .into_iter()
                .map(|m| SlotView {
                    slot: slot_id(date, m),
                    time: format!("{:02}:{:02}", m / 60, m % 60),
                    free: office.capacity.saturating_sub(taken(date, m)),
                })
                .collect(),
        })
        .collect()
}

/// Where a service may be booked: its offices and, for each, the days of
/// the window with their free seats.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSlots {
    pub office: OfficeView,
    pub days: Vec<DayView>,
}

/// A booking's state.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = BookingState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Booked,
    Cancelled,
}

impl State {
    pub fn parse(s: &str) -> State {
        if s == "cancelled" {
            State::Cancelled
        } else {
            State::Booked
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            State::Booked => Msg::BookStateBooked,
            State::Cancelled => Msg::BookStateCancelled,
        })
    }
}

/// A booking as its holder reads it: the receipt of the visit.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub code: String,
    pub state: State,
    /// The service's code.
    pub service_code: String,
    pub service: Bilingual,
    pub office: OfficeView,
    /// `YYYY-MM-DDTHH:MM`, Beijing time.
    pub slot: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    /// Both parties must come in person.
    pub both_parties: bool,
    /// What to bring: the service's materials.
    pub materials: Vec<Material>,
    /// The visit is still to come (a live booking whose time has not passed).
    pub upcoming: bool,
}

/// A new booking, a new time or a cancellation, as the JSON API and the
/// forms take it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookBody {
    /// The service's code.
    pub service: String,
    pub office: i64,
    /// `YYYY-MM-DDTHH:MM` (from the free slots).
    pub slot: String,
    pub idempotency_key: Option<String>,
}

/// A new time for a booking.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescheduleBody {
    pub office: i64,
    pub slot: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{DayKind, OfficialDay};
    use time::macros::date;

    fn registry() -> Hours {
        Hours {
            am_from: 540,
            am_to: 720,
            pm_from: 810,
            pm_to: 1020,
            slot_minutes: 30,
        }
    }

    fn national_day() -> Calendar {
        let mut days: Vec<OfficialDay> = (1..=7)
            .map(|d| OfficialDay {
                date: Date::from_calendar_date(2026, time::Month::October, d).unwrap(),
                kind: DayKind::Holiday,
                name: Bilingual::new("国庆节", "National Day"),
            })
            .collect();
        days.push(OfficialDay {
            date: date!(2026 - 10 - 10),
            kind: DayKind::Workday,
            name: Bilingual::new("调休上班", "Make-up working day"),
        });
        Calendar::new(days)
    }

    #[test]
    fn a_registry_day_has_thirteen_half_hour_slots() {
        let starts = registry().starts();
        assert_eq!(starts.len(), 6 + 7);
        assert_eq!(starts[0], 540);
        assert_eq!(starts[5], 690);
        assert_eq!(starts[6], 810);
        assert_eq!(*starts.last().unwrap(), 990);
        assert_eq!(
            registry().label(Lang::Zh),
            "工作日 9:00–12:00，13:30–17:00（法定节假日除外）"
        );
    }

    #[test]
    fn the_window_skips_holidays_and_weekends_and_keeps_make_up_days() {
        let days = window(&national_day(), date!(2026 - 09 - 30));
        assert_eq!(days.len() as u32, WINDOW_DAYS);
        assert_eq!(days[0], date!(2026 - 10 - 08));
        assert_eq!(days[1], date!(2026 - 10 - 09));
        assert_eq!(days[2], date!(2026 - 10 - 10), "the make-up Saturday");
        assert_eq!(days[3], date!(2026 - 10 - 12), "Sunday 11th is off");
    }

    #[test]
    fn only_offered_slots_pass() {
        let cal = national_day();
        let today = date!(2026 - 09 - 30);
        let at = check_slot(&cal, &registry(), today, "2026-10-08T09:30").unwrap();
        assert_eq!(local(at), (date!(2026 - 10 - 08), 570));
        for (slot, problem) in [
            ("2026-10-02T09:00", BookingProblem::NoSuchTime),
            ("2026-10-08T12:00", BookingProblem::NoSuchTime),
            ("2026-10-08T09:10", BookingProblem::NoSuchTime),
            ("2026-10-08 09:00", BookingProblem::NoSuchTime),
            ("2026-09-29T09:00", BookingProblem::OutsideWindow),
            ("2026-09-30T09:00", BookingProblem::OutsideWindow),
            ("2026-12-01T09:00", BookingProblem::OutsideWindow),
        ] {
            assert_eq!(
                check_slot(&cal, &registry(), today, slot),
                Err(problem),
                "{slot}"
            );
        }
    }

    #[test]
    fn codes_and_slots_round_trip() {
        let code = BookingCode::from_bytes([0, 31, 32, 8, 14, 200, 7, 99]);
        assert_eq!(code.as_str().len(), 8);
        assert_eq!(
            BookingCode::parse(&code.as_str().to_lowercase()),
            Some(code)
        );
        assert_eq!(BookingCode::parse("ABCDEFG0"), None);
        assert_eq!(
            parse_slot(&slot_id(date!(2026 - 10 - 08), 810)),
            Some((date!(2026 - 10 - 08), 810))
        );
        assert_eq!(parse_slot("2026-10-08T24:00"), None);
        let refused = AppError::from(BookingProblem::Full);
        assert_eq!(refused.status(), 409);
    }
}
