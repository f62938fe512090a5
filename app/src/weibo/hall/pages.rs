//! The halls' pages — plain HTML and forms that work without JavaScript:
//! `/weibo` (the province's hall), `/weibo/r/{city_code}`,
//! `/weibo/refutations`, an account's page `/weibo/@{handle}`, a post's
//! page `/weibo/@{handle}/{id}` with its comments, and `/me/weibo` (the
//! accounts a person follows and their posts).

use super::{AccountPage, HallView, PostPage, PROVINCE};
use crate::{
    accounts::FormEcho,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{signed_in_as, use_prefs, Breadcrumbs, Channel, Loaded},
    weibo::{
        posts::{CommentView, PostView, Timeline},
        view::{AccountLink, AccountName},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "ssr")]
fn cursor(before: &str) -> Result<Option<crate::weibo::posts::Cursor>, AppError> {
    if before.is_empty() {
        return Ok(None);
    }
    crate::weibo::posts::Cursor::parse(before)
        .map(Some)
        .ok_or(AppError::InvalidParameter {
            name: "before".into(),
        })
}

#[server(prefix = "/sfn", endpoint = "weibo_hall")]
pub async fn weibo_hall(code: i32, before: String) -> Result<HallView, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::hall(&state.pool, code, cursor(&before)?, state.now.today()).await
}

#[server(prefix = "/sfn", endpoint = "weibo_refutations")]
pub async fn weibo_refutations(before: String) -> Result<Timeline, AppError> {
    let state = crate::state::AppState::from_context()?;
    crate::weibo::posts::store::timeline(
        &state.pool,
        crate::weibo::posts::store::Scope::Refutations,
        cursor(&before)?,
    )
    .await
}

#[server(prefix = "/sfn", endpoint = "weibo_account_page")]
pub async fn weibo_account_page(handle: String, before: String) -> Result<AccountPage, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let handle = handle.strip_prefix('@').ok_or(AppError::NotFound)?;
    super::store::account_page(&state.pool, handle, me.as_ref(), cursor(&before)?).await
}

#[server(prefix = "/sfn", endpoint = "weibo_post_page")]
pub async fn weibo_post_page(handle: String, id: String) -> Result<PostPage, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let handle = handle.strip_prefix('@').ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    super::store::post_page(&state.pool, handle, id, me.as_ref()).await
}

#[server(prefix = "/sfn", endpoint = "weibo_mine")]
pub async fn weibo_mine(before: String) -> Result<(Vec<AccountName>, Timeline), AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let followed = super::store::followed(&state.pool, &me).await?;
    let timeline = crate::weibo::posts::store::timeline(
        &state.pool,
        crate::weibo::posts::store::Scope::Following(me.id),
        cursor(&before)?,
    )
    .await?;
    Ok((followed, timeline))
}

fn hall_trail(lang: Lang) -> Vec<(String, String)> {
    vec![
        (
            Channel::Interaction.path().to_string(),
            lang.t(Channel::Interaction.title()).to_string(),
        ),
        (
            "/weibo".to_string(),
            lang.t(Msg::WbPostHallTitle).to_string(),
        ),
    ]
}

fn echo_error(lang: Lang) -> Option<AnyView> {
    let echo = use_context::<FormEcho>()?;
    let error = echo.error.clone()?;
    set_response_status(error.status());
    Some(
        view! { <div class="notice error-summary" role="alert" tabindex="-1"><p>{error.message(lang)}</p></div> }
            .into_any(),
    )
}

/// A post's text, a paragraph a line.
pub fn paragraphs(body: &str) -> impl IntoView {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> })
        .collect_view()
}

