//! Load a resource, wait for it, then show it or its error.

use crate::{
    error::{set_response_status, AppError},
    i18n::Msg,
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// The data of `data` shown by `view` once loaded ("loading…" until then);
/// an error is shown translated, with its status as the response's.
#[component]
pub fn Loaded<T, V, F>(data: Resource<Result<T, AppError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let lang = super::use_prefs().lang;
    view! {
        <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
            {move || {
                let show = view.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => show(value).into_any(),
                        Err(e) => {
                            set_response_status(e.status());
                            view! { <p class="notice" role="alert">{e.message(lang)}</p> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
