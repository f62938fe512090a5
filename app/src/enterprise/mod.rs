//! My enterprise (我的企业, issue 18 part 6): the enterprise's life cycle
//! — establishment (设立), operation (经营), changes (变更) and
//! deregistration (注销), the catalog's [`Stage`] vocabulary — with the
//! licences it holds, its annual report (年报) and the reminders the hall
//! sends it.
//!
//! Pure: a licence's state on a day, the annual report's window and status,
//! and which reminders are due on a day given what was filed and sent. The
//! job worker calls [`store::send_reminders`] daily; the table
//! `enterprise_reminder` (unique per account, kind and key) makes each
//! reminder go out once, however many servers run the job.
//!
//! ```text
//!   annual report for year Y-1:  1 Jan Y ── window open ── 30 Jun Y
//!                                  ▲ reminder       ▲ 1 Jun: again, if not filed
//!   licence valid until D:       D-90 ▲ reminder    D-30 ▲ reminder     D ┤ expired after
//! ```

#[cfg(feature = "ssr")]
pub mod store;

pub mod pages;

use crate::{
    catalog::vocab::Stage,
    error::{AppError, Refusal},
    i18n::{Bilingual, Lang, Msg},
    workflow::views::CaseLine,
};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// Days before expiry when a licence is "expiring" and the first renewal
/// reminder goes out.
pub const RENEW_EARLY_DAYS: i64 = 90;
/// Days before expiry of the second renewal reminder.
pub const RENEW_LATE_DAYS: i64 = 30;

/// The life-cycle services the page offers, by stage: the catalog bundles
/// (一件事) by key. Operation (经营) is the rest of the page: licences and
/// the annual report.
pub const LIFECYCLE_BUNDLES: &[(Stage, &str)] = &[
    (Stage::Establish, "business-start-up"),
    (Stage::Change, "enterprise-address-change"),
    (Stage::Deregister, "simplified-deregistration"),
];

/// Where the annual report itself is filed (国家企业信用信息公示系统).
pub const CREDIT_PUBLICITY_URL: &str = "https://www.gsxt.gov.cn";

/// A licence's state on a day.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = LicenceState))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceState {
    /// Valid, and not within 90 days of its end (or open-ended, 长期).
    Valid,
    /// Valid for 31 to 90 more days: time to renew.
    ExpiringWithin90,
    /// Valid for at most 30 more days (the last valid day included).
    ExpiringWithin30,
    /// Past its last valid day.
    Expired,
}

impl LicenceState {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            LicenceState::Valid => Msg::EntLicenceValid,
            LicenceState::ExpiringWithin90 => Msg::EntLicenceExpiring90,
            LicenceState::ExpiringWithin30 => Msg::EntLicenceExpiring30,
            LicenceState::Expired => Msg::EntLicenceExpired,
        })
    }

    /// The class of its tag (words carry the meaning, colour helps).
    pub fn class(self) -> &'static str {
        match self {
            LicenceState::Valid => "licence-state valid",
            LicenceState::ExpiringWithin90 => "licence-state expiring",
            LicenceState::ExpiringWithin30 => "licence-state expiring soon",
            LicenceState::Expired => "licence-state expired",
        }
    }
}

/// Whole days from `today` to `day` (negative when `day` is past).
fn days_until(today: Date, day: Date) -> i64 {
    (day - today).whole_days()
}

/// The state on `today` of a licence valid until `valid_until` (its last
/// valid day; `None`: open-ended, 长期有效).
pub fn licence_state(valid_until: Option<Date>, today: Date) -> LicenceState {
    let Some(until) = valid_until else {
        return LicenceState::Valid;
    };
    match days_until(today, until) {
        d if d < 0 => LicenceState::Expired,
        d if d <= RENEW_LATE_DAYS => LicenceState::ExpiringWithin30,
        d if d <= RENEW_EARLY_DAYS => LicenceState::ExpiringWithin90,
        _ => LicenceState::Valid,
    }
}

