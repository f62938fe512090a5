//! The suggestion pages — plain HTML forms that work without JavaScript:
//! `/suggestions` (open topics, then past ones with their summaries),
//! `/suggestions/{topic}` (the topic, its suggestions by support or
//! newest, the submit form, support and report buttons), one suggestion
//! (`/suggestions/{topic}/s/{id}`: its reply, support, follow, report, and
//! the edit form for its author while allowed) and the department's
//! `/staff/suggestions` (its topics, opening one, the moderation queue,
//! selection with replies, summary texts).

use super::{
    ModerationItem, Sort, SuggestionPage, SuggestionView, TopicKind, TopicState, TopicSummary,
    TopicView, Visibility,
};
use crate::{
    accounts::Role,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, ActionRefused, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// A form refused, sent back to its page: which form, what was typed, why.
#[derive(Debug, Clone)]
pub struct SugEcho {
    pub form: String,
    pub values: Vec<(String, String)>,
    pub error: AppError,
}

impl SugEcho {
    fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// The echo of `form`, if the page was sent back for it.
fn echo_of(form: &str) -> Option<SugEcho> {
    use_context::<SugEcho>().filter(|e| e.form == form)
}

/// The refusal above the page, whichever form it was.
fn refusal(lang: Lang) -> Option<AnyView> {
    let echo = use_context::<SugEcho>()?;
    set_response_status(echo.error.status());
    let text = ActionRefused(echo.error).message(lang);
    Some(
        view! { <div class="notice error-summary" role="alert" tabindex="-1"><p>{text}</p></div> }
            .into_any(),
    )
}

/// What the person may do on a topic's pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abilities {
    pub signed_in: bool,
    /// A citizen or an enterprise: submits and supports.
    pub citizen: bool,
    /// A fresh idempotency key for the submit form.
    pub key: String,
}

#[cfg(feature = "ssr")]
fn abilities() -> Abilities {
    let me = crate::accounts::current_user();
    Abilities {
        signed_in: me.is_some(),
        citizen: me
            .as_ref()
            .is_some_and(|m| matches!(m.role, Role::Citizen | Role::Enterprise)),
        key: uuid::Uuid::new_v4().to_string(),
    }
}

#[server(prefix = "/sfn", endpoint = "suggestion_topics")]
pub async fn suggestion_topics() -> Result<Vec<TopicView>, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::topics(&state.pool, None, state.now.today(), 200).await
}

/// A topic's page: the topic, a page of suggestions, the summary once
/// closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicData {
    pub topic: TopicView,
    pub list: SuggestionPage,
    pub sort: Sort,
    pub summary: Option<TopicSummary>,
    pub may: Abilities,
}

#[server(prefix = "/sfn", endpoint = "suggestion_topic_data")]
pub async fn suggestion_topic_data(
    id: i64,
    sort: Option<String>,
    page: Option<String>,
) -> Result<TopicData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let viewer = super::store::viewer(&state.pool, me.as_ref()).await?;
    let today = state.now.today();
    let sort = Sort::parse(sort.as_deref()).ok_or(AppError::InvalidParameter {
        name: "sort".into(),
    })?;
    let page = super::parse_page(page.as_deref()).ok_or(AppError::InvalidParameter {
        name: "page".into(),
    })?;
    let topic = super::store::topic(&state.pool, id, today).await?;
    let list = super::store::list(&state.pool, viewer, id, sort, page, today).await?;
    let summary = match topic.state {
        TopicState::Closed => Some(super::store::summary(&state.pool, viewer, id, today).await?),
        _ => None,
    };
    Ok(TopicData {
        topic,
        list,
        sort,
        summary,
        may: abilities(),
    })
}

/// One suggestion's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneData {
    pub topic: TopicView,
    pub suggestion: SuggestionView,
    pub may: Abilities,
}

#[server(prefix = "/sfn", endpoint = "suggestion_data")]
pub async fn suggestion_data(topic: i64, id: i64) -> Result<OneData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let viewer = super::store::viewer(&state.pool, me.as_ref()).await?;
    let today = state.now.today();
    let suggestion = super::store::get(&state.pool, viewer, id, today).await?;
    if suggestion.topic_id != topic {
        return Err(AppError::NotFound);
    }
    Ok(OneData {
        topic: super::store::topic(&state.pool, topic, today).await?,
        suggestion,
        may: abilities(),
    })
}

