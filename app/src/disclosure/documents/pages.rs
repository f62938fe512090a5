//! The disclosure channel's pages — plain HTML and forms that work without
//! JavaScript: the channel (`/disclosure`), the document search
//! (`/disclosure/documents`), one document (`/disclosure/documents/{index_no}`),
//! and for editors and reviewers their department's documents
//! (`/staff/documents`) and one document with its review
//! (`/staff/documents/{id}`).

use super::{
    action_msg, form_msg, kind_msg, state_msg, validity_msg, Category, DocumentView, Found, Link,
    Row, StaffView, COUNT_CAP, MAX_PAGE, PAGE_SIZE,
};
use crate::{
    accounts::{FormEcho, Role as AccountRole},
    catalog::Bilingual,
    disclosure::{InterpretationForm, Kind, Validity},
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    ui::{data_table, row, signed_in_as, use_prefs, Breadcrumbs, Channel, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The search page: a page of results and the filters' choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchData {
    pub found: Found,
    pub departments: Vec<(i64, i32, Bilingual)>,
    pub regions: Vec<(i32, Bilingual)>,
}

/// The search's filters as typed (query strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    pub q: String,
    pub department: String,
    pub region: String,
    pub kind: String,
    pub category: String,
    pub page: String,
}

impl Filters {
    fn from_query(q: &leptos_router::params::ParamsMap) -> Filters {
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            q: get("q"),
            department: get("department"),
            region: get("region"),
            kind: get("kind"),
            category: get("category"),
            page: get("page"),
        }
    }

    /// The query string of these filters on page `page`.
    fn href(&self, page: i64) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        };
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("department", &self.department),
            ("region", &self.region),
            ("kind", &self.kind),
            ("category", &self.category),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        parts.push(format!("page={page}"));
        format!("/disclosure/documents?{}", parts.join("&"))
    }
}

/// The filters parsed: 400 for a value that cannot be one.
#[cfg(feature = "ssr")]
pub fn parse_filters(f: &Filters) -> Result<super::store::Query, AppError> {
    use crate::catalog::search::SearchText;
    let bad = |name: &str| AppError::InvalidParameter { name: name.into() };
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(super::store::Query {
        q: SearchText::parse(&f.q).map_err(|_| bad("q"))?,
        department: match given(&f.department) {
            Some(d) => Some(d.parse().map_err(|_| bad("department"))?),
            None => None,
        },
        region: match given(&f.region) {
            Some(r) => Some(r.parse().map_err(|_| bad("region"))?),
            None => None,
        },
        kind: match given(&f.kind) {
            Some(k) => Some(Kind::parse(&k).ok_or_else(|| bad("kind"))?),
            None => None,
        },
        category: match given(&f.category) {
            Some(c) => Some(Category::parse(&c).ok_or_else(|| bad("category"))?),
            None => None,
        },
        page: match given(&f.page) {
            Some(p) => p.parse().map_err(|_| bad("page"))?,
            None => 1,
        },
    })
}

#[server(prefix = "/sfn", endpoint = "document_search")]
pub async fn document_search(filters: Filters) -> Result<SearchData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let query = parse_filters(&filters)?;
    let departments = super::store::departments(&state.pool).await?;
    let regions: Vec<(i32, Bilingual)> = sqlx::query_as(
        "select code, row(name_zh, name_en) from region
         where code in (select region_code from department d
             where exists (select 1 from document_index_counter c where c.department_id = d.id))
         order by code",
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(SearchData {
        found: super::store::search(&state.pool, &query).await?,
        departments,
        regions,
    })
}

#[server(prefix = "/sfn", endpoint = "document_public")]
pub async fn document_public(index_no: String) -> Result<DocumentView, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::store::public(&state.pool, &index_no).await
}

/// The staff list and the new-draft form's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffListData {
    pub rows: Vec<Row>,
    /// The departments where the viewer edits (id, name).
    pub departments: Vec<(i64, Bilingual)>,
    pub idempotency_key: String,
    pub today: String,
}

