//! A case's files as people read them: each labelled by the material it
//! is the scan of, with its name, kind and size, a link to download it.
//! The one list of files of the applicant's case page and the clerk's
//! task page.

use crate::i18n::{human_size, Bilingual, Lang, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One file of a case.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    /// The upload's id (`GET /api/v1/uploads/{id}`).
    pub id: i64,
    pub name: String,
    /// `pdf`, `jpeg` or `png`, as judged by content.
    pub kind: String,
    pub bytes: i64,
    /// The material it is the scan of (none: sent without one, e.g. with
    /// a supplement).
    pub material: Option<Bilingual>,
}

/// The files as a list: the material first, then the file's link, kind
/// and size.
pub fn files_list(lang: Lang, files: &[CaseFile]) -> AnyView {
    if files.is_empty() {
        return view! { <p class="hint">{lang.t(Msg::FilesNone)}</p> }.into_any();
    }
    let items = files
        .iter()
        .map(|f| {
            let material = f
                .material
                .as_ref()
                .map(|m| m.get(lang).to_string())
                .unwrap_or_else(|| lang.t(Msg::MaterialUnlabelled).to_string());
            let about = format!(
                "{} · {}",
                f.kind.to_ascii_uppercase(),
                human_size(f.bytes.max(0) as u64)
            );
            view! {
                <li class="case-file">
                    <span class="file-material">{material}</span>
                    <a href=format!("/api/v1/uploads/{}", f.id)>{f.name.clone()}</a>
                    <span class="file-about">{about}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="case-files">{items}</ul> }.into_any()
}
