//! The workflow engine: process definitions now; cases moving through them
//! (parallel review on the working-day clock) next.

pub mod definition;
