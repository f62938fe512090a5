//! The hall's shell: the document, the layout every page shares (skip link,
//! header with the language and region switches, the five channels, footer),
//! the home page, the channel pages and the not-found page.

mod channels;
pub mod footer;
pub mod interaction;
mod layout;

use crate::{
    accounts::pages::MySpacePage,
    applications::pages::CasePage,
    catalog::ItemPage,
    consultations::pages::{ItemFaq, MyConsultations},
    i18n::{Lang, Msg},
    prefs::Prefs,
    ratings::pages::{rating_section, MyRatings},
    regions::{list_regions, Region},
    ui::use_prefs,
};
use channels::{HomePage, NotFound};
use layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The server-rendered document around the app, with the hydration scripts
/// (which carry the response's CSP nonce, see the server's middleware).
#[cfg(feature = "ssr")]
pub fn shell(options: leptos::config::LeptosOptions) -> impl IntoView {
    use leptos::hydration::HydrationScripts;
    use leptos_meta::{HashedStylesheet, MetaTags};

    let prefs = Prefs::current();
    let routed = routed_fetch();
    if routed {
        // What `HydrationScripts islands=true` does besides writing the
        // scripts: outside islands, nothing is serialized for hydration.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=prefs.lang.tag() data-region=prefs.region.to_string() data-mode=prefs.mode.code() data-kiosk=prefs.kiosk.then_some("")>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#a3161a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Installable: the manifest, and the service worker registered
                // by a file of this site (no inline script; see server/src/pwa.rs).
                // 'self' allows it; it carries the nonce like every script.
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <script src="/pwa.js" defer=true nonce=leptos::nonce::use_nonce()></script>
                <HashedStylesheet options=options.clone() id="leptos"/>
                {(!routed).then(|| view! {
                    <ScriptsOn/>
                    <HydrationScripts options islands=true/>
                    <RouterScript/>
                })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Whether this request is the page router's fetch (`Islands-Router: true`,
/// see `router.js`): its answer is swapped into a page that already runs
/// the scripts, so they are left out (the answer varies on the header).
#[cfg(feature = "ssr")]
fn routed_fetch() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get("islands-router")
            .is_some_and(|v| v.as_bytes() == b"true")
    })
}

/// Marks `<html>` with the class `js` before the body is parsed, so that
/// the stylesheet lays out the scripted page from the first paint (the
/// phone menu folded) instead of shifting it when the WASM arrives.
#[cfg(feature = "ssr")]
#[component]
fn ScriptsOn() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce>"document.documentElement.classList.add('js')"</script> }
}

/// The page router (`router.js`): links and GET forms swap the page in
/// place; inline with the response's nonce, like Leptos' own scripts.
#[cfg(feature = "ssr")]
#[component]
fn RouterScript() -> impl IntoView {
    // Its comments and indentation left out once (a third of its bytes).
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let script = SCRIPT.get_or_init(|| {
        include_str!("router.js")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script.as_str()}</script> }
}

/// The regions, loaded once per page and shared by the header and pages.
#[derive(Clone, Copy)]
pub(crate) struct Regions(pub Resource<Result<Vec<Region>, crate::error::AppError>>);

/// The chosen region's name in `<strong>`, once the region list has loaded
/// (its code if the list does not know it). It loads the list with its own
/// resource rather than reading the header's under a second `<Suspense>`,
/// a pattern reported to hang streamed responses (leptos-rs/leptos#4851).
#[component]
pub(crate) fn ChosenRegion() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let regions = Resource::new(|| (), |_| list_regions());
    let name = move || {
        Suspend::new(async move {
            let name = regions
                .await
                .ok()
                .and_then(|list| {
                    list.iter()
                        .find(|r| r.code == prefs.region)
                        .map(|r| r.name.get(lang).to_string())
                })
                .unwrap_or_else(|| prefs.region.to_string());
            view! { <strong>{name}</strong> }
        })
    };
    view! { <Suspense fallback=move || lang.t(Msg::Loading)>{name}</Suspense> }
}

// Pages of one capability that show a part of another's get that part
// from here, so that no capability's pages import another's.

/// An item's frequent questions, on its page.
fn item_faq(code: String, lang: Lang) -> AnyView {
    view! { <ItemFaq code lang/> }.into_any()
}

