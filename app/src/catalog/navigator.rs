//! The navigator (`/services`): every way into the catalog for the visitor's
//! region — life events, themes, groups, enterprise stages, departments —
//! with counts, the hot services and the search box; and the result pages
//! (`/services/find?…`) that browsing and searching lead to. Everything is a
//! link or a GET form, so it all works without JavaScript; once hydrated, the
//! search box also suggests services as you type.

use super::{
    find::DepartmentCount,
    find::{BundleResult, Place},
    find::{Count, Find, FindParams, FindResult, Target},
    find_departments, find_services, navigator,
    page::days,
    search::MAX_QUERY_CHARS,
    vocab::{Group, LifeEvent, Stage, Theme},
    NavigatorData,
};
use crate::{
    error::{set_response_status, AppError},
    i18n::{Lang, Msg},
    regions::RegionCode,
    ui::{use_prefs, Breadcrumbs, Channel},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn services_crumb(lang: Lang) -> (String, String) {
    (
        Channel::Services.path().to_string(),
        lang.t(Channel::Services.title()).to_string(),
    )
}

fn is_province(region: RegionCode) -> bool {
    region.get().is_multiple_of(10_000)
}

fn error_view(lang: Lang, e: AppError) -> AnyView {
    set_response_status(e.status());
    view! {
        <Title text=lang.t(Msg::FindTitle)/>
        <h1>{lang.t(Msg::FindTitle)}</h1>
        <p class="notice" role="alert">{e.message(lang)}</p>
        <p><a href=Channel::Services.path()>{lang.t(Channel::Services.title())}</a></p>
    }
    .into_any()
}

/// `/services`: the navigator.
#[component]
pub fn NavigatorPage() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let data = Resource::new(move || prefs.region.to_string(), navigator);
    let title = lang.t(Channel::Services.title());
    view! {
        <Title text=title/>
        <Breadcrumbs trail=vec![services_crumb(lang)]/>
        <h1>{title}</h1>
        <SearchBox value=String::new() keep=Vec::new()/>
        <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Ways data/> }.into_any(),
                    Err(e) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}

/// A link to the results for one filter, with its count.
fn facet_link(href: String, label: String, count: u32, lang: Lang) -> impl IntoView {
    view! {
        <li>
            <a href=href>
                <span class="facet-name">{label}</span>
                <span class="count"><span aria-hidden="true">{count}</span><span class="sr-only">{lang.fill(Msg::ItemsCount, &[("n", &count)])}</span></span>
            </a>
        </li>
    }
}

fn browse(f: impl FnOnce(&mut Find)) -> Find {
    let mut find = Find {
        page: 1,
        ..Find::default()
    };
    f(&mut find);
    find
}