/// The department's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffData {
    pub topics: Vec<TopicView>,
    pub queue: Vec<ModerationItem>,
    pub selectable: Vec<SuggestionView>,
    pub key: String,
    pub today: String,
}

#[server(prefix = "/sfn", endpoint = "suggestion_staff_data")]
pub async fn suggestion_staff_data() -> Result<StaffData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let (viewer, department) = super::store::staff_department(&state.pool, &me).await?;
    let today = state.now.today();
    Ok(StaffData {
        topics: super::store::topics(&state.pool, Some(department), today, 200).await?,
        queue: super::store::moderation_queue(&state.pool, viewer, department, today).await?,
        selectable: super::store::selectable(&state.pool, viewer, department, today).await?,
        key: uuid::Uuid::new_v4().to_string(),
        today: crate::clock::format_date(today),
    })
}

fn state_badge(lang: Lang, state: TopicState) -> impl IntoView {
    let class = match state {
        TopicState::Open => "urgency urgency-green",
        TopicState::Upcoming => "urgency urgency-yellow",
        TopicState::Closed => "urgency sug-closed",
    };
    view! { <span class=class>{lang.t(state.msg())}</span> }
}

fn period(lang: Lang, t: &TopicView) -> String {
    lang.fill(
        Msg::SugPeriod,
        &[("from", &t.opens_on), ("to", &t.closes_on)],
    )
}

fn topic_item(lang: Lang, t: TopicView) -> impl IntoView {
    let count = lang.fill(Msg::SugCount, &[("n", &t.suggestions)]);
    view! {
        <li class="sug-topic">
            <h3><a href=format!("/suggestions/{}", t.id)>{t.title.clone()}</a></h3>
            <p class="hint">
                {t.department.get(lang).to_string()} " · " {lang.t(t.kind.msg())} " · "
                {period(lang, &t)} " · " {state_badge(lang, t.state)} " · " {count}
            </p>
        </li>
    }
}

/// `/suggestions`: open and upcoming topics, then past ones.
#[component]
pub fn SuggestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::SugTitle);
    let data = Resource::new(|| (), |_| suggestion_topics());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::SugAbout)}</p>
        <Loaded data view={move |topics: Vec<TopicView>| {
            let (past, current): (Vec<_>, Vec<_>) =
                topics.into_iter().partition(|t| t.state == TopicState::Closed);
            let current = if current.is_empty() {
                view! { <p>{lang.t(Msg::SugNoOpen)}</p> }.into_any()
            } else {
                view! { <ul class="sug-topics">{current.into_iter().map(|t| topic_item(lang, t)).collect_view()}</ul> }.into_any()
            };
            let past = if past.is_empty() {
                view! { <p>{lang.t(Msg::SugNoPast)}</p> }.into_any()
            } else {
                view! { <ul class="sug-topics">{past.into_iter().map(|t| topic_item(lang, t)).collect_view()}</ul> }.into_any()
            };
            view! {
                <section aria-labelledby="open-h">
                    <h2 id="open-h">{lang.t(Msg::SugOpenTopics)}</h2>
                    {current}
                </section>
                <section aria-labelledby="past-h">
                    <h2 id="past-h">{lang.t(Msg::SugPastTopics)}</h2>
                    {past}
                </section>
            }
        }}/>
    }
}

fn id_param(name: &'static str) -> impl Fn() -> i64 + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get(name).and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// `/suggestions/{topic}?sort=&page=`.
#[component]
pub fn TopicPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::SugTitle);
    let topic = id_param("topic");
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let (sort, page) = query.with(|q| (q.get("sort"), q.get("page")));
            (topic(), sort, page)
        },
        |(id, sort, page)| suggestion_topic_data(id, sort, page),
    );
    view! {
        <Loaded data title not_found=Msg::SugTopicNotFound view=move |d| topic_view(lang, d)/>
    }
}

fn topic_facts(lang: Lang, t: &TopicView) -> impl IntoView {
    view! {
        <dl class="facts">
            {row(Msg::SugDepartment, t.department.get(lang).to_string(), lang)}
            {row(Msg::SugKind, lang.t(t.kind.msg()).to_string(), lang)}
            {row(Msg::SugPeriodLabel, period(lang, t), lang)}
            <div><dt>{lang.t(Msg::SugStateLabel)}</dt><dd>{state_badge(lang, t.state)}</dd></div>
        </dl>
    }
}

