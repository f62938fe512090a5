//! The working-day clock: every deadline in Banshi comes from here.
//!
//! A day is a working day when it is Monday to Friday and not a public
//! holiday, or when it is a weekend day made a working day (调休上班). The
//! official days come as data (`server/seed/calendar.csv`, table
//! `calendar_day`), so a new year needs no code. Counting starts on the
//! working day after acceptance (受理次日起算): the deadline of N working days
//! from day D is the Nth working day after D. Pauses (supplements,
//! inspections, statutory exclusions) are intervals whose working days do
//! not count.

#[cfg(feature = "ssr")]
pub mod store;

use crate::i18n::Bilingual;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Duration, Month, Weekday};

/// How an official day differs from the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (on any weekday).
    Holiday,
    /// A weekend day worked to make up for a holiday (调休上班).
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(code: &str) -> Option<DayKind> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// One official day: what it is and its name in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialDay {
    pub date: Date,
    pub kind: DayKind,
    pub name: Bilingual,
}

/// Why a calendar or a date cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("{0:?} is not a date of the form YYYY-MM-DD")]
    Date(String),
    #[error("the deadline is too far away")]
    OutOfRange,
}

/// Parses `YYYY-MM-DD` (a real date), as `time`'s `[year]-[month]-[day]`
/// does (an optional sign before four digits, then two and two), written
/// out: the format-description parser is 12 KB of the browser's WASM.
pub fn parse_date(text: &str) -> Result<Date, ClockError> {
    let bad = || ClockError::Date(text.to_string());
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let digits = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0i32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0, 4), digits(5, 7), digits(8, 10)) else {
        return Err(bad());
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let year = if negative { -year } else { year };
    Date::from_calendar_date(year, month, u8::try_from(day).map_err(|_| bad())?).map_err(|_| bad())
}

/// What is wrong with a date a person typed; stable snake_case codes
/// (`{"problem": "too_late", "detail": {"max": "2027-03-01"}}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", content = "detail", rename_all = "snake_case")]
pub enum DateProblem {
    /// Not `YYYY-MM-DD`, or no such day.
    #[error("not a date")]
    NotADate,
    /// Before the first day allowed.
    #[error("before {min}")]
    TooEarly {
        #[serde(with = "iso_date")]
        min: Date,
    },
    /// After the last day allowed.
    #[error("after {max}")]
    TooLate {
        #[serde(with = "iso_date")]
        max: Date,
    },
    /// A weekend or holiday where a working day is needed.
    #[error("not a working day")]
    NotWorkingDay,
}

mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_date(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_date(&text).map_err(serde::de::Error::custom)
    }
}

impl DateProblem {
    /// The problem's sentence in `lang`, with its bound filled in.
    pub fn message(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Msg;
        match self {
            DateProblem::NotADate => lang.t(Msg::DateNotADate).to_string(),
            DateProblem::TooEarly { min } => {
                lang.fill(Msg::DateTooEarly, &[("min", &format_date(min))])
            }
            DateProblem::TooLate { max } => {
                lang.fill(Msg::DateTooLate, &[("max", &format_date(max))])
            }
            DateProblem::NotWorkingDay => lang.t(Msg::DateNotWorkingDay).to_string(),
        }
    }

    /// The field refusal of this problem at `field` (a 422 names it).
    pub fn at(self, field: &str) -> crate::error::FieldRefusal {
        crate::error::FieldRefusal::new(field, &self, Bilingual::each(|l| self.message(l)))
    }
}

/// The earliest and latest date a person may type where nothing narrower
/// applies (a date of birth, a date on a certificate): years 1900 to 2100.
pub const EARLIEST_TYPED: Date = time::macros::date!(1900 - 01 - 01);
pub const LATEST_TYPED: Date = time::macros::date!(2100 - 12 - 31);

