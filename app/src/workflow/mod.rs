//! The workflow engine: process definitions (graphs of steps), the
//! definitions made from catalog outlines and bundles, and cases moving
//! through them — parallel review on the working-day clock.

pub mod definition;
pub mod desk;
#[cfg(feature = "ssr")]
pub mod desk_store;
pub mod engine;
pub mod outline;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
