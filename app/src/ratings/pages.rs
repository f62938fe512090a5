//! The pages of ratings: the star widget on a case (a radio group — arrow
//! keys, no JavaScript needed), a rectification with the forms its viewer
//! may use, the department's and the supervisor's lists, and the public
//! boards with the published rectifications.

use super::{
    unit::{self, Ratable},
    BoardLine, RatingView, Stars, PRIOR_STARS, PRIOR_WEIGHT,
};
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, ActionRefused, Loaded, LoadedList},
    workflow::views::CaseView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::views::{MyRating, RectLine, RectView};

/// A rating form sent back with its problem (no JavaScript).
#[derive(Debug, Clone)]
pub struct RatingEcho {
    pub task_id: i64,
    /// The form rated a point the applicant met (issue 17).
    pub point: bool,
    pub stars: Option<i64>,
    pub comment: String,
    pub error: AppError,
}

/// "★★★☆☆" for screen readers hidden; the words carry the meaning.
fn glyphs(n: u8) -> String {
    (1..=5).map(|i| if i <= n { '★' } else { '☆' }).collect()
}

/// The stars of a rating as text: "4 星 · 满意".
pub fn stars_text(lang: Lang, s: Stars) -> String {
    lang.fill(
        Msg::StarsText,
        &[("n", &s.get()), ("label", &s.label(lang))],
    )
}

