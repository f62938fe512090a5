//! The publishing roles' page (`/admin/publishing-roles`): the roles
//! granted and the form to grant or revoke one, for administrators.

use super::grants::{GrantLine, PublishingRole};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    regions::RegionChoices,
    ui::{
        error_summary, field_error, field_problem, region_options, signed_in_as, use_prefs, Loaded,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantsPageData {
    pub lines: Vec<GrantLine>,
    pub regions: RegionChoices,
}

#[server(prefix = "/sfn", endpoint = "publishing_roles_data")]
pub async fn publishing_roles_data() -> Result<GrantsPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let lines = super::grants_store::list(&state.pool, &me).await?;
    let regions = RegionChoices::of(&crate::regions::store::all(&state.pool).await?);
    Ok(GrantsPageData { lines, regions })
}

/// `/admin/publishing-roles`: the roles granted and the form (administrators
/// only); a refused post comes back with what was typed and the problem at
/// its field.
#[component]
pub fn PublishingRolesPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::PubRoleTitle);
    if let Err(refused) = signed_in_as(
        lang,
        title,
        "/admin/publishing-roles",
        Some(crate::accounts::Role::Admin),
    ) {
        return refused;
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let echo = crate::accounts::FormEcho::current();
    let data = Resource::new(|| (), |_| publishing_roles_data());
    view! {
        <Loaded data title view=move |d| grants_view(lang, d, done.clone(), echo.clone())/>
    }
    .into_any()
}

fn grants_view(
    lang: Lang,
    d: GrantsPageData,
    done: Option<String>,
    echo: crate::accounts::FormEcho,
) -> impl IntoView {
    let title = lang.t(Msg::PubRoleTitle);
    let done = done
        .and_then(|d| match d.as_str() {
            "granted" => Some(Msg::PubRoleDoneGranted),
            "revoked" => Some(Msg::PubRoleDoneRevoked),
            _ => None,
        })
        .map(|m| view! { <p class="notice success" role="status">{lang.t(m)}</p> });
    let problem = |name: &str| field_problem(&echo, lang, name);
    let summary = error_summary(lang, &echo, "grant");
    let table = if d.lines.is_empty() {
        view! { <p>{lang.t(Msg::PubRoleNone)}</p> }.into_any()
    } else {
        let rows = d
            .lines
            .iter()
            .map(|l| {
                view! {
                    <tr>
                        <th scope="row" data-label=lang.t(Msg::PubRoleDepartmentName)>
                            {l.department.get(lang).to_string()}
                            " (" {l.region_code} "-" {l.department_code.clone()} ")"
                        </th>
                        <td data-label=lang.t(Msg::PubRoleRole)>{lang.t(l.role.msg())}</td>
                        <td data-label=lang.t(Msg::PubRoleUsername)><code>{l.username.clone()}</code></td>
                        <td data-label=lang.t(Msg::PubRoleName)>{l.display_name.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <caption>{lang.t(Msg::PubRoleCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::PubRoleDepartmentName)}</th>
                        <th scope="col">{lang.t(Msg::PubRoleRole)}</th>
                        <th scope="col">{lang.t(Msg::PubRoleUsername)}</th>
                        <th scope="col">{lang.t(Msg::PubRoleName)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let field_error = |name: &str, error: Option<String>| field_error("grant", name, error);
    let chosen = echo.value("role");
    let roles = PublishingRole::ALL
        .into_iter()
        .map(|r| view! { <option value=r.code() selected=chosen == r.code()>{lang.t(r.msg())}</option> })
        .collect_view();
    let (username_problem, region_problem, department_problem, role_problem) = (
        problem("username"),
        problem("region"),
        problem("department"),
        problem("role"),
    );
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {done}
        <p class="about">{lang.t(Msg::PubRoleAbout)}</p>
        <section aria-labelledby="grants-h">
            <h2 id="grants-h">{lang.t(Msg::PubRoleCaption)}</h2>
            {table}
        </section>
        <section aria-labelledby="grant-form-h">
            <h2 id="grant-form-h">{lang.t(Msg::PubRoleFormTitle)}</h2>
            {summary}
            <form method="post" action="/admin/publishing-roles" class="form" novalidate=true>
                <div class="field" class:invalid=username_problem.is_some()>
                    <label for="grant-username">{lang.t(Msg::PubRoleUsername)}</label>
                    <input id="grant-username" name="username" autocomplete="off" value=echo.value("username")
                        aria-invalid=username_problem.as_ref().map(|_| "true") aria-describedby="grant-username-error"/>
                    {field_error("username", username_problem.clone())}
                </div>
                <div class="field" class:invalid=region_problem.is_some()>
                    <label for="grant-region">{lang.t(Msg::PubRoleRegion)}</label>
                    <select id="grant-region" name="region"
                        aria-invalid=region_problem.as_ref().map(|_| "true") aria-describedby="grant-region-error">
                        {region_options(lang, &d.regions, &echo.value("region"))}
                    </select>
                    {field_error("region", region_problem.clone())}
                </div>
                <div class="field" class:invalid=department_problem.is_some()>
                    <label for="grant-department">{lang.t(Msg::PubRoleDepartment)}</label>
                    <p class="hint" id="grant-department-hint">{lang.t(Msg::PubRoleDepartmentHint)}</p>
                    <input id="grant-department" name="department" autocomplete="off" value=echo.value("department")
                        aria-invalid=department_problem.as_ref().map(|_| "true")
                        aria-describedby="grant-department-error grant-department-hint"/>
                    {field_error("department", department_problem.clone())}
                </div>
                <div class="field" class:invalid=role_problem.is_some()>
                    <label for="grant-role">{lang.t(Msg::PubRoleRole)}</label>
                    <select id="grant-role" name="role"
                        aria-invalid=role_problem.as_ref().map(|_| "true") aria-describedby="grant-role-error">
                        {roles}
                    </select>
                    {field_error("role", role_problem.clone())}
                </div>
                <button type="submit" class="primary" name="action" value="grant">{lang.t(Msg::PubRoleGrant)}</button>
                " "
                <button type="submit" name="action" value="revoke">{lang.t(Msg::PubRoleRevoke)}</button>
            </form>
        </section>
        <p><a href="/admin">{lang.t(Msg::AdminTitle)}</a></p>
    }
}