#[component]
fn Ways(data: NavigatorData) -> impl IntoView {
    let NavigatorData {
        region,
        facets,
        hot,
    } = data;
    let prefs = use_prefs();
    let lang = prefs.lang;
    let province = is_province(prefs.region);
    let section = |id: &'static str, heading: Msg, about: Option<Msg>, links: AnyView| {
        view! {
            <section class="ways" aria-labelledby=id>
                <h2 id=id>{lang.t(heading)}</h2>
                {about.map(|m| view! { <p class="hint">{lang.t(m)}</p> })}
                <ul class="facet-grid">{links}</ul>
            </section>
        }
    };
    fn links<T: Copy>(
        counts: &[Count<T>],
        set: fn(&mut Find, T),
        label: fn(T, Lang) -> &'static str,
        lang: Lang,
    ) -> AnyView {
        counts
            .iter()
            .map(|c| {
                let v = c.value;
                facet_link(
                    browse(|f| set(f, v)).href(),
                    label(v, lang).to_string(),
                    c.count,
                    lang,
                )
            })
            .collect_view()
            .into_any()
    }
    let life_events = links(
        &facets.life_events,
        |f, v| f.life_event = Some(v),
        LifeEvent::label,
        lang,
    );
    let themes = links(&facets.themes, |f, v| f.theme = Some(v), Theme::label, lang);
    let groups = links(&facets.groups, |f, v| f.group = Some(v), Group::label, lang);
    let stages = links(&facets.stages, |f, v| f.stage = Some(v), Stage::label, lang);
    let departments = facets
        .departments
        .iter()
        .map(|d| {
            let href = browse(|f| f.department = Some(d.filter())).href();
            facet_link(href, d.name.get(lang).to_string(), d.count, lang)
        })
        .collect_view()
        .into_any();
    view! {
        <p class="scope-note">
            {lang.t(Msg::ServicesIn)}{lang.t(Msg::Colon)}
            <strong>{region.get(lang).to_string()}</strong>
            " · "
            <a href=browse(|_| ()).href()>{lang.fill(Msg::ItemsCount, &[("n", &facets.total)])}</a>
            <br/>
            <span class="hint">
                {lang.t(if province { Msg::ProvinceScopeNote } else { Msg::RegionScopeNote })}
            </span>
        </p>
        <section class="hot" aria-labelledby="hot-title">
            <h2 id="hot-title">{lang.t(Msg::HotServices)}</h2>
            {if hot.is_empty() {
                view! { <p class="hint">{lang.t(Msg::HotServicesNone)}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{lang.t(Msg::HotServicesAbout)}</p>
                    <ol class="hot-list">
                        {hot.iter().map(|i| view! {
                            <li>
                                <a href=format!("/services/{}", i.code)>{i.name.get(lang).to_string()}</a>
                                <span class="hint">" · "{i.region.get(lang).to_string()}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
        {section("life-title", Msg::ByLifeEvent, None, life_events)}
        {section("theme-title", Msg::ByTheme, None, themes)}
        {section("group-title", Msg::ByGroup, None, groups)}
        {section("stage-title", Msg::ByStage, Some(Msg::EnterpriseLifecycleAbout), stages)}
        {section(
            "dept-title",
            Msg::ByDepartment,
            province.then_some(Msg::ProvinceDepartmentsNote),
            departments,
        )}
    }
}

/// The search form: a GET to the results page, so it works without
/// JavaScript. `keep` are the other filters, carried as hidden fields. An
/// island: once its WASM runs, typing shows matching services as links below
/// the box.
#[island]
pub fn SearchBox(value: String, keep: Vec<(String, String)>) -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let typed = RwSignal::new(false);
    let generation = StoredValue::new(0u32);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if text.trim().is_empty() {
            typed.set(false);
            suggestions.set(Vec::new());
            return;
        }
        // Ask once typing pauses; answers to older keystrokes are dropped.
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = suggest(&text, prefs.region).await;
                    if generation.get_value() == mine {
                        typed.set(true);
                        suggestions.set(found);
                    }
                });
            },
            std::time::Duration::from_millis(180),
        );
    };
    view! {
        <form method="get" action="/services/find" role="search" class="search-box">
            <label for="q">{lang.t(Msg::SearchLabel)}</label>
            <div class="search-row">
                <input
                    type="search"
                    id="q"
                    name="q"
                    value=value
                    maxlength=MAX_QUERY_CHARS
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=lang.t(Msg::SearchPlaceholder)
                    aria-describedby="q-help"
                    on:input=on_input
                />
                <button type="submit">{lang.t(Msg::SearchButton)}</button>
            </div>
            {keep
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                .collect_view()}
            <p id="q-help" class="hint">{lang.t(Msg::SearchHelp)}</p>
            <p class="sr-only" role="status" aria-live="polite">
                {move || {
                    typed.get().then(|| lang.fill(Msg::SuggestionsCount, &[("n", &suggestions.read().len())]))
                }}
            </p>
            <ul class="suggestions" aria-label=lang.t(Msg::Suggestions) hidden=move || suggestions.read().is_empty()>
                {move || {
                    suggestions
                        .get()
                        .into_iter()
                        .map(|i| view! {
                            <li class:suggest-bundle=i.bundle>
                                <a href=i.href>
                                    {i.name.get(lang).to_string()}
                                    <span class="hint">" · "{i.region.get(lang).to_string()}</span>
                                </a>
                            </li>
                        })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}

/// A suggested bundle or service ([`super::find::Suggestion`]), as far as
/// the search box shows it.
#[derive(Clone, serde::Deserialize)]
struct Suggestion {
    href: String,
    name: crate::i18n::Bilingual,
    region: crate::i18n::Bilingual,
    #[serde(default)]
    bundle: bool,
}

/// Asks the `suggest` server function ([`super::suggest_services`], a GET) for the
/// services matching `text`, reading only what the box shows: its client
/// and the full item types would add much to the WASM.
async fn suggest(text: &str, region: RegionCode) -> Vec<Suggestion> {
    #[cfg(feature = "hydrate")]
    {
        let url = format!(
            "/sfn/suggest?q={}&region={region}",
            js_sys::encode_uri_component(text)
        );
        crate::ui::get_json(&url).await.unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (text, region);
        Vec::new()
    }
}

fn params_from_query(get: impl Fn(&str) -> Option<String>, region: RegionCode) -> FindParams {
    // The place shown first: the city or county searched, else the person's.
    let place = get("region")
        .filter(|r| RegionCode::parse(r).is_ok_and(|r| !is_province(r)))
        .unwrap_or_else(|| region.to_string());
    FindParams {
        place: Some(place),
        q: get("q"),
        region: get("region").or_else(|| Some(region.to_string())),
        department: get("department"),
        theme: get("theme"),
        life_event: get("life_event"),
        group: get("group"),
        stage: get("stage"),
        target: get("target"),
        online: get("online"),
        page: get("page"),
    }
}

/// `/services/find?…`: results of browsing and searching.
#[component]
pub fn FindPage() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        params_from_query(|k| q.get(k), prefs.region)
    });
    let results = Resource::new(
        move || params.get(),
        |p| async move {
            let find = Find::parse(&p);
            let found = find_services(p.clone()).await;
            let departments = find_departments(p).await.unwrap_or_default();
            let regions = crate::regions::list_regions().await.unwrap_or_default();
            (find, found, departments, regions)
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    (Ok(find), Ok(result), departments, regions) => {
                        view! { <Results find result departments regions/> }.into_any()
                    }
                    (Err(e), _, _, _) | (_, Err(e), _, _) => error_view(lang, e),
                }
            })}
        </Suspense>
    }
}

