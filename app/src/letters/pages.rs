//! The letters pages — plain HTML forms that work without JavaScript: the
//! write form (`/letters/new`), the public letters (`/letters`), one letter
//! with its log, reply and the forms of the steps its reader may take
//! (`/letters/{no}`), my letters (`/me/letters`) and the staff queue with
//! the centre's time limits (`/staff/letters`).

use super::{Addressee, Kind, LetterRow, LetterView, Limit, State};
use crate::{
    accounts::{FormEcho, Role as AccountRole},
    catalog::Bilingual,
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{data_table, row, signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the write form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteData {
    pub regions: Vec<(i32, Bilingual)>,
    pub departments: Vec<(i64, i32, Bilingual)>,
    pub idempotency_key: String,
    pub may_write: bool,
}

#[server(prefix = "/sfn", endpoint = "letter_write_data")]
pub async fn letter_write_data() -> Result<WriteData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let regions = super::store::regions(&state.pool).await?;
    let mut departments = Vec::new();
    for (code, _) in regions.iter().take(40) {
        departments.extend(super::store::departments(&state.pool, Some(*code)).await?);
    }
    Ok(WriteData {
        regions,
        departments,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        may_write: matches!(me.role, AccountRole::Citizen | AccountRole::Enterprise),
    })
}

/// One letter and, for the centre's forms, the departments of its region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterPageData {
    pub letter: LetterView,
    pub departments: Vec<(i64, i32, Bilingual)>,
}

#[server(prefix = "/sfn", endpoint = "letter_data")]
pub async fn letter_data(no: String) -> Result<LetterPageData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user();
    let cal = crate::clock::store::load(&state.pool).await?;
    let letter = super::store::get(&state.pool, &cal, me.as_ref(), &no, state.now.today()).await?;
    let departments = if letter.roles.contains(&super::Role::Centre) {
        super::store::departments(&state.pool, Some(letter.region_code)).await?
    } else {
        Vec::new()
    };
    Ok(LetterPageData {
        letter,
        departments,
    })
}

/// The public list page: a page of letters and the filters' choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicData {
    pub rows: Vec<LetterRow>,
    pub regions: Vec<(i32, Bilingual)>,
    pub page: i64,
}

#[server(prefix = "/sfn", endpoint = "public_letters")]
pub async fn public_letters(region: Option<i32>, page: i64) -> Result<PublicData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let page = page.clamp(1, super::MAX_PAGE);
    Ok(PublicData {
        rows: super::store::public_list(&state.pool, None, region, page, state.now.today()).await?,
        regions: super::store::regions(&state.pool).await?,
        page,
    })
}

#[server(prefix = "/sfn", endpoint = "my_letters")]
pub async fn my_letters() -> Result<Vec<LetterRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::mine(&state.pool, &me, state.now.today()).await
}

/// The staff queue and, for centre clerks, the time limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub rows: Vec<LetterRow>,
    pub centre: bool,
    pub limits: Vec<Limit>,
}

#[server(prefix = "/sfn", endpoint = "staff_letters")]
pub async fn staff_letters() -> Result<QueueData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let staff = super::store::staff_of(&state.pool, &me)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(QueueData {
        rows: super::store::queue(&state.pool, &me, state.now.today()).await?,
        centre: staff.centre,
        limits: super::store::limits(&state.pool).await?,
    })
}

pub(crate) fn echo_error(lang: Lang) -> Option<AnyView> {
    let echo = use_context::<FormEcho>()?;
    let error = echo.error.clone()?;
    set_response_status(error.status());
    Some(
        view! { <div class="notice error-summary" role="alert" tabindex="-1"><p>{error.message(lang)}</p></div> }
            .into_any(),
    )
}

pub(crate) fn echo_value(name: &str) -> String {
    use_context::<FormEcho>()
        .map(|e| e.value(name))
        .unwrap_or_default()
}

