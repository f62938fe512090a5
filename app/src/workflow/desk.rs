//! The clerk's desk (issue 17): what the task page adds to a task — the
//! decision as one control (a choice and a note) with a confirmation step
//! before a refusal, the message after a decision, the case's history,
//! addresses with their region's name, and the audited reveal of a full ID
//! number. The supervision notices about the task are answered here too.

use super::engine::Action;
use crate::{
    accounts::identity::IdNumber,
    applications::form::{Answer, FieldDef},
    i18n::{Bilingual, Lang, Msg},
    supervision::notice::NoticeView,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A decision a clerk takes on a step: one control, whichever the step
/// allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    RequestSupplement,
    ProposeInspection,
    Issue,
}

impl Decision {
    pub const ALL: [Decision; 5] = [
        Decision::Approve,
        Decision::RequestSupplement,
        Decision::ProposeInspection,
        Decision::Issue,
        Decision::Reject,
    ];

    /// The form's value (the action's code).
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::RequestSupplement => "request_supplement",
            Decision::ProposeInspection => "propose_inspection",
            Decision::Issue => "issue",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == s)
    }

    /// The choice's label.
    pub fn label(self) -> Msg {
        match self {
            Decision::Approve => Msg::TaskApprove,
            Decision::Reject => Msg::TaskReject,
            Decision::RequestSupplement => Msg::TaskRequestSupplement,
            Decision::ProposeInspection => Msg::TaskProposeInspection,
            Decision::Issue => Msg::TaskIssue,
        }
    }

    /// The message after the decision is recorded (`{case}` to fill).
    pub fn done(self) -> Msg {
        match self {
            Decision::Approve => Msg::DeskDoneApprove,
            Decision::Reject => Msg::DeskDoneReject,
            Decision::RequestSupplement => Msg::DeskDoneSupplement,
            Decision::ProposeInspection => Msg::DeskDoneInspection,
            Decision::Issue => Msg::DeskDoneIssue,
        }
    }

    /// The decisions a step of this kind allows, the usual one first.
    pub fn allowed(kind: &str) -> Vec<Decision> {
        match kind {
            "review" => vec![
                Decision::Approve,
                Decision::RequestSupplement,
                Decision::ProposeInspection,
                Decision::Reject,
            ],
            "decision" => vec![Decision::Approve, Decision::Reject],
            "joint_inspection" => vec![Decision::Approve],
            "issuance" => vec![Decision::Issue],
            _ => Vec::new(),
        }
    }

    /// The engine's action, the one note standing for the decision's text.
    pub fn action(self, note: String) -> Action {
        match self {
            Decision::Approve => Action::Approve { note },
            Decision::Reject => Action::Reject { reason: note },
            Decision::RequestSupplement => Action::RequestSupplement { what: note },
            Decision::ProposeInspection => Action::ProposeInspection { note },
            Decision::Issue => Action::Issue {
                certificate_no: note,
            },
        }
    }

    /// Whether the decision is asked to be confirmed first (a refusal
    /// ends the step and cannot be undone).
    pub fn needs_confirmation(self) -> bool {
        self == Decision::Reject
    }
}

/// A region's full name (广州市天河区), for addresses.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub code: u32,
    pub name: Bilingual,
}

/// One event of a case's history as a clerk or a supervisor reads it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub at: String,
    pub step: Option<Bilingual>,
    /// The event's code (`approve`, `request_supplement`…).
    pub action: String,
    /// Who acted; none when the hall did.
    pub by: Option<String>,
    pub department: Option<Bilingual>,
    pub detail: Option<String>,
}

/// An event's words.
pub fn event_label(action: &str) -> Msg {
    match action {
        "submitted" => Msg::EvSubmitted,
        "accepted" => Msg::EvAccepted,
        "started" => Msg::EvStarted,
        "claim" => Msg::EvClaim,
        "release" => Msg::EvRelease,
        "approve" => Msg::EvApprove,
        "reject" => Msg::EvReject,
        "request_supplement" => Msg::EvRequestSupplement,
        "notice_issued" => Msg::EvNoticeIssued,
        "supplemented" => Msg::EvSupplemented,
        "propose_inspection" => Msg::EvProposeInspection,
        "inspection_organised" => Msg::EvInspectionOrganised,
        "issue" => Msg::EvIssue,
        "completed" => Msg::EvCompleted,
        "cancelled" => Msg::EvCancelled,
        _ => Msg::EvViewed,
    }
}

/// The task page is shown again asking to confirm a refusal with this
/// reason (no JavaScript needed: the server renders it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmRefusal(pub String);

/// The task page is shown again with one ID number in full, after the
/// reveal was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealed {
    pub field: String,
    pub number: String,
}

