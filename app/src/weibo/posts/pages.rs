//! The team's pages — plain forms that work without JavaScript:
//! `/staff/weibo` (the accounts where I am a member: drafts, in review,
//! latest public; comments open or closed), `/staff/weibo/posts/new?account=`
//! and `/staff/weibo/posts/{id}` (the draft's form, the review steps, the
//! pin, comment moderation and the log of who wrote and who approved).

use super::{CardKind, StaffRow, StaffView, TeamAccount};
use crate::{
    accounts::{FormEcho, Role as AccountRole},
    disclosure::documents::{action_msg, state_msg},
    error::set_response_status,
    i18n::{Lang, Msg},
    review::State,
    ui::{signed_in_as, use_prefs, Loaded},
    weibo::{hall::pages::post_item, view::AccountLink},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/sfn", endpoint = "staff_weibo")]
pub async fn staff_weibo() -> Result<Vec<TeamAccount>, crate::error::AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(crate::error::AppError::Unauthenticated)?;
    super::store::team(&state.pool, &me).await
}

#[server(prefix = "/sfn", endpoint = "staff_weibo_post")]
pub async fn staff_weibo_post(id: i64) -> Result<StaffView, crate::error::AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(crate::error::AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::staff(&state.pool, &cal, &me, id, state.now.today()).await
}

/// The new-post form's account (among mine as editor) and a fresh key.
#[server(prefix = "/sfn", endpoint = "staff_weibo_new")]
pub async fn staff_weibo_new(
    account: String,
) -> Result<(Vec<TeamAccount>, String), crate::error::AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(crate::error::AppError::Unauthenticated)?;
    let mine: Vec<TeamAccount> = super::store::team(&state.pool, &me)
        .await?
        .into_iter()
        .filter(|a| a.roles.iter().any(|r| r == "editor"))
        .filter(|a| account.is_empty() || a.account.handle == account)
        .collect();
    if mine.is_empty() {
        return Err(crate::error::AppError::Forbidden);
    }
    Ok((mine, uuid::Uuid::new_v4().to_string()))
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

/// What was typed, after a refusal; else `stored`.
fn value(name: &str, stored: String) -> String {
    use_context::<FormEcho>()
        .filter(|e| e.error.is_some())
        .map(|e| e.value(name))
        .unwrap_or(stored)
}

/// `/staff/weibo`: the accounts of my teams.
#[component]
pub fn StaffWeiboPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbPostStaffTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/weibo", Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| staff_weibo());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/staff/review">{lang.t(Msg::RevQueueTitle)}</a>" · "<a href="/weibo">{lang.t(Msg::WbPostHallTitle)}</a></p>
        {echo_error(lang)}
        <Loaded data view=move |accounts| teams_view(lang, accounts)/>
    }
    .into_any()
}

fn teams_view(lang: Lang, accounts: Vec<TeamAccount>) -> AnyView {
    accounts
        .into_iter()
        .map(|a| team_view(lang, a))
        .collect_view()
        .into_any()
}

fn rows(lang: Lang, heading: Msg, rows: &[StaffRow]) -> AnyView {
    let items = if rows.is_empty() {
        view! { <p>{lang.t(Msg::WbPostNone)}</p> }.into_any()
    } else {
        let li = rows
            .iter()
            .map(|r| {
                view! {
                    <li>
                        <a href=format!("/staff/weibo/posts/{}", r.id)>{r.excerpt.clone()}</a>
                        " · "{r.author.clone()}" · "{r.updated_at.clone()}
                    </li>
                }
            })
            .collect_view();
        view! { <ul>{li}</ul> }.into_any()
    };
    view! { <h3>{lang.t(heading)}</h3>{items} }.into_any()
}