#[server(prefix = "/sfn", endpoint = "staff_documents")]
pub async fn staff_documents() -> Result<StaffListData, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let rows = super::store::staff_list(&state.pool, &me).await?;
    let departments = super::store::editor_departments(&state.pool, &me)
        .await?
        .into_iter()
        .map(|(id, _, _, name)| (id, name))
        .collect();
    Ok(StaffListData {
        rows,
        departments,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        today: crate::clock::format_date(state.now.today()),
    })
}

#[server(prefix = "/sfn", endpoint = "staff_document")]
pub async fn staff_document(id: i64) -> Result<StaffView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let cal = crate::clock::store::load(&state.pool).await?;
    super::store::staff(&state.pool, &cal, &me, id, state.now.today()).await
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

fn echo_value(name: &str) -> Option<String> {
    use_context::<FormEcho>().map(|e| e.value(name))
}

/// The parts of the channel, in the order a person looks for them.
const PARTS: &[(&str, Msg, Msg)] = &[
    (
        "/disclosure/documents?kind=policy",
        Msg::DocPolicies,
        Msg::DocPoliciesAbout,
    ),
    (
        "/disclosure/documents?kind=interpretation",
        Msg::DocInterpretations,
        Msg::DocInterpretationsAbout,
    ),
    (
        "/disclosure/documents?kind=news",
        Msg::DocKindNews,
        Msg::DocNewsAbout,
    ),
    (
        "/disclosure/documents?kind=notice",
        Msg::DocKindNotice,
        Msg::DocNoticesAbout,
    ),
    (
        "/disclosure/documents?kind=press_conference",
        Msg::DocKindPress,
        Msg::DocPressAbout,
    ),
    (
        "/disclosure/documents?kind=budget",
        Msg::DocKindBudget,
        Msg::DocBudgetAbout,
    ),
    (
        "/disclosure/requests/new",
        Msg::DocRequestTitle,
        Msg::DocRequestAbout,
    ),
    (
        "/me/information-requests",
        Msg::DocMyRequests,
        Msg::DocMyRequestsAbout,
    ),
    (
        "/disclosure/report",
        Msg::DocReportTitle,
        Msg::DocReportAbout,
    ),
    ("/stats", Msg::StatTitle, Msg::DocStatsAbout),
    (
        "/letters/stats",
        Msg::IxStatsTitle,
        Msg::DocLetterStatsAbout,
    ),
    ("/ratings", Msg::BoardTitle, Msg::IxRatingsAbout),
    ("/weibo", Msg::WbPostHallTitle, Msg::DocWeiboAbout),
];

