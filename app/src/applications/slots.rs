//! The form's upload slots: one per material, each marked required or
//! conditional, with its notes, a sample where the catalog has one, the
//! scans already received (each with a box to delete it) and its own file
//! input — without JavaScript the files travel with the form, each under
//! its slot's name (`scan.<material key>`); once hydrated, a slot uploads
//! its file at once with a progress bar and a preview.

use super::materials::{input_id, input_name, ChosenUpload, MaterialSlot};
use crate::{
    error::FieldRefusal,
    i18n::{Lang, Msg},
};
use leptos::prelude::*;

/// The file types a slot accepts.
pub const ACCEPT: &str = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/// The upload slots of the form.
pub fn slots_view(
    lang: Lang,
    slots: &[MaterialSlot],
    uploaded: &[(ChosenUpload, String)],
    errors: &[FieldRefusal],
) -> impl IntoView {
    if slots.is_empty() {
        return None;
    }
    let items = slots
        .iter()
        .map(|slot| {
            let id = input_id(&slot.key);
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let error = errors
                .iter()
                .find(|e| e.field == id)
                .map(|e| e.text.get(lang).to_string());
            let (mark_class, mark) = if slot.required {
                ("mark mark-required", lang.t(Msg::MaterialMarkRequired))
            } else {
                ("mark mark-conditional", lang.t(Msg::MaterialMarkConditional))
            };
            let name = slot.name.get(lang).to_string();
            let notes = slot.notes.get(lang).to_string();
            let sample = slot.sample.clone().map(|href| {
                let text = lang.fill(Msg::MaterialSample, &[("material", &name)]);
                view! { " " <a href=href class="sample" target="_blank" rel="noopener">{text}</a> }
            });
            let received = uploaded
                .iter()
                .filter(|(c, _)| c.material == slot.key)
                .map(|(c, file)| {
                    let remove_id = format!("remove-{}", c.id);
                    let remove_for = remove_id.clone();
                    let value = c.id.to_string();
                    let kept_name = format!("upload.{}", slot.key);
                    view! {
                        <li class="slot-file">
                            <span class="file-name">{file.clone()}</span>
                            <input type="hidden" name=kept_name value=value.clone()/>
                            <label class="remove" for=remove_for>
                                <input type="checkbox" id=remove_id name="remove" value=value/>
                                {lang.t(Msg::MaterialDelete)} <span class="sr-only">{file.clone()}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            let label_for = id.clone();
            let described = format!("{hint_id} scan-formats {error_id}");
            let invalid = error.is_some().then_some("true");
            let received_label = lang.fill(Msg::MaterialReceivedOf, &[("material", &name)]);
            view! {
                <li class="slot" class:invalid=error.is_some() data-material=slot.key.clone()>
                    <label for=label_for class="slot-name">{name.clone()}</label>
                    " " <span class=mark_class>{mark}</span>
                    <p class="hint" id=hint_id>{notes}{sample}</p>
                    <ul class="slot-files" aria-label=received_label>{received}</ul>
                    <SlotUpload lang=lang material=slot.key.clone() input_id=id described=described invalid=invalid.is_some()/>
                    <p class="field-error" id=error_id hidden=error.is_none()>{error.clone().unwrap_or_default()}</p>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="form-section materials-section" aria-labelledby="materials-h">
            <h2 id="materials-h">{lang.t(Msg::ApplyMaterials)}</h2>
            <p class="hint" id="scan-formats">{lang.t(Msg::UploadHint)}</p>
            <ul class="slots">{items}</ul>
        </section>
    })
}

/// A slot's file input. Without JavaScript its files travel with the form
/// (`scan.<material key>`); once hydrated, each file chosen is uploaded at
/// once with a progress bar, then shown (name, size, a thumbnail of a
/// picture) with a button to delete it, and only its id travels with the
/// form (`upload.<material key>`).
#[island]
pub fn SlotUpload(
    lang: Lang,
    material: String,
    input_id: String,
    described: String,
    invalid: bool,
) -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    let uploaded = RwSignal::new(Vec::<UploadedFile>::new());
    let problem = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(files) = input.files() else { return };
            for i in 0..files.length() {
                if let Some(file) = files.get(i) {
                    upload(file, input.clone(), progress, uploaded, problem, lang);
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let kept_name = format!("upload.{material}");
    view! {
        <input
            type="file"
            id=input_id
            name=input_name(&material)
            accept=ACCEPT
            multiple=true
            aria-describedby=described
            aria-invalid=invalid.then_some("true")
            on:change=on_change
        />
        {move || progress.get().map(|p| view! {
            <progress max="100" value=p.to_string() aria-label=lang.t(Msg::UploadProgress)>{format!("{p}%")}</progress>
        })}
        <ul class="slot-files">
            {move || {
                let kept_name = kept_name.clone();
                uploaded.get().into_iter().map(move |f| {
                    let id = f.id.clone();
                    let remove = move |_| uploaded.update(|u| u.retain(|x| x.id != id));
                    view! {
                        <li class="slot-file">
                            {f.image.then(|| view! { <img class="thumb" src=format!("/api/v1/uploads/{}", f.id) alt=""/> })}
                            <span class="file-name">{f.name.clone()}</span>
                            <span class="file-about">{f.size.clone()}</span>
                            <input type="hidden" name=kept_name.clone() value=f.id.clone()/>
                            <button type="button" class="slot-delete" on:click=remove>
                                {lang.t(Msg::MaterialDelete)} <span class="sr-only">{f.name.clone()}</span>
                            </button>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
        <p class="field-error" role="alert" hidden=move || problem.get().is_none()>{move || problem.get().unwrap_or_default()}</p>
    }
}

/// A file an upload island has sent: its upload id, name, size as read
/// and whether it is a picture (shown as a thumbnail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    pub id: String,
    pub name: String,
    pub size: String,
    pub image: bool,
}

#[cfg(feature = "hydrate")]
pub(crate) fn upload(
    file: web_sys::File,
    input: web_sys::HtmlInputElement,
    progress: RwSignal<Option<u32>>,
    uploaded: RwSignal<Vec<UploadedFile>>,
    problem: RwSignal<Option<String>>,
    lang: Lang,
) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    if xhr.open("POST", "/api/v1/uploads").is_err() {
        return;
    }
    let name = file.name();
    let encoded: String = js_sys::encode_uri_component(&name).into();
    let _ = xhr.set_request_header("x-file-name", &encoded);
    let kind = file.type_();
    let _ = xhr.set_request_header(
        "content-type",
        if kind.is_empty() {
            "application/octet-stream"
        } else {
            &kind
        },
    );
    progress.set(Some(0));
    problem.set(None);
    if let Ok(up) = xhr.upload() {
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(Some((e.loaded() / e.total() * 100.0) as u32));
                }
            });
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let done_xhr = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let text = done_xhr.response_text().ok().flatten().unwrap_or_default();
        let body: UploadAnswer = serde_json::from_str(&text).unwrap_or_default();
        if done_xhr.status().unwrap_or(0) == 201 {
            progress.set(Some(100));
            let file = UploadedFile {
                id: body.id.unwrap_or_default().to_string(),
                name: body.name.unwrap_or_default(),
                size: crate::i18n::human_size(body.bytes.unwrap_or_default()),
                image: body.kind.as_deref().is_some_and(|k| k != "pdf"),
            };
            uploaded.update(|u| u.push(file));
            // The file now travels as its id, not again with the form.
            input.set_value("");
        } else {
            progress.set(None);
            problem.set(Some(
                body.error
                    .and_then(|e| e.message)
                    .unwrap_or_else(|| lang.t(Msg::UploadFailed).to_string()),
            ));
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let _ = xhr.send_with_opt_blob(Some(&file));
}

/// What the upload API answers, as far as the upload island reads it (typed:
/// `serde_json::Value` would bring its whole parser into the WASM).
#[cfg(feature = "hydrate")]
#[derive(Default, serde::Deserialize)]
struct UploadAnswer {
    id: Option<i64>,
    name: Option<String>,
    kind: Option<String>,
    bytes: Option<u64>,
    error: Option<UploadRefusal>,
}

#[cfg(feature = "hydrate")]
#[derive(serde::Deserialize)]
struct UploadRefusal {
    message: Option<String>,
}