/// The star widget: a radio group of five, each with its words, and an
/// optional comment; `legend` names what is rated (a department, or a
/// point the applicant met when `point`).
fn star_form(
    lang: Lang,
    case_no: &str,
    target: &Ratable,
    echo: Option<&RatingEcho>,
) -> impl IntoView {
    let id = target.task_id;
    let suffix = if target.point { "p" } else { "d" };
    let form_id = format!("{id}{suffix}");
    let legend = if target.point {
        lang.fill(
            Msg::RatePointLegend,
            &[
                ("step", &target.name.get(lang)),
                ("department", &target.department.get(lang)),
            ],
        )
    } else {
        lang.fill(
            Msg::RateDepartmentLegend,
            &[("department", &target.department.get(lang))],
        )
    };
    let chosen = echo.and_then(|e| e.stars);
    let comment = echo.map(|e| e.comment.clone()).unwrap_or_default();
    let error_id = format!("rate-error-{form_id}");
    let error = echo.map(|e| {
        set_response_status(e.error.status());
        view! { <p class="field-error" id=error_id.clone() role="alert">{e.error.message(lang)}</p> }
    });
    let radios = Stars::ALL
        .into_iter()
        .map(|s| {
            let v = s.get();
            view! {
                <label class="star-choice">
                    <input type="radio" name="stars" value=v.to_string() required=true
                        checked=chosen == Some(v as i64)/>
                    <span class="star-glyphs" aria-hidden="true">{glyphs(v)}</span>
                    <span>{stars_text(lang, s)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/cases/{case_no}/ratings") class="form rate-form">
            <input type="hidden" name="task_id" value=id.to_string()/>
            {target.point.then(|| view! { <input type="hidden" name="point" value="1"/> })}
            <fieldset class="stars" aria-describedby=echo.map(|_| error_id.clone())>
                <legend>{legend}</legend>
                {error}
                {radios}
            </fieldset>
            <div class="field">
                <label for=format!("comment-{form_id}")>{lang.t(Msg::RateComment)}</label>
                <textarea id=format!("comment-{form_id}") name="comment" rows="2" maxlength="500">{comment}</textarea>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::RateSubmit)}</button>
        </form>
    }
}

fn rating_line(lang: Lang, what: String, r: &RatingView) -> impl IntoView {
    view! {
        <li class="rated">
            <strong>{what}</strong> {lang.t(Msg::Colon)}
            <span class="star-glyphs" aria-hidden="true">{glyphs(r.stars.get())}</span>
            " " {stars_text(lang, r.stars)} " · " {r.rated_on.clone()}
            {r.comment.clone().map(|c| view! { <blockquote>{c}</blockquote> })}
            {r.excluded.then(|| view! { <p class="hint">{lang.t(Msg::RateExcluded)}</p> })}
            {r.rectification.map(|x| view! {
                <p><a href=format!("/rectifications/{x}")>{lang.t(Msg::RectLink)}</a></p>
            })}
        </li>
    }
}

/// The ratings part of a case page (issue 17, 一次一评): once the case is
/// closed, each department once — its rating, or (for the applicant) the
/// star widget — and, folded away, the points the applicant met
/// themselves. Ratings of single steps made before keep standing for
/// their department.
pub fn rating_section(lang: Lang, c: &CaseView) -> AnyView {
    let echo = use_context::<RatingEcho>();
    let closed = matches!(
        c.status,
        crate::workflow::engine::CaseStatus::Completed
            | crate::workflow::engine::CaseStatus::Rejected
    );
    let department_of = |task: i64| {
        c.steps
            .iter()
            .find(|s| s.task_id == task)
            .map(|s| s.department.clone())
    };
    let echo_for = |t: &Ratable| {
        echo.as_ref()
            .filter(|e| e.task_id == t.task_id && e.point == t.point)
    };
    let departments = if closed {
        unit::departments(&c.steps)
    } else {
        Vec::new()
    };
    let mut items: Vec<AnyView> = Vec::new();
    for d in &departments {
        let rated: Vec<&RatingView> = c
            .ratings
            .iter()
            .filter(|r| !r.point && department_of(r.task_id).as_ref() == Some(&d.department))
            .collect();
        if rated.is_empty() {
            if c.mine {
                items.push(
                    view! { <li>{star_form(lang, &c.case_no, d, echo_for(d))}</li> }.into_any(),
                );
            }
        } else {
            for r in rated {
                items.push(rating_line(lang, d.department.get(lang).to_string(), r).into_any());
            }
        }
    }
    // Ratings of a case not closed (made before ratings were per case).
    if !closed {
        for r in c.ratings.iter().filter(|r| !r.point) {
            let what = department_of(r.task_id)
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default();
            items.push(rating_line(lang, what, r).into_any());
        }
    }
    let points = if closed {
        unit::points(&c.steps)
    } else {
        Vec::new()
    };
    let mut point_items: Vec<AnyView> = Vec::new();
    let mut open_points = false;
    for p in &points {
        let what = lang.fill(
            Msg::RatePointName,
            &[
                ("step", &p.name.get(lang)),
                ("department", &p.department.get(lang)),
            ],
        );
        match c.ratings.iter().find(|r| r.point && r.task_id == p.task_id) {
            Some(r) => point_items.push(rating_line(lang, what, r).into_any()),
            None if c.mine => {
                open_points |= echo_for(p).is_some();
                point_items.push(
                    view! { <li>{star_form(lang, &c.case_no, p, echo_for(p))}</li> }.into_any(),
                )
            }
            None => {}
        }
    }
    if items.is_empty() && point_items.is_empty() {
        return ().into_any();
    }
    let more = (!point_items.is_empty()).then(|| {
        view! {
            <details class="rate-more" open=open_points>
                <summary>{lang.t(Msg::RatePointsTitle)}</summary>
                <p class="hint">{lang.t(Msg::RatePointsAbout)}</p>
                <ul class="rate-list">{point_items}</ul>
            </details>
        }
    });
    view! {
        <section aria-labelledby="rate-h" class="rate-box">
            <h2 id="rate-h">{lang.t(Msg::RateTitle)}</h2>
            <p class="hint">{lang.t(Msg::RateOncePerDepartment)}</p>
            <ul class="rate-list">{items}</ul>
            {more}
        </section>
    }
    .into_any()
}

#[server(prefix = "/sfn", endpoint = "rectification_data")]
pub async fn rectification_data(id: i64) -> Result<RectView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::rect_view(&state.pool, &cal, &me, id, state.now.today()).await
}

/// `/rectifications/{id}`: a rectification with its history and the forms
/// its viewer may use now.
#[component]
pub fn RectificationPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::RectTitle);
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    if let Err(refused) = signed_in_as(lang, title, &format!("/rectifications/{id}"), None) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| async move {
            match id.parse::<i64>() {
                Ok(id) => rectification_data(id).await,
                Err(_) => Err(AppError::NotFound),
            }
        },
    );
    let refused = use_context::<ActionRefused>().map(|refused| {
        set_response_status(refused.0.status());
        view! { <p class="notice error-summary" role="alert">{refused.message(lang)}</p> }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {refused}
        <Loaded data view=move |r| rect_view(lang, r)/>
    }
    .into_any()
}

fn text_form(
    lang: Lang,
    id: i64,
    action: &'static str,
    field: &'static str,
    label: Msg,
    submit: Msg,
) -> impl IntoView {
    let input = format!("{action}-{id}");
    view! {
        <form method="post" action=format!("/rectifications/{id}") class="form">
            <input type="hidden" name="action" value=action/>
            <div class="field">
                <label for=input.clone()>{lang.t(label)}</label>
                <textarea id=input name=field rows="3" maxlength="500" required=true></textarea>
            </div>
            <button type="submit" class="primary">{lang.t(submit)}</button>
        </form>
    }
}

