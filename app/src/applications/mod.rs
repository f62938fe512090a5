//! Applying online (在线申办): forms generated from each item's field
//! definitions, one form for a bundle (一件事), drafts, idempotent
//! submission, case numbers and query codes, the receipt (受理回执).

pub mod form;