/// Parses `YYYY-MM-DD` that must lie within `min..=max`.
pub fn parse_date_within(text: &str, min: Date, max: Date) -> Result<Date, DateProblem> {
    let date = parse_date(text).map_err(|_| DateProblem::NotADate)?;
    if date < min {
        Err(DateProblem::TooEarly { min })
    } else if date > max {
        Err(DateProblem::TooLate { max })
    } else {
        Ok(date)
    }
}

/// Parses a typed date within the plausible years (1900 to 2100): a date
/// far outside says a typing slip or a probe, never a real day.
pub fn parse_typed_date(text: &str) -> Result<Date, DateProblem> {
    parse_date_within(text, EARLIEST_TYPED, LATEST_TYPED)
}

/// The furthest a joint site inspection may be set: 60 working days (about
/// three months) after today. It pauses the case's clock until that day,
/// so an unbounded date would move the deadline out of every alert.
pub const INSPECTION_MAX_WORKING_DAYS: u32 = 60;

/// The day of a joint site inspection: a working day from `today` to
/// [`INSPECTION_MAX_WORKING_DAYS`] working days after it.
pub fn parse_inspection_day(cal: &Calendar, text: &str, today: Date) -> Result<Date, DateProblem> {
    let max = cal
        .add_working_days(today, INSPECTION_MAX_WORKING_DAYS)
        .unwrap_or(today);
    let day = parse_date_within(text, today, max)?;
    if !cal.is_working_day(day) {
        return Err(DateProblem::NotWorkingDay);
    }
    Ok(day)
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    // As `[year]-[month]-[day]` formats, written out (smaller WASM).
    let (year, month, day) = date.to_calendar_date();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{day:02}",
        year.unsigned_abs(),
        u8::from(month)
    )
}

/// The official days, by date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<Date, OfficialDay>,
}

/// A period whose working days do not count towards a deadline (both ends
/// included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: Date,
    pub to: Date,
}

impl Pause {
    fn covers(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The most working days a deadline may be counted for (about forty years).
pub const MAX_WORKING_DAYS: u32 = 10_000;

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = OfficialDay>) -> Calendar {
        Calendar {
            days: days.into_iter().map(|d| (d.date, d)).collect(),
        }
    }

