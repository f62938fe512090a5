//! The benchmarks, one binary: `cargo bench -p server --bench bench -- NAME`
//! runs the module NAME (the Makefile's `bench*` targets give it). Each
//! module's documentation says what it measures and against which target.
//! One binary links once in `make test`'s build, where six took six links.

mod common;
mod documents;
mod investment;
mod letters;
mod search;
mod services;
mod stats;
mod tracking;
mod weibo;
mod workflow;

const NAMES: &[&str] = &[
    "search",
    "workflow",
    "tracking",
    "stats",
    "services",
    "investment",
    "letters",
    "documents",
    "weibo",
];

fn main() {
    // cargo bench adds `--bench`; the first other argument names the bench.
    let name = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    match name.as_deref() {
        Some("search") => search::main(),
        Some("workflow") => workflow::main(),
        Some("tracking") => tracking::main(),
        Some("stats") => stats::main(),
        Some("services") => services::main(),
        Some("investment") => investment::main(),
        Some("letters") => letters::main(),
        Some("documents") => documents::main(),
        Some("weibo") => weibo::main(),
        other => {
            eprintln!("which benchmark? {} (got {other:?})", NAMES.join(", "));
            std::process::exit(2);
        }
    }
}
