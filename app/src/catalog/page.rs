//! The item page: everything a person needs before applying, and the three
//! actions of the hall.

use super::{get_service_item, Fee, ItemView, WorkingDays};
use crate::{
    i18n::{Lang, Msg},
    ui::{use_prefs, Breadcrumbs, Channel},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub(super) fn days(lang: Lang, d: WorkingDays) -> String {
    crate::ui::working_days(lang, d.get().into())
}

fn fee(lang: Lang, fee: &Fee) -> String {
    match fee {
        Fee::Free => lang.t(Msg::FeeFree).to_string(),
        Fee::Charged { fen, basis } => format!(
            "{}.{:02} {} ({})",
            fen / 100,
            fen % 100,
            lang.t(Msg::YuanUnit),
            basis.get(lang)
        ),
    }
}

/// `/services/{code}`: one service item.
///
/// `faq` renders the item's frequent questions (code, language); the router
/// fills it in, so that catalog pages import no other capability's pages.
#[component]
pub fn ItemPage(faq: fn(String, Lang) -> AnyView) -> impl IntoView {
    let lang = use_prefs().lang;
    let params = use_params_map();
    let item = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        get_service_item,
    );
    view! {
        <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(view) => view! { <ItemDetails view lang faq/> }.into_any(),
                    Err(e) => {
                        crate::error::set_response_status(e.status());
                        let message = match e {
                            crate::error::AppError::NotFound => lang.t(Msg::ItemNotFound).to_string(),
                            other => other.message(lang),
                        };
                        view! {
                            <Title text=lang.t(Msg::ItemNotFound)/>
                            <h1>{lang.t(Msg::ItemNotFound)}</h1>
                            <p>{message}</p>
                            <p><a href=Channel::Services.path()>{lang.t(Channel::Services.title())}</a></p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemDetails(view: ItemView, lang: Lang, faq: fn(String, Lang) -> AnyView) -> impl IntoView {
    let ItemView { item, department } = view;
    let dept_href = super::find::Find {
        department: Some(super::find::DeptFilter {
            region: Some(item.region),
            code: item.dept.clone(),
        }),
        page: 1,
        ..Default::default()
    }
    .href();
    let name = item.name.get(lang).to_string();
    let needs_visit =
        item.appointment && item.online_depth < super::vocab::OnlineDepth::ApplyOnline;
    let both_parties = crate::booking::both_parties(&item.key);
    let yes_no = move |b: bool| lang.t(if b { Msg::Yes } else { Msg::No });
    view! {
        <Title text=name.clone()/>
        <Breadcrumbs trail=vec![
            (Channel::Services.path().to_string(), lang.t(Channel::Services.title()).to_string()),
            (dept_href, department.get(lang).to_string()),
            (format!("/services/{}", item.code), name.clone()),
        ]/>
        <article class="item">
            <h1>{name}</h1>
            <p class="item-code">{lang.t(Msg::ItemCode)}{lang.t(Msg::Colon)}{item.code.to_string()}</p>
            <dl class="facts">
                <div><dt>{lang.t(Msg::ItemDepartment)}</dt><dd>{department.get(lang).to_string()}</dd></div>
                <div><dt>{lang.t(Msg::ItemKind)}</dt><dd>{item.kind.label(lang)}</dd></div>
                <div><dt>{lang.t(Msg::ItemApplicant)}</dt><dd>{item.applicant.label(lang)}</dd></div>
                <div><dt>{lang.t(Msg::ItemStatutory)}</dt><dd>{days(lang, item.limits.statutory())}</dd></div>
                <div><dt>{lang.t(Msg::ItemPromised)}</dt><dd>{days(lang, item.limits.promised())}</dd></div>
                <div><dt>{lang.t(Msg::ItemFee)}</dt><dd>{fee(lang, &item.fee)}</dd></div>
                <div><dt>{lang.t(Msg::ItemOnline)}</dt><dd>{item.online_depth.label(lang)}</dd></div>
                <div>
                    <dt>{lang.t(Msg::ItemAppointment)}</dt>
                    <dd>{lang.t(if item.appointment { Msg::AppointmentYes } else { Msg::AppointmentNo })}</dd>
                </div>
            </dl>

            <section aria-labelledby="actions-title" class="actions">
                <h2 id="actions-title">{lang.t(Msg::ItemActions)}</h2>
                <ul>
                    <li>
                        {if item.online_depth >= super::vocab::OnlineDepth::ApplyOnline {
                            view! { <a class="action primary" href=format!("/apply?service={}", item.code)>{lang.t(Msg::ActionApply)}</a> }.into_any()
                        } else if item.appointment {
                            // A visit is needed: book it (网上预约), not an
                            // online application it does not have.
                            view! { <a class="action primary" href=format!("/book?service={}", item.code)>{lang.t(Msg::ActionBook)}</a> }.into_any()
                        } else {
                            view! { <span class="action">{lang.t(Msg::ActionApply)}" · "{lang.t(Msg::ActionNotOnline)}</span> }.into_any()
                        }}
                    </li>
                    <li><a class="action" href="/track">{lang.t(Msg::ActionTrack)}</a></li>
                    <li><a class="action" href=format!("/consult?service={}", item.code)>{lang.t(Msg::ActionConsult)}</a></li>
                </ul>
                {if needs_visit {
                    view! {
                        <p class="notice">{lang.t(Msg::BookInPersonNote)}</p>
                        {both_parties.then(|| view! { <p class="notice">{lang.t(Msg::BookBothParties)}</p> })}
                    }
                    .into_any()
                } else {
                    view! { <p>{lang.t(Msg::ConsultInPersonNote)}</p> }.into_any()
                }}
            </section>

            <section aria-labelledby="conditions-title">
                <h2 id="conditions-title">{lang.t(Msg::ItemConditions)}</h2>
                <ol>
                    {item.conditions.iter().map(|c| view! { <li>{c.get(lang).to_string()}</li> }).collect_view()}
                </ol>
            </section>

            <section aria-labelledby="materials-title">
                <h2 id="materials-title">{lang.t(Msg::ItemMaterials)}</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label=lang.t(Msg::MaterialsTable)>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{lang.t(Msg::MaterialName)}</th>
                                <th scope="col">{lang.t(Msg::MaterialRequired)}</th>
                                <th scope="col">{lang.t(Msg::MaterialScan)}</th>
                                <th scope="col">{lang.t(Msg::MaterialCopies)}</th>
                                <th scope="col">{lang.t(Msg::MaterialNotes)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {item.materials.iter().map(|m| view! {
                                <tr>
                                    <th scope="row" data-label={lang.t(Msg::MaterialName)}>{m.name.get(lang).to_string()}</th>
                                    <td data-label={lang.t(Msg::MaterialRequired)}>{yes_no(m.required)}</td>
                                    <td data-label={lang.t(Msg::MaterialScan)}>{yes_no(m.scan_accepted)}</td>
                                    <td data-label={lang.t(Msg::MaterialCopies)}>{m.copies}</td>
                                    <td data-label={lang.t(Msg::MaterialNotes)}>{m.notes.get(lang).to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>

            <section aria-labelledby="basis-title">
                <h2 id="basis-title">{lang.t(Msg::ItemBasis)}</h2>
                <ul>
                    {item.basis.iter().map(|b| view! { <li>{b.get(lang).to_string()}</li> }).collect_view()}
                </ul>
            </section>

            <section aria-labelledby="process-title">
                <h2 id="process-title">{lang.t(Msg::ItemProcess)}</h2>
                <ol class="steps">
                    {item.steps.iter().map(|s| view! {
                        <li>
                            <strong>{s.name.get(lang).to_string()}</strong>
                            " — "{s.unit.get(lang).to_string()}" · "{days(lang, s.limit)}
                        </li>
                    }).collect_view()}
                </ol>
            </section>

            <section aria-labelledby="where-title">
                <h2 id="where-title">{lang.t(Msg::ItemWhereWhen)}</h2>
                <p>{item.place.get(lang).to_string()}</p>
                <p>{item.hours.get(lang).to_string()}</p>
            </section>

            {faq(item.code.to_string(), lang)}
        </article>
    }
}