    /// Reads `date,kind,name_zh,name_en` lines (a header line and `#`
    /// comments allowed); a date listed twice is an error.
    pub fn from_csv(text: &str) -> Result<Calendar, ClockError> {
        let mut days = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("date,") {
                continue;
            }
            let bad = |reason: &str| ClockError::Line {
                line: i + 1,
                reason: reason.to_string(),
            };
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [date, kind, zh, en] = fields[..] else {
                return Err(bad("expected date,kind,name_zh,name_en"));
            };
            let date = parse_date(date).map_err(|e| bad(&e.to_string()))?;
            let kind =
                DayKind::parse(kind).ok_or_else(|| bad("kind must be holiday or workday"))?;
            let name = Bilingual::new(zh, en);
            if !name.is_complete() {
                return Err(bad("both names are needed"));
            }
            let day = OfficialDay { date, kind, name };
            if days.insert(date, day).is_some() {
                return Err(bad("this date is listed twice"));
            }
        }
        Ok(Calendar { days })
    }

    pub fn days(&self) -> impl Iterator<Item = &OfficialDay> {
        self.days.values()
    }

    /// The official day on `date`, if it is one.
    pub fn official(&self, date: Date) -> Option<&OfficialDay> {
        self.days.get(&date)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday),
        }
    }

    /// The `n`th working day after `from` (受理次日起算: the day of
    /// acceptance never counts); `from` itself when `n` is 0.
    pub fn add_working_days(&self, from: Date, n: u32) -> Result<Date, ClockError> {
        self.add_working_days_pausing(from, n, &[])
    }

    /// The same, skipping the working days inside `pauses`.
    pub fn add_working_days_pausing(
        &self,
        from: Date,
        n: u32,
        pauses: &[Pause],
    ) -> Result<Date, ClockError> {
        if n > MAX_WORKING_DAYS {
            return Err(ClockError::OutOfRange);
        }
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.next_day().ok_or(ClockError::OutOfRange)?;
            if self.is_working_day(day) && !pauses.iter().any(|p| p.covers(day)) {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is
    /// not after `from`), leaving out those inside `pauses`: how many of a
    /// deadline's days have been used by `to`.
    pub fn working_days_between(&self, from: Date, to: Date, pauses: &[Pause]) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day += Duration::days(1);
            if self.is_working_day(day) && !pauses.iter().any(|p| p.covers(day)) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_parse_and_format_as_time_does() {
        use time::macros::format_description;
        let fd = format_description!("[year]-[month]-[day]");
        for text in [
            "2026-10-08",
            " 2026-02-28 ",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-08",
            "2026-10-8",
            "26-10-08",
            "2026/10/08",
            "2026-10-08x",
            "+2026-10-08",
            "-0001-01-01",
            "0000-01-01",
            "9999-12-31",
            "２０２６-10-08",
            "2026-10-0\u{661}",
            "",
            "-",
            "2026-10-32",
            "1900-01-01",
            "2100-12-31",
        ] {
            let ours = parse_date(text).ok();
            let theirs = Date::parse(text.trim(), fd).ok();
            assert_eq!(ours, theirs, "{text:?}");
            if let Some(d) = ours {
                assert_eq!(format_date(d), d.format(fd).unwrap(), "{text:?}");
            }
        }
        for d in [
            Date::MIN,
            Date::MAX,
            time::macros::date!(-44 - 03 - 15),
            time::macros::date!(0007 - 01 - 09),
        ] {
            assert_eq!(format_date(d), d.format(fd).unwrap());
        }
    }

    use super::*;
    use time::macros::date;

    fn official() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn weekdays_work_and_weekends_rest_without_official_days() {
        let c = Calendar::default();
        assert!(c.is_working_day(date!(2026 - 11 - 27))); // Friday
        assert!(!c.is_working_day(date!(2026 - 11 - 28))); // Saturday
        assert!(!c.is_working_day(date!(2026 - 11 - 29))); // Sunday
        assert!(c.is_working_day(date!(2026 - 11 - 30))); // Monday
    }

    #[test]
    fn holidays_rest_and_make_up_weekends_work() {
        let c = official();
        // National Day 2025 (Oct 1–8) and its make-up Sunday, Sep 28.
        for d in 1..=8 {
            let day = Date::from_calendar_date(2025, time::Month::October, d).unwrap();
            assert!(!c.is_working_day(day), "{day}");
        }
        assert!(c.is_working_day(date!(2025 - 09 - 28)));
        assert!(c.is_working_day(date!(2025 - 10 - 11)));
        assert_eq!(
            c.official(date!(2025 - 10 - 03)).unwrap().name.zh,
            "中秋节、国庆节"
        );
        // Spring Festival 2024: Feb 10–17 off, Feb 4 and 18 (Sundays) worked.
        assert!(!c.is_working_day(date!(2024 - 02 - 12)));
        assert!(c.is_working_day(date!(2024 - 02 - 04)));
        assert!(c.is_working_day(date!(2024 - 02 - 18)));
        // New Year 2023 began on Saturday 31 December 2022.
        assert!(!c.is_working_day(date!(2023 - 01 - 02)));
    }

    #[test]
    fn counting_starts_the_working_day_after_acceptance() {
        let c = official();
        // Accepted Monday 2026-11-23: the 1st working day is Tuesday.
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 23), 1).unwrap(),
            date!(2026 - 11 - 24)
        );
        // Accepted Friday: 1 working day ends Monday.
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 27), 1).unwrap(),
            date!(2026 - 11 - 30)
        );
        // Accepted on a Saturday (24-hour acceptance): Monday is the 1st.
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 28), 1).unwrap(),
            date!(2026 - 11 - 30)
        );
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 23), 0).unwrap(),
            date!(2026 - 11 - 23)
        );
        // Ten working days from 2026-11-20 (a Friday): two full weeks.
        assert_eq!(
            c.add_working_days(date!(2026 - 11 - 20), 10).unwrap(),
            date!(2026 - 12 - 04)
        );
    }

    #[test]
    fn deadlines_step_over_golden_weeks_and_include_make_up_days() {
        let c = official();
        // Accepted Friday 2025-09-26: Sep 28 (Sun, worked) is day 1, Sep 29, 30
        // days 2 and 3; Oct 1–8 rest; Oct 9, 10 days 4, 5; Oct 11 (Sat, worked) 6.
        let from = date!(2025 - 09 - 26);
        assert_eq!(c.add_working_days(from, 1).unwrap(), date!(2025 - 09 - 28));
        assert_eq!(c.add_working_days(from, 3).unwrap(), date!(2025 - 09 - 30));
        assert_eq!(c.add_working_days(from, 4).unwrap(), date!(2025 - 10 - 09));
        assert_eq!(c.add_working_days(from, 6).unwrap(), date!(2025 - 10 - 11));
        assert_eq!(c.add_working_days(from, 7).unwrap(), date!(2025 - 10 - 13));
        // Spring Festival 2026 (Feb 15–23; Feb 14 and 28 worked).
        assert_eq!(
            c.add_working_days(date!(2026 - 02 - 13), 1).unwrap(),
            date!(2026 - 02 - 14)
        );
        assert_eq!(
            c.add_working_days(date!(2026 - 02 - 14), 1).unwrap(),
            date!(2026 - 02 - 24)
        );
    }

    #[test]
    fn pauses_stop_the_clock() {
        let c = official();
        let from = date!(2026 - 11 - 20); // Friday
                                          // A supplement request from Tuesday 24 to Thursday 26 November.
        let pause = Pause {
            from: date!(2026 - 11 - 24),
            to: date!(2026 - 11 - 26),
        };
        assert_eq!(
            c.add_working_days_pausing(from, 1, &[pause]).unwrap(),
            date!(2026 - 11 - 23)
        );
        assert_eq!(
            c.add_working_days_pausing(from, 2, &[pause]).unwrap(),
            date!(2026 - 11 - 27)
        );
        assert_eq!(
            c.add_working_days_pausing(from, 10, &[pause]).unwrap(),
            date!(2026 - 12 - 09)
        );
        assert_eq!(
            c.working_days_between(from, date!(2026 - 11 - 27), &[pause]),
            2
        );
        assert_eq!(c.working_days_between(from, date!(2026 - 11 - 27), &[]), 5);
    }

    #[test]
    fn days_used_and_deadlines_agree() {
        let c = official();
        let from = date!(2024 - 01 - 01);
        for n in [1, 5, 20, 60, 250] {
            let deadline = c.add_working_days(from, n).unwrap();
            assert_eq!(c.working_days_between(from, deadline, &[]), n, "{n}");
            assert!(c.is_working_day(deadline));
        }
        assert_eq!(
            c.working_days_between(date!(2024 - 01 - 10), date!(2024 - 01 - 01), &[]),
            0
        );
    }

    #[test]
    fn the_official_data_is_consistent() {
        let c = official();
        let mut per_year = std::collections::BTreeMap::new();
        for d in c.days() {
            *per_year.entry(d.date.year()).or_insert(0) += 1;
            match d.kind {
                // Make-up days are weekends; holidays on weekdays are the point.
                DayKind::Workday => assert!(
                    matches!(d.date.weekday(), Weekday::Saturday | Weekday::Sunday),
                    "{} is a make-up day on a weekday",
                    d.date
                ),
                DayKind::Holiday => {}
            }
        }
        for year in 2020..=2026 {
            assert!(
                per_year.get(&year).copied().unwrap_or(0) >= 30,
                "{year}: {per_year:?}"
            );
        }
        // Every year has 11 statutory holiday days at least (13 from 2025).
        for year in 2020..=2026 {
            let holidays = c
                .days()
                .filter(|d| d.date.year() == year && d.kind == DayKind::Holiday)
                .count();
            assert!(holidays >= 20, "{year}: {holidays}");
        }
    }

    #[test]
    fn bad_calendar_lines_are_named() {
        assert_eq!(
            Calendar::from_csv("2026-02-30,holiday,春节,Spring Festival").unwrap_err(),
            ClockError::Line {
                line: 1,
                reason: "\"2026-02-30\" is not a date of the form YYYY-MM-DD".into()
            }
        );
        assert!(Calendar::from_csv("2026-01-01,feast,元旦,New Year").is_err());
        assert!(Calendar::from_csv("2026-01-01,holiday,元旦").is_err());
        assert!(Calendar::from_csv(
            "2026-01-01,holiday,元旦,New Year\n2026-01-01,holiday,元旦,New Year"
        )
        .is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert_eq!(
            format_date(parse_date(" 2026-02-28 ").unwrap()),
            "2026-02-28"
        );
        assert_eq!(
            Calendar::default().add_working_days(date!(2026 - 01 - 01), MAX_WORKING_DAYS + 1),
            Err(ClockError::OutOfRange)
        );
    }
}

