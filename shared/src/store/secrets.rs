//! Secrets the hub makes for itself: random on first start, kept in its database so they
//! survive restarts, never in the office file (whose shipped example is public).
//!
//! `links`: the key of the ticket pages' and rating tablets' links ([`crate::hub::links`]).
//! The hub reads it at start; a kiosk hosting the hub reads it from the same file, a kiosk
//! joining a hub is sent it in its welcome.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, schema};

/// Bytes of a secret (written as twice as many hex digits).
const SECRET_BYTES: usize = 32;

/// A new random secret in lower-case hex, from the operating system's generator.
pub fn random_hex(bytes: usize) -> String {
    (0..bytes)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect()
}

/// The key of the links, made now if this database has none yet (only then is the file
/// written: a kept key is read even from a file the hub may not write).
pub fn links_key(conn: &Connection) -> Result<String, StoreError> {
    let read = || -> Result<Option<String>, StoreError> {
        Ok(conn
            .prepare_cached("SELECT value FROM hub_secrets WHERE name = 'links'")?
            .query_row([], |r| r.get(0))
            .optional()?)
    };
    if let Some(key) = read()? {
        return Ok(key);
    }
    // Two processes opening a new file at once both try; the first one's key stays.
    conn.prepare_cached("INSERT OR IGNORE INTO hub_secrets (name, value) VALUES ('links', ?1)")?
        .execute(params![random_hex(SECRET_BYTES)])?;
    read()?.ok_or_else(|| StoreError::Corrupt("the links' key could not be kept".into()))
}

/// [`links_key`] of the database file at `path` (the hub may be running on it).
pub fn links_key_file(path: &Path) -> Result<String, StoreError> {
    let mut conn = Connection::open(path)?;
    schema::configure(&conn)?;
    schema::migrate(&mut conn)?;
    links_key(&conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_links_key_is_random_per_office_and_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let (one, two) = (dir.path().join("one.db"), dir.path().join("two.db"));
        let key = links_key_file(&one).expect("made");
        assert_eq!(key.len(), 64);
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(links_key_file(&one).expect("kept"), key);
        assert_ne!(links_key_file(&two).expect("another office"), key);
    }
}