fn jan_1(year: i32) -> Option<Date> {
    Date::from_calendar_date(year, Month::January, 1).ok()
}

/// The window in which the report for `year` is filed: 1 January to 30
/// June of the next year.
pub fn report_window(year: i32) -> Option<(Date, Date)> {
    Some((
        jan_1(year + 1)?,
        Date::from_calendar_date(year + 1, Month::June, 30).ok()?,
    ))
}

/// The annual report (年报) as of a day.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = AnnualReportStatus))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AnnualReport {
    /// Founded this year: the first report (for this year) is due from
    /// 1 January next year.
    NotYet { first_year: i32, opens_on: String },
    /// The report for `year` is due by `due_on` (`YYYY-MM-DD`) and not
    /// filed yet.
    Due { year: i32, due_on: String },
    /// The report for `year` is filed (on `filed_on`).
    Filed { year: i32, filed_on: String },
    /// The window for `year` closed without the report (经营异常名录
    /// follows in reality; it may still be filed).
    Overdue { year: i32, due_on: String },
}

impl AnnualReport {
    /// The year the form files, when there is one to file.
    pub fn year_to_file(&self) -> Option<i32> {
        match self {
            AnnualReport::Due { year, .. } | AnnualReport::Overdue { year, .. } => Some(*year),
            _ => None,
        }
    }
}

/// The annual report's status on `today` for an enterprise founded in
/// `founded_year` that has filed the reports of `filed` (year, day).
pub fn annual_report(today: Date, founded_year: i32, filed: &[(i32, Date)]) -> AnnualReport {
    let year = today.year() - 1;
    if year < founded_year {
        return AnnualReport::NotYet {
            first_year: founded_year,
            opens_on: jan_1(founded_year + 1)
                .map(crate::clock::format_date)
                .unwrap_or_default(),
        };
    }
    let due_on = report_window(year)
        .map(|(_, until)| crate::clock::format_date(until))
        .unwrap_or_default();
    if let Some((_, on)) = filed.iter().find(|(y, _)| *y == year) {
        return AnnualReport::Filed {
            year,
            filed_on: crate::clock::format_date(*on),
        };
    }
    if today.month() as u8 <= 6 {
        AnnualReport::Due { year, due_on }
    } else {
        AnnualReport::Overdue { year, due_on }
    }
}

/// Which reminder (the stable name in `enterprise_reminder.kind`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ReminderKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The annual report's window opened (1 January).
    AnnualReportOpen,
    /// 1 June, the report still not filed: a month is left.
    AnnualReportJune,
    /// A licence ends within 90 days.
    Licence90,
    /// A licence ends within 30 days.
    Licence30,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 4] = [
        ReminderKind::AnnualReportOpen,
        ReminderKind::AnnualReportJune,
        ReminderKind::Licence90,
        ReminderKind::Licence30,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::AnnualReportOpen => "annual_report_open",
            ReminderKind::AnnualReportJune => "annual_report_june",
            ReminderKind::Licence90 => "licence_90",
            ReminderKind::Licence30 => "licence_30",
        }
    }

    pub fn parse(s: &str) -> Option<ReminderKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            ReminderKind::AnnualReportOpen => Msg::EntReminderAnnualOpen,
            ReminderKind::AnnualReportJune => Msg::EntReminderAnnualJune,
            ReminderKind::Licence90 => Msg::EntReminderLicence90,
            ReminderKind::Licence30 => Msg::EntReminderLicence30,
        })
    }
}

/// A licence as the reminder rule needs it: its id and last valid day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldLicence {
    pub id: i64,
    pub valid_until: Option<Date>,
}

/// A reminder to send: its kind and key (the report's year, or the
/// licence and the end it is about, `ID:YYYY-MM-DD`, so a renewed licence
/// is reminded again before its new end).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub key: String,
    /// The day it is about: the window's last day or the licence's end.
    pub due_on: Date,
    /// The licence it is about.
    pub licence: Option<i64>,
}