/// The time zone of the hall (China Standard Time, UTC+8, no summer time).
pub const HALL_OFFSET: time::UtcOffset = match time::UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => time::UtcOffset::UTC,
};

/// The hall's "now": the real time, or a time fixed for tests (so dates in
/// browser journeys are the same on every run).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct Now(std::sync::Arc<std::sync::RwLock<Option<time::OffsetDateTime>>>);

#[cfg(feature = "ssr")]
impl Now {
    /// The real clock.
    pub fn real() -> Now {
        Now::default()
    }

    /// A clock standing at `at` until set again.
    pub fn fixed(at: time::OffsetDateTime) -> Now {
        Now(std::sync::Arc::new(std::sync::RwLock::new(Some(at))))
    }

    /// Whether this clock was fixed (test mode): only then may it be set.
    pub fn is_fixed(&self) -> bool {
        self.0.read().map(|g| g.is_some()).unwrap_or(false)
    }

    /// Moves a fixed clock; a real clock stays real.
    pub fn set(&self, at: time::OffsetDateTime) -> bool {
        match self.0.write() {
            Ok(mut g) if g.is_some() => {
                *g = Some(at);
                true
            }
            _ => false,
        }
    }

    /// Now, in the hall's time zone.
    pub fn now(&self) -> time::OffsetDateTime {
        let fixed = self.0.read().ok().and_then(|g| *g);
        fixed
            .unwrap_or_else(time::OffsetDateTime::now_utc)
            .to_offset(HALL_OFFSET)
    }