fn rect_forms(lang: Lang, r: &RectView) -> impl IntoView {
    let id = r.id;
    r.offered
        .iter()
        .map(|a| match a.as_str() {
            "call_back" => text_form(lang, id, "call_back", "note", Msg::RectCallBackNote, Msg::RectCallBackSubmit).into_any(),
            "resolve" => text_form(lang, id, "resolve", "outcome", Msg::RectOutcome, Msg::RectResolveSubmit).into_any(),
            "contest" => text_form(lang, id, "contest", "reason", Msg::RectContestReason, Msg::RectContestSubmit).into_any(),
            "appeal" => text_form(lang, id, "appeal", "reason", Msg::RectAppealReason, Msg::RectAppealSubmit).into_any(),
            "accept" => view! {
                <form method="post" action=format!("/rectifications/{id}") class="form-inline">
                    <input type="hidden" name="action" value="accept"/>
                    <button type="submit" class="primary">{lang.t(Msg::RectAcceptSubmit)}</button>
                </form>
            }
            .into_any(),
            "decide" => view! {
                <form method="post" action=format!("/rectifications/{id}") class="form">
                    <input type="hidden" name="action" value="decide"/>
                    <fieldset>
                        <legend>{lang.t(Msg::RectDecideLegend)}</legend>
                        <label class="choice"><input type="radio" name="upheld" value="true" required=true/> {lang.t(Msg::RectDecideUphold)}</label>
                        <label class="choice"><input type="radio" name="upheld" value="false"/> {lang.t(Msg::RectDecideDismiss)}</label>
                    </fieldset>
                    <div class="field">
                        <label for=format!("decide-{id}")>{lang.t(Msg::RectDecisionNote)}</label>
                        <textarea id=format!("decide-{id}") name="note" rows="3" maxlength="500" required=true></textarea>
                    </div>
                    <button type="submit" class="primary">{lang.t(Msg::RectDecideSubmit)}</button>
                </form>
            }
            .into_any(),
            _ => ().into_any(),
        })
        .collect_view()
}

fn action_label(lang: Lang, action: &str) -> &'static str {
    lang.t(match action {
        "opened" => Msg::RectEvOpened,
        "call_back" => Msg::RectEvCallBack,
        "resolve" => Msg::RectEvResolve,
        "contest" => Msg::RectEvContest,
        "accept" => Msg::RectEvAccept,
        "appeal" => Msg::RectEvAppeal,
        _ => Msg::RectEvDecide,
    })
}

fn rect_view(lang: Lang, r: RectView) -> impl IntoView {
    let texts = [
        (Msg::RectCallBackNote, r.callback_note.clone()),
        (Msg::RectOutcome, r.outcome.clone()),
        (Msg::RectAppealReason, r.appeal_reason.clone()),
        (Msg::RectContestReason, r.contest_reason.clone()),
        (Msg::RectDecisionNote, r.decision_note.clone()),
    ]
    .into_iter()
    .filter_map(|(m, t)| t.map(|t| row(m, t, lang)))
    .collect_view();
    let history = r
        .events
        .iter()
        .map(|e| {
            view! {
                <li>
                    {e.on_day.clone()} " · " {action_label(lang, &e.action)} " → " {e.to_state.label(lang)}
                    {e.note.clone().map(|n| view! { <span>" · " {n}</span> })}
                </li>
            }
        })
        .collect_view();
    let urgency = r
        .urgency
        .map(|u| view! { <span class=u.class()>{u.label(lang)}</span> });
    view! {
        <dl class="facts">
            {row(Msg::RectState, r.state.label(lang).to_string(), lang)}
            {row(Msg::CaseNumber, r.case_no.clone(), lang)}
            {row(Msg::RectStep, format!("{} · {}", r.department.get(lang), r.step.get(lang)), lang)}
            {row(Msg::RectStars, stars_text(lang, r.stars), lang)}
            {r.comment.clone().map(|c| row(Msg::RateComment, c, lang))}
            {row(Msg::RectOpened, r.opened_on.clone(), lang)}
            {row(Msg::RectDue, r.due_on.clone(), lang)}
            {texts}
        </dl>
        {urgency}
        <section aria-labelledby="rect-actions-h">
            <h2 id="rect-actions-h">{lang.t(Msg::RectActions)}</h2>
            {if r.offered.is_empty() {
                view! { <p>{lang.t(Msg::RectNothingToDo)}</p> }.into_any()
            } else {
                rect_forms(lang, &r).into_any()
            }}
        </section>
        <section aria-labelledby="rect-history-h">
            <h2 id="rect-history-h">{lang.t(Msg::RectHistory)}</h2>
            <ol class="steps">{history}</ol>
        </section>
    }
}

