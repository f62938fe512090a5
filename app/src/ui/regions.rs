//! The options of a region select: "choose", the whole province, then each
//! city (the whole city first) with its districts and counties.

use crate::{
    i18n::{Lang, Msg},
    regions::RegionChoices,
};
use leptos::prelude::*;

/// The `<option>`s of a region select, `current` (a code as typed)
/// selected.
pub fn region_options(lang: Lang, choices: &RegionChoices, current: &str) -> impl IntoView {
    let current = current.trim().to_string();
    let option = move |code: String, name: String| {
        let selected = code == current;
        view! { <option value=code selected=selected>{name}</option> }
    };
    let province = choices.province.clone().map(|(code, name)| {
        option(
            code,
            lang.fill(Msg::InvWholeProvince, &[("name", &name.get(lang))]),
        )
    });
    let cities = choices
        .cities
        .iter()
        .map(|(code, name, counties)| {
            let city = name.get(lang).to_string();
            let whole = option(
                code.clone(),
                lang.fill(Msg::WholeCityOf, &[("city", &city)]),
            );
            let counties = counties
                .iter()
                .map(|(code, name)| option(code.clone(), name.get(lang).to_string()))
                .collect_view();
            view! { <optgroup label=city>{whole}{counties}</optgroup> }
        })
        .collect_view();
    view! {
        <option value="">{lang.t(Msg::AddressChoose)}</option>
        {province}
        {cities}
    }
}