/// `/letters/new`: the write form.
#[component]
pub fn WriteLetterPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::LetWriteTitle);
    if let Err(refused) = signed_in_as(lang, title, "/letters/new", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| letter_write_data());
    view! { <Loaded data title view=move |d| write_view(lang, d)/> }.into_any()
}

fn write_view(lang: Lang, d: WriteData) -> AnyView {
    let title = lang.t(Msg::LetWriteTitle);
    if !d.may_write {
        set_response_status(403);
        return view! {
            <Title text=title/>
            <h1>{title}</h1>
            <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p>
        }
        .into_any();
    }
    let key = Some(echo_value("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or(d.idempotency_key.clone());
    let addressee = Some(echo_value("addressee"))
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| "centre".into());
    let kind = echo_value("kind");
    let region = echo_value("region");
    let department = echo_value("department");
    let public = echo_value("public") != "false";
    let region_names = d.regions.clone();
    let addressees = Addressee::ALL
        .into_iter()
        .map(|a| {
            let id = format!("addressee-{}", a.code());
            view! {
                <label class="choice" for=id.clone()>
                    <input type="radio" id=id.clone() name="addressee" value=a.code() checked=addressee == a.code()/>
                    {lang.t(a.msg())}
                </label>
            }
        })
        .collect_view();
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=kind == k.code()>{lang.t(k.msg())}</option> })
        .collect_view();
    let regions = d
        .regions
        .iter()
        .map(|(code, name)| {
            view! { <option value=code.to_string() selected=region == code.to_string()>{name.get(lang).to_string()}</option> }
        })
        .collect_view();
    // Grouped by region (the regions in the form's order), so that the list
    // reads as the regions' departments rather than one long list.
    let departments = region_names
        .iter()
        .filter_map(|(code, region)| {
            let options = d
                .departments
                .iter()
                .filter(|(_, c, _)| c == code)
                .map(|(id, _, name)| {
                    view! {
                        <option value=id.to_string() selected=department == id.to_string()>
                            {name.get(lang).to_string()}
                        </option>
                    }
                })
                .collect::<Vec<_>>();
            (!options.is_empty()).then(|| {
                view! { <optgroup label=region.get(lang).to_string()>{options}</optgroup> }
            })
        })
        .collect_view();
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Msg::LetWriteAbout)}</p>
        {echo_error(lang)}
        <form method="post" action="/letters/new" class="form letter-form" enctype="multipart/form-data" novalidate=true>
            <input type="hidden" name="idempotency_key" value=key/>
            <fieldset class="field">
                <legend>{lang.t(Msg::LetAddressee)}</legend>
                {addressees}
            </fieldset>
            <div class="field">
                <label for="region">{lang.t(Msg::LetRegionLabel)}</label>
                <select id="region" name="region">{regions}</select>
            </div>
            <div class="field">
                <label for="department">{lang.t(Msg::LetDepartmentLabel)}</label>
                <select id="department" name="department">
                    <option value="">"—"</option>
                    {departments}
                </select>
            </div>
            <div class="field">
                <label for="kind">{lang.t(Msg::LetKindLabel)}</label>
                <select id="kind" name="kind">{kinds}</select>
            </div>
            <div class="field">
                <label for="subject">{lang.t(Msg::LetSubject)}</label>
                <p class="hint" id="subject-hint">{lang.t(Msg::LetSubjectHint)}</p>
                <input type="text" id="subject" name="subject" maxlength="60" required=true
                    aria-describedby="subject-hint" value=echo_value("subject")/>
            </div>
            <div class="field">
                <label for="body">{lang.t(Msg::LetBody)}</label>
                <p class="hint" id="body-hint">{lang.t(Msg::LetBodyHint)}</p>
                <textarea id="body" name="body" rows="8" required=true aria-describedby="body-hint">
                    {echo_value("body")}
                </textarea>
            </div>
            <div class="field">
                <label for="scans">{lang.t(Msg::LetScans)}</label>
                <p class="hint" id="scans-hint">{lang.t(Msg::LetScansHint)}</p>
                <input type="file" id="scans" name="scans" multiple=true
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    aria-describedby="scans-hint"/>
            </div>
            <fieldset class="field">
                <legend>{lang.t(Msg::LetVisibility)}</legend>
                <label class="choice" for="public-yes">
                    <input type="radio" id="public-yes" name="public" value="true" checked=public/>
                    {lang.t(Msg::LetPublicChoice)}
                </label>
                <label class="choice" for="public-no">
                    <input type="radio" id="public-no" name="public" value="false" checked=!public/>
                    {lang.t(Msg::LetPrivateChoice)}
                </label>
            </fieldset>
            <button type="submit" class="primary">{lang.t(Msg::LetSubmit)}</button>
        </form>
    }
    .into_any()
}