/// The key of a licence's reminders.
pub fn licence_key(id: i64, until: Date) -> String {
    format!("{id}:{}", crate::clock::format_date(until))
}

/// The reminders due on `today` and not yet sent (`sent`: kind and key).
///
/// A reminder is due from its day until the next one replaces it, so a job
/// that did not run on the day (the servers were down) catches up:
/// - the annual report for Y-1 (when the enterprise was founded by then):
///   from 1 January to 30 June of Y, unless filed; again from 1 June;
/// - a licence with an end: 90 days before it (31 to 90 days left), and
///   30 days before it (0 to 30 left); none once it has expired.
pub fn due_reminders(
    today: Date,
    founded_year: i32,
    licences: &[HeldLicence],
    filed_years: &[i32],
    sent: &[(ReminderKind, String)],
) -> Vec<Reminder> {
    let mut due = Vec::new();
    let year = today.year() - 1;
    if year >= founded_year && !filed_years.contains(&year) {
        if let Some((_, until)) = report_window(year) {
            if today <= until {
                due.push(Reminder {
                    kind: ReminderKind::AnnualReportOpen,
                    key: year.to_string(),
                    due_on: until,
                    licence: None,
                });
                if today.month() == Month::June {
                    due.push(Reminder {
                        kind: ReminderKind::AnnualReportJune,
                        key: year.to_string(),
                        due_on: until,
                        licence: None,
                    });
                }
            }
        }
    }
    for l in licences {
        let Some(until) = l.valid_until else {
            continue;
        };
        let kind = match licence_state(Some(until), today) {
            LicenceState::ExpiringWithin90 => ReminderKind::Licence90,
            LicenceState::ExpiringWithin30 => ReminderKind::Licence30,
            _ => continue,
        };
        due.push(Reminder {
            kind,
            key: licence_key(l.id, until),
            due_on: until,
            licence: Some(l.id),
        });
    }
    due.retain(|r| !sent.iter().any(|(k, key)| *k == r.kind && *key == r.key));
    due
}

/// A licence as the page and the API show it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceView {
    pub name: Bilingual,
    /// The licence's number (许可证编号).
    pub number: String,
    /// The issuing department.
    pub department: Bilingual,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// `YYYY-MM-DD`; `null`: open-ended (长期).
    pub valid_until: Option<String>,
    pub state: LicenceState,
    /// The case that issued it, when the hall did.
    pub case_no: Option<String>,
}

/// One of the enterprise's investment projects.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLine {
    /// The national project code (项目代码).
    pub code: String,
    pub name: String,
    /// `approval`, `confirmation` or `filing`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
    /// The project's page.
    pub link: String,
}

/// A reminder the hall sent.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderLine {
    pub kind: ReminderKind,
    /// The report's year, or the licence's name.
    pub about: Bilingual,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
}

/// A life-cycle service: its stage and, where the catalog has it in the
/// region, the bundle's name and application page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleService {
    pub stage: Stage,
    pub key: String,
    pub name: Option<Bilingual>,
    /// `/apply?bundle=REGION/KEY`; `null` when the catalog lacks it.
    pub link: Option<String>,
}

/// My enterprise, as the page and `GET /api/v1/me/enterprise` show it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseView {
    pub name: String,
    /// The unified social credit code (统一社会信用代码).
    pub credit_code: String,
    /// `YYYY-MM-DD`: the business licence's date (else the account's).
    pub founded_on: String,
    pub cases: Vec<CaseLine>,
    pub projects: Vec<ProjectLine>,
    pub licences: Vec<LicenceView>,
    pub annual_report: AnnualReport,
    /// Newest first.
    pub reminders: Vec<ReminderLine>,
    pub services: Vec<LifecycleService>,
}