    /// Today in the hall's time zone.
    pub fn today(&self) -> Date {
        self.now().date()
    }
}

/// The end of office hours: what is submitted later (or on a day off) is
/// accepted on the next working day.
pub const OFFICE_CLOSES: time::Time = time::macros::time!(17:30);

/// The day an application submitted at `at` (hall time) is accepted (24-hour
/// online acceptance): that day when it is a working day before office
/// hours end, otherwise the next working day. Deadlines count from the
/// working day after acceptance.
pub fn acceptance_day(cal: &Calendar, at: time::OffsetDateTime) -> Date {
    let local = at.to_offset(HALL_OFFSET);
    let day = local.date();
    if cal.is_working_day(day) && local.time() < OFFICE_CLOSES {
        day
    } else {
        cal.add_working_days(day, 1).unwrap_or(day)
    }
}

#[cfg(test)]
mod typed_date_tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_inspection_day_is_a_working_day_within_sixty_working_days() {
        let cal = Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap();
        let today = date!(2026 - 12 - 01);
        assert_eq!(
            parse_inspection_day(&cal, "2026-12-03", today),
            Ok(date!(2026 - 12 - 03))
        );
        assert_eq!(parse_inspection_day(&cal, "2026-12-01", today), Ok(today));
        assert_eq!(
            parse_inspection_day(&cal, "2026-11-30", today),
            Err(DateProblem::TooEarly { min: today })
        );
        assert_eq!(
            parse_inspection_day(&cal, "2026-12-05", today),
            Err(DateProblem::NotWorkingDay)
        );
        let max = cal
            .add_working_days(today, INSPECTION_MAX_WORKING_DAYS)
            .unwrap();
        assert!(max < date!(2027 - 04 - 01), "{max}");
        assert_eq!(
            parse_inspection_day(&cal, &format_date(max), today),
            Ok(max)
        );
        for far in ["2036-12-31", "9999-12-31"] {
            assert_eq!(
                parse_inspection_day(&cal, far, today),
                Err(DateProblem::TooLate { max }),
                "{far}"
            );
        }
        for bad in ["", "tomorrow", "2026-02-30", "+10000-01-01", "2026-12-03\0"] {
            assert_eq!(
                parse_inspection_day(&cal, bad, today),
                Err(DateProblem::NotADate),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn typed_dates_lie_between_1900_and_2100() {
        assert_eq!(parse_typed_date("1990-05-17"), Ok(date!(1990 - 05 - 17)));
        assert_eq!(
            parse_typed_date("1899-12-31"),
            Err(DateProblem::TooEarly {
                min: EARLIEST_TYPED
            })
        );
        assert_eq!(
            parse_typed_date("9999-12-31"),
            Err(DateProblem::TooLate { max: LATEST_TYPED })
        );
        let json = serde_json::to_value(DateProblem::TooLate { max: LATEST_TYPED }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"problem": "too_late", "detail": {"max": "2100-12-31"}})
        );
        let refusal = DateProblem::TooLate { max: LATEST_TYPED }.at("date");
        assert!(refusal.text.zh.contains("2100-12-31") && refusal.text.en.contains("2100-12-31"));
    }