fn state_badge(lang: Lang, state: State, overdue: bool) -> impl IntoView {
    let class = if overdue {
        "urgency urgency-red"
    } else if state.deadline_runs() || matches!(state, State::Submitted | State::Accepted) {
        "urgency urgency-yellow"
    } else {
        "urgency urgency-green"
    };
    let text = if overdue {
        format!("{} · {}", lang.t(state.msg()), lang.t(Msg::LetOverdue))
    } else {
        lang.t(state.msg()).to_string()
    };
    view! { <span class=class>{text}</span> }
}

fn rows_table(lang: Lang, caption: Msg, rows: Vec<LetterRow>) -> AnyView {
    let cells = rows
        .into_iter()
        .map(|r| {
            let department = r
                .department
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_else(|| r.region.get(lang).to_string());
            let pending = r
                .extension_pending
                .then(|| view! { <br/><small>{lang.t(Msg::LetExtensionPending)}</small> });
            view! {
                <tr>
                    <td data-label=lang.t(Msg::LetNumber)>
                        <a href=format!("/letters/{}", r.letter_no)>{r.letter_no.clone()}</a>
                    </td>
                    <td data-label=lang.t(Msg::LetSubject)>{r.subject.clone()}</td>
                    <td data-label=lang.t(Msg::LetKindLabel)>{lang.t(r.kind.msg())}</td>
                    <td data-label=lang.t(Msg::LetDepartment)>{department}</td>
                    <td data-label=lang.t(Msg::LetReceived)>{r.received_on.clone()}</td>
                    <td data-label=lang.t(Msg::LetDueOn)>{r.due_on.clone().unwrap_or_default()}</td>
                    <td data-label=lang.t(Msg::LetState)>{state_badge(lang, r.state, r.overdue)}{pending}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        lang,
        caption,
        &[
            Msg::LetNumber,
            Msg::LetSubject,
            Msg::LetKindLabel,
            Msg::LetDepartment,
            Msg::LetReceived,
            Msg::LetDueOn,
            Msg::LetState,
        ],
        cells,
    )
}

/// `/letters?region=&page=`: the public letters and their results.
#[component]
pub fn PublicLettersPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::LetPublicTitle);
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("region").and_then(|r| r.parse::<i32>().ok()),
                    q.get("page")
                        .and_then(|p| p.parse::<i64>().ok())
                        .unwrap_or(1),
                )
            })
        },
        |(region, page)| public_letters(region, page),
    );
    let region = query.with_untracked(|q| q.get("region").unwrap_or_default());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/letters/new">{lang.t(Msg::LetWriteTitle)}</a></p>
        <Loaded data view=move |d| public_view(lang, d, region.clone())/>
    }
}