/// An answer as the clerk reads it: addresses with their region's name,
/// ID numbers masked with the way to see them in full (audited).
pub fn answer_view(
    lang: Lang,
    task_id: i64,
    field: &FieldDef,
    answer: &Answer,
    places: &[Place],
    revealed: Option<&Revealed>,
) -> AnyView {
    match answer {
        Answer::Address { region, detail } => {
            let code = region.get();
            let place = places
                .iter()
                .find(|p| p.code == code)
                .map(|p| p.name.get(lang).to_string())
                .unwrap_or_else(|| code.to_string());
            let sep = if lang == Lang::En { ", " } else { "" };
            let text = if lang == Lang::En {
                format!("{detail}{sep}{place}")
            } else {
                format!("{place}{detail}")
            };
            view! { {text} }.into_any()
        }
        Answer::IdNumber(number) => {
            if let Some(r) = revealed.filter(|r| r.field == field.key) {
                return view! {
                    <strong class="desk-revealed">{r.number.clone()}</strong>
                    <span class="desk-revealed-note">" " {lang.t(Msg::DeskRevealed)}</span>
                }
                .into_any();
            }
            let id = format!("reveal-{}", field.key.replace('.', "-"));
            view! {
                {IdNumber::parse(number).map(|id| id.masked()).unwrap_or_default()}
                <details class="desk-reveal">
                    <summary>{lang.t(Msg::DeskReveal)}</summary>
                    <form method="post" action=format!("/staff/tasks/{task_id}/reveal") class="form-inline">
                        <input type="hidden" name="field" value=field.key.clone()/>
                        <label for=id.clone()>{lang.t(Msg::DeskRevealReason)}</label>
                        <input type="text" id=id name="reason" required=true maxlength="200"/>
                        <button type="submit">{lang.t(Msg::DeskRevealSubmit)}</button>
                    </form>
                </details>
            }
            .into_any()
        }
        other => view! { {other.display(field, lang)} }.into_any(),
    }
}

/// The one decision control: a choice of what the step allows and one
/// note; a refusal is confirmed on the next page.
pub fn decision_form(lang: Lang, task_id: i64, kind: &str) -> impl IntoView {
    let choices = Decision::allowed(kind);
    let first = choices.first().copied();
    let options = choices
        .into_iter()
        .map(|d| {
            let id = format!("decision-{}", d.code());
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="action" value=d.code() checked=Some(d) == first/>
                    <label for=id>{lang.t(d.label())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="space-section desk-decision" aria-labelledby="actions-h">
            <h2 id="actions-h">{lang.t(Msg::TaskActions)}</h2>
            <form method="post" action=format!("/staff/tasks/{task_id}") class="form">
                <fieldset class="field">
                    <legend>{lang.t(Msg::DeskDecisionLegend)}</legend>
                    {options}
                </fieldset>
                <div class="field">
                    <label for="note">{lang.t(Msg::DeskDecisionNote)}</label>
                    <textarea id="note" name="note" rows="3" maxlength="500"></textarea>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::DeskDecide)}</button>
            </form>
        </section>
    }
}

/// The confirmation asked before a refusal.
pub fn confirm_refusal(lang: Lang, task_id: i64, reason: String) -> impl IntoView {
    let action = format!("/staff/tasks/{task_id}");
    let back = action.clone();
    view! {
        <section class="space-section desk-confirm" aria-labelledby="confirm-h">
            <h2 id="confirm-h">{lang.t(Msg::DeskConfirmTitle)}</h2>
            <p>{lang.t(Msg::DeskConfirmText)}</p>
            <p class="desk-reason"><strong>{lang.t(Msg::TaskReason)}</strong>" " {reason.clone()}</p>
            <form method="post" action=action class="form-inline">
                <input type="hidden" name="action" value="reject"/>
                <input type="hidden" name="note" value=reason/>
                <input type="hidden" name="confirmed" value="yes"/>
                <button type="submit" class="primary">{lang.t(Msg::DeskConfirmYes)}</button>
                <a class="button secondary" href=back>{lang.t(Msg::DeskConfirmBack)}</a>
            </form>
        </section>
    }
}