fn team_view(lang: Lang, a: TeamAccount) -> AnyView {
    let handle = a.account.handle.clone();
    let id = format!("wb-team-{handle}");
    let labelled_by = id.clone();
    let editor = a.roles.iter().any(|r| r == "editor");
    let reviewer = a.roles.iter().any(|r| r == "reviewer");
    let roles = a
        .roles
        .iter()
        .map(|r| match r.as_str() {
            "editor" => lang.t(Msg::WbPostRoleEditor),
            "reviewer" => lang.t(Msg::WbPostRoleReviewer),
            _ => lang.t(Msg::WbPostRoleResponder),
        })
        .collect::<Vec<_>>()
        .join("、");
    let new = editor.then(|| {
        view! { <p><a class="button" href=format!("/staff/weibo/posts/new?account={handle}")>{lang.t(Msg::WbPostNewTitle)}</a></p> }
    });
    let closed = a.comments_closed;
    let toggle = reviewer.then(|| {
        view! {
            <form method="post" action=format!("/staff/weibo/accounts/{handle}/comments") class="wb-toggle">
                <input type="hidden" name="closed" value=if closed { "0" } else { "1" }/>
                <button type="submit">{lang.t(if closed { Msg::WbPostOpenComments } else { Msg::WbPostCloseComments })}</button>
            </form>
        }
    });
    let status = if closed {
        lang.t(Msg::WbPostCommentsClosed)
    } else {
        lang.t(Msg::WbPostCommentsOpen)
    };
    view! {
        <section aria-labelledby=labelled_by class="wb-team">
            <h2 id=id><AccountLink lang=lang account=a.account.clone()/></h2>
            <p>{lang.t(Msg::WbPostMyRoles)}{lang.t(Msg::Colon)}{roles}" · "{lang.t(Msg::WbPostCommentsLabel)}{lang.t(Msg::Colon)}{status}</p>
            {toggle}
            {new}
            {rows(lang, Msg::RevStateDraft, &a.drafts)}
            {rows(lang, Msg::RevStateInReview, &a.in_review)}
            {rows(lang, Msg::WbPostLatestPublic, &a.latest)}
        </section>
    }
    .into_any()
}

/// The draft's fields (a new one's, or the stored ones).
fn draft_fields(lang: Lang, current: Option<&StaffView>) -> AnyView {
    let post = current.map(|c| &c.post);
    let card_kind = value(
        "card_kind",
        current.map(|c| c.card_kind.clone()).unwrap_or_default(),
    );
    let alts = post
        .map(|p| {
            p.images
                .iter()
                .map(|i| i.alt.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let kept = post
        .map(|p| {
            p.images
                .iter()
                .map(|i| view! { <input type="hidden" name="keep_image" value=i.upload_id.to_string()/> })
                .collect_view()
        });
    view! {
        <div class="field">
            <label for="wb-body">{lang.t(Msg::WbPostBody)}</label>
            <p class="hint" id="wb-body-hint">{lang.t(Msg::WbPostBodyHint)}</p>
            <textarea id="wb-body" name="body" rows="8" maxlength="2000" required=true aria-describedby="wb-body-hint">
                {value("body", post.map(|p| p.body.clone()).unwrap_or_default())}
            </textarea>
        </div>
        {kept}
        <div class="field">
            <label for="wb-images">{lang.t(Msg::WbPostImages)}</label>
            <p class="hint" id="wb-images-hint">{lang.t(Msg::WbPostImagesHint)}</p>
            <input type="file" id="wb-images" name="images" multiple=true accept=".jpg,.jpeg,.png,image/jpeg,image/png" aria-describedby="wb-images-hint"/>
        </div>
        <div class="field">
            <label for="wb-alts">{lang.t(Msg::WbPostAlt)}</label>
            <p class="hint" id="wb-alts-hint">{lang.t(Msg::WbPostAltHint)}</p>
            <textarea id="wb-alts" name="alts" rows="3" aria-describedby="wb-alts-hint">{value("alts", alts)}</textarea>
        </div>
        <fieldset class="field">
            <legend>{lang.t(Msg::WbPostCard)}</legend>
            <p class="hint">{lang.t(Msg::WbPostCardHint)}</p>
            <label for="wb-card-kind">{lang.t(Msg::WbPostCardKind)}</label>
            <select id="wb-card-kind" name="card_kind">
                <option value="">"—"</option>
                {CardKind::ALL.into_iter().map(|k| view! {
                    <option value=k.code() selected=card_kind == k.code()>{lang.t(k.msg())}</option>
                }).collect_view()}
            </select>
            <label for="wb-card-ref">{lang.t(Msg::WbPostCardRef)}</label>
            <input type="text" id="wb-card-ref" name="card_ref" maxlength="40"
                value=value("card_ref", current.map(|c| c.card_ref.clone()).unwrap_or_default())/>
        </fieldset>
        <div class="field">
            <label for="wb-repost">{lang.t(Msg::WbPostRepostLabel)}</label>
            <input type="text" inputmode="numeric" id="wb-repost" name="repost_of" maxlength="19"
                value=value("repost_of", post.and_then(|p| p.repost_of).map(|i| i.to_string()).unwrap_or_default())/>
        </div>
        <div class="field">
            <label for="wb-refutes">{lang.t(Msg::WbPostRefutes)}</label>
            <p class="hint" id="wb-refutes-hint">{lang.t(Msg::WbPostRefutesHint)}</p>
            <input type="text" id="wb-refutes" name="refutes" maxlength="200" aria-describedby="wb-refutes-hint"
                value=value("refutes", post.and_then(|p| p.refutes.clone()).unwrap_or_default())/>
        </div>
    }
    .into_any()
}

/// `/staff/weibo/posts/new?account=`: a new draft.
#[component]
pub fn StaffNewPostPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbPostNewTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        "/staff/weibo/posts/new",
        Some(AccountRole::Staff),
    ) {
        return refused;
    }
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("account").unwrap_or_default()),
        staff_weibo_new,
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <Loaded data view=move |d| new_form(lang, d)/>
    }
    .into_any()
}

