//! How a microblog account appears everywhere (the hall, a post, a question,
//! a search result, the staff pages): its name, linked to its page, with
//! the one mark of verification (政务认证) — an institution's and an
//! official's marked differently, an official's with the capacity — and
//! nothing for an account not (or no longer) verified.

use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An account's kind: a unit's (institution) or an official's post.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountKind))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A department's or a region's government's account (机构账号).
    Institution,
    /// An official's account, bound to the post (公职人员账号).
    Official,
}

impl AccountKind {
    pub fn code(self) -> &'static str {
        match self {
            AccountKind::Institution => "institution",
            AccountKind::Official => "official",
        }
    }

    pub fn parse(code: &str) -> Option<AccountKind> {
        [AccountKind::Institution, AccountKind::Official]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// An account as it appears beside its posts and questions.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WeiboAccountName))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountName {
    /// `/weibo/@{handle}`; also `acct:{handle}@host` (WebFinger).
    pub handle: String,
    pub name: String,
    pub kind: AccountKind,
    /// An official's capacity (e.g. 广州市民政局局长).
    pub capacity: Option<String>,
    /// Verified now: only then is the mark shown.
    pub verified: bool,
}

impl AccountName {
    /// The account's page.
    pub fn path(&self) -> String {
        format!("/weibo/@{}", self.handle)
    }
}

/// The mark of verification alone (政务认证), or nothing when not verified.
#[component]
pub fn Mark(lang: Lang, kind: AccountKind, verified: bool) -> impl IntoView {
    verified.then(|| {
        let (class, label) = match kind {
            AccountKind::Institution => ("wb-mark", Msg::WeiboMarkInstitution),
            AccountKind::Official => ("wb-mark wb-mark-official", Msg::WeiboMarkOfficial),
        };
        view! {
            <span class=class title=lang.t(label)>
                <span aria-hidden="true">"V"</span>
                <span class="wb-mark-text">{lang.t(label)}</span>
            </span>
        }
    })
}

/// The account's name linked to its page, with its mark and, for an
/// official, the capacity.
#[component]
pub fn AccountLink(lang: Lang, account: AccountName) -> impl IntoView {
    let path = account.path();
    view! {
        <span class="wb-account">
            <a href=path class="wb-account-name">{account.name.clone()}</a>
            <Mark lang=lang kind=account.kind verified=account.verified/>
            {account.capacity.clone().map(|c| view! { <span class="wb-capacity">{c}</span> })}
        </span>
    }
}