/// `/disclosure`: the channel's page, leading to each part of it.
#[component]
pub fn DisclosurePage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Channel::Disclosure.title());
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![(Channel::Disclosure.path().to_string(), title.to_string())]/>
        <h1>{title}</h1>
        <p class="about">{lang.t(Channel::Disclosure.about())}</p>
        <ul class="channel-grid">
            <li class="channel-card">
                <h2><a href="/disclosure/documents">{lang.t(Msg::DocSearchTitle)}</a></h2>
                <p>{lang.t(Msg::DocSearchAbout)}</p>
                <form method="get" action="/disclosure/documents" role="search">
                    <label for="dc-q">{lang.t(Msg::DocSearchLabel)}</label>
                    <input type="search" id="dc-q" name="q" maxlength="64"/>
                    <button type="submit">{lang.t(Msg::SearchButton)}</button>
                </form>
            </li>
            {PARTS.iter().map(|(path, name, about)| view! {
                <li class="channel-card">
                    <h2><a href=*path>{lang.t(*name)}</a></h2>
                    <p>{lang.t(*about)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

fn options(items: Vec<(String, String)>, current: &str, all: &'static str) -> impl IntoView {
    let current = current.to_string();
    view! {
        <option value="">{all}</option>
        {items.into_iter().map(|(v, name)| {
            let selected = v == current;
            view! { <option value=v selected=selected>{name}</option> }
        }).collect_view()}
    }
}

/// `/disclosure/documents?q=&department=&region=&kind=&category=&page=`.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::DocSearchTitle);
    let query = use_query_map();
    let filters = query.with_untracked(Filters::from_query);
    let data = Resource::new(move || query.with(Filters::from_query), document_search);
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![
            (Channel::Disclosure.path().to_string(), lang.t(Channel::Disclosure.title()).to_string()),
            ("/disclosure/documents".to_string(), title.to_string()),
        ]/>
        <h1>{title}</h1>
        <Loaded data view=move |d| search_view(lang, d, filters.clone())/>
    }
}

fn search_view(lang: Lang, d: SearchData, f: Filters) -> AnyView {
    let all = lang.t(Msg::DocAll);
    let departments = d
        .departments
        .iter()
        .map(|(id, _, n)| (id.to_string(), n.get(lang).to_string()))
        .collect();
    let regions = d
        .regions
        .iter()
        .map(|(c, n)| (c.to_string(), n.get(lang).to_string()))
        .collect();
    let kinds = Kind::ALL
        .iter()
        .map(|k| (k.code().to_string(), lang.t(kind_msg(*k)).to_string()))
        .collect();
    let categories = Category::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.name(lang).to_string()))
        .collect();
    let found = d.found;
    let count = if found.more {
        lang.fill(Msg::DocFoundMore, &[("n", &COUNT_CAP)])
    } else {
        lang.fill(Msg::DocFound, &[("n", &found.total)])
    };
    let page = found.page;
    let prev =
        (page > 1).then(|| view! { <a href=f.href(page - 1)>{lang.t(Msg::LetPrevPage)}</a> });
    let next = (found.rows.len() as i64 == PAGE_SIZE && page < MAX_PAGE)
        .then(|| view! { <a href=f.href(page + 1)>{lang.t(Msg::LetNextPage)}</a> });
    let list = if found.rows.is_empty() {
        view! { <p>{lang.t(Msg::DocNone)}</p> }.into_any()
    } else {
        rows_table(lang, Msg::DocSearchTitle, found.rows, false)
    };
    view! {
        <form method="get" action="/disclosure/documents" class="form doc-filter" role="search">
            <div class="field">
                <label for="doc-q">{lang.t(Msg::DocSearchLabel)}</label>
                <input type="search" id="doc-q" name="q" maxlength="64" value=f.q.clone()/>
            </div>
            <div class="field">
                <label for="doc-department">{lang.t(Msg::DocDepartment)}</label>
                <select id="doc-department" name="department">{options(departments, &f.department, all)}</select>
            </div>
            <div class="field">
                <label for="doc-region">{lang.t(Msg::LetRegionLabel)}</label>
                <select id="doc-region" name="region">{options(regions, &f.region, all)}</select>
            </div>
            <div class="field">
                <label for="doc-kind">{lang.t(Msg::DocKind)}</label>
                <select id="doc-kind" name="kind">{options(kinds, &f.kind, all)}</select>
            </div>
            <div class="field">
                <label for="doc-category">{lang.t(Msg::DocCategory)}</label>
                <select id="doc-category" name="category">{options(categories, &f.category, all)}</select>
            </div>
            <button type="submit" class="primary">{lang.t(Msg::SearchButton)}</button>
        </form>
        <p role="status">{count}</p>
        {list}
        <p class="letter-pages">{prev}" "{next}</p>
    }
    .into_any()
}

fn rows_table(lang: Lang, caption: Msg, rows: Vec<Row>, staff: bool) -> AnyView {
    let cells = rows
        .into_iter()
        .map(|r| {
            let href = match (&r.index_no, staff) {
                (Some(i), false) => format!("/disclosure/documents/{i}"),
                _ => format!("/staff/documents/{}", r.id),
            };
            let status = if staff {
                lang.t(state_msg(r.state)).to_string()
            } else {
                r.validity
                    .map(|v| lang.t(validity_msg(v)).to_string())
                    .unwrap_or_default()
            };
            view! {
                <tr>
                    <td data-label=lang.t(Msg::DocTitle)><a href=href>{r.title.clone()}</a></td>
                    <td data-label=lang.t(Msg::DocKind)>{lang.t(kind_msg(r.kind))}</td>
                    <td data-label=lang.t(Msg::DocDepartment)>{r.department.get(lang).to_string()}</td>
                    <td data-label=lang.t(Msg::DocNumber)>{r.doc_number.clone().unwrap_or_default()}</td>
                    <td data-label=lang.t(Msg::DocPublishedOn)>{r.published_on.clone().unwrap_or_default()}</td>
                    <td data-label=lang.t(Msg::DocStatus)>{status}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        lang,
        caption,
        &[
            Msg::DocTitle,
            Msg::DocKind,
            Msg::DocDepartment,
            Msg::DocNumber,
            Msg::DocPublishedOn,
            Msg::DocStatus,
        ],
        cells,
    )
}

/// `/disclosure/documents/{index_no}`: one published document.
#[component]
pub fn DocumentPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("index_no").unwrap_or_default()),
        document_public,
    );
    view! {
        <Loaded data title=lang.t(Msg::DocTitle) not_found=Msg::DocNotFound view=move |d| document_view(lang, d, None)/>
    }
}