/// One post as every list and page shows it: the account with its mark,
/// the time (linked to the post's page), a refutation's claim, the text,
/// images with their alt text, the card, the quoted repost, the counts.
pub fn post_item(lang: Lang, p: &PostView) -> AnyView {
    let refutes = p.refutes.clone().map(|claim| {
        view! {
            <p class="wb-refutes">
                <strong class="wb-refutes-tag">{lang.t(Msg::WbPostRefutation)}</strong>" "
                {lang.t(Msg::WbPostRefutesLabel)}{lang.t(Msg::Colon)}{claim}
            </p>
        }
    });
    let images = (!p.images.is_empty()).then(|| {
        let items = p
            .images
            .iter()
            .map(|i| {
                view! { <li><img src=i.url.clone() alt=i.alt.clone() loading="lazy" width="160" height="160"/></li> }
            })
            .collect_view();
        view! { <ul class="wb-images">{items}</ul> }
    });
    let card = p.card.clone().map(|c| {
        let title = if c.title.is_empty() {
            c.reference.clone()
        } else {
            c.title.clone()
        };
        view! {
            <aside class="wb-card">
                <span class="wb-card-kind">{lang.t(c.kind.msg())}</span>" "
                <a href=c.href.clone()>{title}</a>
                <span class="wb-card-ref">{c.reference.clone()}</span>
            </aside>
        }
    });
    let repost = match (&p.repost, p.repost_of) {
        (Some(r), _) => Some(
            view! {
                <blockquote class="wb-repost">
                    <p>{lang.t(Msg::WbPostRepostOf)}" "<AccountLink lang=lang account=r.account.clone()/></p>
                    <p><a href=r.href.clone()>{r.excerpt.clone()}</a></p>
                </blockquote>
            }
            .into_any(),
        ),
        (None, Some(_)) => Some(
            view! { <p class="wb-repost wb-gone">{lang.t(Msg::WbPostRepostGone)}</p> }.into_any(),
        ),
        _ => None,
    };
    let time = (!p.published_at.is_empty()).then(|| {
        view! { <a href=p.href.clone() class="wb-time"><time datetime=p.published.clone()>{p.published_at.clone()}</time></a> }
    });
    let pinned = p
        .pinned
        .then(|| view! { <span class="wb-pinned">{lang.t(Msg::WbPostPinned)}</span> });
    view! {
        <article class="wb-post" class:wb-refutation=p.refutes.is_some()>
            <header class="wb-post-head">
                <AccountLink lang=lang account=p.account.clone()/>
                " "{pinned}" "{time}
            </header>
            {refutes}
            <div class="wb-body">{paragraphs(&p.body)}</div>
            {images}
            {card}
            {repost}
            <p class="wb-counts">
                {lang.t(Msg::WbPostReposts)}" "{p.reposts}" · "
                {lang.t(Msg::WbPostComments)}" "{p.comments}" · "
                {lang.t(Msg::WbPostLikes)}" "{p.likes}
            </p>
        </article>
    }
    .into_any()
}

/// A timeline's posts and the link to older ones (`path?before=…`).
fn timeline_view(lang: Lang, t: &Timeline, path: &str, skip: Option<i64>) -> AnyView {
    if t.posts.is_empty() {
        return view! { <p>{lang.t(Msg::WbPostNone)}</p> }.into_any();
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    let more = t.next.clone().map(|n| {
        view! { <p class="letter-pages"><a href=format!("{path}{sep}before={n}")>{lang.t(Msg::WbPostOlder)}</a></p> }
    });
    let items = t
        .posts
        .iter()
        .filter(|p| Some(p.id) != skip)
        .map(|p| view! { <li>{post_item(lang, p)}</li> })
        .collect_view();
    view! {
        <ol class="wb-timeline">{items}</ol>
        {more}
    }
    .into_any()
}

/// `/weibo`: the province's hall.
#[component]
pub fn HallPage() -> impl IntoView {
    view! { <Hall fixed=Some(PROVINCE)/> }
}

/// `/weibo/r/{city_code}`: a city's hall.
#[component]
pub fn CityHallPage() -> impl IntoView {
    view! { <Hall fixed=None/> }
}

#[component]
fn Hall(fixed: Option<i32>) -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let code = fixed.unwrap_or_else(|| {
                params.with(|p| p.get("city").and_then(|c| c.parse().ok()).unwrap_or(0))
            });
            (code, query.with(|q| q.get("before").unwrap_or_default()))
        },
        |(code, before)| weibo_hall(code, before),
    );
    view! {
        <Loaded data title=lang.t(Msg::WbPostHallTitle) not_found=Msg::WbPostNotFound view=move |d| hall_view(lang, d)/>
    }
}

