//! Banshi (办事): the online government service hall.
//!
//! One module per capability. Each holds its shared types, its `#[server]`
//! functions, its ssr-only queries and its pages. Domain rules are plain
//! functions on plain types, compiled for both the server and the browser.

#![recursion_limit = "256"]

pub mod accounts;
pub mod applications;
pub mod booking;
pub mod catalog;
pub mod clock;
pub mod consultations;
#[cfg(feature = "ssr")]
pub mod db;
pub mod disclosure;
pub mod enterprise;
pub mod error;
pub mod files;
pub mod hall;
pub mod i18n;
pub mod intermediaries;
pub mod interviews;
pub mod investment;
pub mod letters;
pub mod notifications;
pub mod prefs;
pub mod ratings;
pub mod regions;
pub mod review;
#[cfg(feature = "ssr")]
pub mod state;
pub mod suggestions;
pub mod supervision;
pub mod text;
pub mod tracking;
pub mod ui;
pub mod weibo;
pub mod workflow;
pub mod workorder;

#[cfg(feature = "ssr")]
pub use hall::shell;
pub use hall::App;
