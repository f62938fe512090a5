//! The workflow engine: process definitions (graphs of steps), the
//! definitions made from catalog outlines and bundles, and cases moving
//! through them — parallel review on the working-day clock.

pub mod definition;
pub mod engine;
pub mod outline;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod views;