fn hall_view(lang: Lang, d: HallView) -> AnyView {
    let province = d.region_code == PROVINCE;
    let title = if province {
        lang.t(Msg::WbPostHallTitle).to_string()
    } else {
        lang.fill(Msg::WbPostCityHallTitle, &[("region", &d.region.get(lang))])
    };
    let path = if province {
        "/weibo".to_string()
    } else {
        format!("/weibo/r/{}", d.region_code)
    };
    let mut trail = hall_trail(lang);
    if !province {
        trail.push((path.clone(), title.clone()));
    }
    let cities = d
        .cities
        .iter()
        .map(|(code, name)| {
            let current = *code == d.region_code;
            view! {
                <li><a href=format!("/weibo/r/{code}") aria-current=current.then_some("page")>{name.get(lang).to_string()}</a></li>
            }
        })
        .collect_view();
    let accounts = d
        .accounts
        .iter()
        .map(|a| {
            let closed = a
                .comments_closed
                .then(|| view! { " · "<span class="wb-closed">{lang.t(Msg::WbPostCommentsClosed)}</span> });
            view! {
                <li>
                    <AccountLink lang=lang account=a.account.clone()/>
                    " · "{lang.fill(Msg::WbPostFollowers, &[("n", &a.followers)])}
                    {closed}
                </li>
            }
        })
        .collect_view();
    let rate = d
        .questions
        .rate()
        .map(|r| format!("{r}%"))
        .unwrap_or_else(|| "—".to_string());
    let feed = if province {
        format!("/weibo/feed.atom?region={PROVINCE}")
    } else {
        format!("/weibo/feed.atom?region={}", d.region_code)
    };
    view! {
        <Title text=title.clone()/>
        <Breadcrumbs trail=trail/>
        <h1>{title.clone()}</h1>
        <p class="about">{lang.t(Msg::WbPostHallAbout)}</p>
        <nav aria-label=lang.t(Msg::WbPostCities) class="wb-cities">
            <ul>
                <li><a href="/weibo" aria-current=province.then_some("page")>{lang.t(Msg::WbPostProvince)}</a></li>
                {cities}
            </ul>
        </nav>
        <dl class="facts wb-figures">
            <div><dt>{lang.t(Msg::WbPostQuestionsToday)}</dt><dd>{d.questions.today}</dd></div>
            <div><dt>{lang.t(Msg::WbPostAnswerRate)}</dt><dd>{rate}</dd></div>
        </dl>
        <p class="account-links">
            <a href="/weibo/refutations">{lang.t(Msg::WbPostRefutationsTitle)}</a>" · "
            <a href="/me/weibo">{lang.t(Msg::WbPostMineTitle)}</a>" · "
            <a href=feed type="application/atom+xml">{lang.t(Msg::WbPostFeed)}</a>
        </p>
        <div class="wb-hall">
            <section aria-labelledby="wb-accounts-h" class="wb-accounts">
                <h2 id="wb-accounts-h">{lang.t(Msg::WbPostAccounts)}</h2>
                <ul>{accounts}</ul>
            </section>
            <section aria-labelledby="wb-timeline-h">
                <h2 id="wb-timeline-h">{lang.t(Msg::WbPostTimeline)}</h2>
                {timeline_view(lang, &d.timeline, &path, None)}
            </section>
        </div>
    }
    .into_any()
}

/// `/weibo/refutations`: every account's refutations (辟谣), newest first.
#[component]
pub fn RefutationsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbPostRefutationsTitle);
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("before").unwrap_or_default()),
        weibo_refutations,
    );
    let mut trail = hall_trail(lang);
    trail.push(("/weibo/refutations".to_string(), title.to_string()));
    view! {
        <Title text=title/>
        <Breadcrumbs trail=trail/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::WbPostRefutationsAbout)}</p>
        <Loaded data view=move |t| timeline_view(lang, &t, "/weibo/refutations", None)/>
    }
}

/// `/weibo/@{handle}`: an account's page.
#[component]
pub fn AccountPageView() -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("handle").unwrap_or_default()),
                query.with(|q| q.get("before").unwrap_or_default()),
            )
        },
        |(handle, before)| weibo_account_page(handle, before),
    );
    view! {
        <Loaded data title=lang.t(Msg::WbPostHallTitle) not_found=Msg::WbPostAccountNotFound view=move |d| account_view(lang, d)/>
    }
}