fn public_view(lang: Lang, d: PublicData, region: String) -> AnyView {
    let regions = d
        .regions
        .iter()
        .map(|(code, name)| {
            view! { <option value=code.to_string() selected=region == code.to_string()>{name.get(lang).to_string()}</option> }
        })
        .collect_view();
    let filter = if region.is_empty() {
        String::new()
    } else {
        format!("region={region}&")
    };
    let prev = (d.page > 1).then(|| {
        view! { <a href=format!("/letters?{filter}page={}", d.page - 1)>{lang.t(Msg::LetPrevPage)}</a> }
    });
    let next = (d.rows.len() as i64 == super::PAGE_SIZE && d.page < super::MAX_PAGE).then(|| {
        view! { <a href=format!("/letters?{filter}page={}", d.page + 1)>{lang.t(Msg::LetNextPage)}</a> }
    });
    let list = if d.rows.is_empty() {
        view! { <p>{lang.t(Msg::LetPublicNone)}</p> }.into_any()
    } else {
        rows_table(lang, Msg::LetPublicTitle, d.rows)
    };
    view! {
        <form method="get" action="/letters" class="form-inline letter-filter">
            <label for="filter-region">{lang.t(Msg::LetRegionLabel)}</label>
            <select id="filter-region" name="region">
                <option value="">{lang.t(Msg::FilterRegionAll)}</option>
                {regions}
            </select>
            <button type="submit">{lang.t(Msg::LetFilter)}</button>
        </form>
        {list}
        <p class="letter-pages">{prev}" "{next}</p>
    }
    .into_any()
}

/// `/me/letters`: the signed-in person's letters.
#[component]
pub fn MyLettersPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::LetMineTitle);
    if let Err(refused) = signed_in_as(lang, title, "/me/letters", None) {
        return refused;
    }
    let data = Resource::new(|| (), |_| my_letters());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/letters/new">{lang.t(Msg::LetWriteTitle)}</a></p>
        <Loaded data view=move |rows| mine_view(lang, rows)/>
    }
    .into_any()
}

/// `/staff/letters`: the queue of the caller's centre or department.
#[component]
pub fn StaffLettersPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::LetQueueTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/letters", Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| staff_letters());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <Loaded data view=move |d| queue_view(lang, d)/>
    }
    .into_any()
}

fn mine_view(lang: Lang, rows: Vec<LetterRow>) -> AnyView {
    if rows.is_empty() {
        view! { <p>{lang.t(Msg::LetMineEmpty)}</p> }.into_any()
    } else {
        rows_table(lang, Msg::LetMineTitle, rows)
    }
}

fn queue_view(lang: Lang, d: QueueData) -> AnyView {
    let list = if d.rows.is_empty() {
        view! { <p>{lang.t(Msg::LetQueueEmpty)}</p> }.into_any()
    } else {
        rows_table(lang, Msg::LetQueueTitle, d.rows)
    };
    let limits = d.centre.then(|| limits_form(lang, &d.limits));
    view! { {list}{limits} }.into_any()
}

fn limits_form(lang: Lang, limits: &[Limit]) -> impl IntoView {
    let fields = limits
        .iter()
        .map(|l| {
            let id = format!("limit-{}", l.kind.code());
            view! {
                <div class="field letter-limit">
                    <label for=id.clone()>{lang.t(l.kind.msg())}</label>
                    <input type="number" id=id name=l.kind.code() min="1" max="60" value=l.days.to_string()/>
                </div>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="limits-h">
            <h2 id="limits-h">{lang.t(Msg::LetLimitsTitle)}</h2>
            <form method="post" action="/staff/letters/limits" class="form letter-limits">
                {fields}
                <button type="submit">{lang.t(Msg::LetLimitsSave)}</button>
            </form>
        </section>
    }
}

/// `/letters/{no}`: one letter, its log and reply, and the forms of the
/// steps its reader may take.
#[component]
pub fn LetterPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::LetTitle);
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("no").unwrap_or_default()),
        letter_data,
    );
    view! {
        <Loaded data title not_found=Msg::LetNotFound view=move |d| letter_view(lang, d)/>
    }
}

