//! After submitting (issue 17): the receipt's success panel — what happens
//! next, which departments review, the working-day limit (即办 when it is
//! 0), how to follow the case, what the applicant may be asked — with a
//! print button; and the case page's part for its applicant: the query
//! code, the tracking link and their answers (opened from the sealed
//! answers, for the applicant only).

use crate::{
    error::AppError,
    i18n::{Bilingual, Lang, Msg},
    ui::{row, working_days},
    workflow::{engine::CaseStatus, views::CaseView},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The departments of a case, each once, in the order of their first step
/// (reviews first: they are the ones working at once).
pub fn departments(c: &CaseView) -> Vec<Bilingual> {
    let mut out: Vec<Bilingual> = Vec::new();
    let reviews = c.steps.iter().filter(|s| s.kind == "review");
    let others = c.steps.iter().filter(|s| s.kind != "review");
    for s in reviews.chain(others) {
        if !out.contains(&s.department) {
            out.push(s.department.clone());
        }
    }
    out
}

/// The public tracking address of a case (relative).
pub fn tracking_link(c: &CaseView) -> String {
    format!("/track?case_no={}&code={}", c.case_no, c.query_code)
}

/// The receipt's success panel: accepted, and what happens next.
pub fn next_steps(lang: Lang, c: &CaseView) -> impl IntoView {
    let names = departments(c)
        .iter()
        .map(|d| d.get(lang).to_string())
        .collect::<Vec<_>>()
        .join(lang.t(Msg::ListSeparator));
    let limit = if c.promised_days == 0 {
        lang.t(Msg::NextOnTheSpot).to_string()
    } else {
        lang.fill(
            Msg::NextLimit,
            &[
                ("limit", &working_days(lang, c.promised_days)),
                ("due", &c.due_on),
            ],
        )
    };
    view! {
        <section class="success-panel" aria-labelledby="success-h">
            <h2 id="success-h" class="success-title">{lang.t(Msg::ReceiptSuccess)}</h2>
            <p>{lang.fill(Msg::ReceiptSuccessText, &[("case_no", &c.case_no)])}</p>
            <h3>{lang.t(Msg::NextTitle)}</h3>
            <ol class="next-steps">
                <li>{lang.fill(Msg::NextDepartments, &[("departments", &names)])}</li>
                <li>{limit}</li>
                <li>{lang.t(Msg::NextMayAsk)}</li>
                <li>
                    {lang.t(Msg::NextTrack)} " "
                    <a href=tracking_link(c)>{lang.t(Msg::NextTrackLink)}</a>
                </li>
            </ol>
        </section>
    }
}

/// A print button: shown once the page is hydrated (a button that cannot
/// print must not be offered); before that, and without JavaScript, the
/// hint to use the browser's own print command.
#[island]
pub fn PrintButton(lang: Lang) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <p class="no-print print-row">
            <button type="button" class="primary" hidden=move || !ready.get()
                on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }>
                {lang.t(Msg::ReceiptPrint)}
            </button>
            <span class="hint" hidden=move || ready.get()>{lang.t(Msg::ReceiptPrintHint)}</span>
        </p>
    }
}

/// One of the applicant's answers as the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub label: Bilingual,
    pub value: Bilingual,
}

/// The applicant's answers to their case's form, opened from the sealed
/// copy; anyone else (staff included: they read their part on the task
/// page, audited) gets `NotFound`.
#[server(prefix = "/sfn", endpoint = "my_answers")]
pub async fn my_answers(case_no: String) -> Result<Vec<AnswerLine>, AppError> {
    use super::form::Answer;
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let no = super::CaseNo::parse(&case_no).ok_or(AppError::NotFound)?;
    let row: Option<(i64, i64)> =
        sqlx::query_as("select id, applicant_id from case_file where case_no = $1")
            .bind(no.as_str())
            .fetch_optional(&state.pool)
            .await?;
    let (case_id, applicant) = row.ok_or(AppError::NotFound)?;
    if applicant != me.id {
        return Err(AppError::NotFound);
    }
    let answers =
        crate::workflow::desk_store::part_answers(&state.pool, &state.data_key, case_id, None)
            .await?;
    let fields = crate::workflow::desk_store::part_fields(&state.pool, case_id, None).await?;
    let mut out = Vec::new();
    for f in &fields {
        let Some(a) = answers.get(&f.key) else {
            continue;
        };
        let value = match a {
            // The region by its name, not its code.
            Answer::Address { region, detail } => {
                let name = crate::regions::store::get(&state.pool, *region)
                    .await?
                    .map(|r| r.name)
                    .unwrap_or_else(|| Bilingual::new(region.to_string(), region.to_string()));
                Bilingual::new(
                    format!("{} {detail}", name.zh),
                    format!("{} {detail}", name.en),
                )
            }
            a => Bilingual::new(a.display(f, Lang::Zh), a.display(f, Lang::En)),
        };
        out.push(AnswerLine {
            label: f.label.clone(),
            value,
        });
    }
    Ok(out)
}