fn account_view(lang: Lang, d: AccountPage) -> AnyView {
    let path = d.account.path();
    let handle = d.account.handle.clone();
    let title = d.account.name.clone();
    let mut trail = hall_trail(lang);
    trail.push((path.clone(), title.clone()));
    let comments = if d.comments_closed {
        view! { <strong class="wb-closed">{lang.t(Msg::WbPostCommentsClosed)}</strong> }.into_any()
    } else {
        view! { <span>{lang.t(Msg::WbPostCommentsOpen)}</span> }.into_any()
    };
    let follow = match d.following {
        Some(following) => view! {
            <form method="post" action=format!("{path}/follow") class="wb-follow">
                <input type="hidden" name="on" value=if following { "0" } else { "1" }/>
                <button type="submit">{lang.t(if following { Msg::WbPostUnfollow } else { Msg::WbPostFollow })}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <p><a href=format!("/login?next={path}")>{lang.t(Msg::WbPostSignInToFollow)}</a></p>
        }
        .into_any(),
    };
    let pinned_id = d.pinned.as_ref().map(|p| p.id);
    let pinned = d.pinned.as_ref().map(|p| {
        view! {
            <section aria-labelledby="wb-pinned-h">
                <h2 id="wb-pinned-h">{lang.t(Msg::WbPostPinned)}</h2>
                {post_item(lang, p)}
            </section>
        }
    });
    let bio = (!d.bio.is_empty()).then(|| view! { <p class="about">{d.bio.clone()}</p> });
    view! {
        <Title text=title.clone()/>
        <Breadcrumbs trail=trail/>
        {echo_error(lang)}
        <h1><AccountLink lang=lang account=d.account.clone()/></h1>
        {bio}
        <dl class="facts wb-profile">
            <div><dt>{lang.t(Msg::WbPostRegion)}</dt><dd><a href=format!("/weibo/r/{}", d.city_code)>{d.region.get(lang).to_string()}</a></dd></div>
            {d.account.capacity.clone().map(|c| view! { <div><dt>{lang.t(Msg::WbPostCapacity)}</dt><dd>{c}</dd></div> })}
            <div><dt>{lang.t(Msg::WbPostFollowersLabel)}</dt><dd>{d.followers}</dd></div>
            <div><dt>{lang.t(Msg::WbPostCommentsLabel)}</dt><dd>{comments}</dd></div>
        </dl>
        {follow}
        <p class="account-links">
            <a href=format!("{path}/ask")>{lang.t(Msg::WbPostAsk)}</a>" · "
            <a rel="me alternate" type="application/atom+xml" href=format!("{path}/feed.atom")>{lang.t(Msg::WbPostFeed)}</a>" · "
            <a rel="me" type="application/activity+json" href=format!("/ap/weibo/{handle}")>{lang.t(Msg::WbPostActor)}</a>
        </p>
        {pinned}
        <section aria-labelledby="wb-posts-h">
            <h2 id="wb-posts-h">{lang.t(Msg::WbPostPosts)}</h2>
            {timeline_view(lang, &d.timeline, &path, pinned_id)}
        </section>
    }
    .into_any()
}

/// `/weibo/@{handle}/{id}`: a post with its comments, the like and the
/// comment forms.
#[component]
pub fn PostPageView() -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("handle").unwrap_or_default(),
                    p.get("post").unwrap_or_default(),
                )
            })
        },
        |(handle, id)| weibo_post_page(handle, id),
    );
    view! {
        <Loaded data title=lang.t(Msg::WbPostHallTitle) not_found=Msg::WbPostNotFound view=move |d| post_page_view(lang, d)/>
    }
}

fn comment_item(lang: Lang, c: &CommentView) -> AnyView {
    let body = match (&c.body, &c.hidden_reason) {
        (Some(b), _) => view! { <div class="wb-comment-body">{paragraphs(b)}</div> }.into_any(),
        (None, reason) => view! {
            <p class="wb-hidden">
                {lang.t(Msg::WbPostHiddenByAccount)}
                {reason.clone().map(|r| view! { " "{lang.t(Msg::RevReason)}{lang.t(Msg::Colon)}{r} })}
            </p>
        }
        .into_any(),
    };
    view! {
        <li class="wb-comment" id=format!("c{}", c.id)>
            <p class="wb-comment-head"><strong>{c.author.clone()}</strong>" · "{c.at.clone()}</p>
            {body}
        </li>
    }
    .into_any()
}

