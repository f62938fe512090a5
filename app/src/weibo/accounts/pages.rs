//! The accounts' pages — plain HTML and forms that work without
//! JavaScript: applying (`/weibo/apply`, the naming rule shown), the
//! verifier's queue (`/staff/weibo/accounts`, flagged ones first with the
//! confusable pair), one account to verify or reject
//! (`/staff/weibo/accounts/{id}`, with the evidence) and an account's team
//! (`/staff/weibo/team/{handle}`).

use super::{LikePair, Likeness, QueueRow, StaffAccount, Team, TeamRole};
use crate::{
    accounts::Role as AccountRole,
    error::AppError,
    i18n::{Lang, Msg},
    letters::pages::{echo_error, echo_value},
    ui::{data_table, signed_in_as, use_prefs, Loaded},
    weibo::{
        naming,
        view::{AccountLink, AccountName, Mark},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The application form's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyData {
    /// The posts of the applicant's unit (an official's account): id and
    /// `unit · post`.
    pub posts: Vec<(i64, String)>,
    pub idempotency_key: String,
}

#[server(prefix = "/sfn", endpoint = "weibo_apply_form")]
pub async fn apply_form() -> Result<ApplyData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    Ok(ApplyData {
        posts: super::store::unit_posts(&state.pool, &me).await?,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

#[server(prefix = "/sfn", endpoint = "weibo_account_queue")]
pub async fn account_queue() -> Result<Vec<QueueRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::queue(&state.pool, &me).await
}

#[server(prefix = "/sfn", endpoint = "weibo_account_review")]
pub async fn account_review(id: i64) -> Result<StaffAccount, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::staff_one(&state.pool, &me, id).await
}

#[server(prefix = "/sfn", endpoint = "weibo_team")]
pub async fn account_team(handle: String) -> Result<Team, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::team(&state.pool, &me, &handle).await
}

fn like_msg(how: Likeness) -> Msg {
    how.msg()
}

/// `/weibo/apply`: a unit's staff apply for its account (or an official's).
#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbAccApplyTitle);
    if let Err(refused) = signed_in_as(lang, title, "/weibo/apply", Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| apply_form());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{lang.t(Msg::WbAccApplyIntro)}</p>
        {echo_error(lang)}
        <Loaded data view=move |d| apply_view(lang, d)/>
    }
    .into_any()
}