/// What a result page is about, as its heading.
fn heading(find: &Find, result: &FindResult, lang: Lang) -> String {
    if let Some(q) = &find.q {
        return lang.fill(Msg::ResultsForQuery, &[("q", &q.as_str())]);
    }
    let label = find
        .life_event
        .map(|v| v.label(lang))
        .or(find.theme.map(|v| v.label(lang)))
        .or(find.group.map(|v| v.label(lang)))
        .or(find.stage.map(|v| v.label(lang)));
    if let Some(label) = label {
        return label.to_string();
    }
    if let Some(d) = &find.department {
        return result
            .items
            .first()
            .map(|i| i.department.get(lang).to_string())
            .unwrap_or_else(|| d.to_param());
    }
    match find.target {
        Some(Target::Individual) => lang.t(Msg::TargetIndividual).to_string(),
        Some(Target::Enterprise) => lang.t(Msg::TargetEnterprise).to_string(),
        None => lang.t(Msg::FindTitle).to_string(),
    }
}

/// Where a service or bundle is handled (办理地): the place shown, and when
/// there are others, the choice of them as links (no JavaScript needed).
fn places_view(lang: Lang, chosen: &Place, all: &[Place]) -> AnyView {
    let label = format!("{}{}", lang.t(Msg::PlaceOfHandling), lang.t(Msg::Colon));
    if all.len() <= 1 {
        return view! {
            <p class="result-place">{label}<strong>{chosen.name.get(lang).to_string()}</strong></p>
        }
        .into_any();
    }
    let links = all
        .iter()
        .map(|p| {
            let current = (p.region == chosen.region).then_some("true");
            view! {
                <li><a href=p.href.clone() aria-current=current>{p.name.get(lang).to_string()}</a></li>
            }
        })
        .collect_view();
    view! {
        <details class="places">
            <summary>
                {label}<strong>{chosen.name.get(lang).to_string()}</strong>" · "
                <span class="places-change">{lang.fill(Msg::PlacesChange, &[("n", &all.len())])}</span>
            </summary>
            <ul class="place-list">{links}</ul>
        </details>
    }
    .into_any()
}

