//! The letters pages.
