//! Shared types of the statistics pages and API.
