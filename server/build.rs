//! Builds the server again when a migration is added or changed: the
//! migrations are embedded at compile time (`sqlx::migrate!`), and cargo
//! would not otherwise look at the folder.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