    #[test]
    fn deadlines_past_the_calendar_are_errors_not_wraps() {
        let c = Calendar::default();
        assert_eq!(
            c.add_working_days(date!(9999 - 12 - 30), 5),
            Err(ClockError::OutOfRange)
        );
        let pause = Pause {
            from: date!(2026 - 12 - 01),
            to: date!(9999 - 12 - 31),
        };
        assert_eq!(
            c.add_working_days_pausing(date!(2026 - 12 - 01), 5, &[pause]),
            Err(ClockError::OutOfRange)
        );
    }
}

#[cfg(test)]
mod acceptance_tests {
    use super::*;
    use time::macros::{date, datetime};

    fn cal() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn an_application_is_accepted_on_the_day_or_the_next_working_day() {
        let cal = cal();
        // Wednesday 30 September 2026, in office hours: that day.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-09-30 10:00 +8)),
            date!(2026 - 09 - 30)
        );
        // The same evening: after the National Day holiday, Thursday 8 October.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-09-30 20:00 +8)),
            date!(2026 - 10 - 08)
        );
        // 23:00 UTC on the 29th is 07:00 on the 30th in Guangdong.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-09-29 23:00 UTC)),
            date!(2026 - 09 - 30)
        );
        // A Sunday that is a make-up working day (20 September 2026) counts.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-09-20 09:00 +8)),
            date!(2026 - 09 - 20)
        );
        // An ordinary Saturday: the Monday.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-11-28 09:00 +8)),
            date!(2026 - 11 - 30)
        );
        // Exactly at closing time: the next working day.
        assert_eq!(
            acceptance_day(&cal, datetime!(2026-11-27 17:30 +8)),
            date!(2026 - 11 - 30)
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_fixed_clock_moves_only_when_set_and_a_real_one_never() {
        let fixed = Now::fixed(datetime!(2026-09-30 12:00 UTC));
        assert_eq!(fixed.now(), datetime!(2026-09-30 20:00 +8));
        assert!(fixed.set(datetime!(2026-10-09 02:00 UTC)));
        assert_eq!(fixed.today(), date!(2026 - 10 - 09));
        let real = Now::real();
        assert!(!real.is_fixed() && !real.set(datetime!(2026-10-09 02:00 UTC)));
    }
}
