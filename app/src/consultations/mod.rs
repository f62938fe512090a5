//! Consultations (网上咨询): a signed-in person asks a department about one
//! of its items, or about the department in general, publicly or
//! privately; the department's staff answer from a queue by a deadline on
//! the working-day clock; public answered questions become the item's FAQ;
//! the asker says whether the answer helped.
//!
//! This file holds the pure rules (the question and answer as parsed
//! values, the deadline, who may see what); `store.rs` the queries,
//! `pages.rs` the pages.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::{
    catalog::Bilingual,
    clock::{self, Calendar},
    i18n::{Lang, Msg},
    text::{Text, TextProblem, TextRule},
    workflow::engine::{self, Urgency},
};
use serde::{Deserialize, Serialize};
use time::Date;

/// Working days a department has to answer, counted from the working day
/// after the question is taken in (受理次日起算), like a case's deadline.
pub const ANSWER_WORKING_DAYS: u32 = 5;

/// A question has 5 to 1,000 characters once trimmed (a Chinese question
/// of five characters, 怎么办理？, is a real question).
pub const QUESTION_MIN_CHARS: u16 = 5;
pub const QUESTION_MAX_CHARS: u16 = 1000;
/// An answer has 2 to 2,000 characters once trimmed.
pub const ANSWER_MIN_CHARS: u16 = 2;
pub const ANSWER_MAX_CHARS: u16 = 2000;

/// Why a consultation, its answer or a verdict on it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    #[error("the question is too short (at least {min} characters)")]
    QuestionTooShort { min: u16 },
    #[error("the question is too long (at most {max} characters)")]
    QuestionTooLong { max: u16 },
    #[error("the answer is too short (at least {min} characters)")]
    AnswerTooShort { min: u16 },
    #[error("the answer is too long (at most {max} characters)")]
    AnswerTooLong { max: u16 },
    /// The question holds a control, hidden or otherwise unusable character.
    #[error("the question: {text}")]
    QuestionUnusable { text: TextProblem },
    /// The answer holds a control, hidden or otherwise unusable character.
    #[error("the answer: {text}")]
    AnswerUnusable { text: TextProblem },
    /// A question is answered once.
    #[error("the question has already been answered")]
    AlreadyAnswered,
    /// Only an answer can be found helpful or not.
    #[error("the question has not been answered yet")]
    NotAnswered,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::QuestionTooShort { .. } => Msg::ConsultProblemQuestionShort,
            Problem::QuestionTooLong { .. } => Msg::ConsultProblemQuestionLong,
            Problem::AnswerTooShort { .. } => Msg::ConsultProblemAnswerShort,
            Problem::AnswerTooLong { .. } => Msg::ConsultProblemAnswerLong,
            Problem::AlreadyAnswered => Msg::ConsultProblemAlreadyAnswered,
            Problem::NotAnswered => Msg::ConsultProblemNotAnswered,
            Problem::QuestionUnusable { .. } | Problem::AnswerUnusable { .. } => {
                Msg::TextControlCharacter
            }
        }
    }

    /// The translated message, with the limit where there is one.
    pub fn message(self, lang: Lang) -> String {
        let text = lang.t(self.msg());
        match self {
            Problem::QuestionTooShort { min: n }
            | Problem::QuestionTooLong { max: n }
            | Problem::AnswerTooShort { min: n }
            | Problem::AnswerTooLong { max: n } => lang.fill(self.msg(), &[("n", &n)]),
            Problem::QuestionUnusable { text } | Problem::AnswerUnusable { text } => {
                text.message(lang)
            }
            _ => text.to_string(),
        }
    }

    /// 422 for text that cannot be used, 409 for a state that refuses.
    pub fn status(self) -> u16 {
        match self {
            Problem::AlreadyAnswered | Problem::NotAnswered => 409,
            _ => 422,
        }
    }
}

impl From<Problem> for crate::error::AppError {
    fn from(problem: Problem) -> Self {
        crate::error::AppError::Refused(crate::error::Refusal::new(
            "consultation_refused",
            problem.status(),
            &problem,
            crate::i18n::Bilingual::each(|lang| problem.message(lang)),
        ))
    }
}

/// Parses with the shared text rule; the length problems keep the
/// consultation's own codes (`question_too_short`…), the rest
/// (`question_unusable`…) carry the text problem.
fn bounded(raw: &str, min: u16, max: u16) -> Result<String, TextProblem> {
    TextRule::lines(u32::from(max))
        .at_least(u32::from(min))
        .parse(raw)
        .map(Text::into_string)
        .map_err(|problem| match problem {
            TextProblem::Required => TextProblem::TooShort {
                min: u32::from(min),
            },
            other => other,
        })
}

/// A question as asked: trimmed, 5–1,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question(String);