/// A citizen's ratings and consultations, in their space.
fn my_elsewhere(lang: Lang) -> AnyView {
    view! {
        <MyRatings lang/>
        <MyConsultations lang/>
    }
    .into_any()
}

/// The application: routes inside the shared layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let prefs = Prefs::current();
    provide_context(prefs);
    provide_context(Regions(Resource::new(|| (), |_| list_regions())));
    let lang = prefs.lang;
    let site = lang.t(Msg::SiteName);

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site.to_string() } else { format!("{page} – {site}") }
        }/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/investment") view=crate::investment::pages::InvestmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/investment/register") view=crate::investment::pages::RegisterProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/investment/status") view=crate::investment::pages::ProjectLookupPage ssr=SsrMode::Async/>
                    <Route path=path!("/investment/stats") view=crate::investment::pages::InvestmentStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/investment/projects/:code") view=crate::investment::pages::ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/projects") view=crate::investment::pages::MyProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("/services") view=crate::catalog::NavigatorPage ssr=SsrMode::Async/>
                    <Route path=path!("/services/find") view=crate::catalog::FindPage ssr=SsrMode::Async/>
                    <Route path=path!("/services/:code") view=|| view! { <ItemPage faq=item_faq/> } ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=crate::accounts::pages::LoginPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/register")
                        view=|| view! { <crate::accounts::pages::RegisterPage enterprise=false/> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/register/enterprise")
                        view=|| view! { <crate::accounts::pages::RegisterPage enterprise=true/> }
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/me") view=|| view! { <MySpacePage elsewhere=my_elsewhere/> } ssr=SsrMode::Async/>
                    <Route path=path!("/me/enterprise") view=crate::enterprise::pages::EnterprisePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/intermediary") view=crate::intermediaries::pages::MyIntermediaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=crate::accounts::pages::StaffDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=crate::accounts::pages::AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/investment-targets") view=crate::investment::targets_page::InvestmentTargetsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/publishing-roles") view=crate::review::grants_page::PublishingRolesPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view=crate::applications::pages::ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/check") view=crate::applications::check::CheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/track") view=crate::tracking::pages::TrackPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:case_no") view=|| view! { <CasePage rating=rating_section/> } ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:case_no/receipt") view=crate::applications::pages::ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/tasks") view=crate::workflow::pages::WorkbenchPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/tasks/:id") view=crate::workflow::pages::TaskPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/rectifications") view=crate::ratings::pages::RectificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/rectifications/:id") view=crate::ratings::pages::RectificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/ratings") view=crate::ratings::pages::RatingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/book") view=crate::booking::pages::BookPage ssr=SsrMode::Async/>
                    <Route path=path!("/bookings/:code") view=crate::booking::pages::BookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/intermediaries") view=crate::intermediaries::pages::MarketPage ssr=SsrMode::Async/>
                    <Route path=path!("/intermediaries/:id") view=crate::intermediaries::pages::IntermediaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/purchases/:no") view=crate::intermediaries::pages::PurchasePage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=crate::notifications::pages::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/consult") view=crate::consultations::pages::ConsultPage ssr=SsrMode::Async/>
                    <Route path=path!("/consultations/:id") view=crate::consultations::pages::ConsultationPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/consultations") view=crate::consultations::pages::StaffConsultationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/consultations/:id") view=crate::consultations::pages::StaffConsultationPage ssr=SsrMode::Async/>
                    <Route path=path!("/interaction") view=interaction::InteractionPage ssr=SsrMode::Async/>
                    <Route path=path!("/consultations") view=crate::consultations::pages::PublicQuestionsPage ssr=SsrMode::Async/>
                    // letters
                    <Route path=path!("/letters") view=crate::letters::pages::PublicLettersPage ssr=SsrMode::Async/>
                    <Route path=path!("/letters/new") view=crate::letters::pages::WriteLetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/letters/stats") view=crate::letters::stats_page::LetterStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/letters/:no") view=crate::letters::pages::LetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/letters") view=crate::letters::pages::MyLettersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/letters") view=crate::letters::pages::StaffLettersPage ssr=SsrMode::Async/>
                    <Route path=path!("/supervision") view=crate::supervision::pages::SupervisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/supervision/cases/:case_no") view=crate::supervision::case_page::SupervisedCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/stats") view=crate::supervision::pages::StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/stats/regions/:code") view=crate::supervision::pages::RegionStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/stats/departments/:id") view=crate::supervision::pages::DepartmentStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/stats/posts/:id") view=crate::supervision::pages::PostStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/disclosure/report") view=crate::disclosure::report_page::AnnualReportPage ssr=SsrMode::Async/>
                    // documents
                    <Route path=path!("/disclosure") view=crate::disclosure::documents::pages::DisclosurePage ssr=SsrMode::Async/>
                    <Route path=path!("/disclosure/documents") view=crate::disclosure::documents::pages::DocumentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/disclosure/documents/:index_no") view=crate::disclosure::documents::pages::DocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/documents") view=crate::disclosure::documents::pages::StaffDocumentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/documents/:id") view=crate::disclosure::documents::pages::StaffDocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/review") view=crate::review::pages::ReviewQueuePage ssr=SsrMode::Async/>
                    // (end of issue 20, documents)
                    // suggestions
                    <Route path=path!("/suggestions") view=crate::suggestions::pages::SuggestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/suggestions/:topic") view=crate::suggestions::pages::TopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/suggestions/:topic/s/:id") view=crate::suggestions::pages::SuggestionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/suggestions") view=crate::suggestions::pages::StaffSuggestionsPage ssr=SsrMode::Async/>
                    // requests
                    <Route path=path!("/disclosure/requests/new") view=crate::disclosure::requests::pages::NewInformationRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/information-requests") view=crate::disclosure::requests::pages::MyInformationRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/information-requests/:no") view=crate::disclosure::requests::pages::MyInformationRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/information-requests") view=crate::disclosure::requests::pages::StaffInformationRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/information-requests/:no") view=crate::disclosure::requests::pages::StaffInformationRequestPage ssr=SsrMode::Async/>
                    // (end of issue 20, requests)
                    // interviews
                    <Route path=path!("/interviews") view=crate::interviews::pages::InterviewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/interviews/:id") view=crate::interviews::pages::InterviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/interviews") view=crate::interviews::pages::StaffInterviewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/interviews/:id") view=crate::interviews::pages::StaffInterviewPage ssr=SsrMode::Async/>
                    // accounts
                    <Route path=path!("/weibo/apply") view=crate::weibo::accounts::pages::ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/accounts") view=crate::weibo::accounts::pages::AccountQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/accounts/:id") view=crate::weibo::accounts::pages::AccountReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/team/:handle") view=crate::weibo::accounts::pages::TeamPage ssr=SsrMode::Async/>
                    // (end of issue 21, accounts)
                    // posts
                    <Route path=path!("/weibo") view=crate::weibo::hall::pages::HallPage ssr=SsrMode::Async/>
                    <Route path=path!("/weibo/refutations") view=crate::weibo::hall::pages::RefutationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/weibo/r/:city") view=crate::weibo::hall::pages::CityHallPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/weibo") view=crate::weibo::hall::pages::MyWeiboPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo") view=crate::weibo::posts::pages::StaffWeiboPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/posts/new") view=crate::weibo::posts::pages::StaffNewPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/posts/:id") view=crate::weibo::posts::pages::StaffPostPage ssr=SsrMode::Async/>
                    // questions
                    <Route path=path!("/weibo/index") view=crate::weibo::assessment::pages::IndexPage ssr=SsrMode::Async/>
                    <Route path=path!("/weibo/:at/ask") view=crate::weibo::questions::pages::AskPage ssr=SsrMode::Async/>
                    <Route path=path!("/weibo/:at/questions") view=crate::weibo::questions::pages::AccountQuestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/weibo/questions") view=crate::weibo::questions::pages::MyQuestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/weibo/questions/:no") view=crate::weibo::questions::pages::MyQuestionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/questions") view=crate::weibo::questions::pages::StaffQuestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/weibo/questions/:no") view=crate::weibo::questions::pages::StaffQuestionPage ssr=SsrMode::Async/>
                    // (end of issue 21, questions)
                    // (the account's and post's pages match any segment: keep them last of the hall's)
                    <Route path=path!("/weibo/:handle") view=crate::weibo::hall::pages::AccountPageView ssr=SsrMode::Async/>
                    <Route path=path!("/weibo/:handle/:post") view=crate::weibo::hall::pages::PostPageView ssr=SsrMode::Async/>
                    // (end of issue 21, posts)
                </Routes>
            </Layout>
        </Router>
    }
}
