//! Tracking (进度查询): anyone with a case number and its query code sees
//! every step — department, unit, the post handling it (not the person),
//! status, start, deadline, working days left, pauses — with the parallel
//! branches side by side. An unknown case and a wrong code get the same
//! answer, and guessing is throttled. Once hydrated, the page refreshes
//! itself when a step changes.
//!
//! `timeline` is the pure rule (what the public sees of a case on a day),
//! `store` reads a case for it, `pages` shows it.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
mod timeline;
pub mod todo;

#[cfg(feature = "ssr")]
pub use store::{track, FAILURES_PER_CLIENT};
pub use timeline::{lanes, timeline, working_days_left, Head, PauseTrack, StepTrack, Track};
