//! Load a resource, wait for it, then show it or its error: the pattern of
//! nearly every page, written once.

use crate::{
    error::{set_response_status, AppError},
    i18n::Msg,
};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{de::DeserializeOwned, Serialize};

/// The data of `data` shown by `view` once loaded ("loading…" until then).
/// An error is shown translated, with its status as the response's; pages
/// whose heading comes with the data give their `title` to head the error,
/// and `not_found` names what was not found.
#[component]
pub fn Loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    view: F,
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional)] not_found: Option<Msg>,
) -> impl IntoView
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
                            let message = match (e, not_found) {
                                (AppError::NotFound, Some(msg)) => lang.t(msg).to_string(),
                                (e, _) => e.message(lang),
                            };
                            let heading = title.map(|t| view! { <Title text=t/> <h1>{t}</h1> });
                            view! {
                                {heading}
                                <p class="notice" role="alert">{message}</p>
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// A list loaded as `Loaded` loads it, `empty` said when it has nothing.
#[component]
pub fn LoadedList<T, V, F>(
    data: Resource<Result<Vec<T>, AppError>>,
    empty: Msg,
    view: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(Vec<T>) -> V + Clone + Send + Sync + 'static,
{
    let lang = super::use_prefs().lang;
    let show = move |list: Vec<T>| {
        if list.is_empty() {
            view! { <p>{lang.t(empty)}</p> }.into_any()
        } else {
            view(list).into_any()
        }
    };
    view! { <Loaded data view=show/> }
}