fn letter_view(lang: Lang, d: LetterPageData) -> impl IntoView {
    let v = d.letter;
    let title = format!(
        "{}{}{}",
        lang.t(Msg::LetTitle),
        lang.t(Msg::Colon),
        v.subject
    );
    let opt = |label: Msg, value: Option<String>| value.map(|value| row(label, value, lang));
    let department = v.department.as_ref().map(|d| d.get(lang).to_string());
    let cohandlers = (!v.cohandlers.is_empty()).then(|| {
        v.cohandlers
            .iter()
            .map(|c| c.get(lang).to_string())
            .collect::<Vec<_>>()
            .join("、")
    });
    let due = v.due_on.clone().map(|d| {
        if v.extended {
            format!("{d} {}", lang.t(Msg::LetExtended))
        } else {
            d
        }
    });
    let events = v
        .events
        .iter()
        .map(|e| {
            let who = match &e.department {
                Some(d) => format!("{} · {}", lang.t(e.role.msg()), d.get(lang)),
                None => lang.t(e.role.msg()).to_string(),
            };
            view! {
                <li>
                    <span class="letter-event-at">{e.at.clone()}</span>" "
                    <strong>{lang.t(super::Action::msg_of(&e.action))}</strong>" · "{who}
                    " → "{lang.t(e.to_state.msg())}
                    {e.note.clone().map(|n| view! { <p class="letter-note">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    let reply = v.reply.clone().map(|r| {
        view! {
            <section aria-labelledby="reply-h">
                <h2 id="reply-h">{lang.t(Msg::LetReply)}</h2>
                <p class="letter-reply">{r}</p>
            </section>
        }
    });
    let forms = (!v.offered.is_empty()).then(|| step_forms(lang, &v, &d.departments));
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <p>{state_badge(lang, v.state, false)}</p>
        <dl class="facts">
            {row(Msg::LetNumber, v.letter_no.clone(), lang)}
            {row(Msg::LetKindLabel, lang.t(v.kind.msg()).to_string(), lang)}
            {row(Msg::LetAddressee, match &v.addressed_department {
                Some(d) => d.get(lang).to_string(),
                None => format!("{} · {}", v.region.get(lang), lang.t(v.addressee.msg())),
            }, lang)}
            {row(Msg::LetWriter, v.writer.clone(), lang)}
            {row(Msg::LetReceived, v.received_on.clone(), lang)}
            {opt(Msg::LetDepartment, department)}
            {opt(Msg::LetCohandlers, cohandlers)}
            {opt(Msg::LetDueOn, due)}
            {opt(Msg::LetExtensionPending, v.extension_pending.map(|d| d.to_string()))}
            {opt(Msg::LetRepliedOn, v.replied_on.clone())}
            {opt(Msg::LetMergedInto, v.merged_into.clone())}
            {v.from_question.clone().map(|q| view! {
                <dt>{lang.t(Msg::LetFromQuestion)}</dt>
                <dd><a href=q.link>{q.question_no}</a>" · "{q.account}</dd>
            })}
        </dl>
        <section aria-labelledby="body-h">
            <h2 id="body-h">{lang.t(Msg::LetBody)}</h2>
            <p class="letter-body">{v.body.clone()}</p>
        </section>
        {files_view(lang, &v.files)}
        {reply}
        {forms}
        <section aria-labelledby="log-h">
            <h2 id="log-h">{lang.t(Msg::LetLog)}</h2>
            <ol class="letter-log">{events}</ol>
        </section>
    }
}

fn files_view(lang: Lang, files: &[super::LetterFile]) -> Option<AnyView> {
    (!files.is_empty()).then(|| {
        let items = files
            .iter()
            .map(|f| view! { <li><a href=format!("/api/v1/uploads/{}", f.upload_id)>{f.name.clone()}</a></li> })
            .collect_view();
        view! {
            <section aria-labelledby="files-h">
                <h2 id="files-h">{lang.t(Msg::LetFiles)}</h2>
                <ul>{items}</ul>
            </section>
        }
        .into_any()
    })
}

fn step_forms(lang: Lang, v: &LetterView, departments: &[(i64, i32, Bilingual)]) -> AnyView {
    let action = format!("/letters/{}/steps", v.letter_no);
    let note = echo_value("note");
    let dept_options = || {
        departments
            .iter()
            .map(|(id, _, n)| view! { <option value=id.to_string()>{n.get(lang).to_string()}</option> })
            .collect_view()
    };
    let forms = v
        .offered
        .iter()
        .map(|code| {
            let code = code.as_str();
            let id = |f: &str| format!("{code}-{f}");
            let label = lang.t(super::Action::msg_of(code));
            let note_field = |required: bool| {
                let nid = id("note");
                view! {
                    <div class="field">
                        <label for=nid.clone()>{lang.t(if code == "reply" { Msg::LetReply } else { Msg::LetNote })}</label>
                        <textarea id=nid name="note" rows="3" required=required>{note.clone()}</textarea>
                    </div>
                }
            };
            let fields = match code {
                "accept" | "take" | "approve_extension" => ().into_any(),
                "decline" | "return" | "opinion" | "reply" | "refuse_extension" | "reopen" => {
                    note_field(true).into_any()
                }
                "merge" => {
                    let fid = id("into");
                    view! {
                        <div class="field">
                            <label for=fid.clone()>{lang.t(Msg::LetMergeInto)}</label>
                            <input type="text" id=fid name="into" maxlength="16"/>
                        </div>
                    }
                    .into_any()
                }
                "dispatch" => {
                    let (did, cid) = (id("department"), id("cohandlers"));
                    view! {
                        <div class="field">
                            <label for=did.clone()>{lang.t(Msg::LetDepartment)}</label>
                            <select id=did name="department">{dept_options()}</select>
                        </div>
                        <div class="field">
                            <label for=cid.clone()>{lang.t(Msg::LetCohandlers)}</label>
                            <p class="hint" id=format!("{cid}-hint")>{lang.t(Msg::LetCohandlersHint)}</p>
                            <select id=cid.clone() name="cohandlers" multiple=true size="4"
                                aria-describedby=format!("{cid}-hint")>{dept_options()}</select>
                        </div>
                    }
                    .into_any()
                }
                "forward" => {
                    let did = id("department");
                    view! {
                        <p class="hint">{lang.t(Msg::LetThanksNote)}</p>
                        <div class="field">
                            <label for=did.clone()>{lang.t(Msg::LetDepartment)}</label>
                            <select id=did name="department">{dept_options()}</select>
                        </div>
                    }
                    .into_any()
                }
                "request_extension" => {
                    let did = id("days");
                    view! {
                        <div class="field">
                            <label for=did.clone()>{lang.t(Msg::LetExtDays)}</label>
                            <input type="number" id=did name="days" min="1" max="30" value="5"/>
                        </div>
                        {note_field(true)}
                    }
                    .into_any()
                }
                "follow_up" => yes_no(lang, code, "satisfied", Msg::LetSatisfied, Msg::LetNotSatisfied, note_field(false).into_any()),
                "close" => yes_no(lang, code, "resolved", Msg::LetResolvedChoice, Msg::LetUnresolvedChoice, note_field(true).into_any()),
                _ => ().into_any(),
            };
            view! {
                <form method="post" action=action.clone() class="form letter-step">
                    <input type="hidden" name="action" value=code/>
                    {fields}
                    <button type="submit">{label}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="steps-h" class="letter-steps">
            <h2 id="steps-h">{lang.t(Msg::LetActions)}</h2>
            {forms}
        </section>
    }
    .into_any()
}

fn yes_no(lang: Lang, code: &str, name: &'static str, yes: Msg, no: Msg, rest: AnyView) -> AnyView {
    let legend = if name == "resolved" {
        Msg::LetActClose
    } else {
        Msg::LetActFollowUp
    };
    let (y, n) = (format!("{code}-{name}-yes"), format!("{code}-{name}-no"));
    view! {
        <fieldset class="field">
            <legend>{lang.t(legend)}</legend>
            <label class="choice" for=y.clone()>
                <input type="radio" id=y.clone() name=name value="true" checked=true/>
                {lang.t(yes)}
            </label>
            <label class="choice" for=n.clone()>
                <input type="radio" id=n.clone() name=name value="false"/>
                {lang.t(no)}
            </label>
        </fieldset>
        {rest}
    }
    .into_any()
}
