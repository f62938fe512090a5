//! Investment projects in the database.
