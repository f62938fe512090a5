//! The server's database and HTTP tests, one test binary: one build and one
//! link instead of one per file, and each seed's template database made
//! once for the whole run (`common::db`). Each module is one capability's
//! tests over a real PostgreSQL (the server's `with-db` provides it, see the
//! Makefile); run one with `cargo test -p server --test it accounts::`.

mod common;
/// Files that are not what their name says (the upload checks' corpus).
#[path = "fixtures/uploads/mod.rs"]
mod corpus;

mod accounts;
mod after;
mod applications;
mod booking;
mod calendar;
mod catalog;
mod consultations;
mod demo;
mod desk;
// issue 20, documents
mod disclosure_report;
mod documents;
mod embedded;
mod enterprise;
mod forms;
mod generate_cases;
mod generate_projects;
mod generate_weibo;
mod hostile_text;
mod http;
// issue 20, requests
mod information_requests;
mod intermediaries;
mod investment;
mod investment_pages;
mod investment_plan;
mod investment_targets;
mod jobs;
mod letter_stats;
// issue 19, letters
mod letters;
mod navigator_cache;
mod openapi;
mod operations;
mod prefill;
mod publishing_roles;
mod pwa;
mod rating_boards;
mod ratings;
mod search;
mod stats;
mod uploads;
// issue 19, suggestions
mod suggestions;
// issue 19, interviews
mod interviews;
// issue 21, accounts
mod weibo_accounts;
// (end of issue 21, accounts)
// issue 21, posts
mod weibo_posts;
// issue 21, questions
mod weibo_questions;
// (end of issue 21, questions)
