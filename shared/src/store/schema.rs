//! Opening the database file: durability settings and numbered, embedded migrations.
//!
//! A migration is never edited once shipped; a change is a new file. The schema version is
//! SQLite's `user_version`, and each migration runs in its own transaction with the bump.

use rusqlite::Connection;

use super::StoreError;

/// Migrations in file-number order; index + 1 is the version they bring the database to.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_requests.sql"),
    include_str!("migrations/0003_devices.sql"),
    include_str!("migrations/0004_first_calls.sql"),
    include_str!("migrations/0005_ratings.sql"),
    include_str!("migrations/0006_refused_requests.sql"),
    include_str!("migrations/0007_device_offline.sql"),
    include_str!("migrations/0008_sign_in_locks.sql"),
    include_str!("migrations/0009_devices_paired.sql"),
    include_str!("migrations/0010_api_keys_and_link_secret.sql"),
    include_str!("migrations/0011_hub_certificate.sql"),
    include_str!("migrations/0012_sign_in_locks_by_address.sql"),
];

/// Sets the pragmas every connection needs: write-ahead log, fsync on every commit.
pub fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// A connection to the database file at `path`, migrated, for a command run beside the
/// hub (WAL lets it read and write while the hub runs).
pub fn open_file(path: &std::path::Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Brings the schema up to date; refuses a database made by a newer version.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let version = version.max(0) as usize;
    if version > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}
