//! The booking pages — plain HTML forms that work without JavaScript:
//! `/book?service=CODE` (choose the office, defaulting to the person's
//! region, then the day, then a free time; `&booking=CODE` moves an
//! existing booking) and `/bookings/{code}` (the receipt of the visit:
//! where, when, the code, what to bring, print, reschedule, cancel).

use super::{BookingView, OfficeSlots, OfficeView, State};
use crate::{
    catalog::Material,
    error::{set_response_status, AppError},
    i18n::{Bilingual, Lang, Msg},
    ui::{row, signed_in_as, use_prefs, Loaded},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the booking page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookPageData {
    pub service_code: String,
    pub service: Bilingual,
    pub both_parties: bool,
    pub offices: Vec<OfficeView>,
    /// The chosen office (or the default one) and its days.
    pub chosen: Option<OfficeSlots>,
    /// The person's live booking of this service (its code).
    pub live: Option<String>,
    /// The booking being moved.
    pub moving: Option<BookingView>,
    pub idempotency_key: String,
    /// Citizens and enterprises book; officials do not.
    pub may_book: bool,
}

#[server(prefix = "/sfn", endpoint = "book_data")]
pub async fn book_data(
    service: String,
    office: Option<i64>,
    region: u32,
    booking: Option<String>,
) -> Result<BookPageData, AppError> {
    use crate::accounts::Role;
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    let pool = &state.pool;
    let bookable = super::store::bookable(pool, &service).await?;
    let now = state.now.now();
    let moving = match booking {
        Some(code) => Some(super::store::get(pool, &me, &code, now).await?),
        None => None,
    };
    let offices = super::store::offices(pool, &bookable.item).await?;
    let default = moving
        .as_ref()
        .map(|b| b.office.id)
        .or_else(|| offices.iter().find(|o| o.region == region).map(|o| o.id));
    let chosen = offices
        .iter()
        .find(|o| Some(o.id) == office.or(default))
        .or(offices.first())
        .cloned();
    let cal = crate::clock::store::load(pool).await?;
    let chosen = match chosen {
        Some(o) => Some(super::store::one_office_slots(pool, &cal, o, state.now.today()).await?),
        None => None,
    };
    Ok(BookPageData {
        service_code: bookable.item.code.to_string(),
        both_parties: super::both_parties(&bookable.item.key),
        service: bookable.item.name,
        offices,
        chosen,
        live: super::store::live_for(pool, &me, bookable.id).await?,
        moving,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        may_book: matches!(me.role, Role::Citizen | Role::Enterprise),
    })
}

#[server(prefix = "/sfn", endpoint = "booking_data")]
pub async fn booking_data(code: String) -> Result<BookingView, AppError> {
    let state = crate::state::AppState::from_context()?;
    let me = crate::accounts::current_user().ok_or(AppError::Unauthenticated)?;
    super::store::get(&state.pool, &me, &code, state.now.now()).await
}

/// A booking form sent back refused: the problem, and the key to keep (so
/// a corrected resubmission is still one booking).
#[derive(Debug, Clone)]
pub struct BookEcho {
    pub error: AppError,
    pub idempotency_key: Option<String>,
}

fn both_parties_note(lang: Lang, both: bool) -> Option<AnyView> {
    both.then(|| {
        view! { <p class="notice book-both">{lang.t(Msg::BookBothParties)}</p> }.into_any()
    })
}

/// `/book?service=CODE[&office=ID][&date=YYYY-MM-DD][&booking=CODE]`.
#[component]
pub fn BookPage() -> impl IntoView {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let title = lang.t(Msg::BookTitle);
    let query = use_query_map();
    let (service, office, date, booking) = query.with_untracked(|q| {
        (
            q.get("service").unwrap_or_default(),
            q.get("office").and_then(|o| o.parse::<i64>().ok()),
            q.get("date"),
            q.get("booking"),
        )
    });
    let path = format!("/book?service={}", urlencode(&service));
    if let Err(refused) = signed_in_as(lang, title, &path, None) {
        return refused;
    }
    let echo = use_context::<BookEcho>();
    let region = prefs.region.get();
    let data = Resource::new(
        move || (service.clone(), office, booking.clone()),
        move |(s, o, b)| book_data(s, o, region, b),
    );
    view! {
        <Loaded data title view=move |d| book_view(lang, d, date.clone(), echo.clone())/>
    }
    .into_any()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn book_view(
    lang: Lang,
    d: BookPageData,
    date: Option<String>,
    echo: Option<BookEcho>,
) -> impl IntoView {
    let moving = d.moving.clone();
    let heading = lang.fill(
        if moving.is_some() {
            Msg::BookRescheduleHeading
        } else {
            Msg::BookHeading
        },
        &[("service", &d.service.get(lang))],
    );
    let item_link = format!("/services/{}", d.service_code);
    let error = echo
        .as_ref()
        .map(|e| view! { <p class="notice error" role="alert" id="book-error">{e.error.message(lang)}</p> });
    let intro = view! {
        <Title text=heading.clone()/>
        <h1>{heading.clone()}</h1>
        {error}
        <p>{lang.t(Msg::BookWindowNote)} " " <a href=item_link>{lang.t(Msg::BookGuideLink)}</a></p>
        {both_parties_note(lang, d.both_parties)}
    };
    if !d.may_book {
        set_response_status(403);
        return view! { {intro} <p class="notice" role="alert">{AppError::Forbidden.message(lang)}</p> }.into_any();
    }
    if let (Some(code), None) = (&d.live, &moving) {
        return view! {
            {intro}
            <p class="notice">
                {lang.fill(Msg::BookAlreadyHave, &[("code", code)])} " "
                <a href=format!("/bookings/{code}")>{lang.t(Msg::BookViewLink)}</a>
            </p>
        }
        .into_any();
    }
    let Some(chosen) = d.chosen.clone() else {
        return view! { {intro} <p class="notice">{lang.t(Msg::BookNoOffices)}</p> }.into_any();
    };
    let keeps = moving.as_ref().map(|b| {
        view! {
            <p class="notice">
                {lang.fill(Msg::BookRescheduleKeeps, &[("date", &b.date), ("time", &b.time), ("place", &b.office.name.get(lang))])}
            </p>
        }
    });
    let booking_param = moving.as_ref().map(|b| b.code.clone());
    let office = chosen.office.clone();
    let options = d
        .offices
        .iter()
        .map(|o| {
            view! { <option value=o.id.to_string() selected=o.id == office.id>{o.name.get(lang).to_string()}</option> }
        })
        .collect_view();
    let moving_hidden = booking_param
        .clone()
        .map(|c| view! { <input type="hidden" name="booking" value=c/> });
    let base = {
        let mut q = format!(
            "/book?service={}&office={}",
            urlencode(&d.service_code),
            office.id
        );
        if let Some(c) = &booking_param {
            q.push_str(&format!("&booking={c}"));
        }
        q
    };
    let day = date
        .and_then(|wanted| chosen.days.iter().find(|x| x.date == wanted).cloned())
        .or_else(|| chosen.days.iter().find(|x| x.free() > 0).cloned());
    let days = chosen
        .days
        .iter()
        .map(|x| {
            let current = day.as_ref().is_some_and(|c| c.date == x.date);
            let label = if x.free() == 0 {
                lang.fill(Msg::BookDayFull, &[("date", &x.date)])
            } else {
                lang.fill(Msg::BookDayFree, &[("date", &x.date), ("n", &x.free())])
            };
            let href = format!("{base}&date={}#book-times", x.date);
            view! {
                <li>
                    <a href=href class=if current { "book-day current" } else { "book-day" }
                        aria-current=current.then_some("date")>{label}</a>
                </li>
            }
        })
        .collect_view();
    let action = match &booking_param {
        Some(c) => format!("/bookings/{c}/reschedule"),
        None => "/book".to_string(),
    };
    let key = echo
        .and_then(|e| e.idempotency_key)
        .unwrap_or(d.idempotency_key.clone());
    let times = day.map(|day| {
        let any = day.slots.iter().any(|s| s.free > 0);
        let slots = day
            .slots
            .iter()
            .map(|s| {
                if s.free == 0 {
                    view! { <li class="book-slot full">{lang.fill(Msg::BookTimeFull, &[("time", &s.time)])}</li> }.into_any()
                } else {
                    let id = format!("slot-{}", s.slot.replace([':', '-'], ""));
                    view! {
                        <li class="book-slot">
                            <input type="radio" name="slot" id=id.clone() value=s.slot.clone() required=true/>
                            <label for=id>{lang.fill(Msg::BookTimeFree, &[("time", &s.time), ("n", &s.free)])}</label>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        let confirm = if booking_param.is_some() { Msg::BookConfirmReschedule } else { Msg::BookConfirm };
        view! {
            <form method="post" action=action.clone() class="book-times">
                <input type="hidden" name="service" value=d.service_code.clone()/>
                <input type="hidden" name="office" value=office.id.to_string()/>
                <input type="hidden" name="idempotency_key" value=key.clone()/>
                <fieldset>
                    <legend id="book-times">{lang.fill(Msg::BookChooseTime, &[("date", &day.date)])}</legend>
                    <ul class="book-slots">{slots}</ul>
                </fieldset>
                {any.then(|| view! { <button type="submit" class="primary">{lang.t(confirm)}</button> })}
            </form>
        }
    });
    view! {
        {intro}
        {keeps}
        <form method="get" action="/book" class="book-office">
            <input type="hidden" name="service" value=d.service_code.clone()/>
            {moving_hidden}
            <label for="book-office">{lang.t(Msg::BookChooseOffice)}</label>
            <select id="book-office" name="office">{options}</select>
            <button type="submit">{lang.t(Msg::BookShowTimes)}</button>
        </form>
        <dl class="facts">
            {row(Msg::BookOffice, office.name.get(lang).to_string(), lang)}
            {row(Msg::BookAddress, office.address.get(lang).to_string(), lang)}
            {row(Msg::BookHours, office.hours.label(lang), lang)}
        </dl>
        <section aria-labelledby="book-days-h">
            <h2 id="book-days-h">{lang.t(Msg::BookChooseDay)}</h2>
            <ul class="book-days">{days}</ul>
        </section>
        {times}
    }
    .into_any()
}

/// `/bookings/{code}`: the receipt of a booked visit.
#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_prefs().lang;
    let title = lang.t(Msg::BookingTitle);
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let done = use_query_map().with_untracked(|q| q.get("done"));
    if let Err(refused) = signed_in_as(
        lang,
        title,
        &format!("/bookings/{}", urlencode(&code)),
        None,
    ) {
        return refused;
    }
    let echo = use_context::<BookEcho>();
    let data = Resource::new(move || code.clone(), booking_data);
    view! {
        <Loaded data title not_found=Msg::BookNotFound view=move |b| booking_view(lang, b, done.clone(), echo.clone())/>
    }
    .into_any()
}

fn materials_view(lang: Lang, materials: &[Material]) -> impl IntoView {
    materials
        .iter()
        .map(|m| {
            let what = if m.required { Msg::BookRequired } else { Msg::BookIfApplies };
            let copies = (m.copies > 0).then(|| lang.fill(Msg::BookCopies, &[("n", &m.copies)]));
            view! {
                <li>
                    <strong>{m.name.get(lang).to_string()}</strong>
                    {lang.fill(Msg::Parenthesised, &[("text", &lang.t(what))])}
                    {copies.map(|c| format!(" · {c}"))}
                    {(!m.notes.get(lang).is_empty()).then(|| view! { <br/><span class="hint">{m.notes.get(lang).to_string()}</span> })}
                </li>
            }
        })
        .collect_view()
}

fn booking_view(
    lang: Lang,
    b: BookingView,
    done: Option<String>,
    echo: Option<BookEcho>,
) -> impl IntoView {
    let title = lang.t(Msg::BookingTitle);
    let done = done.and_then(|d| match d.as_str() {
        "booked" => Some(Msg::BookDoneBooked),
        "moved" => Some(Msg::BookDoneMoved),
        "cancelled" => Some(Msg::BookDoneCancelled),
        _ => None,
    });
    let done = done.map(|m| view! { <p class="notice success" role="status">{lang.t(m)}</p> });
    let error =
        echo.map(|e| view! { <p class="notice error" role="alert">{e.error.message(lang)}</p> });
    let when = format!("{} {}", b.date, b.time);
    let actions = b.upcoming.then(|| {
        let moving = format!("/book?service={}&booking={}", b.service_code, b.code);
        view! {
            <section class="no-print book-actions" aria-labelledby="book-change-h">
                <h2 id="book-change-h">{lang.t(Msg::BookChangeTitle)}</h2>
                <p><a class="action" href=moving>{lang.t(Msg::BookReschedule)}</a></p>
                <form method="post" action=format!("/bookings/{}/cancel", b.code)>
                    <button type="submit" class="danger">{lang.t(Msg::BookCancel)}</button>
                </form>
            </section>
        }
    });
    let state_note = (b.state == State::Cancelled)
        .then(|| view! { <p class="notice">{lang.t(Msg::BookCancelledNote)}</p> });
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {done}
        {error}
        {state_note}
        <dl class="facts receipt">
            {row(Msg::BookCode, b.code.clone(), lang)}
            {row(Msg::BookService, b.service.get(lang).to_string(), lang)}
            {row(Msg::BookWhen, when, lang)}
            {row(Msg::BookOffice, b.office.name.get(lang).to_string(), lang)}
            {row(Msg::BookAddress, b.office.address.get(lang).to_string(), lang)}
            {row(Msg::BookState, b.state.label(lang).to_string(), lang)}
        </dl>
        {both_parties_note(lang, b.both_parties)}
        <p>{lang.t(Msg::BookArrive)}</p>
        <section aria-labelledby="book-bring-h">
            <h2 id="book-bring-h">{lang.t(Msg::BookBring)}</h2>
            <ul class="book-bring">{materials_view(lang, &b.materials)}</ul>
        </section>
        <crate::applications::after::PrintButton lang=lang/>
        {actions}
        <p class="no-print"><a href="/me">{lang.t(Msg::BookToMySpace)}</a></p>
    }
}