impl Question {
    pub fn parse(raw: &str) -> Result<Question, Problem> {
        bounded(raw, QUESTION_MIN_CHARS, QUESTION_MAX_CHARS)
            .map(Question)
            .map_err(|problem| match problem {
                TextProblem::TooShort { min } => Problem::QuestionTooShort {
                    min: u16::try_from(min).unwrap_or(u16::MAX),
                },
                TextProblem::TooLong { max } => Problem::QuestionTooLong {
                    max: u16::try_from(max).unwrap_or(u16::MAX),
                },
                text => Problem::QuestionUnusable { text },
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A department's answer: trimmed, 2–2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer(String);

impl Answer {
    pub fn parse(raw: &str) -> Result<Answer, Problem> {
        bounded(raw, ANSWER_MIN_CHARS, ANSWER_MAX_CHARS)
            .map(Answer)
            .map_err(|problem| match problem {
                TextProblem::TooShort { min } => Problem::AnswerTooShort {
                    min: u16::try_from(min).unwrap_or(u16::MAX),
                },
                TextProblem::TooLong { max } => Problem::AnswerTooLong {
                    max: u16::try_from(max).unwrap_or(u16::MAX),
                },
                text => Problem::AnswerUnusable { text },
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The working day a question counts from and the day its answer is due:
/// asked after office hours or on a day off, it counts from the next
/// working day, like an application.
pub fn deadline(cal: &Calendar, asked_at: time::OffsetDateTime) -> (Date, Date) {
    let asked_on = clock::acceptance_day(cal, asked_at);
    let due_on = cal
        .add_working_days(asked_on, ANSWER_WORKING_DAYS)
        .unwrap_or(asked_on);
    (asked_on, due_on)
}

/// Where a consultation stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = ConsultationStatus))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the department, within its deadline.
    Open,
    /// Waiting for the department past its deadline.
    Overdue,
    Answered,
}

impl Status {
    pub fn of(answered: bool, due_on: Date, today: Date) -> Status {
        if answered {
            Status::Answered
        } else if due_on < today {
            Status::Overdue
        } else {
            Status::Open
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            Status::Open => Msg::ConsultStatusOpen,
            Status::Overdue => Msg::ConsultStatusOverdue,
            Status::Answered => Msg::ConsultStatusAnswered,
        }
    }
}

/// The time left to answer, in the workbench's colours (none once
/// answered).
pub fn urgency(cal: &Calendar, answered: bool, due_on: Date, today: Date) -> Option<Urgency> {
    (!answered).then(|| engine::urgency(cal, due_on, today, &[]))
}

/// Who wants to see a consultation: the account and, for staff, their
/// department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub account_id: i64,
    pub staff_department: Option<i64>,
}

/// What decides who may see a consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub asker_id: i64,
    pub department_id: i64,
    pub public: bool,
    pub answered: bool,
}

impl Reach {
    /// A public question is published once answered; before that, and for
    /// a private one always, only the asker and the department's staff see
    /// it.
    pub fn visible_to(&self, viewer: Option<Viewer>) -> bool {
        (self.public && self.answered)
            || viewer.is_some_and(|v| self.is_asker(v) || self.is_department(v))
    }

    pub fn is_asker(&self, v: Viewer) -> bool {
        v.account_id == self.asker_id
    }

    /// The viewer is staff of the department asked (may answer).
    pub fn is_department(&self, v: Viewer) -> bool {
        v.staff_department == Some(self.department_id)
    }
}

/// A consultation as its asker and the department see it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationView {
    pub id: i64,
    pub question: String,
    pub public: bool,
    /// The item asked about (its code and name); none for a question
    /// about the department in general.
    pub item_code: Option<String>,
    pub item: Option<Bilingual>,
    pub department_id: i64,
    pub department: Bilingual,
    /// `YYYY-MM-DD`: the working day the deadline counts from.
    pub asked_on: String,
    pub due_on: String,
    pub status: Status,
    /// Time left to answer (open questions only).
    pub urgency: Option<Urgency>,
    pub answer: Option<String>,
    pub answered_on: Option<String>,
    /// The asker's verdict on the answer.
    pub helpful: Option<bool>,
    /// The viewer asked it (and may say whether the answer helped).
    pub mine: bool,
    /// The viewer is staff of the department (and may answer).
    pub answerable: bool,
}

/// A public answered question, as the FAQ lists it (nothing about the
/// asker).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub answered_on: String,
    pub item_code: Option<String>,
    pub department: Bilingual,
}

/// Answered public questions per page of the searchable list.
pub const FAQ_PAGE_SIZE: u32 = 20;
/// The last page the list serves (deeper pages are refused, not scanned).
pub const FAQ_MAX_PAGE: u32 = 500;

/// One page of every answered public question (`/consultations`), newest
/// answer first, with how many match.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqPage {
    pub entries: Vec<FaqEntry>,
    pub total: i64,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

/// The whole public list's search text (none: everything) and page from a
/// query string's `q` and `page`, or the name of the one that is wrong.
pub fn search_query(
    q: &str,
    page: &str,
) -> Result<(Option<crate::catalog::search::SearchText>, u32), &'static str> {
    let q = crate::catalog::search::SearchText::parse(q).map_err(|_| "q")?;
    let page = match page.trim() {
        "" => 1,
        p => p
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=FAQ_MAX_PAGE).contains(p))
            .ok_or("page")?,
    };
    Ok((q, page))
}

