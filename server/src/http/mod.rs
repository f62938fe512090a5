//! The one HTTP layer every handler goes through: who is asking
//! ([`SignedIn`], [`Viewer`]), reading bodies ([`JsonBody`], [`Posted`];
//! [`FormPost`] for a form only a signed-in person may post),
//! the idempotency key, and one way to finish a form post ([`finish`]):
//! success goes on (a redirect), a refusal renders the same page again
//! with what was typed and the error's status ([`status_of`]).
//!
//! Handlers call one store function between these and map its answer, so
//! the JSON API and the plain HTML forms of one action differ only in how
//! the request is read and how the answer is written.

pub mod cache;
mod extract;
mod form;
mod refuse;

pub use extract::{idempotency_key, read_body, JsonBody, SignedIn, Viewer, JSON_LIMIT};
pub use form::{
    FormLimit, FormPage, FormPost, PageAbove, Posted, ThisPage, FORM_LIMIT, FORM_WITH_SCANS_LIMIT,
};
pub use refuse::{
    finish, redirect, refuse, rerender_with, see_other, sign_in_first, status_of, SendBack,
};
