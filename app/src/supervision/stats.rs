//! Statistics read from the rollups.