fn new_form(lang: Lang, (accounts, key): (Vec<TeamAccount>, String)) -> AnyView {
    let key = use_context::<FormEcho>()
        .map(|e| e.value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    let chosen = value("account", accounts[0].account.handle.clone());
    let account = if accounts.len() == 1 {
        view! {
                    <input type="hidden" name="account" value=accounts[0].account.handle.clone()/>
                    <p>{lang.t(Msg::WbPostAccount)}{lang.t(Msg::Colon)}<AccountLink lang=lang account=accounts[0].account.clone()/></p>
                }.into_any()
    } else {
        view! {
                    <div class="field">
                        <label for="wb-account">{lang.t(Msg::WbPostAccount)}</label>
                        <select id="wb-account" name="account">
                            {accounts.iter().map(|a| view! {
                                <option value=a.account.handle.clone() selected=a.account.handle == chosen>{a.account.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
    };
    view! {
                <form method="post" action="/staff/weibo/posts" class="form wb-form" enctype="multipart/form-data" novalidate=true>
                    <input type="hidden" name="idempotency_key" value=key/>
                    {account}
                    {draft_fields(lang, None)}
                    <button type="submit" class="primary">{lang.t(Msg::WbPostSaveDraft)}</button>
                </form>
            }
    .into_any()
}

/// `/staff/weibo/posts/{id}`: a post with its review.
#[component]
pub fn StaffPostPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbPostStaffTitle);
    let params = use_params_map();
    let path = params
        .with_untracked(|p| format!("/staff/weibo/posts/{}", p.get("id").unwrap_or_default()));
    if let Err(refused) = signed_in_as(lang, title, &path, Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)),
        staff_weibo_post,
    );
    view! {
        <Loaded data title not_found=Msg::WbPostNotFound view=move |s| staff_view(lang, s)/>
    }
    .into_any()
}

fn staff_view(lang: Lang, s: StaffView) -> AnyView {
    let id = s.post.id;
    let title = format!(
        "{} · {}",
        s.post.account.name,
        super::excerpt(&s.post.body, 20)
    );
    let public_link = s
        .post
        .public
        .then(|| view! { <p><a href=s.post.href.clone()>{lang.t(Msg::WbPostPublicPage)}</a></p> });
    let steps = (!s.offered.is_empty()).then(|| {
        let forms = s
            .offered
            .iter()
            .map(|code| {
                let code = code.clone();
                let needs_reason = code == "return" || code == "withdraw";
                let rid = format!("{code}-reason");
                view! {
                    <form method="post" action=format!("/staff/weibo/posts/{id}/steps") class="form doc-step">
                        <input type="hidden" name="action" value=code.clone()/>
                        {needs_reason.then(|| view! {
                            <div class="field">
                                <label for=rid.clone()>{lang.t(Msg::RevReason)}</label>
                                <textarea id=rid.clone() name="reason" rows="2" required=true maxlength="500"></textarea>
                            </div>
                        })}
                        <button type="submit">{lang.t(action_msg(&code))}</button>
                    </form>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="wb-steps-h">
                <h2 id="wb-steps-h">{lang.t(Msg::RevSteps)}</h2>
                {forms}
            </section>
        }
    });
    let pin = (s.may_moderate && s.state == State::Published).then(|| {
        let pinned = s.post.pinned;
        view! {
            <form method="post" action=format!("/staff/weibo/posts/{id}/pin") class="wb-pin">
                <input type="hidden" name="on" value=if pinned { "0" } else { "1" }/>
                <button type="submit">{lang.t(if pinned { Msg::WbPostUnpin } else { Msg::WbPostPin })}</button>
            </form>
        }
    });
    let edit = s.may_edit.then(|| {
        view! {
            <section aria-labelledby="wb-edit-h">
                <h2 id="wb-edit-h">{lang.t(Msg::WbPostEditTitle)}</h2>
                <form method="post" action=format!("/staff/weibo/posts/{id}") class="form wb-form" enctype="multipart/form-data" novalidate=true>
                    {draft_fields(lang, Some(&s))}
                    <button type="submit">{lang.t(Msg::WbPostSaveDraft)}</button>
                </form>
            </section>
        }
    });
    let comments = (!s.comment_list.is_empty()).then(|| {
        let items = s
            .comment_list
            .iter()
            .map(|c| {
                let hide = (s.may_moderate && !c.hidden).then(|| {
                    let rid = format!("hide-{}", c.id);
                    view! {
                        <form method="post" action=format!("/staff/weibo/comments/{}/hide", c.id) class="form wb-hide">
                            <label for=rid.clone()>{lang.t(Msg::WbPostHideReason)}</label>
                            <input type="text" id=rid name="reason" maxlength="200" required=true/>
                            <button type="submit">{lang.t(Msg::WbPostHide)}</button>
                        </form>
                    }
                });
                let body = match (&c.body, &c.hidden_reason) {
                    (Some(b), _) => b.clone(),
                    (None, r) => format!(
                        "{} {}{}{}",
                        lang.t(Msg::WbPostHiddenByAccount),
                        lang.t(Msg::RevReason),
                        lang.t(Msg::Colon),
                        r.clone().unwrap_or_default()
                    ),
                };
                view! {
                    <li>
                        <p><strong>{c.author.clone()}</strong>" · "{c.at.clone()}</p>
                        <p>{body}</p>
                        {hide}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="wb-moderate-h">
                <h2 id="wb-moderate-h">{lang.t(Msg::WbPostComments)}</h2>
                <ol class="wb-comments">{items}</ol>
            </section>
        }
    });
    let log = s
        .log
        .iter()
        .map(|e| {
            view! {
                <li>
                    <span class="letter-event-at">{e.at.clone()}</span>" "
                    <strong>{lang.t(action_msg(&e.action))}</strong>" · "{e.actor.clone()}
                    " → "{lang.t(state_msg(e.to_state))}
                    {e.reason.clone().map(|n| view! { <p class="letter-note">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    let reason = s
        .reason
        .clone()
        .filter(|_| s.state != State::Published)
        .map(|r| view! { <p class="notice" role="note">{lang.t(Msg::RevReason)}{lang.t(Msg::Colon)}{r}</p> });
    let approver = s.approver.clone().map(|a| {
        view! { " · "{lang.t(Msg::WbPostApprover)}{lang.t(Msg::Colon)}{a} }
    });
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <p>
            <strong>{lang.t(state_msg(s.state))}</strong>" · "
            {lang.t(Msg::WbPostAuthor)}{lang.t(Msg::Colon)}{s.author.clone()}
            {approver}
        </p>
        {reason}
        {public_link}
        {steps}
        {pin}
        {post_item(lang, &s.post)}
        {edit}
        {comments}
        <section aria-labelledby="wb-log-h">
            <h2 id="wb-log-h">{lang.t(Msg::RevLog)}</h2>
            <ol class="letter-log">{log}</ol>
        </section>
        <p><a href="/staff/weibo">{lang.t(Msg::WbPostStaffTitle)}</a></p>
    }
    .into_any()
}