fn topic_view(lang: Lang, d: TopicData) -> impl IntoView {
    let t = d.topic.clone();
    let refused = refusal(lang);
    let open = t.state == TopicState::Open;
    let summary = d.summary.clone().map(|s| summary_view(lang, s));
    let list = list_view(lang, &d, open);
    let submit = open.then(|| submit_form(lang, &d));
    let sort_link = |sort: Sort, msg: Msg| {
        let current = d.sort == sort;
        view! {
            <a href=format!("/suggestions/{}?sort={}", t.id, sort.as_str())
                aria-current=current.then_some("true")>{lang.t(msg)}</a>
        }
    };
    view! {
        <Title text=t.title.clone()/>
        <p><a href="/suggestions">{lang.t(Msg::SugTitle)}</a></p>
        <h1>{t.title.clone()}</h1>
        {refused}
        {topic_facts(lang, &t)}
        <p class="consult-text">{t.description.clone()}</p>
        {summary}
        <section aria-labelledby="list-h">
            <h2 id="list-h">{lang.fill(Msg::SugListTitle, &[("n", &d.list.total)])}</h2>
            <p class="sug-sort">{lang.t(Msg::SugSortBy)} " " {sort_link(Sort::Support, Msg::SugSortSupport)} " · " {sort_link(Sort::Newest, Msg::SugSortNewest)}</p>
            {list}
        </section>
        {submit}
    }
}

