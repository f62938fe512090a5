//! The files of a case on its page: what the applicant sent, each
//! labelled by its material (the same list the clerk's task shows).

use crate::{
    error::AppError,
    files::list::{files_list, CaseFile},
    i18n::{Lang, Msg},
};
use leptos::prelude::*;

/// The files of case `case_no`, for its applicant or the staff handling it.
#[server(prefix = "/sfn", endpoint = "case_files_data")]
pub async fn case_files_data(case_no: String) -> Result<Vec<CaseFile>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let no = super::CaseNo::parse(&case_no).ok_or(AppError::NotFound)?;
    let (case_id, _) =
        crate::workflow::store::case_view(&state.pool, &me, no.as_str(), state.now.today()).await?;
    crate::files::store::case_files(&state.pool, case_id).await
}

/// The section of the case page that lists its files.
#[component]
pub fn CaseFiles(case_no: String, lang: Lang) -> impl IntoView {
    let files = Resource::new(move || case_no.clone(), case_files_data);
    view! {
        <section aria-labelledby="files-h">
            <h2 id="files-h">{lang.t(Msg::FilesTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    files.await.ok().map(|f| files_list(lang, &f))
                })}
            </Suspense>
        </section>
    }
}