#[server(prefix = "/sfn", endpoint = "rectification_queue")]
pub async fn rectification_queue() -> Result<Vec<RectLine>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    let today = state.now.today();
    match me.role {
        crate::accounts::Role::Supervisor => {
            super::store::supervisor_queue(&state.pool, &cal, &me, today).await
        }
        _ => {
            let post = crate::workflow::store::staff_post(&state.pool, &me).await?;
            super::store::department_queue(&state.pool, &cal, post.department_id, today).await
        }
    }
}

fn rect_table(lang: Lang, caption: Msg, rows: Vec<RectLine>, links: bool) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            let no = lang.fill(Msg::RectNo, &[("id", &r.id)]);
            view! {
                <tr>
                    <th scope="row" data-label={lang.t(Msg::RectNumber)}>{if links {
                        view! { <a href=format!("/rectifications/{}", r.id)>{no}</a> }.into_any()
                    } else {
                        view! { <span>{no}</span> }.into_any()
                    }}</th>
                    <td data-label={lang.t(Msg::BoardDepartment)}>{r.department.get(lang).to_string()} " · " {r.region.get(lang).to_string()}</td>
                    <td data-label={lang.t(Msg::RectStars)}>{stars_text(lang, r.stars)}</td>
                    <td data-label={lang.t(Msg::RectOpened)}>{r.opened_on.clone()}</td>
                    <td data-label={lang.t(Msg::RectDue)}>{r.due_on.clone()} " "
                        {r.urgency.map(|u| view! { <span class=u.class()>{u.label(lang)}</span> })}</td>
                    <td data-label={lang.t(Msg::RectState)}>{r.state.label(lang)}</td>
                    <td data-label={lang.t(Msg::RectOutcome)}>{r.outcome.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(caption)>
            <table>
                <caption>{lang.t(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::RectNumber)}</th>
                        <th scope="col">{lang.t(Msg::BoardDepartment)}</th>
                        <th scope="col">{lang.t(Msg::RectStars)}</th>
                        <th scope="col">{lang.t(Msg::RectOpened)}</th>
                        <th scope="col">{lang.t(Msg::RectDue)}</th>
                        <th scope="col">{lang.t(Msg::RectState)}</th>
                        <th scope="col">{lang.t(Msg::RectOutcome)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// `/staff/rectifications`: the department's rectifications (staff) or the
/// appeals to decide (supervisors).
#[component]
pub fn RectificationsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::RectListTitle);
    let me = match signed_in_as(lang, title, "/staff/rectifications", None) {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    if !matches!(
        me.role,
        crate::accounts::Role::Staff | crate::accounts::Role::Supervisor
    ) {
        set_response_status(403);
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p>
        }
        .into_any();
    }
    let about = if me.role == crate::accounts::Role::Supervisor {
        Msg::RectListSupervisor
    } else {
        Msg::RectListDepartment
    };
    let rows = Resource::new(|| (), |_| rectification_queue());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(about)}</p>
        <LoadedList
            data=rows
            empty=Msg::RectListEmpty
            view=move |rows| rect_table(lang, Msg::RectListTitle, rows, true)
        />
    }
    .into_any()
}

/// What the public board page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Boards {
    pub regions: Vec<BoardLine>,
    pub departments: Vec<BoardLine>,
    pub rectifications: Vec<RectLine>,
}

#[server(prefix = "/sfn", endpoint = "rating_boards")]
pub async fn rating_boards() -> Result<Boards, AppError> {
    let state = crate::state::AppState::from_context()?;
    let cal = crate::clock::store::load(&state.pool).await?;
    let mut departments = super::store::department_board(&state.pool, None).await?;
    departments.truncate(100);
    Ok(Boards {
        regions: super::store::region_board(&state.pool).await?,
        departments,
        rectifications: super::store::published(&state.pool, &cal, state.now.today(), 30).await?,
    })
}