fn apply_view(lang: Lang, d: ApplyData) -> AnyView {
    let key = Some(echo_value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(d.idempotency_key);
    let kind = echo_value("kind");
    let post = echo_value("post");
    view! {
        <form method="post" action="/weibo/apply" class="form wb-apply" enctype="multipart/form-data" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            <div class="field">
                <label for="wb-kind">{lang.t(Msg::WbAccKind)}</label>
                <select id="wb-kind" name="kind">
                    <option value="institution" selected=kind != "official">{lang.t(Msg::WbAccKindInstitution)}</option>
                    <option value="official" selected=kind == "official">{lang.t(Msg::WbAccKindOfficial)}</option>
                </select>
            </div>
            <div class="field">
                <label for="wb-name">{lang.t(Msg::WbAccName)}</label>
                <div class="hint" id="wb-name-rule">
                    <p>{lang.t(naming::rule(false))}</p>
                    <p>{lang.t(naming::rule(true))}</p>
                </div>
                <input type="text" id="wb-name" name="name" maxlength="20" required=true
                    aria-describedby="wb-name-rule" value=echo_value("name")/>
            </div>
            <div class="field">
                <label for="wb-handle">{lang.t(Msg::WbAccHandle)}</label>
                <p class="hint" id="wb-handle-hint">{lang.t(Msg::WbAccHandleHint)}</p>
                <input type="text" id="wb-handle" name="handle" maxlength="30" required=true
                    autocomplete="off" aria-describedby="wb-handle-hint" value=echo_value("handle")/>
            </div>
            <div class="field">
                <label for="wb-post">{lang.t(Msg::WbAccPost)}</label>
                <p class="hint" id="wb-post-hint">{lang.t(Msg::WbAccPostHint)}</p>
                <select id="wb-post" name="post" aria-describedby="wb-post-hint">
                    <option value="">"—"</option>
                    {d.posts.into_iter().map(|(id, name)| {
                        let selected = post == id.to_string();
                        view! { <option value=id.to_string() selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wb-bio">{lang.t(Msg::WbAccBio)}</label>
                <textarea id="wb-bio" name="bio" rows="3" maxlength="300">{echo_value("bio")}</textarea>
            </div>
            <div class="field">
                <label for="wb-evidence">{lang.t(Msg::WbAccEvidence)}</label>
                <p class="hint" id="wb-evidence-hint">{lang.t(Msg::WbAccEvidenceHint)}</p>
                <input type="file" id="wb-evidence" name="evidence" required=true
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    aria-describedby="wb-evidence-hint"/>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::WbAccApplySubmit)}</button>
        </form>
    }
    .into_any()
}

/// The confusable pair: the name applied for beside the account it is
/// like, and how.
fn pair_view(lang: Lang, name: &AccountName, like: &LikePair) -> AnyView {
    view! {
        <table class="wb-pair">
            <caption>{lang.t(Msg::WbAccPairCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{lang.t(Msg::WbAccPairApplied)}</th>
                    <th scope="col">{lang.t(Msg::WbAccPairExisting)}</th>
                </tr>
            </thead>
            <tbody>
                <tr>
                    <td class="wb-pair-name" data-label=lang.t(Msg::WbAccPairApplied)>{name.name.clone()}</td>
                    <td class="wb-pair-name" data-label=lang.t(Msg::WbAccPairExisting)>
                        <AccountLink lang=lang account=like.of.clone()/>
                    </td>
                </tr>
                <tr>
                    <td data-label=lang.t(Msg::WbAccPairApplied)>"@"{name.handle.clone()}</td>
                    <td data-label=lang.t(Msg::WbAccPairExisting)>"@"{like.of.handle.clone()}</td>
                </tr>
                <tr>
                    <th scope="row" colspan="2">
                        {lang.t(Msg::WbAccPairHow)}{lang.t(Msg::Colon)}{lang.t(like_msg(like.how))}
                    </th>
                </tr>
            </tbody>
        </table>
    }
    .into_any()
}

/// `/staff/weibo/accounts`: the accounts waiting for the viewer's
/// verification, flagged ones first.
#[component]
pub fn AccountQueuePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbAccQueueTitle);
    let me = match signed_in_as(lang, title, "/staff/weibo/accounts", None) {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    // The administrator grants verification; verifiers verify.
    if me.role == AccountRole::Admin {
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            {echo_error(lang)}
            {grant_form(lang)}
        }
        .into_any();
    }
    let data = Resource::new(|| (), |_| account_queue());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view=move |rows| queue_view(lang, rows)/>
    }
    .into_any()
}

/// The administrator's form making a staff member a verifier of a
/// region's accounts.
fn grant_form(lang: Lang) -> AnyView {
    view! {
        <section aria-labelledby="wb-grant-h">
            <h2 id="wb-grant-h">{lang.t(Msg::WbAccGrantTitle)}</h2>
            <form method="post" action="/staff/weibo/accounts/verifiers" class="form">
                <div class="field">
                    <label for="wb-grant-user">{lang.t(Msg::WbAccGrantUser)}</label>
                    <input type="text" id="wb-grant-user" name="username" maxlength="64" required=true
                        autocomplete="off" value=echo_value("username")/>
                </div>
                <div class="field">
                    <label for="wb-grant-region">{lang.t(Msg::WbAccGrantRegion)}</label>
                    <p class="hint" id="wb-grant-region-hint">{lang.t(Msg::WbAccGrantRegionHint)}</p>
                    <input type="text" id="wb-grant-region" name="region" inputmode="numeric" maxlength="6"
                        required=true aria-describedby="wb-grant-region-hint" value=echo_value("region")/>
                </div>
                <button type="submit">{lang.t(Msg::WbAccGrantSubmit)}</button>
            </form>
        </section>
    }
    .into_any()
}

fn queue_view(lang: Lang, rows: Vec<QueueRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>{lang.t(Msg::WbAccQueueEmpty)}</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|r| {
            let like = r.lookalike.as_ref().map(|l| {
                view! {
                    <AccountLink lang=lang account=l.of.clone()/>
                    " · "{lang.t(like_msg(l.how))}
                }
            });
            view! {
                <tr class=if r.lookalike.is_some() { "wb-flagged" } else { "" }>
                    <td><a href=format!("/staff/weibo/accounts/{}", r.id)>{r.account.name.clone()}</a></td>
                    <td>{lang.t(r.state.msg())}</td>
                    <td>{like}</td>
                    <td>{r.department.get(lang).to_string()}</td>
                    <td>{r.applied_at.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        lang,
        Msg::WbAccQueueTitle,
        &[
            Msg::WbAccName,
            Msg::WbAccState,
            Msg::WbAccPairExisting,
            Msg::WbAccUnit,
            Msg::WbAccAppliedAt,
        ],
        body,
    )
}

/// `/staff/weibo/accounts/{id}`: an account to verify or reject, with the
/// confusable pair and the evidence.
#[component]
pub fn AccountReviewPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbAccReviewTitle);
    let params = use_params_map();
    let path = params
        .with_untracked(|p| format!("/staff/weibo/accounts/{}", p.get("id").unwrap_or_default()));
    if let Err(refused) = signed_in_as(lang, title, &path, None) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)),
        account_review,
    );
    view! {
        <Loaded data title not_found=Msg::WbAccNotFound view=move |s| review_view(lang, s)/>
    }
    .into_any()
}

