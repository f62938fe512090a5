//! The government footer (issue 17): what a Chinese government website
//! carries at its foot (政府网站发展指引, 2017): the sponsor (主办单位) and
//! operator (承办单位), how to contact them (联系我们), the site's
//! identification code (网站标识码), its ICP and public-security filings
//! (ICP 备案号, 公安机关备案号), the mark of a Party or government site
//! (党政机关网站标识) and the national "find a mistake" service (政府网站找错);
//! and elder mode (长辈版) for everyone. The numbers are deployment
//! settings (`BANSHI_SITE_*`, docs/configuration.md): a line shows only
//! when its setting is set, so nothing is invented; the demo's values say
//! they are a demo.

use crate::{
    i18n::{Lang, Msg},
    prefs::modes::ModeSwitch,
};
use leptos::prelude::*;

/// The footer's facts, each shown only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFooter {
    /// `BANSHI_SITE_SPONSOR`: 主办单位 (and `…_EN`, its English name).
    pub sponsor: Option<(String, Option<String>)>,
    /// `BANSHI_SITE_OPERATOR`: 承办单位 (and `…_EN`).
    pub operator: Option<(String, Option<String>)>,
    /// `BANSHI_SITE_CONTACT`: 联系我们, a page's address (`https://…`,
    /// `/…`), `mailto:` or `tel:`, or a line of text.
    pub contact: Option<String>,
    /// `BANSHI_SITE_ID`: 网站标识码 (10 characters, given by the State
    /// Council's office); also makes the 政府网站找错 link.
    pub site_id: Option<String>,
    /// `BANSHI_SITE_ICP`: ICP 备案号, e.g. 粤ICP备…号.
    pub icp: Option<String>,
    /// `BANSHI_SITE_PSB`: 公安机关备案号, e.g. 粤公网安备…号.
    pub psb: Option<String>,
    /// `BANSHI_SITE_CONAC`: the address the 党政机关网站标识 links to (its
    /// verification page at the registration authority).
    pub conac: Option<String>,
}

impl SiteFooter {
    /// The demo's footer: every value says it is a demo, and no filing
    /// number is invented.
    pub fn demo() -> SiteFooter {
        SiteFooter {
            sponsor: Some((
                "办事（Banshi）开源项目演示站点（非政府网站）".into(),
                Some("Banshi open-source demo site (not a government website)".into()),
            )),
            operator: None,
            contact: Some("/interaction".into()),
            site_id: None,
            icp: None,
            psb: None,
            conac: None,
        }
    }
}

#[cfg(feature = "ssr")]
static FOOTER: std::sync::OnceLock<SiteFooter> = std::sync::OnceLock::new();

/// Sets the footer for this process, once, at start.
#[cfg(feature = "ssr")]
pub fn configure(footer: SiteFooter) {
    let _ = FOOTER.set(footer);
}

/// The footer of this process (nothing set if never configured).
#[cfg(feature = "ssr")]
pub fn site_footer() -> SiteFooter {
    FOOTER.get().cloned().unwrap_or_default()
}

/// The "find a mistake" page of the national platform for this site.
const FIND_MISTAKE: &str =
    "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?websiteid=";
const ICP_REGISTRY: &str = "https://beian.miit.gov.cn/";
const PSB_REGISTRY: &str = "https://beian.mps.gov.cn/";

/// The foot of every page, in every mode: one column on phones.
#[component]
pub fn Footer(lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let f = site_footer();
    #[cfg(not(feature = "ssr"))]
    let f = SiteFooter::default();
    let name = move |(zh, en): (String, Option<String>)| match (lang, en) {
        (Lang::En, Some(en)) => en,
        (_, _) => zh,
    };
    let fact = move |label: Msg, value: AnyView| {
        view! { <li><span class="footer-label">{lang.t(label)}{lang.t(Msg::Colon)}</span>{value}</li> }
    };
    let contact = f.contact.map(|c| {
        let link = c.starts_with("http://")
            || c.starts_with("https://")
            || c.starts_with('/')
            || c.starts_with("mailto:")
            || c.starts_with("tel:");
        if link {
            view! { <li><a href=c>{lang.t(Msg::FooterContact)}</a></li> }.into_any()
        } else {
            fact(Msg::FooterContact, view! { <span>{c}</span> }.into_any()).into_any()
        }
    });
    let mistake = f.site_id.clone().map(|id| {
        view! { <li><a href=format!("{FIND_MISTAKE}{id}")>{lang.t(Msg::FooterFindMistake)}</a></li> }
    });
    let conac = f.conac.map(|href| {
        view! { <li><a href=href class="footer-conac">{lang.t(Msg::FooterConac)}</a></li> }
    });
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <ul class="footer-links">
                    {contact}
                    {mistake}
                    {conac}
                    <li class="footer-mode"><ModeSwitch/></li>
                </ul>
                <ul class="footer-facts">
                    {f.sponsor.map(|s| fact(Msg::FooterSponsor, view! { <span>{name(s)}</span> }.into_any()))}
                    {f.operator.map(|s| fact(Msg::FooterOperator, view! { <span>{name(s)}</span> }.into_any()))}
                    {f.site_id.map(|id| fact(Msg::FooterSiteId, view! { <span>{id}</span> }.into_any()))}
                    {f.icp.map(|n| view! { <li><a href=ICP_REGISTRY>{n}</a></li> })}
                    {f.psb.map(|n| view! { <li><a href=PSB_REGISTRY>{n}</a></li> })}
                </ul>
                <p class="footer-about">{lang.t(Msg::FooterAbout)}</p>
            </div>
        </footer>
    }
}
