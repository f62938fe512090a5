//! The account pages: sign in (`/login`), register as a person
//! (`/register`) or an enterprise (`/register/enterprise`), and my space
//! (`/me`). The forms are plain HTML posts that work without JavaScript; a
//! form sent back with problems keeps what was typed (never the password)
//! and names each problem at its field. Once hydrated, each checked field
//! runs the same validator as the server while it is typed.

use super::{
    current_user,
    forms::{check_field, Field},
    FormEcho, MeView, Profile,
};
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Breadcrumbs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A text field that checks itself as it is typed once hydrated (an
/// island: the same validator runs in the browser and on the server).
#[island]
pub fn CheckedInput(
    field: Field,
    lang: Lang,
    label: String,
    value: String,
    /// The problem the server found, as a message.
    error: Option<String>,
    help: Option<String>,
    input_type: Option<String>,
    autocomplete: Option<String>,
    inputmode: Option<String>,
) -> impl IntoView {
    let name = field.name();
    // A field sent back with a problem is checked again as it is corrected.
    let touched = RwSignal::new(error.is_some());
    let message = RwSignal::new(error);
    // The password's username rule needs the other field: the server
    // checks that one.
    let check = move |text: String| {
        let problem = check_field(field, &text, "").err();
        message.set(problem.map(|p| p.text(lang).to_string()));
    };
    let error_id = format!("{name}-error");
    let help_id = format!("{name}-help");
    let described = {
        let (error_id, help_id) = (error_id.clone(), help_id.clone());
        let has_help = help.is_some();
        move || {
            let mut ids = Vec::new();
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            if has_help {
                ids.push(help_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || message.get().is_some()>
            <label for=name>{label}</label>
            {help.map(|h| view! { <p class="hint" id=help_id.clone()>{h}</p> })}
            <input
                id=name
                name=name
                type=input_type.unwrap_or_else(|| "text".into())
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                required=true
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described
                on:input=move |ev| {
                    if touched.get_untracked() {
                        check(event_target_value(&ev));
                    }
                }
                on:change=move |ev| {
                    touched.set(true);
                    check(event_target_value(&ev));
                }
            />
            <p class="field-error" id=error_id role="alert" hidden=move || message.get().is_none()>
                {move || message.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A checked field of a form sent back (or empty), with its label, help and
/// problem.
fn checked(lang: Lang, echo: &FormEcho, field: Field, help: Option<Msg>) -> impl IntoView {
    let (input_type, autocomplete, inputmode) = match field {
        Field::Password => (Some("password"), Some("new-password"), None),
        Field::Username => (None, Some("username"), None),
        Field::RealName => (None, Some("name"), None),
        Field::Mobile => (Some("tel"), Some("tel"), Some("tel")),
        Field::EnterpriseName => (None, Some("organization"), None),
        _ => (None, Some("off"), None),
    };
    let value = if field == Field::Password {
        String::new()
    } else {
        echo.value(field.name())
    };
    view! {
        <CheckedInput
            field
            lang
            label=lang.t(field.label()).to_string()
            value
            error=echo.problem(field).map(|p| p.text.get(lang).to_string())
            help=help.map(|h| lang.t(h).to_string())
            input_type=input_type.map(String::from)
            autocomplete=autocomplete.map(String::from)
            inputmode=inputmode.map(String::from)
        />
    }
}

/// The problems of a form sent back, each a link to its field (read first
/// by screen readers).
fn error_summary(lang: Lang, echo: &FormEcho) -> impl IntoView {
    let general = echo.error.as_ref().map(|e| {
        set_response_status(e.status());
        view! { <p>{e.message(lang)}</p> }
    });
    let fields = (!echo.errors.is_empty()).then(|| {
        set_response_status(422);
        let items = echo
            .errors
            .iter()
            .map(|e| {
                view! {
                    <li>
                        <a href=format!("#{}", e.field)>
                            {Field::named(&e.field)
                                .map(|f| lang.t(f.label()).to_string())
                                .unwrap_or_else(|| e.field.clone())}
                            {lang.t(Msg::Colon)}
                            {e.text.get(lang).to_string()}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{lang.t(Msg::ErrInvalidFields)}</p>
            <ul>{items}</ul>
        }
    });
    (general.is_some() || fields.is_some()).then(|| {
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1">
                {general}
                {fields}
            </div>
        }
    })
}

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let echo = FormEcho::current();
    let query = use_query_map();
    let next = {
        let from_query = query.with_untracked(|q| q.get("next")).unwrap_or_default();
        let echoed = echo.value("next");
        if echoed.is_empty() {
            from_query
        } else {
            echoed
        }
    };
    let title = lang.t(Msg::LoginTitle);
    let changed = query.with_untracked(|q| q.get("changed")).is_some().then(
        || view! { <p class="notice" role="status">{lang.t(Msg::PasswordChangedNotice)}</p> },
    );
    let signed_in = current_user().map(|me| {
        view! {
            <p class="notice">
                {lang.t(Msg::SignedInAs)} " " <strong>{me.display_name}</strong> " · "
                <a href="/me">{lang.t(Msg::NavMySpace)}</a>
            </p>
        }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {changed}
        {signed_in}
        {error_summary(lang, &echo)}
        <form method="post" action="/login" class="form">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="username">{lang.t(Msg::FieldUsername)}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    required=true
                    value=echo.value("username")
                />
            </div>
            <div class="field">
                <label for="password">{lang.t(Msg::FieldPassword)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required=true
                />
            </div>
            <div class="field">
                <label for="totp">{lang.t(Msg::FieldTotp)}</label>
                <p class="hint" id="totp-help">{lang.t(Msg::HelpTotp)}</p>
                <input
                    id="totp"
                    name="totp"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxlength="6"
                    aria-describedby="totp-help"
                />
            </div>
            <button type="submit" class="primary">{lang.t(Msg::LoginSubmit)}</button>
        </form>
        <p>{lang.t(Msg::LoginNoAccount)} " " <a href="/register">{lang.t(Msg::NavRegister)}</a></p>
    }
}

fn register_tabs(lang: Lang, enterprise: bool) -> impl IntoView {
    let current = |on: bool| on.then_some("page");
    view! {
        <nav class="tabs" aria-label=lang.t(Msg::RegisterTitle)>
            <a href="/register" aria-current=current(!enterprise)>{lang.t(Msg::RegisterCitizen)}</a>
            <a href="/register/enterprise" aria-current=current(enterprise)>
                {lang.t(Msg::RegisterEnterprise)}
            </a>
        </nav>
    }
}

/// `/register` (a person) and `/register/enterprise`.
#[component]
pub fn RegisterPage(enterprise: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let echo = FormEcho::current();
    let title = lang.t(if enterprise {
        Msg::RegisterEnterprise
    } else {
        Msg::RegisterCitizen
    });
    let fields: Vec<(Field, Option<Msg>)> = if enterprise {
        vec![
            (Field::EnterpriseName, None),
            (Field::CreditCode, None),
            (Field::LegalRepresentative, None),
            (Field::Username, Some(Msg::HelpUsername)),
            (Field::Password, Some(Msg::HelpPassword)),
        ]
    } else {
        vec![
            (Field::RealName, None),
            (Field::IdNumber, Some(Msg::HelpIdNumber)),
            (Field::Mobile, None),
            (Field::Username, Some(Msg::HelpUsername)),
            (Field::Password, Some(Msg::HelpPassword)),
        ]
    };
    let action = if enterprise {
        "/register/enterprise"
    } else {
        "/register"
    };
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![("/register".to_string(), lang.t(Msg::RegisterTitle).to_string())]/>
        <h1>{lang.t(Msg::RegisterTitle)}</h1>
        {register_tabs(lang, enterprise)}
        <p class="about">
            {lang.t(if enterprise { Msg::RegisterEnterpriseAbout } else { Msg::RegisterCitizenAbout })}
        </p>
        {error_summary(lang, &echo)}
        <form method="post" action=action class="form" novalidate=true>
            {fields
                .into_iter()
                .map(|(field, help)| checked(lang, &echo, field, help))
                .collect_view()}
            <button type="submit" class="primary">{lang.t(Msg::RegisterSubmit)}</button>
        </form>
        <p>{lang.t(Msg::RegisterHaveAccount)} " " <a href="/login">{lang.t(Msg::NavLogin)}</a></p>
    }
}

/// What my space shows.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MySpaceData {
    pub me: MeView,
    pub accesses: Vec<AccessRow>,
    pub cases: Vec<crate::workflow::views::CaseLine>,
    /// A citizen's pending invitations from enterprises.
    pub invitations: Vec<super::InvitationView>,
    /// What waits for the applicant (需要您处理, issue 17).
    #[serde(default)]
    pub todos: Vec<crate::tracking::todo::Todo>,
}

/// One staff access to my data.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AccessRow {
    pub at: String,
    pub department: crate::catalog::Bilingual,
    pub post: crate::catalog::Bilingual,
    /// The file read, when the access was a download of one of my uploads.
    pub file: Option<String>,
    // issue 17, desk
    /// A clerk saw my full ID number: the case and the reason given.
    #[serde(default)]
    pub reveal: Option<(String, String)>,
    /// A supervisor read my case: its number.
    #[serde(default)]
    pub supervision: Option<String>,
}

#[server(prefix = "/sfn", endpoint = "my_space")]
pub async fn my_space() -> Result<MySpaceData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = current_user().ok_or(AppError::Unauthenticated)?;
    let view = super::store::me_view(&state.pool, &me).await?;
    let accesses = super::store::audit::accesses_to(&state.pool, me.id, 100)
        .await?
        .into_iter()
        .map(|a| AccessRow {
            file: a
                .what
                .strip_prefix(super::audit::FILE_READ)
                .map(str::to_owned),
            reveal: crate::workflow::desk_store::parse_reveal(&a.what)
                .map(|(case, reason)| (case.to_owned(), reason.to_owned())),
            supervision: a
                .what
                .strip_prefix(crate::supervision::supervised_store::SUPERVISION_READ)
                .map(str::to_owned),
            at: a.at,
            department: a.department,
            post: if a
                .what
                .starts_with(crate::supervision::supervised_store::SUPERVISION_READ)
            {
                crate::i18n::Bilingual::of(Msg::RoleSupervisor)
            } else {
                a.post
            },
        })
        .collect();
    let cases = crate::workflow::store::my_cases(&state.pool, &me, state.now.today(), 100).await?;
    let invitations = super::store::invitations::pending(&state.pool, &me).await?;
    let mut todos = crate::tracking::store::todos(&state.pool, &me).await?;
    todos.extend(crate::booking::store::todos(&state.pool, &me, state.now.now()).await?);
    crate::tracking::todo::Todo::order(&mut todos);
    Ok(MySpaceData {
        me: view,
        accesses,
        cases,
        invitations,
        todos,
    })
}

/// `/me`: my space — profile, cases, ratings, consultations, and who
/// accessed my data. Without a session: to the sign-in page.
///
/// `elsewhere` renders what a citizen or an enterprise has in other
/// capabilities (ratings, consultations), shown after their cases; the
/// router fills it in, so that account pages import no other capability's
/// pages.
#[component]
pub fn MySpacePage(elsewhere: fn(Lang) -> AnyView) -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::MySpaceTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| my_space());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Loaded data view=move |space| my_space_view(lang, space, elsewhere)/>
    }
    .into_any()
}

fn my_space_view(lang: Lang, space: MySpaceData, elsewhere: fn(Lang) -> AnyView) -> impl IntoView {
    let me = space.me.me;
    let echo = FormEcho::current();
    // The enterprise's invitation form sent back, or sent.
    let members_echo = echo.value("form") == "members";
    let invited = use_query_map()
        .with_untracked(|q| q.get("invited"))
        .is_some();
    let members = (me.role == super::Role::Enterprise)
        .then(|| members_view(lang, &echo, members_echo, invited));
    let invitations = invitations_view(lang, space.invitations);
    // A password change sent back with its problem.
    let password_echo = if members_echo {
        FormEcho::default()
    } else {
        echo.clone()
    };
    let echo = password_echo;
    let password_problem = echo.error.as_ref().map(|e| {
        set_response_status(e.status());
        view! { <p class="notice error-summary" role="alert">{e.message(lang)}</p> }
    });
    let password_problem = password_problem.or_else(|| {
        echo.problem(Field::OldPassword)
            .or_else(|| echo.problem(Field::Password))
            .map(|p| {
            set_response_status(422);
            view! { <p class="notice error-summary" role="alert">{p.text.get(lang).to_string()}</p> }
        })
    });
    let (heading, facts) = match space.me.profile {
        Profile::Citizen {
            real_name,
            id_number,
            mobile,
            enterprises,
        } => (
            Msg::MyProfile,
            view! {
                {row(Msg::FieldRealName, real_name, lang)}
                {row(Msg::FieldIdNumber, id_number, lang)}
                {row(Msg::FieldMobile, mobile, lang)}
                {(!enterprises.is_empty())
                    .then(|| {
                        let list = enterprises
                            .into_iter()
                            .map(|(n, c)| {
                                format!("{n}{}", lang.fill(Msg::Parenthesised, &[("text", &c)]))
                            })
                            .collect::<Vec<_>>()
                            .join(lang.t(Msg::Semicolon));
                        row(Msg::MyEnterprise, list, lang)
                    })}
            }
            .into_any(),
        ),
        Profile::Enterprise {
            name,
            credit_code,
            legal_representative,
        } => (
            Msg::MyEnterprise,
            view! {
                {row(Msg::FieldEnterpriseName, name, lang)}
                {row(Msg::FieldCreditCode, credit_code, lang)}
                {row(Msg::FieldLegalRepresentative, legal_representative, lang)}
            }
            .into_any(),
        ),
        Profile::Staff {
            department,
            unit,
            post,
        } => (
            Msg::MyPost,
            view! {
                {row(Msg::AccessDepartment, department.get(lang).to_string(), lang)}
                {row(Msg::AccessPost, format!("{} · {}", unit.get(lang), post.get(lang)), lang)}
            }
            .into_any(),
        ),
        Profile::Supervisor { region } => (
            Msg::MyPost,
            row(Msg::RoleSupervisor, region.get(lang).to_string(), lang).into_any(),
        ),
        Profile::Other => (
            Msg::MyProfile,
            row(Msg::MyPost, lang.t(me.role.msg()).to_string(), lang).into_any(),
        ),
    };
    let accesses = if space.accesses.is_empty() {
        view! { <p>{lang.t(Msg::WhoAccessedNone)}</p> }.into_any()
    } else {
        let rows = space
            .accesses
            .into_iter()
            .map(|a| {
                view! {
                    <tr>
                        <td data-label={lang.t(Msg::AccessWhen)}>{a.at}</td>
                        <td data-label={lang.t(Msg::AccessDepartment)}>{a.department.get(lang).to_string()}</td>
                        <td data-label={lang.t(Msg::AccessPost)}>{a.post.get(lang).to_string()}</td>
                        <td data-label={lang.t(Msg::AccessWhat)}>
                            {match (a.file, a.reveal, a.supervision) {
                                (Some(name), _, _) => lang.fill(Msg::AccessFile, &[("name", &name)]),
                                (_, Some((case, reason)), _) => lang.fill(
                                    Msg::AccessIdReveal,
                                    &[("case", &case), ("reason", &reason)],
                                ),
                                (_, _, Some(case)) => lang.fill(Msg::AccessSupervisionRead, &[("case", &case)]),
                                _ => lang.t(Msg::AccessPersonalData).to_owned(),
                            }}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::WhoAccessedTable)>
                <table>
                    <caption class="sr-only">{lang.t(Msg::WhoAccessedTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.t(Msg::AccessWhen)}</th>
                            <th scope="col">{lang.t(Msg::AccessDepartment)}</th>
                            <th scope="col">{lang.t(Msg::AccessPost)}</th>
                            <th scope="col">{lang.t(Msg::AccessWhat)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let citizen_like = matches!(me.role, super::Role::Citizen | super::Role::Enterprise);
    let cases_view = if space.cases.is_empty() {
        view! { <p>{lang.t(Msg::MyCasesEmpty)}</p> }.into_any()
    } else {
        let items = space
            .cases
            .iter()
            .map(|c| {
                let service = c.service.get(lang).to_string();
                view! {
                    <li>
                        <a href=format!("/cases/{}", c.case_no)>{c.case_no.clone()}</a>
                        " · " {service} " · "
                        {c.status.label(lang)}
                        " · " {lang.t(Msg::CaseDue)} " " {c.due_on.clone()}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="case-list">{items}</ul> }.into_any()
    };
    let todos = citizen_like.then(|| super::todo_view::todos_view(lang, &space.todos));
    view! {
        <p class="signed-in">
            {lang.t(Msg::SignedInAs)} " " <strong>{me.display_name.clone()}</strong> " · "
            {lang.t(me.role.msg())} " · " {me.username.clone()}
        </p>
        {todos}
        <section class="space-section" aria-labelledby="profile-h">
            <h2 id="profile-h">{lang.t(heading)}</h2>
            <dl class="facts">{facts}</dl>
            {(me.role == super::Role::Enterprise)
                .then(|| {
                    view! {
                        <p><a class="action" href="/me/enterprise">{lang.t(Msg::EntLinkFromSpace)}</a></p>
                    }
                })}
        </section>
        {invitations}
        {members}
        {citizen_like
            .then(|| {
                view! {
                    <section class="space-section" aria-labelledby="cases-h">
                        <h2 id="cases-h">{lang.t(Msg::MyCases)}</h2>
                        {cases_view}
                        {(me.role == super::Role::Enterprise).then(|| view! {
                            <p><a href="/me/projects">{lang.t(Msg::InvMineTitle)}</a></p>
                        })}
                        <p><a href="/me/letters">{lang.t(Msg::LetMineTitle)}</a></p>
                    </section>
                    {elsewhere(lang)}
                    <section class="space-section" aria-labelledby="access-h">
                        <h2 id="access-h">{lang.t(Msg::WhoAccessedTitle)}</h2>
                        <p class="about">{lang.t(Msg::WhoAccessedAbout)}</p>
                        {accesses}
                    </section>
                }
            })}
        <section class="space-section" aria-labelledby="password-h">
            <h2 id="password-h">{lang.t(Msg::ChangePasswordTitle)}</h2>
            <p class="about">{lang.t(Msg::ChangePasswordAbout)}</p>
            {password_problem}
            <form method="post" action="/me/password" class="form">
                <input type="text" name="username" value=me.username.clone() autocomplete="username" hidden=true/>
                <div class="field">
                    <label for="old_password">{lang.t(Msg::FieldOldPassword)}</label>
                    <input id="old_password" name="old_password" type="password" autocomplete="current-password" required=true/>
                </div>
                <div class="field">
                    <label for="new_password">{lang.t(Msg::FieldNewPassword)}</label>
                    <p class="hint" id="new_password-help">{lang.t(Msg::HelpPassword)}</p>
                    <input
                        id="new_password"
                        name="new_password"
                        type="password"
                        autocomplete="new-password"
                        required=true
                        aria-describedby="new_password-help"
                    />
                </div>
                <button type="submit" class="primary">{lang.t(Msg::ChangePasswordSubmit)}</button>
            </form>
        </section>
        <form method="post" action="/logout">
            <button type="submit">{lang.t(Msg::NavLogout)}</button>
        </form>
    }
}

/// A citizen's pending invitations, each with its accept and decline
/// buttons (nothing when there are none).
fn invitations_view(lang: Lang, invitations: Vec<super::InvitationView>) -> Option<AnyView> {
    if invitations.is_empty() {
        return None;
    }
    let items = invitations
        .into_iter()
        .map(|i| {
            let id = i.id.to_string();
            view! {
                <li>
                    <strong>{i.enterprise}</strong>
                    {lang.fill(Msg::Parenthesised, &[("text", &i.credit_code)])}
                    " · " {i.sent_at}
                    <form method="post" action="/me/invitations" class="form-inline">
                        <input type="hidden" name="id" value=id.clone()/>
                        <button type="submit" name="answer" value="accept" class="primary">
                            {lang.t(Msg::InvitationAccept)}
                        </button>
                        " "
                        <button type="submit" name="answer" value="decline">
                            {lang.t(Msg::InvitationDecline)}
                        </button>
                    </form>
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <section class="space-section" aria-labelledby="invitations-h">
                <h2 id="invitations-h">{lang.t(Msg::InvitationsTitle)}</h2>
                <p class="about">{lang.t(Msg::InvitationsAbout)}</p>
                <ul class="case-list">{items}</ul>
            </section>
        }
        .into_any(),
    )
}

/// An enterprise's invitation form: a citizen's user name; after sending,
/// the same notice whether or not the name has an account.
fn members_view(lang: Lang, echo: &FormEcho, refused: bool, invited: bool) -> AnyView {
    let notice = (invited && !refused)
        .then(|| view! { <p class="notice" role="status">{lang.t(Msg::MembersInvited)}</p> });
    let problem = refused.then(|| {
        let text = echo
            .problem(Field::Username)
            .map(|p| {
                set_response_status(422);
                p.text.get(lang).to_string()
            })
            .or_else(|| {
                echo.error.as_ref().map(|e| {
                    set_response_status(e.status());
                    e.message(lang)
                })
            });
        text.map(|t| view! { <p class="notice error-summary" role="alert">{t}</p> })
    });
    let typed = if refused {
        echo.value("username")
    } else {
        String::new()
    };
    view! {
        <section class="space-section" aria-labelledby="members-h">
            <h2 id="members-h">{lang.t(Msg::MembersTitle)}</h2>
            <p class="about">{lang.t(Msg::MembersAbout)}</p>
            {notice}
            {problem}
            <form method="post" action="/me/members" class="form">
                <input type="hidden" name="form" value="members"/>
                <div class="field">
                    <label for="member_username">{lang.t(Msg::FieldUsername)}</label>
                    <input id="member_username" name="username" type="text" autocomplete="off" required=true value=typed/>
                </div>
                <button type="submit" class="primary">{lang.t(Msg::MembersInvite)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// What a staff look-up found, given to the page sent back.
#[derive(Debug, Clone)]
pub struct LookupOutcome(pub Option<super::CitizenCard>);

/// `/staff`: the counter's identity check (staff only): look a person up by
/// ID number; the read is audited and shown to the person.
#[component]
pub fn StaffDeskPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::StaffLookupTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff", Some(super::Role::Staff)) {
        return refused;
    }
    let echo = FormEcho::current();
    let outcome = use_context::<LookupOutcome>().map(|LookupOutcome(card)| match card {
        Some(card) => view! {
            <section class="space-section" aria-labelledby="result-h">
                <h2 id="result-h">{lang.t(Msg::StaffLookupResult)}</h2>
                <dl class="facts">
                    {row(Msg::FieldRealName, card.real_name, lang)}
                    {row(Msg::FieldIdNumber, card.id_number, lang)}
                    {row(Msg::FieldMobile, card.mobile, lang)}
                </dl>
            </section>
        }
        .into_any(),
        None => {
            set_response_status(404);
            view! { <p class="notice" role="alert">{lang.t(Msg::StaffLookupNone)}</p> }.into_any()
        }
    });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links">
            <a href="/staff/tasks">{lang.t(Msg::WorkbenchTitle)}</a>
            <a href="/staff/consultations">{lang.t(Msg::ConsultStaffTitle)}</a>
            <a href="/staff/letters">{lang.t(Msg::LetQueueTitle)}</a>
        </p>
        <p class="about">{lang.t(Msg::StaffLookupAbout)}</p>
        {error_summary(lang, &echo)}
        <form method="post" action="/staff/lookup" class="form" novalidate=true>
            {checked(lang, &echo, Field::IdNumber, None)}
            <button type="submit" class="primary">{lang.t(Msg::StaffLookupSubmit)}</button>
        </form>
        {outcome}
    }
    .into_any()
}

/// A new official's sign-in secret, shown to the admin once.
#[derive(Debug, Clone)]
pub struct CreatedOfficial {
    pub username: String,
    pub secret: String,
    pub uri: String,
    /// The `otpauth://` address as an SVG QR code (made on the server).
    pub qr_svg: String,
}

/// `/admin`: admins create officials' accounts (the TOTP secret is shown
/// once, with its QR code).
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::AdminTitle);
    if let Err(refused) = signed_in_as(lang, title, "/admin", Some(super::Role::Admin)) {
        return refused;
    }
    let echo = FormEcho::current();
    let created = use_context::<Option<CreatedOfficial>>().flatten().map(|c| {
        view! {
            <section class="space-section created" aria-labelledby="created-h">
                <h2 id="created-h">{c.username.clone()}</h2>
                <p role="status">{lang.t(Msg::AdminCreated)}</p>
                <div class="qr" role="img" aria-label=lang.t(Msg::TotpQrLabel) inner_html=c.qr_svg></div>
                <dl class="facts">
                    {row(Msg::TotpSecret, c.secret, lang)}
                </dl>
                <p class="hint"><code>{c.uri}</code></p>
            </section>
        }
    });
    let text = |name: &'static str, label: Msg, kind: &'static str, autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=name>{lang.t(label)}</label>
                <input id=name name=name type=kind autocomplete=autocomplete value=echo.value(name)/>
            </div>
        }
    };
    let chosen = echo.value("role");
    let roles = [
        super::Role::Staff,
        super::Role::Supervisor,
        super::Role::Editor,
        super::Role::Admin,
    ]
    .into_iter()
    .map(
        |r| view! { <option value=r.code() selected=chosen == r.code()>{lang.t(r.msg())}</option> },
    )
    .collect_view();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::AdminAbout)}</p>
        <ul class="links">
            <li><a href="/admin/investment-targets">{lang.t(Msg::InvTargetsTitle)}</a></li>
            <li><a href="/admin/publishing-roles">{lang.t(Msg::PubRoleTitle)}</a></li>
        </ul>
        {created}
        {error_summary(lang, &echo)}
        <form method="post" action="/admin/officials" class="form">
            {text("username", Msg::FieldUsername, "text", "off")}
            {text("display_name", Msg::FieldDisplayName, "text", "off")}
            <div class="field">
                <label for="role">{lang.t(Msg::FieldRole)}</label>
                <select id="role" name="role">{roles}</select>
            </div>
            {text("department", Msg::FieldDepartmentCode, "text", "off")}
            {text("unit", Msg::FieldUnit, "text", "off")}
            {text("post", Msg::FieldPost, "text", "off")}
            {text("region", Msg::FieldRegionCode, "text", "off")}
            <div class="field">
                <label for="password">{lang.t(Msg::FieldInitialPassword)}</label>
                <p class="hint" id="password-help">{lang.t(Msg::HelpPassword)}</p>
                <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-help"/>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::AdminCreateSubmit)}</button>
        </form>
    }
    .into_any()
}