fn review_view(lang: Lang, s: StaffAccount) -> AnyView {
    let id = s.row.id;
    let name = s.row.account.clone();
    let pair = s.row.lookalike.as_ref().map(|l| pair_view(lang, &name, l));
    let evidence = s.evidence.clone().map(|(_, file)| {
        view! {
            <p><a href=format!("/staff/weibo/accounts/{id}/evidence")>{lang.t(Msg::WbAccEvidence)}{lang.t(Msg::Colon)}{file}</a></p>
        }
    });
    let decided = s.decided_by.clone().map(|by| {
        view! {
            <p class="notice" role="note">
                {lang.t(s.row.state.msg())}" · "{by}" · "{s.decided_at.clone().unwrap_or_default()}
                {s.reason.clone().map(|r| view! { <br/>{lang.t(Msg::WbAccReason)}{lang.t(Msg::Colon)}{r} })}
            </p>
        }
    });
    let decide = s.may_decide.then(|| {
        view! {
            <section aria-labelledby="wb-decide-h">
                <h2 id="wb-decide-h">{lang.t(Msg::WbAccDecideTitle)}</h2>
                <form method="post" action=format!("/staff/weibo/accounts/{id}/decision") class="form">
                    <input type="hidden" name="verdict" value="verify"/>
                    <button type="submit" class="primary">{lang.t(Msg::WbAccVerify)}</button>
                </form>
                <form method="post" action=format!("/staff/weibo/accounts/{id}/decision") class="form">
                    <input type="hidden" name="verdict" value="reject"/>
                    <div class="field">
                        <label for="wb-reason">{lang.t(Msg::WbAccReason)}</label>
                        <textarea id="wb-reason" name="reason" rows="3" required=true maxlength="500"></textarea>
                    </div>
                    <button type="submit">{lang.t(Msg::WbAccReject)}</button>
                </form>
            </section>
        }
    });
    let title = s.row.account.name.clone();
    view! {
        <Title text=title.clone()/>
        <h1>
            {title}" "
            <Mark lang=lang kind=s.row.account.kind verified=s.row.account.verified/>
        </h1>
        {echo_error(lang)}
        <dl class="facts">
            <div><dt>{lang.t(Msg::WbAccState)}</dt><dd>{lang.t(s.row.state.msg())}</dd></div>
            <div><dt>{lang.t(Msg::WbAccHandle)}</dt><dd>"@"{s.row.account.handle.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WbAccUnit)}</dt><dd>{s.row.department.get(lang).to_string()}</dd></div>
            <div><dt>{lang.t(Msg::WbAccRegion)}</dt><dd>{s.row.region.get(lang).to_string()}</dd></div>
            <div><dt>{lang.t(Msg::WbAccApplicant)}</dt><dd>{s.row.applicant.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WbAccAppliedAt)}</dt><dd>{s.row.applied_at.clone()}</dd></div>
            {s.row.account.capacity.clone().map(|c| view! {
                <div><dt>{lang.t(Msg::WbAccCapacity)}</dt><dd>{c}</dd></div>
            })}
            <div><dt>{lang.t(Msg::WbAccBio)}</dt><dd>{s.bio.clone()}</dd></div>
        </dl>
        {pair}
        {evidence}
        {decided}
        {decide}
        <p><a href="/staff/weibo/accounts">{lang.t(Msg::WbAccQueueTitle)}</a></p>
    }
    .into_any()
}