/// The applicant's answers, loaded on their case page.
#[component]
fn MyAnswers(case_no: String, lang: Lang) -> impl IntoView {
    let answers = Resource::new(move || case_no.clone(), my_answers);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                answers.await.ok().filter(|a| !a.is_empty()).map(|lines| {
                    let rows = lines
                        .into_iter()
                        .map(|l| view! {
                            <div>
                                <dt>{l.label.get(lang).to_string()}</dt>
                                <dd>{l.value.get(lang).to_string()}</dd>
                            </div>
                        })
                        .collect_view();
                    view! {
                        <details class="my-answers">
                            <summary>{lang.t(Msg::CaseAnswersShow)}</summary>
                            <dl class="facts">{rows}</dl>
                        </details>
                    }
                })
            })}
        </Suspense>
    }
}

/// The case page's part for its applicant: query code and tracking link
/// (what the receipt gave them), and their answers.
pub fn for_applicant(lang: Lang, c: &CaseView) -> AnyView {
    if !c.mine {
        return ().into_any();
    }
    let link = tracking_link(c);
    view! {
        <section class="space-section" aria-labelledby="mine-h">
            <h2 id="mine-h">{lang.t(Msg::CaseYourApplication)}</h2>
            <dl class="facts">
                {row(Msg::QueryCode, c.query_code.clone(), lang)}
                {row(Msg::CaseSubmitted, c.submitted_at.clone(), lang)}
                {row(Msg::CasePromised, if c.promised_days == 0 {
                    lang.t(Msg::OnTheSpot).to_string()
                } else {
                    working_days(lang, c.promised_days)
                }, lang)}
            </dl>
            <p>
                {lang.t(Msg::CaseTrackingLink)} " "
                <a href=link.clone() class="tracking-link">{link.clone()}</a>
            </p>
            <MyAnswers case_no=c.case_no.clone() lang=lang/>
        </section>
    }
    .into_any()
}

/// Whether a case is closed (completed or refused): it can be rated.
pub fn closed(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Completed | CaseStatus::Rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{engine::TaskState, views::StepView};

    fn step(kind: &str, department: &str) -> StepView {
        StepView {
            task_id: 1,
            key: kind.into(),
            kind: kind.into(),
            part: None,
            name: Bilingual::new("步", "step"),
            department: Bilingual::new(department, department),
            unit: Bilingual::new("科", "unit"),
            state: TaskState::Ready,
            started_on: None,
            due_on: None,
            outcome: None,
            evaluation_point: false,
            late: false,
            experienced: false,
        }
    }

    #[test]
    fn departments_are_named_once_reviewers_first() {
        let c = CaseView {
            case_no: "440100-20261008-000001".into(),
            query_code: "ABCD2345".into(),
            service: Bilingual::new("出生一件事", "Birth"),
            submitted_at: String::new(),
            accepted_on: String::new(),
            due_on: String::new(),
            promised_days: 0,
            status: CaseStatus::InReview,
            steps: vec![
                step("acceptance", "卫健委"),
                step("review", "公安局"),
                step("review", "卫健委"),
                step("issuance", "公安局"),
            ],
            notice: None,
            mine: true,
            ratings: vec![],
        };
        let names: Vec<_> = departments(&c).into_iter().map(|b| b.zh).collect();
        assert_eq!(names, vec!["公安局", "卫健委"]);
        assert_eq!(
            tracking_link(&c),
            "/track?case_no=440100-20261008-000001&code=ABCD2345"
        );
    }
}
