//! What the server keeps in memory of a database: which database a pool
//! reads, so that servers of several databases in one process (as the
//! tests run them) keep their copies apart.

use sqlx::PgPool;

/// Which database a pool reads.
pub fn database_of(pool: &PgPool) -> String {
    let o = pool.connect_options();
    format!(
        "{}:{}:{:?}/{}",
        o.get_host(),
        o.get_port(),
        o.get_socket(),
        o.get_database().unwrap_or_default()
    )
}