/// `/staff/weibo/team/{handle}`: an account's team; its reviewers add and
/// remove members.
#[component]
pub fn TeamPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::WbAccTeamTitle);
    let params = use_params_map();
    let path = params
        .with_untracked(|p| format!("/staff/weibo/team/{}", p.get("handle").unwrap_or_default()));
    if let Err(refused) = signed_in_as(lang, title, &path, Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("handle").unwrap_or_default()),
        account_team,
    );
    view! {
        <Loaded data title not_found=Msg::WbAccNotFound view=move |t| team_view(lang, t)/>
    }
    .into_any()
}

fn team_view(lang: Lang, t: Team) -> AnyView {
    let handle = t.account.handle.clone();
    let may_change = t.may_change;
    let rows = t
        .members
        .iter()
        .map(|m| {
            let remove = (may_change && !m.by_post).then(|| {
                let label = format!("{} {} {}", lang.t(Msg::WbAccRemove), m.display_name, lang.t(m.role.msg()));
                view! {
                    <form method="post" action=format!("/staff/weibo/team/{handle}/remove") class="inline-form">
                        <input type="hidden" name="username" value=m.username.clone()/>
                        <input type="hidden" name="role" value=m.role.code()/>
                        <button type="submit" aria-label=label>{lang.t(Msg::WbAccRemove)}</button>
                    </form>
                }
            });
            let added = if m.by_post {
                lang.t(Msg::WbAccByPost).to_string()
            } else {
                format!("{} · {}", m.added_by, m.added_at)
            };
            view! {
                <tr>
                    <td>{m.display_name.clone()}</td>
                    <td>{lang.t(m.role.msg())}</td>
                    <td>{added}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    let add = may_change.then(|| {
        view! {
            <section aria-labelledby="wb-team-add-h">
                <h2 id="wb-team-add-h">{lang.t(Msg::WbAccAddMember)}</h2>
                <form method="post" action=format!("/staff/weibo/team/{handle}") class="form">
                    <div class="field">
                        <label for="wb-member">{lang.t(Msg::WbAccMember)}</label>
                        <select id="wb-member" name="username">
                            {t.staff.iter().map(|(u, n)| view! { <option value=u.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="wb-role">{lang.t(Msg::WbAccRole)}</label>
                        <select id="wb-role" name="role">
                            {TeamRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{lang.t(r.msg())}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit">{lang.t(Msg::WbAccAddMember)}</button>
                </form>
            </section>
        }
    });
    let title = format!("{} · {}", t.account.name, lang.t(Msg::WbAccTeamTitle));
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p><AccountLink lang=lang account=t.account.clone()/>" · "{t.department.get(lang).to_string()}</p>
        {echo_error(lang)}
        {data_table(
            lang,
            Msg::WbAccTeamTitle,
            &[Msg::WbAccMember, Msg::WbAccRole, Msg::WbAccAddedBy, Msg::WbAccActions],
            rows,
        )}
        {add}
    }
    .into_any()
}