fn summary_view(lang: Lang, s: TopicSummary) -> impl IntoView {
    let n = |msg: Msg, v: u64| row(msg, v.to_string(), lang);
    let selected = s
        .selected
        .into_iter()
        .map(|v| {
            view! {
                <li>
                    <a href=format!("/suggestions/{}/s/{}", v.topic_id, v.id)>{v.title.clone().unwrap_or_default()}</a>
                    {v.adopted.then(|| view! { " " <span class="urgency urgency-green">{lang.t(Msg::SugAdopted)}</span> })}
                    <p class="consult-text">{v.reply.clone().unwrap_or_default()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="summary-h" class="sug-summary">
            <h2 id="summary-h">{lang.t(Msg::SugSummaryTitle)}</h2>
            <dl class="facts">
                {n(Msg::SugTallySuggestions, s.tally.suggestions)}
                {n(Msg::SugTallySupporters, s.tally.supporters)}
                {n(Msg::SugTallySupports, s.tally.supports)}
                {n(Msg::SugTallySelected, s.tally.selected)}
                {n(Msg::SugTallyAdopted, s.tally.adopted)}
            </dl>
            {s.topic.summary.map(|text| view! { <p class="consult-text">{text}</p> })}
            <h3>{lang.t(Msg::SugSelectedTitle)}</h3>
            <ul class="sug-selected">{selected}</ul>
        </section>
    }
}

fn support_button(lang: Lang, v: &SuggestionView, from_topic: bool) -> impl IntoView {
    let pressed = if v.supported { "true" } else { "false" };
    let (value, label) = if v.supported {
        ("withdraw", Msg::SugWithdraw)
    } else {
        ("support", Msg::SugSupport)
    };
    view! {
        <form method="post" action=format!("/suggestions/{}/s/{}/support", v.topic_id, v.id) class="form-inline">
            {from_topic.then(|| view! { <input type="hidden" name="from" value="topic"/> })}
            <input type="hidden" name="do" value=value/>
            <button type="submit" aria-pressed=pressed>
                {lang.t(label)} " (" {v.supports} ")"
            </button>
        </form>
    }
}

/// The reasons offered for a report (the text is stored as chosen).
const REASONS: [Msg; 4] = [
    Msg::SugReasonAd,
    Msg::SugReasonAbuse,
    Msg::SugReasonOffTopic,
    Msg::SugReasonPrivacy,
];

fn report_form(lang: Lang, v: &SuggestionView, from_topic: bool) -> impl IntoView {
    let field = format!("reason-{}", v.id);
    let options = REASONS
        .iter()
        .map(|m| view! { <option value=lang.t(*m)>{lang.t(*m)}</option> })
        .collect_view();
    view! {
        <details class="sug-report">
            <summary>{lang.t(Msg::SugReport)}</summary>
            <form method="post" action=format!("/suggestions/{}/s/{}/report", v.topic_id, v.id) class="form-inline">
                {from_topic.then(|| view! { <input type="hidden" name="from" value="topic"/> })}
                <label for=field.clone()>{lang.t(Msg::SugReportReason)}</label>
                " "
                <select id=field name="reason">{options}</select>
                " "
                <button type="submit">{lang.t(Msg::SugReportSubmit)}</button>
            </form>
        </details>
    }
}

fn list_view(lang: Lang, d: &TopicData, open: bool) -> AnyView {
    if d.list.items.is_empty() {
        return view! { <p>{lang.t(Msg::SugEmpty)}</p> }.into_any();
    }
    let items = d
        .list
        .items
        .iter()
        .map(|v| {
            let support = (open && d.may.citizen && !v.mine).then(|| support_button(lang, v, true));
            let report = (d.may.signed_in && !v.mine && !v.reported).then(|| report_form(lang, v, true));
            let link = format!("/suggestions/{}/s/{}", v.topic_id, v.id);
            view! {
                <li class="sug-item" id=format!("s-{}", v.id)>
                    <h3><a href=link>{v.title.clone().unwrap_or_default()}</a>
                        {v.selected.then(|| view! { " " <span class="urgency urgency-green">{lang.t(Msg::SugSelected)}</span> })}
                    </h3>
                    <p class="hint">{v.author.clone()} " · " {v.submitted_on.clone()} " · " {lang.fill(Msg::SugSupports, &[("n", &v.supports)])}</p>
                    <p class="consult-text sug-excerpt">{v.body.clone().map(|b| excerpt(&b)).unwrap_or_default()}</p>
                    <div class="sug-actions">{support}{report}</div>
                </li>
            }
        })
        .collect_view();
    let t = &d.topic;
    let nav = (d.list.pages > 1).then(|| {
        let page = d.list.page;
        let href = |p: i64| format!("/suggestions/{}?sort={}&page={p}", t.id, d.sort.as_str());
        view! {
            <nav class="pager" aria-label=lang.t(Msg::SugPages)>
                {(page > 1).then(|| view! { <a href=href(page - 1) rel="prev">{lang.t(Msg::SugPrev)}</a> })}
                " " {lang.fill(Msg::SugPageOf, &[("page", &page), ("pages", &d.list.pages)])} " "
                {(page < d.list.pages).then(|| view! { <a href=href(page + 1) rel="next">{lang.t(Msg::SugNext)}</a> })}
            </nav>
        }
    });
    view! { <ol class="sug-list">{items}</ol> {nav} }.into_any()
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 120;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_string()
    }
}

fn text_field(
    lang: Lang,
    id: &str,
    name: &'static str,
    label: Msg,
    hint: Option<Msg>,
    value: String,
    multiline: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let input = if multiline {
        view! { <textarea id=id.to_string() name=name rows="6" required=true aria-describedby=hint_id.clone()>{value}</textarea> }.into_any()
    } else {
        view! { <input type="text" id=id.to_string() name=name value=value required=true aria-describedby=hint_id.clone()/> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id.to_string()>{lang.t(label)}</label>
            <p class="hint" id=hint_id>{hint.map(|h| lang.t(h))}</p>
            {input}
        </div>
    }
}

fn submit_form(lang: Lang, d: &TopicData) -> AnyView {
    let heading = view! { <h2 id="submit-h">{lang.t(Msg::SugSubmitTitle)}</h2> };
    if !d.may.signed_in {
        let login = format!("/login?next=/suggestions/{}", d.topic.id);
        return view! {
            <section aria-labelledby="submit-h">{heading}
                <p><a href=login>{lang.t(Msg::SugSignInToSubmit)}</a></p>
            </section>
        }
        .into_any();
    }
    if !d.may.citizen {
        return ().into_any();
    }
    let echo = echo_of("submit");
    let typed = |n: &str| echo.as_ref().and_then(|e| e.value(n)).unwrap_or_default();
    let key = echo
        .as_ref()
        .and_then(|e| e.value("idempotency_key"))
        .unwrap_or(d.may.key.clone());
    view! {
        <section aria-labelledby="submit-h">
            {heading}
            <form method="post" action=format!("/suggestions/{}", d.topic.id) class="form" novalidate=true>
                <input type="hidden" name="idempotency_key" value=key/>
                {text_field(lang, "sug-title", "title", Msg::SugTitleLabel, Some(Msg::SugTitleHint), typed("title"), false)}
                {text_field(lang, "sug-body", "body", Msg::SugBodyLabel, Some(Msg::SugBodyHint), typed("body"), true)}
                <button type="submit" class="primary">{lang.t(Msg::SugSubmit)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// `/suggestions/{topic}/s/{id}`.
#[component]
pub fn SuggestionPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::SugOneTitle);
    let topic = id_param("topic");
    let id = id_param("id");
    let data = Resource::new(
        move || (topic(), id()),
        |(topic, id)| suggestion_data(topic, id),
    );
    view! {
        <Loaded data title not_found=Msg::SugNotFound view=move |d| suggestion_view(lang, d)/>
    }
}

fn suggestion_view(lang: Lang, d: OneData) -> impl IntoView {
    let v = d.suggestion.clone();
    let t = d.topic.clone();
    let open = t.state == TopicState::Open;
    let heading = v
        .title
        .clone()
        .unwrap_or_else(|| format!("{} #{}", lang.t(Msg::SugOneTitle), v.id));
    let refused = refusal(lang);
    let status = match v.state {
        Visibility::Visible => None,
        Visibility::Hidden => Some(lang.t(Msg::SugHiddenNotice).to_string()),
        Visibility::Removed => Some(lang.fill(
            Msg::SugRemovedNotice,
            &[("reason", &v.removed_reason.clone().unwrap_or_default())],
        )),
    }
    .map(|text| view! { <p class="notice" role="status">{text}</p> });
    let visible = v.state == Visibility::Visible;
    let reply = v.reply.clone().map(|r| {
        view! {
            <section aria-labelledby="reply-h" class="sug-reply">
                <h2 id="reply-h">{lang.t(Msg::SugReplyTitle)}
                    {v.adopted.then(|| view! { " " <span class="urgency urgency-green">{lang.t(Msg::SugAdopted)}</span> })}
                </h2>
                <p class="consult-text">{r}</p>
                {v.replied_on.clone().map(|d| view! { <p class="hint">{lang.t(Msg::SugRepliedOn)} " " {d}</p> })}
            </section>
        }
    });
    let actions = (d.may.signed_in && visible).then(|| {
        let support = (open && d.may.citizen && !v.mine).then(|| support_button(lang, &v, false));
        let following = if v.following { "true" } else { "false" };
        let (value, label) = if v.following {
            ("unfollow", Msg::SugUnfollow)
        } else {
            ("follow", Msg::SugFollow)
        };
        let follow = view! {
            <form method="post" action=format!("/suggestions/{}/s/{}/follow", v.topic_id, v.id) class="form-inline">
                <input type="hidden" name="do" value=value/>
                <button type="submit" aria-pressed=following>{lang.t(label)}</button>
            </form>
        };
        let report = (!v.mine && !v.reported).then(|| report_form(lang, &v, false));
        let reported = v.reported.then(|| view! { <p class="hint">{lang.t(Msg::SugReportedAlready)}</p> });
        view! { <div class="sug-actions">{support}{follow}{report}</div> {reported} }
    });
    let sign_in = (!d.may.signed_in && visible).then(|| {
        let login = format!("/login?next=/suggestions/{}/s/{}", v.topic_id, v.id);
        view! { <p><a href=login>{lang.t(Msg::SugSignInToSupport)}</a></p> }
    });
    let edit = if v.editable {
        let echo = echo_of("edit");
        let typed = |n: &str, current: Option<String>| {
            echo.as_ref()
                .and_then(|e| e.value(n))
                .or(current)
                .unwrap_or_default()
        };
        Some(
            view! {
                <section aria-labelledby="edit-h">
                    <h2 id="edit-h">{lang.t(Msg::SugEditTitle)}</h2>
                    <p class="hint">{lang.t(Msg::SugEditHint)}</p>
                    <form method="post" action=format!("/suggestions/{}/s/{}/edit", v.topic_id, v.id) class="form" novalidate=true>
                        {text_field(lang, "sug-title", "title", Msg::SugTitleLabel, Some(Msg::SugTitleHint), typed("title", v.title.clone()), false)}
                        {text_field(lang, "sug-body", "body", Msg::SugBodyLabel, Some(Msg::SugBodyHint), typed("body", v.body.clone()), true)}
                        <button type="submit" class="primary">{lang.t(Msg::SugEditSubmit)}</button>
                    </form>
                </section>
            }
            .into_any(),
        )
    } else if v.mine && visible && open {
        // Why the author cannot edit: in their language, from the rule.
        Some(view! { <p class="notice">{lang.t(super::Problem::EditFrozen.msg())}</p> }.into_any())
    } else {
        None
    };
    view! {
        <Title text=heading.clone()/>
        <p><a href=format!("/suggestions/{}", t.id)>{t.title.clone()}</a></p>
        <h1>{heading}</h1>
        {refused}
        {status}
        <dl class="facts">
            {row(Msg::SugAuthor, v.author.clone(), lang)}
            {row(Msg::SugSubmittedOn, v.submitted_on.clone(), lang)}
            {row(Msg::SugSupportsLabel, v.supports.to_string(), lang)}
            {v.edited.then(|| row(Msg::SugEdited, lang.t(Msg::Yes).to_string(), lang))}
        </dl>
        {v.body.clone().map(|b| view! { <p class="consult-text">{b}</p> })}
        {reply}
        {actions}
        {sign_in}
        {edit}
    }
}

/// `/staff/suggestions`: the department's topics, the form to open one,
/// the moderation queue and the selection forms.
#[component]
pub fn StaffSuggestionsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::SugStaffTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/suggestions", Some(Role::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| suggestion_staff_data());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {refusal(lang)}
        <Loaded data view=move |d| staff_view(lang, d)/>
    }
    .into_any()
}

fn staff_view(lang: Lang, d: StaffData) -> impl IntoView {
    let topics = if d.topics.is_empty() {
        view! { <p>{lang.t(Msg::SugNoTopics)}</p> }.into_any()
    } else {
        let items = d
            .topics
            .iter()
            .map(|t| {
                let summary_form = (t.state == TopicState::Closed).then(|| {
                    let echo = echo_of("summary");
                    let field = format!("summary-{}", t.id);
                    let typed = echo
                        .and_then(|e| e.value("summary"))
                        .or(t.summary.clone())
                        .unwrap_or_default();
                    view! {
                        <form method="post" action=format!("/staff/suggestions/topics/{}/summary", t.id) class="form">
                            <div class="field">
                                <label for=field.clone()>{lang.t(Msg::SugSummaryText)}</label>
                                <textarea id=field name="summary" rows="4">{typed}</textarea>
                            </div>
                            <button type="submit">{lang.t(Msg::SugSummarySubmit)}</button>
                        </form>
                    }
                });
                view! {
                    <li class="sug-topic">
                        <h3><a href=format!("/suggestions/{}", t.id)>{t.title.clone()}</a></h3>
                        <p class="hint">{lang.t(t.kind.msg())} " · " {period(lang, t)} " · " {state_badge(lang, t.state)} " · " {lang.fill(Msg::SugCount, &[("n", &t.suggestions)])}</p>
                        {summary_form}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="sug-topics">{items}</ul> }.into_any()
    };
    let queue = if d.queue.is_empty() {
        view! { <p>{lang.t(Msg::SugQueueEmpty)}</p> }.into_any()
    } else {
        view! { <ul class="sug-list">{d.queue.into_iter().map(|m| moderation_item(lang, m)).collect_view()}</ul> }.into_any()
    };
    let selectable = if d.selectable.is_empty() {
        view! { <p>{lang.t(Msg::SugEmpty)}</p> }.into_any()
    } else {
        view! { <ul class="sug-list">{d.selectable.into_iter().map(|v| select_item(lang, v)).collect_view()}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="moderation-h">
            <h2 id="moderation-h">{lang.t(Msg::SugQueueTitle)}</h2>
            {queue}
        </section>
        <section aria-labelledby="select-h">
            <h2 id="select-h">{lang.t(Msg::SugSelectTitle)}</h2>
            <p class="hint">{lang.t(Msg::SugSelectAbout)}</p>
            {selectable}
        </section>
        <section aria-labelledby="topics-h">
            <h2 id="topics-h">{lang.t(Msg::SugStaffTopics)}</h2>
            {topics}
        </section>
        {open_topic_form(lang, &d.key, &d.today)}
    }
}

fn moderation_item(lang: Lang, m: ModerationItem) -> impl IntoView {
    let v = m.suggestion;
    let reason_id = format!("remove-reason-{}", v.id);
    let reports = m
        .reports
        .into_iter()
        .map(|r| view! { <li>{r.reported_on} " " {r.reason}</li> })
        .collect_view();
    view! {
        <li class="sug-item">
            <h3><a href=format!("/suggestions/{}/s/{}", v.topic_id, v.id)>{v.title.clone().unwrap_or_default()}</a></h3>
            <p class="hint">{m.topic_title} " · " {v.author.clone()} " · " {v.submitted_on.clone()}</p>
            <p class="consult-text">{v.body.clone().unwrap_or_default()}</p>
            <p>{lang.t(Msg::SugReports)}</p>
            <ul>{reports}</ul>
            <div class="sug-actions">
                <form method="post" action=format!("/staff/suggestions/{}/moderation", v.id) class="form-inline">
                    <input type="hidden" name="decision" value="restore"/>
                    <button type="submit">{lang.t(Msg::SugRestore)}</button>
                </form>
                <form method="post" action=format!("/staff/suggestions/{}/moderation", v.id) class="form-inline">
                    <input type="hidden" name="decision" value="remove"/>
                    <label for=reason_id.clone()>{lang.t(Msg::SugRemoveReason)}</label>
                    " "
                    <input type="text" id=reason_id name="reason" required=true/>
                    " "
                    <button type="submit">{lang.t(Msg::SugRemove)}</button>
                </form>
            </div>
        </li>
    }
}

fn select_item(lang: Lang, v: SuggestionView) -> impl IntoView {
    let reply_id = format!("reply-{}", v.id);
    let adopted_id = format!("adopted-{}", v.id);
    let adopted_for = adopted_id.clone();
    view! {
        <li class="sug-item">
            <h3><a href=format!("/suggestions/{}/s/{}", v.topic_id, v.id)>{v.title.clone().unwrap_or_default()}</a>
                {v.selected.then(|| view! { " " <span class="urgency urgency-green">{lang.t(Msg::SugSelected)}</span> })}
            </h3>
            <p class="hint">{v.author.clone()} " · " {lang.fill(Msg::SugSupports, &[("n", &v.supports)])}</p>
            <form method="post" action=format!("/staff/suggestions/{}/selection", v.id) class="form">
                <div class="field">
                    <label for=reply_id.clone()>{lang.t(Msg::SugReplyLabel)}</label>
                    <textarea id=reply_id name="reply" rows="3" required=true>{v.reply.clone().unwrap_or_default()}</textarea>
                </div>
                <label class="choice" for=adopted_for>
                    <input type="checkbox" id=adopted_id name="adopted" value="yes" checked=v.adopted/>
                    {lang.t(Msg::SugAdoptedChoice)}
                </label>
                <button type="submit" class="primary">{lang.t(Msg::SugSelectSubmit)}</button>
            </form>
        </li>
    }
}

fn open_topic_form(lang: Lang, key: &str, today: &str) -> impl IntoView {
    let echo = echo_of("topic");
    let typed = |n: &str| echo.as_ref().and_then(|e| e.value(n)).unwrap_or_default();
    let key = echo
        .as_ref()
        .and_then(|e| e.value("idempotency_key"))
        .unwrap_or(key.to_string());
    let kind = typed("kind");
    let kinds = TopicKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected={kind == k.as_str()}>{lang.t(k.msg())}</option> })
        .collect_view();
    let date = |id: &'static str, name: &'static str, label: Msg| {
        let value = typed(name);
        let value = if value.is_empty() {
            today.to_string()
        } else {
            value
        };
        view! {
            <div class="field">
                <label for=id>{lang.t(label)}</label>
                <input type="date" id=id name=name value=value required=true/>
            </div>
        }
    };
    view! {
        <section aria-labelledby="open-topic-h">
            <h2 id="open-topic-h">{lang.t(Msg::SugOpenTopic)}</h2>
            <form method="post" action="/staff/suggestions" class="form" novalidate=true>
                <input type="hidden" name="idempotency_key" value=key/>
                {text_field(lang, "topic-title", "title", Msg::SugTopicTitleLabel, None, typed("title"), false)}
                {text_field(lang, "topic-description", "description", Msg::SugTopicDescription, None, typed("description"), true)}
                <div class="field">
                    <label for="topic-kind">{lang.t(Msg::SugKind)}</label>
                    <select id="topic-kind" name="kind">{kinds}</select>
                </div>
                {date("topic-opens", "opens_on", Msg::SugOpensOn)}
                {date("topic-closes", "closes_on", Msg::SugClosesOn)}
                <button type="submit" class="primary">{lang.t(Msg::SugOpenTopicSubmit)}</button>
            </form>
        </section>
    }
}