/// `POST /api/v1/me/annual-reports`: the year filed and the declaration.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReportBody {
    pub year: i32,
    /// The enterprise declares the report was filed at the national
    /// enterprise credit information publicity system: must be `true`.
    pub declared: bool,
}

/// Why filing is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum EnterpriseProblem {
    /// Not a year whose report is due or overdue (422).
    NotDue,
    /// The declaration was not ticked (422).
    NotDeclared,
}

impl EnterpriseProblem {
    pub fn msg(self) -> Msg {
        match self {
            EnterpriseProblem::NotDue => Msg::EntErrNotDue,
            EnterpriseProblem::NotDeclared => Msg::EntErrNotDeclared,
        }
    }
}

impl From<EnterpriseProblem> for AppError {
    fn from(p: EnterpriseProblem) -> AppError {
        AppError::Refused(Refusal::new(
            "annual_report_refused",
            422,
            &p,
            Bilingual::of(p.msg()),
        ))
    }
}

/// Checks a filing on `today`: the year must be one whose window has
/// opened (since the founding year, up to last year) and the declaration
/// given. Filing again is allowed (the store answers the first filing).
pub fn check_filing(
    today: Date,
    founded_year: i32,
    year: i32,
    declared: bool,
) -> Result<(), EnterpriseProblem> {
    if year < founded_year || year >= today.year() {
        return Err(EnterpriseProblem::NotDue);
    }
    if !declared {
        return Err(EnterpriseProblem::NotDeclared);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn lic(id: i64, until: Option<Date>) -> HeldLicence {
        HeldLicence {
            id,
            valid_until: until,
        }
    }

    fn kinds(r: &[Reminder]) -> Vec<(ReminderKind, String)> {
        r.iter().map(|r| (r.kind, r.key.clone())).collect()
    }

    #[test]
    fn a_licence_is_valid_then_expiring_then_expired() {
        let until = date!(2026 - 12 - 31);
        assert_eq!(
            licence_state(None, date!(2099 - 01 - 01)),
            LicenceState::Valid
        );
        assert_eq!(
            licence_state(Some(until), date!(2026 - 10 - 01)),
            LicenceState::Valid
        );
        // 91 days left: valid; 90: expiring.
        assert_eq!(
            licence_state(Some(until), date!(2026 - 10 - 02)),
            LicenceState::ExpiringWithin90
        );
        assert_eq!(
            licence_state(Some(until), date!(2026 - 12 - 01)),
            LicenceState::ExpiringWithin30
        );
        assert_eq!(
            licence_state(Some(until), date!(2026 - 11 - 30)),
            LicenceState::ExpiringWithin90
        );
        // The last valid day is still valid.
        assert_eq!(
            licence_state(Some(until), until),
            LicenceState::ExpiringWithin30
        );
        assert_eq!(
            licence_state(Some(until), date!(2027 - 01 - 01)),
            LicenceState::Expired
        );
    }

    #[test]
    fn ninety_days_count_the_leap_day() {
        // 2028 is a leap year: 90 days before 31 March 2028 is 1 January.
        let until = date!(2028 - 03 - 31);
        assert_eq!(
            licence_state(Some(until), date!(2027 - 12 - 31)),
            LicenceState::Valid
        );
        assert_eq!(
            licence_state(Some(until), date!(2028 - 01 - 01)),
            LicenceState::ExpiringWithin90
        );
        // In 2027 (not leap) the same end is reached from 31 December.
        let until = date!(2027 - 03 - 31);
        assert_eq!(
            licence_state(Some(until), date!(2026 - 12 - 30)),
            LicenceState::Valid
        );
        assert_eq!(
            licence_state(Some(until), date!(2026 - 12 - 31)),
            LicenceState::ExpiringWithin90
        );
        // 30 days before 29 February 2028 is 30 January.
        let leap = date!(2028 - 02 - 29);
        assert_eq!(
            licence_state(Some(leap), date!(2028 - 01 - 29)),
            LicenceState::ExpiringWithin90
        );
        assert_eq!(
            licence_state(Some(leap), date!(2028 - 01 - 30)),
            LicenceState::ExpiringWithin30
        );
    }

    #[test]
    fn the_report_window_is_january_to_june_of_the_next_year() {
        assert_eq!(
            report_window(2025),
            Some((date!(2026 - 01 - 01), date!(2026 - 06 - 30)))
        );
    }

    #[test]
    fn the_annual_report_status_follows_the_calendar() {
        let d = |s: &str| s.to_string();
        // Founded in 2026: nothing to file in 2026; the first, for 2026, in 2027.
        assert_eq!(
            annual_report(date!(2026 - 09 - 30), 2026, &[]),
            AnnualReport::NotYet {
                first_year: 2026,
                opens_on: d("2027-01-01")
            }
        );
        assert_eq!(
            annual_report(date!(2027 - 01 - 01), 2026, &[]),
            AnnualReport::Due {
                year: 2026,
                due_on: d("2027-06-30")
            }
        );
        assert_eq!(
            annual_report(date!(2027 - 06 - 30), 2026, &[]).year_to_file(),
            Some(2026)
        );
        assert_eq!(
            annual_report(date!(2027 - 07 - 01), 2026, &[]),
            AnnualReport::Overdue {
                year: 2026,
                due_on: d("2027-06-30")
            }
        );
        assert_eq!(
            annual_report(
                date!(2027 - 03 - 01),
                2020,
                &[(2026, date!(2027 - 02 - 14))]
            ),
            AnnualReport::Filed {
                year: 2026,
                filed_on: d("2027-02-14")
            }
        );
        // New Year's Eve: still last year's (overdue) report.
        assert_eq!(
            annual_report(date!(2026 - 12 - 31), 2020, &[]).year_to_file(),
            Some(2025)
        );
    }

    #[test]
    fn the_annual_reminders_open_in_january_and_again_on_1_june() {
        // 31 December: nothing (the 2025 window closed, 2026's not open).
        assert!(due_reminders(date!(2026 - 12 - 31), 2020, &[], &[], &[]).is_empty());
        let jan = due_reminders(date!(2027 - 01 - 01), 2020, &[], &[], &[]);
        assert_eq!(
            kinds(&jan),
            vec![(ReminderKind::AnnualReportOpen, "2026".into())]
        );
        assert_eq!(jan[0].due_on, date!(2027 - 06 - 30));
        // Sent on 1 January: nothing more until June.
        let sent = vec![(ReminderKind::AnnualReportOpen, "2026".to_string())];
        assert!(due_reminders(date!(2027 - 01 - 02), 2020, &[], &[], &sent).is_empty());
        assert!(due_reminders(date!(2027 - 05 - 31), 2020, &[], &[], &sent).is_empty());
        assert_eq!(
            kinds(&due_reminders(date!(2027 - 06 - 01), 2020, &[], &[], &sent)),
            vec![(ReminderKind::AnnualReportJune, "2026".into())]
        );
        // A job that missed 1 January catches up later in the window.
        assert_eq!(
            kinds(&due_reminders(date!(2027 - 03 - 15), 2020, &[], &[], &[])),
            vec![(ReminderKind::AnnualReportOpen, "2026".into())]
        );
        // After 30 June: no more reminders for the year.
        assert!(due_reminders(date!(2027 - 07 - 01), 2020, &[], &[], &[]).is_empty());
    }

    #[test]
    fn filing_stops_the_annual_reminders() {
        assert!(due_reminders(date!(2027 - 06 - 01), 2020, &[], &[2026], &[]).is_empty());
        // Last year's report filed does not stop this year's.
        assert_eq!(
            due_reminders(date!(2027 - 06 - 01), 2020, &[], &[2025], &[]).len(),
            2
        );
    }

    #[test]
    fn an_enterprise_founded_this_year_files_first_next_year() {
        assert!(due_reminders(date!(2027 - 01 - 01), 2027, &[], &[], &[]).is_empty());
        assert!(due_reminders(date!(2027 - 06 - 01), 2027, &[], &[], &[]).is_empty());
        assert_eq!(
            due_reminders(date!(2028 - 01 - 01), 2027, &[], &[], &[]).len(),
            1
        );
        // Founded on New Year's Eve: files for that year in the next.
        assert_eq!(
            due_reminders(date!(2027 - 01 - 01), 2026, &[], &[], &[]).len(),
            1
        );
    }

    #[test]
    fn a_licence_is_reminded_90_and_30_days_before_its_end() {
        let until = date!(2027 - 01 - 15);
        let held = [lic(7, Some(until)), lic(8, None)];
        let key = licence_key(7, until);
        assert_eq!(key, "7:2027-01-15");
        let on = |day: Date, sent: &[(ReminderKind, String)]| {
            kinds(&due_reminders(day, 2099, &held, &[], sent))
        };
        // 91 days before: nothing.
        assert!(on(date!(2026 - 10 - 16), &[]).is_empty());
        // 90 days before, across the year end.
        assert_eq!(
            on(date!(2026 - 10 - 17), &[]),
            vec![(ReminderKind::Licence90, key.clone())]
        );
        let sent90 = vec![(ReminderKind::Licence90, key.clone())];
        assert!(on(date!(2026 - 10 - 18), &sent90).is_empty());
        assert!(on(date!(2026 - 12 - 15), &sent90).is_empty());
        assert_eq!(
            on(date!(2026 - 12 - 16), &sent90),
            vec![(ReminderKind::Licence30, key.clone())]
        );
        let both = vec![
            (ReminderKind::Licence90, key.clone()),
            (ReminderKind::Licence30, key.clone()),
        ];
        assert!(on(date!(2027 - 01 - 15), &both).is_empty());
        // Expired: no reminder, even if none went out.
        assert!(on(date!(2027 - 01 - 16), &[]).is_empty());
        // First seen with 20 days left: only the 30-day reminder.
        assert_eq!(
            on(date!(2026 - 12 - 26), &[]),
            vec![(ReminderKind::Licence30, key.clone())]
        );
        // Renewed to a new end: reminded again before it.
        let renewed = [lic(7, Some(date!(2030 - 01 - 15)))];
        assert_eq!(
            kinds(&due_reminders(
                date!(2029 - 11 - 01),
                2099,
                &renewed,
                &[],
                &both
            )),
            vec![(ReminderKind::Licence90, "7:2030-01-15".into())]
        );
    }

    #[test]
    fn filing_is_checked_against_the_years_due() {
        let today = date!(2026 - 09 - 30);
        assert_eq!(check_filing(today, 2020, 2025, true), Ok(()));
        assert_eq!(check_filing(today, 2020, 2024, true), Ok(()));
        assert_eq!(
            check_filing(today, 2020, 2026, true),
            Err(EnterpriseProblem::NotDue)
        );
        assert_eq!(
            check_filing(today, 2026, 2025, true),
            Err(EnterpriseProblem::NotDue)
        );
        assert_eq!(
            check_filing(today, 2020, 2025, false),
            Err(EnterpriseProblem::NotDeclared)
        );
    }

    #[test]
    fn reminder_kinds_round_trip() {
        for k in ReminderKind::ALL {
            assert_eq!(ReminderKind::parse(k.as_str()), Some(k));
            assert!(!k.label(Lang::En).is_empty());
        }
        assert_eq!(ReminderKind::parse("spam"), None);
    }

    #[test]
    fn the_lifecycle_covers_establishment_change_and_deregistration() {
        let stages: Vec<Stage> = LIFECYCLE_BUNDLES.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            stages,
            vec![Stage::Establish, Stage::Change, Stage::Deregister]
        );
    }
}