/// The bundles found, before the services: each leads to its application.
fn bundles_view(lang: Lang, bundles: &[BundleResult]) -> Option<AnyView> {
    if bundles.is_empty() {
        return None;
    }
    Some(
        view! {
            <ul class="results results-bundles" aria-label=lang.t(Msg::BundlesFound)>
                {bundles.iter().map(|b| view! {
                    <li class="result-bundle">
                        <a class="result-name" href=b.place.href.clone()>{b.name.get(lang).to_string()}</a>
                        <span class="bundle-tag">{lang.t(Msg::BundleTag)}</span>
                        <p class="result-meta">{b.summary.get(lang).to_string()}</p>
                        {places_view(lang, &b.place, &b.places)}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
    )
}

/// The region filter's choices: the whole province, each city, and the
/// county searched if it is one.
fn region_choices(
    lang: Lang,
    regions: &[crate::regions::Region],
    chosen: Option<RegionCode>,
) -> AnyView {
    use crate::regions::Level;
    regions
        .iter()
        .filter(|r| r.level != Level::County || Some(r.code) == chosen)
        .map(|r| {
            let label = if r.level == Level::Province {
                lang.t(Msg::FilterRegionAll).to_string()
            } else {
                r.name.get(lang).to_string()
            };
            view! { <option value=r.code.to_string() selected=Some(r.code) == chosen>{label}</option> }
        })
        .collect_view()
        .into_any()
}

#[component]
fn Results(
    find: Find,
    result: FindResult,
    departments: Vec<DepartmentCount>,
    regions: Vec<crate::regions::Region>,
) -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let title = heading(&find, &result, lang);
    let here = find.href();
    // Every filter but the words and the page: kept when searching again.
    let browse_keep: Vec<(String, String)> = find
        .to_params()
        .into_iter()
        .filter(|(k, _)| {
            !matches!(
                *k,
                "q" | "page" | "target" | "online" | "department" | "region"
            )
        })
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let mut search_keep = browse_keep.clone();
    search_keep.extend(
        find.to_params()
            .into_iter()
            .filter(|(k, _)| matches!(*k, "target" | "online" | "department" | "region"))
            .map(|(k, v)| (k.to_string(), v)),
    );
    let mut filter_keep = browse_keep.clone();
    if let Some(q) = &find.q {
        filter_keep.push(("q".to_string(), q.as_str().to_string()));
    }
    let pages = result.pages();
    let page_link = {
        let find = find.clone();
        move |page: u32| {
            Find {
                page,
                ..find.clone()
            }
            .href()
        }
    };
    let target = find.target;
    let chosen_dept = find.department.as_ref().map(|d| d.to_param());
    // Counts beside the filters follow the words: none when nothing matched.
    let found_any = result.total > 0 || !result.bundles.is_empty();
    // "Found 1 service": the count in bold inside its sentence.
    let found = crate::i18n::plural(lang.t(Msg::ResultsTotal), &result.total.to_string());
    let (found_before, found_after) = found.split_once("{n}").unwrap_or((found, ""));
    let region_open = find.region.is_some_and(|r| r != prefs.region);
    let bundles = bundles_view(lang, &result.bundles);
    let list = if result.items.is_empty() && result.bundles.is_empty() {
        view! { <NoResults/> }.into_any()
    } else {
        view! {
            {bundles}
            <ol class="results" start=find.offset() + 1>
                {result.items.iter().map(|i| {
                    let chosen = Place {
                        region: i.code.region(),
                        name: i.region.clone(),
                        href: format!("/services/{}", i.code),
                    };
                    view! {
                        <li>
                            <a class="result-name" href=chosen.href.clone()>{i.name.get(lang).to_string()}</a>
                            <p class="result-meta">
                                {i.department.get(lang).to_string()}
                                " · "{i.online_depth.label(lang)}
                                " · "{lang.t(Msg::ResultPromised)}" "{days(lang, i.promised_days)}
                            </p>
                            {places_view(lang, &chosen, &i.places)}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <Breadcrumbs trail=vec![services_crumb(lang), (here, title.clone())]/>
        <h1>{title}</h1>
        {find.q.as_ref().map(|q| view! { <crate::prefs::modes::HallTool q=q.as_str().to_string()/> })}
        <SearchBox value=find.q.as_ref().map(|q| q.as_str().to_string()).unwrap_or_default() keep=search_keep/>
        <details class="filters" open=find.target.is_some() || find.online || find.department.is_some() || region_open>
            <summary>{lang.t(Msg::Filters)}</summary>
            <form method="get" action="/services/find">
                {filter_keep
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <fieldset>
                    <legend>{lang.t(Msg::FilterTarget)}</legend>
                    <label class="choice">
                        <input type="radio" name="target" value="" checked=target.is_none()/>
                        {lang.t(Msg::FilterAny)}
                    </label>
                    {Target::ALL.into_iter().map(|t| view! {
                        <label class="choice">
                            <input type="radio" name="target" value=t.code() checked=target == Some(t)/>
                            {lang.t(match t { Target::Individual => Msg::TargetIndividual, Target::Enterprise => Msg::TargetEnterprise })}
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="field">
                    <label for="region">{lang.t(Msg::FilterRegion)}</label>
                    <select id="region" name="region">
                        {region_choices(lang, &regions, find.region)}
                    </select>
                </p>
                <p class="field">
                    <label for="department">{lang.t(Msg::FilterDepartment)}</label>
                    <select id="department" name="department">
                        <option value="" selected=chosen_dept.is_none()>{lang.t(Msg::FilterAny)}</option>
                        {departments.iter().map(|d| {
                            let value = d.filter().to_param();
                            let selected = chosen_dept.as_deref() == Some(value.as_str());
                            view! {
                                <option value=value selected=selected>
                                    {if found_any {
                                        format!("{} ({})", d.name.get(lang), d.count)
                                    } else {
                                        d.name.get(lang).to_string()
                                    }}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </p>
                <label class="choice">
                    <input type="checkbox" name="online" value="true" checked=find.online/>
                    {lang.t(Msg::FilterOnline)}
                </label>
                <button type="submit">{lang.t(Msg::FilterApply)}</button>
            </form>
        </details>
        <p class="result-count">
            {found_before}<strong>{result.total}</strong>{found_after}
            {find.is_narrowed().then(|| view! {
                " · "<a href=browse(|_| ()).href()>{lang.t(Msg::FilterClear)}</a>
            })}
        </p>
        {list}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=lang.t(Msg::Pagination)>
                {(find.page > 1).then(|| view! {
                    <a rel="prev" href=page_link(find.page - 1)>{lang.t(Msg::PrevPage)}</a>
                })}
                <span>{find.page}" / "{pages}</span>
                {(find.page < pages).then(|| view! {
                    <a rel="next" href=page_link(find.page + 1)>{lang.t(Msg::NextPage)}</a>
                })}
            </nav>
        })}
    }
}

/// Nothing matched: say so, and offer ways that do lead somewhere.
#[component]
fn NoResults() -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <div class="no-results">
            <p><strong>{lang.t(Msg::NoResults)}</strong></p>
            <p>{lang.t(Msg::NoResultsHelp)}</p>
            <ul class="facet-grid">
                {LifeEvent::ALL.iter().map(|&v| view! {
                    <li><a href=browse(|f| f.life_event = Some(v)).href()><span class="facet-name">{v.label(lang)}</span></a></li>
                }).collect_view()}
            </ul>
        </div>
    }
}