fn link_list(lang: Lang, id: &'static str, heading: Msg, links: &[Link]) -> Option<AnyView> {
    (!links.is_empty()).then(|| {
        let items = links
            .iter()
            .map(|l| {
                view! {
                    <li>
                        <a href=format!("/disclosure/documents/{}", l.index_no)>{l.title.clone()}</a>
                        " · "{lang.t(kind_msg(l.kind))}" · "{l.published_on.clone()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby=id>
                <h2 id=id>{lang.t(heading)}</h2>
                <ul>{items}</ul>
            </section>
        }
        .into_any()
    })
}

/// The body as paragraphs (one a line).
fn paragraphs(body: &str) -> impl IntoView {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> })
        .collect_view()
}

fn document_view(lang: Lang, v: DocumentView, staff: Option<&StaffView>) -> AnyView {
    let title = v.title.clone();
    let opt = |label: Msg, value: Option<String>| value.map(|value| row(label, value, lang));
    let banner = match (v.validity, &v.superseded_by) {
        (Some(Validity::Repealed | Validity::Amended), by) => {
            let msg = if v.validity == Some(Validity::Repealed) {
                Msg::DocBannerRepealed
            } else {
                Msg::DocBannerAmended
            };
            let by = by.clone().map(|l| {
                view! {
                    " "{lang.t(Msg::DocReplacedBy)}
                    <a href=format!("/disclosure/documents/{}", l.index_no)>{l.title.clone()}</a>
                }
            });
            Some(view! { <div class="notice-box doc-validity" role="note"><p><strong>{lang.t(msg)}</strong>{by}</p></div> }.into_any())
        }
        _ => None,
    };
    let withdrawn = v.withdrawn.clone().map(|reason| {
        view! {
            <div class="notice-box doc-withdrawn" role="note">
                <p><strong>{lang.t(Msg::DocWithdrawn)}</strong></p>
                {(!reason.is_empty()).then(|| view! { <p>{lang.t(Msg::RevReason)}{lang.t(Msg::Colon)}{reason.clone()}</p> })}
            </div>
        }
    });
    let interprets = v.interprets.clone().map(|l| {
        view! {
            <p class="doc-interprets">
                {lang.t(Msg::DocInterpretsLabel)}{lang.t(Msg::Colon)}
                <a href=format!("/disclosure/documents/{}", l.index_no)>{l.title.clone()}</a>
                {v.interpretation_form.map(|f| format!(" ({})", lang.t(form_msg(f))))}
            </p>
        }
    });
    let files = (!v.files.is_empty()).then(|| {
        let index_no = v.index_no.clone().unwrap_or_default();
        let items = v
            .files
            .iter()
            .map(|f| {
                let href = if staff.is_some() || index_no.is_empty() {
                    format!("/api/v1/uploads/{}", f.upload_id)
                } else {
                    format!("/disclosure/documents/{index_no}/files/{}", f.upload_id)
                };
                view! { <li><a href=href>{f.name.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="doc-files-h">
                <h2 id="doc-files-h">{lang.t(Msg::DocFiles)}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let heading = if staff.is_some() {
        None
    } else {
        Some(view! {
            <Title text=title.clone()/>
            <Breadcrumbs trail=vec![
                (Channel::Disclosure.path().to_string(), lang.t(Channel::Disclosure.title()).to_string()),
                ("/disclosure/documents".to_string(), lang.t(Msg::DocSearchTitle).to_string()),
            ]/>
            <h1>{title.clone()}</h1>
        })
    };
    let body = (v.withdrawn.is_none() || staff.is_some()).then(|| {
        view! {
            <section aria-labelledby="doc-body-h" class="doc-body">
                <h2 id="doc-body-h" class="sr-only">{lang.t(Msg::DocBody)}</h2>
                {paragraphs(&v.body)}
            </section>
        }
    });
    view! {
        {heading}
        {banner}
        {withdrawn}
        <dl class="facts doc-meta">
            {opt(Msg::DocIndexNo, v.index_no.clone())}
            {row(Msg::DocIssuer, v.issuer.clone(), lang)}
            {opt(Msg::DocNumber, v.doc_number.clone())}
            {row(Msg::DocWrittenOn, v.written_on.clone(), lang)}
            {opt(Msg::DocPublishedOn, v.published_on.clone())}
            {row(Msg::DocCategory, v.category.name(lang).to_string(), lang)}
            {row(Msg::DocKind, lang.t(kind_msg(v.kind)).to_string(), lang)}
            {opt(Msg::DocValidity, v.validity.map(|x| lang.t(validity_msg(x)).to_string()))}
        </dl>
        {interprets}
        {body}
        {files}
        {link_list(lang, "doc-interpretations-h", Msg::DocInterpretations, &v.interpretations)}
        {link_list(lang, "doc-replaces-h", Msg::DocReplaces, &v.replaces)}
    }
    .into_any()
}

/// `/staff/documents`: the documents of the viewer's departments and the
/// new-draft form.
#[component]
pub fn StaffDocumentsPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::DocStaffTitle);
    if let Err(refused) = signed_in_as(lang, title, "/staff/documents", Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(|| (), |_| staff_documents());
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p class="account-links"><a href="/staff/review">{lang.t(Msg::RevQueueTitle)}</a></p>
        {echo_error(lang)}
        <Loaded data view=move |d| staff_list_view(lang, d)/>
    }
    .into_any()
}

fn staff_list_view(lang: Lang, d: StaffListData) -> AnyView {
    let list = if d.rows.is_empty() {
        view! { <p>{lang.t(Msg::DocNone)}</p> }.into_any()
    } else {
        rows_table(lang, Msg::DocStaffTitle, d.rows, true)
    };
    let form = (!d.departments.is_empty()).then(|| {
        let key = echo_value("idempotency_key")
            .filter(|k| !k.is_empty())
            .unwrap_or(d.idempotency_key.clone());
        view! {
            <section aria-labelledby="doc-new-h">
                <h2 id="doc-new-h">{lang.t(Msg::DocNewTitle)}</h2>
                <form method="post" action="/staff/documents" class="form doc-form" enctype="multipart/form-data" novalidate=true>
                    <input type="hidden" name="idempotency_key" value=key/>
                    {draft_fields(lang, None, &d.departments, &d.today)}
                    <button type="submit" class="primary">{lang.t(Msg::DocSaveDraft)}</button>
                </form>
            </section>
        }
    });
    view! { {list}{form} }.into_any()
}

/// The draft's fields: empty for a new one (with the kind and department
/// to choose), the stored ones for an edit (what was typed, after a refusal).
fn draft_fields(
    lang: Lang,
    current: Option<&StaffView>,
    departments: &[(i64, Bilingual)],
    today: &str,
) -> AnyView {
    let doc = current.map(|c| &c.document);
    let value = |name: &str, stored: String| {
        echo_value(name)
            .filter(|_| use_context::<FormEcho>().is_some_and(|e| e.error.is_some()))
            .unwrap_or(stored)
    };
    let kind = value(
        "kind",
        doc.map(|d| d.kind.code().to_string()).unwrap_or_default(),
    );
    let category = value(
        "category",
        doc.map(|d| d.category.code().to_string())
            .unwrap_or_default(),
    );
    let form = value(
        "interpretation_form",
        doc.and_then(|d| d.interpretation_form)
            .map(|f| f.code().to_string())
            .unwrap_or_default(),
    );
    let kind_field = match doc {
        Some(d) => view! {
            <input type="hidden" name="kind" value=d.kind.code()/>
            <p>{lang.t(Msg::DocKind)}{lang.t(Msg::Colon)}{lang.t(kind_msg(d.kind))}</p>
        }
        .into_any(),
        None => view! {
            <div class="field">
                <label for="doc-kind-new">{lang.t(Msg::DocKind)}</label>
                <select id="doc-kind-new" name="kind">
                    {Kind::ALL.into_iter().map(|k| view! {
                        <option value=k.code() selected=kind == k.code()>{lang.t(kind_msg(k))}</option>
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
    };
    let department_field = (doc.is_none() && departments.len() > 1).then(|| {
        view! {
            <div class="field">
                <label for="doc-department-new">{lang.t(Msg::DocDepartment)}</label>
                <select id="doc-department-new" name="department">
                    {departments.iter().map(|(id, n)| view! {
                        <option value=id.to_string()>{n.get(lang).to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    });
    let department_hidden = (doc.is_none() && departments.len() == 1).then(
        || view! { <input type="hidden" name="department" value=departments[0].0.to_string()/> },
    );
    view! {
        {department_field}
        {department_hidden}
        {kind_field}
        <div class="field">
            <label for="doc-title">{lang.t(Msg::DocTitle)}</label>
            <input type="text" id="doc-title" name="title" maxlength="200" required=true
                value=value("title", doc.map(|d| d.title.clone()).unwrap_or_default())/>
        </div>
        <div class="field">
            <label for="doc-number">{lang.t(Msg::DocNumberOptional)}</label>
            <input type="text" id="doc-number" name="doc_number" maxlength="60"
                value=value("doc_number", doc.and_then(|d| d.doc_number.clone()).unwrap_or_default())/>
        </div>
        <div class="field">
            <label for="doc-issuer">{lang.t(Msg::DocIssuer)}</label>
            <p class="hint" id="doc-issuer-hint">{lang.t(Msg::DocIssuerHint)}</p>
            <input type="text" id="doc-issuer" name="issuer" maxlength="100" aria-describedby="doc-issuer-hint"
                value=value("issuer", doc.map(|d| d.issuer.clone()).unwrap_or_default())/>
        </div>
        <div class="field">
            <label for="doc-category-new">{lang.t(Msg::DocCategory)}</label>
            <select id="doc-category-new" name="category">
                {Category::ALL.into_iter().map(|c| view! {
                    <option value=c.code() selected=category == c.code()>{c.name(lang)}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="doc-written">{lang.t(Msg::DocWrittenOn)}</label>
            <input type="date" id="doc-written" name="written_on" required=true max=today.to_string()
                value=value("written_on", doc.map(|d| d.written_on.clone()).unwrap_or_else(|| today.to_string()))/>
        </div>
        <fieldset class="field">
            <legend>{lang.t(Msg::DocInterpretsLegend)}</legend>
            <p class="hint">{lang.t(Msg::DocInterpretsHint)}</p>
            <label for="doc-interprets">{lang.t(Msg::DocIndexNo)}</label>
            <input type="text" id="doc-interprets" name="interprets" maxlength="30"
                value=value("interprets", current.map(|c| c.interprets_input.clone()).unwrap_or_default())/>
            <label for="doc-form">{lang.t(Msg::DocFormLabel)}</label>
            <select id="doc-form" name="interpretation_form">
                <option value="">"—"</option>
                {InterpretationForm::ALL.into_iter().map(|f| view! {
                    <option value=f.code() selected=form == f.code()>{lang.t(form_msg(f))}</option>
                }).collect_view()}
            </select>
        </fieldset>
        <div class="field">
            <label for="doc-body-text">{lang.t(Msg::DocBody)}</label>
            <textarea id="doc-body-text" name="body" rows="12" required=true>
                {value("body", doc.map(|d| d.body.clone()).unwrap_or_default())}
            </textarea>
        </div>
        <div class="field">
            <label for="doc-attachments">{lang.t(Msg::DocFiles)}</label>
            <p class="hint" id="doc-attachments-hint">{lang.t(Msg::LetScansHint)}</p>
            <input type="file" id="doc-attachments" name="attachments" multiple=true
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby="doc-attachments-hint"/>
        </div>
    }
    .into_any()
}

/// `/staff/documents/{id}`: a document with its review: the draft's form
/// for its editors, the review steps, the validity mark, the log.
#[component]
pub fn StaffDocumentPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::DocStaffTitle);
    let params = use_params_map();
    let path =
        params.with_untracked(|p| format!("/staff/documents/{}", p.get("id").unwrap_or_default()));
    if let Err(refused) = signed_in_as(lang, title, &path, Some(AccountRole::Staff)) {
        return refused;
    }
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)),
        staff_document,
    );
    view! {
        <Loaded data title not_found=Msg::DocNotFound view=move |d| staff_view(lang, d)/>
    }
    .into_any()
}

fn staff_view(lang: Lang, s: StaffView) -> AnyView {
    let id = s.document.id;
    let title = s.document.title.clone();
    let public_link = (s.state == crate::review::State::Published)
        .then(|| s.document.index_no.clone())
        .flatten()
        .map(|i| view! { <p><a href=format!("/disclosure/documents/{i}")>{lang.t(Msg::DocPublicPage)}</a></p> });
    let edit = s.may_edit.then(|| {
        view! {
            <section aria-labelledby="doc-edit-h">
                <h2 id="doc-edit-h">{lang.t(Msg::DocEditTitle)}</h2>
                <form method="post" action=format!("/staff/documents/{id}") class="form doc-form" enctype="multipart/form-data" novalidate=true>
                    {draft_fields(lang, Some(&s), &[], "")}
                    <button type="submit">{lang.t(Msg::DocSaveDraft)}</button>
                </form>
            </section>
        }
    });
    let steps = (!s.offered.is_empty()).then(|| {
        let forms = s
            .offered
            .iter()
            .map(|code| {
                let code = code.clone();
                let needs_reason = code == "return" || code == "withdraw";
                let rid = format!("{code}-reason");
                view! {
                    <form method="post" action=format!("/staff/documents/{id}/steps") class="form doc-step">
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
            <section aria-labelledby="doc-steps-h">
                <h2 id="doc-steps-h">{lang.t(Msg::RevSteps)}</h2>
                {forms}
            </section>
        }
    });
    let mark = s.may_mark.then(|| {
        view! {
            <section aria-labelledby="doc-mark-h">
                <h2 id="doc-mark-h">{lang.t(Msg::DocMarkTitle)}</h2>
                <form method="post" action=format!("/staff/documents/{id}/validity") class="form doc-mark">
                    <div class="field">
                        <label for="mark-validity">{lang.t(Msg::DocValidity)}</label>
                        <select id="mark-validity" name="validity">
                            {Validity::ALL.into_iter().map(|v| view! {
                                <option value=v.code() selected=s.document.validity == Some(v)>{lang.t(validity_msg(v))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="mark-by">{lang.t(Msg::DocReplacedByLabel)}</label>
                        <input type="text" id="mark-by" name="replaced_by" maxlength="30"/>
                    </div>
                    <button type="submit">{lang.t(Msg::DocMarkSave)}</button>
                </form>
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
    let reason = s.reason.clone().filter(|_| s.state != crate::review::State::Published).map(|r| {
        view! { <p class="notice" role="note">{lang.t(Msg::RevReason)}{lang.t(Msg::Colon)}{r}</p> }
    });
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {echo_error(lang)}
        <p>
            <strong>{lang.t(state_msg(s.state))}</strong>" · "
            {lang.t(Msg::DocAuthor)}{lang.t(Msg::Colon)}{s.author.clone()}
        </p>
        {reason}
        {public_link}
        {steps}
        {document_view(lang, s.document.clone(), Some(&s))}
        {mark}
        {edit}
        <section aria-labelledby="doc-log-h">
            <h2 id="doc-log-h">{lang.t(Msg::RevLog)}</h2>
            <ol class="letter-log">{log}</ol>
        </section>
        <p><a href="/staff/documents">{lang.t(Msg::DocStaffTitle)}</a></p>
    }
    .into_any()
}