fn post_page_view(lang: Lang, d: PostPage) -> AnyView {
    let p = d.post.clone();
    let title = format!(
        "{} · {}",
        p.account.name,
        crate::weibo::posts::excerpt(&p.body, 20)
    );
    let mut trail = hall_trail(lang);
    trail.push((p.account.path(), p.account.name.clone()));
    trail.push((p.href.clone(), lang.t(Msg::WbPostOne).to_string()));
    let like = match d.liked {
        Some(liked) => view! {
            <form method="post" action=format!("{}/like", p.href) class="wb-like">
                <input type="hidden" name="on" value=if liked { "0" } else { "1" }/>
                <button type="submit" aria-pressed=if liked { "true" } else { "false" }>
                    {lang.t(if liked { Msg::WbPostUnlike } else { Msg::WbPostLike })}
                </button>
            </form>
        }
        .into_any(),
        None => ().into_any(),
    };
    let list = if d.comments.is_empty() {
        view! { <p>{lang.t(Msg::WbPostNoComments)}</p> }.into_any()
    } else {
        let items = d
            .comments
            .iter()
            .map(|c| comment_item(lang, c))
            .collect_view();
        view! { <ol class="wb-comments">{items}</ol> }.into_any()
    };
    let form = if d.comments_closed {
        view! { <p class="notice" role="note">{lang.t(Msg::WbPostCommentsClosedNote)}</p> }
            .into_any()
    } else if d.liked.is_some() {
        let key = use_context::<FormEcho>()
            .map(|e| e.value("idempotency_key"))
            .filter(|k| !k.is_empty())
            .unwrap_or(d.idempotency_key.clone());
        view! {
            <form method="post" action=format!("{}/comments", p.href) class="form wb-comment-form">
                <input type="hidden" name="idempotency_key" value=key/>
                <div class="field">
                    <label for="wb-comment">{lang.t(Msg::WbPostComment)}</label>
                    <textarea id="wb-comment" name="body" rows="3" maxlength="500" required=true>
                        {use_context::<FormEcho>().map(|e| e.value("body")).unwrap_or_default()}
                    </textarea>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::WbPostSendComment)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p><a href=format!("/login?next={}", p.href)>{lang.t(Msg::WbPostSignInToComment)}</a></p> }
            .into_any()
    };
    view! {
        <Title text=title/>
        <Breadcrumbs trail=trail/>
        <h1 class="sr-only">{lang.t(Msg::WbPostOne)}</h1>
        {echo_error(lang)}
        {post_item(lang, &p)}
        {like}
        <section aria-labelledby="wb-comments-h">
            <h2 id="wb-comments-h">{lang.t(Msg::WbPostComments)}</h2>
            {list}
            {form}
        </section>
    }
    .into_any()
}

/// `/me/weibo`: the accounts I follow and their posts.
#[component]
pub fn MyWeiboPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbPostMineTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/weibo", None) {
        return refused;
    }
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("before").unwrap_or_default()),
        weibo_mine,
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view=move |d| mine_view(lang, d)/>
    }
    .into_any()
}

fn mine_view(lang: Lang, (followed, t): (Vec<AccountName>, Timeline)) -> AnyView {
    let accounts = if followed.is_empty() {
        view! { <p>{lang.t(Msg::WbPostFollowNone)}" "<a href="/weibo">{lang.t(Msg::WbPostHallTitle)}</a></p> }.into_any()
    } else {
        let items = followed
            .into_iter()
            .map(|a| view! { <li><AccountLink lang=lang account=a/></li> })
            .collect_view();
        view! { <ul class="wb-followed">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="wb-followed-h">
            <h2 id="wb-followed-h">{lang.t(Msg::WbPostFollowed)}</h2>
            {accounts}
        </section>
        <section aria-labelledby="wb-mine-h">
            <h2 id="wb-mine-h">{lang.t(Msg::WbPostTimeline)}</h2>
            {timeline_view(lang, &t, "/me/weibo", None)}
        </section>
    }
    .into_any()
}