fn board_table(
    lang: Lang,
    caption: Msg,
    lines: Vec<BoardLine>,
    with_region: bool,
) -> impl IntoView {
    let body = lines
        .into_iter()
        .map(|l| {
            let dist = l
                .distribution
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}★ {n}", i + 1))
                .collect::<Vec<_>>()
                .join(" · ");
            let name = l.name.get(lang).to_string();
            let region = l.region.as_ref().map(|r| r.get(lang).to_string());
            view! {
                <tr>
                    <td data-label={lang.t(Msg::BoardRank)}>{l.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <th scope="row" data-label={lang.t(if with_region { Msg::BoardDepartment } else { Msg::BoardCity })}>{name}</th>
                    {with_region.then(|| view! { <td data-label={lang.t(Msg::BoardRegion)}>{region.unwrap_or_default()}</td> })}
                    <td data-label={lang.t(Msg::BoardCount)}>{l.count}</td>
                    <td data-label={lang.t(Msg::BoardAverage)}>{l.average.map(|a| format!("{a:.2}")).unwrap_or_else(|| "—".into())}</td>
                    <td data-label={lang.t(Msg::BoardScore)}>{format!("{:.3}", l.score)}</td>
                    <td data-label={lang.t(Msg::BoardLevel)}>{l.level.map(|v| v.label(lang)).unwrap_or("—")}</td>
                    <td data-label={lang.t(Msg::BoardDistribution)}>{dist}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(caption)>
            <table>
                <caption>{lang.t(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::BoardRank)}</th>
                        <th scope="col">{lang.t(if with_region { Msg::BoardDepartment } else { Msg::BoardCity })}</th>
                        {with_region.then(|| view! { <th scope="col">{lang.t(Msg::BoardRegion)}</th> })}
                        <th scope="col">{lang.t(Msg::BoardCount)}</th>
                        <th scope="col">{lang.t(Msg::BoardAverage)}</th>
                        <th scope="col">{lang.t(Msg::BoardScore)}</th>
                        <th scope="col">{lang.t(Msg::BoardLevel)}</th>
                        <th scope="col">{lang.t(Msg::BoardDistribution)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// `/ratings`: the public boards (cities and departments) with the
/// ranking formula, and the published rectifications.
#[component]
pub fn RatingsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::BoardTitle);
    let data = Resource::new(|| (), |_| rating_boards());
    let formula = lang.fill(
        Msg::BoardFormulaText,
        &[
            ("w", &format!("{PRIOR_WEIGHT:.0}")),
            ("s", &format!("{PRIOR_STARS:.0}")),
        ],
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::BoardAbout)}</p>
        <section aria-labelledby="formula-h">
            <h2 id="formula-h">{lang.t(Msg::BoardFormula)}</h2>
            <p>{formula}</p>
        </section>
        <Loaded data view={move |b: Boards| view! {
            <section class="board">
                <h2 id="cities-h">{lang.t(Msg::BoardCities)}</h2>
                {board_table(lang, Msg::BoardCities, b.regions, false)}
            </section>
            <section class="board">
                <h2 id="departments-h">{lang.t(Msg::BoardDepartments)}</h2>
                {board_table(lang, Msg::BoardDepartments, b.departments, true)}
            </section>
            <section class="board">
                <h2 id="published-h">{lang.t(Msg::BoardRectifications)}</h2>
                {if b.rectifications.is_empty() {
                    view! { <p>{lang.t(Msg::RectListEmpty)}</p> }.into_any()
                } else {
                    rect_table(lang, Msg::BoardRectifications, b.rectifications, false).into_any()
                }}
            </section>

        }}/>
    }
}

#[server(prefix = "/sfn", endpoint = "my_ratings")]
pub async fn my_ratings() -> Result<Vec<MyRating>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::my_ratings(&state.pool, &me, 100).await
}

/// My ratings (in my space), each with its case and, for a bad one, how
/// its rectification stands.
#[component]
pub fn MyRatings(lang: Lang) -> impl IntoView {
    let data = Resource::new(|| (), |_| my_ratings());
    let show = move |list: Vec<MyRating>| {
        if list.is_empty() {
            view! { <p>{lang.t(Msg::MyRatingsEmpty)}</p> }.into_any()
        } else {
            view! {
                <ul class="case-list">
                    {list.into_iter().map(|r| view! {
                        <li>
                            <a href=format!("/cases/{}", r.case_no)>{r.case_no.clone()}</a>
                            " · " {r.step.get(lang).to_string()} " · "
                            <span class="star-glyphs" aria-hidden="true">{glyphs(r.stars.get())}</span>
                            " " {stars_text(lang, r.stars)} " · " {r.rated_on.clone()}
                            {r.rectification.zip(r.rectification_state).map(|(id, s)| view! {
                                " · " <a href=format!("/rectifications/{id}")>{s.label(lang)}</a>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="space-section" aria-labelledby="ratings-h">
            <h2 id="ratings-h">{lang.t(Msg::MyRatings)}</h2>
            <Loaded data view=show/>
        </section>
    }
}
