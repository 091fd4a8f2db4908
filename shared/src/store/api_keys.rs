//! Named keys of the JSON API, each with one scope, so an integration holds only what it
//! needs and one can be withdrawn without touching the others. The office manager makes
//! and withdraws them with `kiosk api-keys add|list|revoke` on the database file, even while
//! the hub runs; the hub reads them on every request, so a withdrawn key stops at once.
//!
//! Only each key's SHA-256 is kept: a key is 256 random bits, so a fast hash is enough and
//! a copy of the database opens nothing.

use std::fmt;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::{StoreError, millis, schema, secrets::random_hex};

/// What a key may do on the JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Issue tickets: `POST /api/tickets`.
    Issue,
    /// Call the next ticket at a counter: `POST /api/counters/{n}/call-next`.
    Call,
    /// Read the state: `GET /api/state` and the stream `GET /events`.
    Read,
}

impl Scope {
    /// Every scope, in the order the docs list them.
    pub const ALL: [Scope; 3] = [Scope::Issue, Scope::Call, Scope::Read];

    /// The scope's name, as in `--scope` and the database.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Issue => "issue",
            Scope::Call => "call",
            Scope::Read => "read",
        }
    }

    /// The scope named `name`, if any.
    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A key as the database keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// The name the manager gave it, e.g. `cong-dich-vu-cong`.
    pub name: String,
    /// What it may do.
    pub scope: Scope,
    /// SHA-256 of the key, lower-case hex.
    pub hash: String,
    /// When it was made.
    pub created: DateTime<Utc>,
}

/// A key could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The name is empty, too long or has other characters than letters, digits, `-_.`.
    #[error(
        "an API key's name has 1 to 40 letters (a-z, 0-9) or - _ . (for example cong-dich-vu-cong), not {0:?}"
    )]
    BadName(String),
    /// A key of that name exists.
    #[error("there is already an API key named {0:?}; revoke it first or choose another name")]
    Taken(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// SHA-256 of `key`, lower-case hex: what the database keeps and a request is checked by.
pub fn hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn valid_name(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// Makes a key named `name` with `scope` at `now`; the key, to show once.
pub fn add(
    conn: &Connection,
    name: &str,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<String, AddError> {
    if !valid_name(name) {
        return Err(AddError::BadName(name.to_string()));
    }
    let key = format!("qo_{}", random_hex(32));
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO api_keys (name, scope, hash, created) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(StoreError::from)?
        .execute(params![name, scope.name(), hash(&key), millis(now)])
        .map_err(StoreError::from)?;
    if added == 0 {
        return Err(AddError::Taken(name.to_string()));
    }
    Ok(key)
}

/// Every key, by name.
pub fn list(conn: &Connection) -> Result<Vec<StoredKey>, StoreError> {
    let mut query =
        conn.prepare_cached("SELECT name, scope, hash, created FROM api_keys ORDER BY name")?;
    let rows = query.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut keys = Vec::new();
    for row in rows {
        let (name, scope, hash, created) = row?;
        keys.push(StoredKey {
            scope: Scope::parse(&scope)
                .ok_or_else(|| StoreError::Corrupt(format!("API key scope {scope:?}")))?,
            name,
            hash,
            created: DateTime::from_timestamp_millis(created).unwrap_or_default(),
        });
    }
    Ok(keys)
}

/// Withdraws the key named `name`; whether there was one.
pub fn revoke(conn: &Connection, name: &str) -> Result<bool, StoreError> {
    let removed = conn
        .prepare_cached("DELETE FROM api_keys WHERE name = ?1")?
        .execute(params![name])?;
    Ok(removed > 0)
}

/// The database file at `path`, opened for the manager's commands (the hub may be running
/// on it: the write-ahead log lets both work).
pub fn open_file(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    schema::configure(&conn)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_once_per_name_kept_hashed_and_withdrawn() {
        let dir = tempfile::tempdir().expect("dir");
        let conn = open_file(&dir.path().join("office.db")).expect("db");
        let now: DateTime<Utc> = "2026-12-05T02:00:00Z".parse().expect("time");
        let key = add(&conn, "cong-dich-vu-cong", Scope::Read, now).expect("made");
        assert!(key.starts_with("qo_") && key.len() == 67, "{key}");
        let listed = list(&conn).expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].hash, hash(&key));
        assert_eq!((listed[0].scope, listed[0].created), (Scope::Read, now));
        assert!(matches!(
            add(&conn, "cong-dich-vu-cong", Scope::Issue, now),
            Err(AddError::Taken(_))
        ));
        for bad in ["", "Cổng", "a b", &"x".repeat(41)] {
            assert!(matches!(
                add(&conn, bad, Scope::Issue, now),
                Err(AddError::BadName(_))
            ));
        }
        assert!(revoke(&conn, "cong-dich-vu-cong").expect("revoked"));
        assert!(!revoke(&conn, "cong-dich-vu-cong").expect("nothing left"));
        assert!(list(&conn).expect("listed").is_empty());
    }
}