/// What a consultation is about, as the ask form and the API name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum About {
    /// An item, by its code (`440100-MZJ-0001`).
    Service(String),
    /// A department, by its id.
    Department(i64),
}

impl About {
    /// From the form's or query's `service` and `department`: exactly one.
    pub fn from_params(service: Option<&str>, department: Option<&str>) -> Option<About> {
        // A code or id is plain: control characters name nothing.
        fn nonempty(s: Option<&str>) -> Option<&str> {
            s.map(str::trim)
                .filter(|s| !s.is_empty() && crate::text::check_plain(s).is_ok())
        }
        match (nonempty(service), nonempty(department)) {
            (Some(s), None) => Some(About::Service(s.to_string())),
            (None, Some(d)) => d.parse().ok().filter(|d| *d > 0).map(About::Department),
            _ => None,
        }
    }

    /// The query string of the ask form for it.
    pub fn query(&self) -> String {
        match self {
            About::Service(code) => format!("service={}", crate::catalog::find::encode(code)),
            About::Department(id) => format!("department={id}"),
        }
    }
}

/// What a question is about, found in the catalog: the item (if any) and
/// the department that answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub about: About,
    pub item_id: Option<i64>,
    pub item_code: Option<String>,
    pub item: Option<Bilingual>,
    pub department_id: i64,
    pub department: Bilingual,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn official() -> Calendar {
        Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
    }

    #[test]
    fn questions_are_trimmed_and_counted_in_characters() {
        assert_eq!(
            Question::parse("  怎么办理？ ").unwrap().as_str(),
            "怎么办理？"
        );
        assert_eq!(
            Question::parse("结婚登记需要带户口本吗？")
                .unwrap()
                .as_str(),
            "结婚登记需要带户口本吗？"
        );
        assert_eq!(
            Question::parse("Do both of us need to come in person?")
                .unwrap()
                .as_str(),
            "Do both of us need to come in person?"
        );
        // Four characters is too short, whatever their byte length.
        assert_eq!(
            Question::parse("怎么办？"),
            Err(Problem::QuestionTooShort { min: 5 })
        );
        assert_eq!(
            Question::parse("     "),
            Err(Problem::QuestionTooShort { min: 5 })
        );
        assert!(Question::parse(&"问".repeat(1000)).is_ok());
        assert_eq!(
            Question::parse(&"问".repeat(1001)),
            Err(Problem::QuestionTooLong { max: 1000 })
        );
        assert_eq!(
            Question::parse("line one\r\nline two").unwrap().as_str(),
            "line one\nline two"
        );
    }

    #[test]
    fn answers_have_their_own_bounds() {
        assert!(Answer::parse("需要。").is_ok());
        assert_eq!(
            Answer::parse(" 是 "),
            Err(Problem::AnswerTooShort { min: 2 })
        );
        assert!(Answer::parse(&"答".repeat(2000)).is_ok());
        assert_eq!(
            Answer::parse(&"答".repeat(2001)),
            Err(Problem::AnswerTooLong { max: 2000 })
        );
    }

    #[test]
    fn problems_are_translated_with_their_limits() {
        let p = Problem::QuestionTooShort { min: 5 };
        assert!(p.message(Lang::Zh).contains('5'), "{}", p.message(Lang::Zh));
        assert!(p.message(Lang::En).contains('5'), "{}", p.message(Lang::En));
        assert_ne!(p.message(Lang::Zh), p.message(Lang::En));
        assert_eq!(p.status(), 422);
        assert_eq!(Problem::AlreadyAnswered.status(), 409);
        assert_eq!(Problem::NotAnswered.status(), 409);
        for p in [
            Problem::QuestionTooLong { max: 1000 },
            Problem::AnswerTooShort { min: 2 },
            Problem::AnswerTooLong { max: 2000 },
            Problem::AlreadyAnswered,
            Problem::NotAnswered,
        ] {
            assert!(!p.message(Lang::En).contains('{'), "{p:?}");
        }
    }

    #[test]
    fn answers_are_due_five_working_days_after_the_day_taken_in() {
        let cal = official();
        // Wednesday 30 September 2026, morning: counts from that day; the
        // National Day holiday (1–7 October) does not count, the make-up
        // Saturday 10 October does.
        assert_eq!(
            deadline(&cal, datetime!(2026-09-30 10:00 +8)),
            (date!(2026 - 09 - 30), date!(2026 - 10 - 13))
        );
        // The same evening: taken in on the next working day, 8 October.
        assert_eq!(
            deadline(&cal, datetime!(2026-09-30 20:00 +8)),
            (date!(2026 - 10 - 08), date!(2026 - 10 - 14))
        );
        // Friday afternoon: the weekend does not count.
        assert_eq!(
            deadline(&cal, datetime!(2026-11-27 15:00 +8)),
            (date!(2026 - 11 - 27), date!(2026 - 12 - 04))
        );
        // Asked on a Saturday: from Monday.
        assert_eq!(
            deadline(&cal, datetime!(2026-11-28 09:00 +8)),
            (date!(2026 - 11 - 30), date!(2026 - 12 - 07))
        );
    }

    #[test]
    fn status_and_urgency_follow_the_deadline() {
        let cal = official();
        let due = date!(2026 - 10 - 13);
        assert_eq!(Status::of(false, due, date!(2026 - 10 - 13)), Status::Open);
        assert_eq!(
            Status::of(false, due, date!(2026 - 10 - 14)),
            Status::Overdue
        );
        assert_eq!(
            Status::of(true, due, date!(2026 - 10 - 14)),
            Status::Answered
        );
        assert_eq!(
            urgency(&cal, false, due, date!(2026 - 10 - 14)),
            Some(Urgency::Red)
        );
        assert_eq!(
            urgency(&cal, false, due, date!(2026 - 10 - 12)),
            Some(Urgency::Yellow)
        );
        assert_eq!(
            urgency(&cal, false, due, date!(2026 - 09 - 30)),
            Some(Urgency::Green)
        );
        assert_eq!(urgency(&cal, true, due, date!(2026 - 10 - 14)), None);
    }

    #[test]
    fn only_published_questions_are_seen_by_everyone() {
        let asker = Viewer {
            account_id: 1,
            staff_department: None,
        };
        let clerk = Viewer {
            account_id: 2,
            staff_department: Some(10),
        };
        let other_clerk = Viewer {
            account_id: 3,
            staff_department: Some(11),
        };
        let stranger = Viewer {
            account_id: 4,
            staff_department: None,
        };
        let reach = |public, answered| Reach {
            asker_id: 1,
            department_id: 10,
            public,
            answered,
        };
        for (public, answered) in [(false, false), (false, true), (true, false)] {
            let r = reach(public, answered);
            assert!(r.visible_to(Some(asker)) && r.visible_to(Some(clerk)));
            assert!(!r.visible_to(Some(other_clerk)));
            assert!(!r.visible_to(Some(stranger)));
            assert!(!r.visible_to(None));
        }
        let published = reach(true, true);
        for v in [
            None,
            Some(asker),
            Some(clerk),
            Some(other_clerk),
            Some(stranger),
        ] {
            assert!(published.visible_to(v));
        }
        assert!(published.is_asker(asker) && !published.is_asker(clerk));
        assert!(published.is_department(clerk) && !published.is_department(other_clerk));
    }

    #[test]
    fn the_subject_is_an_item_or_a_department() {
        assert_eq!(
            About::from_params(Some("440100-MZJ-0001"), None),
            Some(About::Service("440100-MZJ-0001".into()))
        );
        assert_eq!(
            About::from_params(Some(""), Some("42")),
            Some(About::Department(42))
        );
        assert_eq!(About::from_params(Some("a"), Some("42")), None);
        assert_eq!(About::from_params(None, Some("x")), None);
        assert_eq!(About::from_params(None, Some("-1")), None);
        assert_eq!(About::from_params(None, None), None);
        assert_eq!(About::Department(7).query(), "department=7");
    }

    #[test]
    fn the_public_list_takes_a_query_and_a_bounded_page() {
        let (q, page) = search_query("", "").unwrap();
        assert!(q.is_none());
        assert_eq!(page, 1);
        let (q, page) = search_query(" 婚 ", "3").unwrap();
        assert_eq!(q.unwrap().terms(), ["婚"]);
        assert_eq!(page, 3);
        assert_eq!(search_query("社保", "500").unwrap().1, 500);
        assert_eq!(search_query("社保", "0").err(), Some("page"));
        assert_eq!(search_query("社保", "501").err(), Some("page"));
        assert_eq!(search_query("社保", "x").err(), Some("page"));
        assert_eq!(search_query(&"婚".repeat(65), "").err(), Some("q"));
        assert_eq!(search_query("a\u{0}b", "").err(), Some("q"));
    }
}
