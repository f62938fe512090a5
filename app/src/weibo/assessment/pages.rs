//! The index's page (`/weibo/index?region=`): the ranking table of the
//! region's accounts with the four components, like the ratings boards,
//! and the formula as text; and the microblog section of the supervisor's
//! dashboard ([`watchlist_section`]).

use super::{Index, Watchlist};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    ui::{data_table, use_prefs, Loaded},
    weibo::view::AccountLink,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Guangzhou: the region the page starts from.
pub const DEFAULT_REGION: i32 = 440100;

#[server(prefix = "/sfn", endpoint = "weibo_index")]
pub async fn weibo_index(region: i32) -> Result<Index, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::index(&state.pool, region, state.now.today()).await
}

/// `/weibo/index?region=`: the assessment index of a region.
#[component]
pub fn IndexPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbQIndexTitle);
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                q.get("region")
                    .and_then(|r| r.trim().parse::<i32>().ok())
                    .unwrap_or(DEFAULT_REGION)
            })
        },
        weibo_index,
    );
    view! {
        <Loaded data title view=move |d| index_view(lang, d)/>
    }
}

fn index_view(lang: Lang, d: Index) -> AnyView {
    let heading = format!(
        "{}{}{}",
        d.region_name.get(lang),
        lang.t(Msg::Colon),
        lang.t(Msg::WbQIndexTitle)
    );
    let lines = d
        .lines
        .iter()
        .map(|l| {
            let c = l.components;
            view! {
                <tr>
                    <td>{l.rank}</td>
                    <td><AccountLink lang=lang account=l.account.clone()/></td>
                    <td><strong>{format!("{:.1}", l.score)}</strong></td>
                    <td>{format!("{:.1}", c.reach)}</td>
                    <td>{format!("{:.1}", c.service)}</td>
                    <td>{format!("{:.1}", c.interaction)}{(!l.comments_open).then(|| view! { <br/><span class="hint">{lang.t(Msg::WbQCommentsClosed)}</span> })}</td>
                    <td>{format!("{:.1}", c.recognition)}</td>
                    <td>{l.posts}" / "{l.questions}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if d.lines.is_empty() {
        view! { <p>{lang.t(Msg::WbQIndexNone)}</p> }.into_any()
    } else {
        data_table(
            lang,
            Msg::WbQIndexTitle,
            &[
                Msg::WbQIndexRank,
                Msg::WbQAccount,
                Msg::WbQIndexScore,
                Msg::WbQIndexReach,
                Msg::WbQIndexService,
                Msg::WbQIndexInteraction,
                Msg::WbQIndexRecognition,
                Msg::WbQIndexPostsQuestions,
            ],
            lines,
        )
    };
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        <p class="hint">{d.from.clone()}" — "{d.to.clone()}</p>
        <form method="get" action="/weibo/index" class="form inline">
            <label for="wbi-region">{lang.t(Msg::WbQIndexRegion)}</label>
            <input type="text" id="wbi-region" name="region" inputmode="numeric" maxlength="6" value=d.region.to_string()/>
            <button type="submit">{lang.t(Msg::WbQIndexShow)}</button>
        </form>
        {table}
        <section aria-labelledby="wbi-formula-h">
            <h2 id="wbi-formula-h">{lang.t(Msg::WbQIndexFormula)}</h2>
            <p class="wb-formula">{d.formula.get(lang).to_string()}</p>
            <p><a href=format!("/api/v1/weibo/index?region={}", d.region)>"JSON"</a></p>
        </section>
    }
    .into_any()
}

/// The supervisor's dashboard section: dormant accounts, the clean-up
/// list and accounts with overdue questions.
pub fn watchlist_section(lang: Lang, w: Watchlist) -> AnyView {
    let counts = lang
        .t(Msg::WbQWatchCounts)
        .replace("{warning}", &w.warning.to_string())
        .replace("{cleanup}", &w.cleanup.to_string())
        .replace("{accounts}", &w.with_overdue.to_string())
        .replace("{questions}", &w.overdue_questions.to_string());
    let rows = w
        .accounts
        .iter()
        .map(|a| {
            let class = match a.dormancy {
                crate::weibo::dormancy::Dormancy::Cleanup => "urgency-red",
                crate::weibo::dormancy::Dormancy::Warning => "urgency-yellow",
                crate::weibo::dormancy::Dormancy::Active => "",
            };
            view! {
                <tr class=class>
                    <td><AccountLink lang=lang account=a.account.clone()/></td>
                    <td>{lang.t(a.dormancy.msg())}{a.since.clone().map(|s| format!(" · {s}"))}</td>
                    <td>{a.last_post_on.clone().unwrap_or_else(|| "—".into())}</td>
                    <td><a href=format!("/weibo/@{}/questions", a.account.handle)>{a.overdue_questions}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="wb-watch-h">
            <h2 id="wb-watch-h">{lang.t(Msg::WbQWatchTitle)}</h2>
            <p role="status">{counts}</p>
            {if w.accounts.is_empty() {
                view! { <p>{lang.t(Msg::WbQWatchNone)}</p> }.into_any()
            } else {
                data_table(
                    lang,
                    Msg::WbQWatchTitle,
                    &[Msg::WbQAccount, Msg::WbQWatchDormancy, Msg::WbQWatchLastPost, Msg::WbQWatchOverdue],
                    rows,
                )
            }}
            <p><a href="/weibo/index">{lang.t(Msg::WbQIndexTitle)}</a></p>
        </section>
    }
    .into_any()
}