/// The case's history, oldest first.
pub fn history_section(lang: Lang, lines: Vec<HistoryLine>) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td data-label={lang.t(Msg::DeskWhen)}>{l.at}</td>
                    <td data-label={lang.t(Msg::DeskWhat)}>{lang.t(event_label(&l.action))}</td>
                    <td data-label={lang.t(Msg::WorkbenchStep)}>{l.step.map(|s| s.get(lang).to_string()).unwrap_or_default()}</td>
                    <td data-label={lang.t(Msg::DeskWho)}>
                        {match (l.by, l.department) {
                            (Some(by), Some(d)) => format!("{} · {by}", d.get(lang)),
                            (Some(by), None) => by,
                            (None, Some(d)) => d.get(lang).to_string(),
                            (None, None) => lang.t(Msg::DeskSystem).to_string(),
                        }}
                    </td>
                    <td data-label={lang.t(Msg::DeskDetail)}>{l.detail.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="space-section" aria-labelledby="history-h">
            <h2 id="history-h">{lang.t(Msg::DeskHistory)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::DeskHistoryTable)>
                <table class="desk-history">
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::DeskWhen)}</th>
                            <th scope="col">{lang.t(Msg::DeskWhat)}</th>
                            <th scope="col">{lang.t(Msg::WorkbenchStep)}</th>
                            <th scope="col">{lang.t(Msg::DeskWho)}</th>
                            <th scope="col">{lang.t(Msg::DeskDetail)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// One notice with its answer, or (for the department, unanswered) the
/// form to answer it.
pub fn notice_item(lang: Lang, n: NoticeView, answer_form: bool) -> impl IntoView {
    let id = n.id;
    let reply = match (n.reply, answer_form) {
        (Some(text), _) => view! {
            <p class="sup-reply"><strong>{lang.t(Msg::SupReply)}</strong>" "
                {n.replied_by.unwrap_or_default()} " · " {n.replied_at.unwrap_or_default()}</p>
            <p class="sup-text">{text}</p>
        }
        .into_any(),
        (None, true) => view! {
            <form method="post" action=format!("/staff/notices/{id}/reply") class="form">
                <div class="field">
                    <label for=format!("reply-{id}")>{lang.t(Msg::SupReplyLabel)}</label>
                    <textarea id=format!("reply-{id}") name="reply" rows="3" required=true maxlength="1000"></textarea>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::SupReplySend)}</button>
            </form>
        }
        .into_any(),
        (None, false) => view! { <p class="sup-reply">{lang.t(Msg::SupNoReply)}</p> }.into_any(),
    };
    view! {
        <li class="sup-notice" id=format!("notice-{id}")>
            <h3>{lang.fill(Msg::SupNoticeOf, &[("step", &n.step.get(lang))])}</h3>
            <p class="sup-meta">{n.department.get(lang).to_string()} " · "
                {lang.fill(Msg::SupNoticeSentOn, &[("on", &n.sent_on)])} " · " {n.sent_by}</p>
            <p class="sup-text">{n.note}</p>
            {reply}
        </li>
    }
}

/// The notices about a task on its page, the department answering there.
pub fn task_notices(lang: Lang, notices: Vec<NoticeView>) -> Option<impl IntoView> {
    (!notices.is_empty()).then(|| {
        let items = notices
            .into_iter()
            .map(|n| notice_item(lang, n, true))
            .collect_view();
        view! {
            <section class="space-section sup-notices" id="notices" aria-labelledby="notices-h">
                <h2 id="notices-h">{lang.t(Msg::SupNoticesOnTask)}</h2>
                <ul class="sup-list">{items}</ul>
            </section>
        }
    })
}

/// The message on the queue after a decision (`?decided=…&case=…`).
pub fn decided_message(
    lang: Lang,
    decided: Option<String>,
    case: Option<String>,
) -> Option<impl IntoView> {
    let decision = Decision::parse(decided.as_deref()?)?;
    let case = case
        .filter(|c| c.len() <= 40 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))?;
    Some(view! {
        <p class="notice desk-done" role="status">{lang.fill(decision.done(), &[("case", &case)])}</p>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_offers_what_it_allows_and_codes_round_trip() {
        assert_eq!(Decision::allowed("issuance"), vec![Decision::Issue]);
        assert_eq!(
            Decision::allowed("decision"),
            vec![Decision::Approve, Decision::Reject]
        );
        assert!(Decision::allowed("result").is_empty());
        assert!(Decision::allowed("review").contains(&Decision::RequestSupplement));
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.code()), Some(d));
            assert_eq!(d.action(String::new()).code(), d.code());
        }
        assert_eq!(Decision::parse("claim"), None);
        assert!(Decision::Reject.needs_confirmation() && !Decision::Approve.needs_confirmation());
    }

    #[test]
    fn every_event_has_words() {
        for a in [
            "submitted",
            "accepted",
            "started",
            "claim",
            "release",
            "approve",
            "reject",
            "request_supplement",
            "notice_issued",
            "supplemented",
            "propose_inspection",
            "inspection_organised",
            "issue",
            "completed",
            "cancelled",
        ] {
            assert_ne!(event_label(a), Msg::EvViewed, "{a}");
        }
    }
}
