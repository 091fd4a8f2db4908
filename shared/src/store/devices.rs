//! The office's paired devices: each has its own random token, of which the store keeps
//! only the SHA-256 hash, and may act only as the role, name and counter approved.
//!
//! The manager's commands (`kiosk devices ...`) and the hub use these same functions, on
//! the same file, at the same time (WAL).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{StoreError, millis};
use crate::model::CounterId;
use crate::protocol::Role;

/// A device as the office approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its name, unique in the office, e.g. `quay-3`.
    pub name: String,
    /// What it is.
    pub role: Role,
    /// For a counter: its number.
    pub counter: Option<CounterId>,
    /// When it was approved.
    pub approved_at: DateTime<Utc>,
    /// When its pairing was withdrawn, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Why a device could not be added.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// Another device already has the name.
    #[error("a device named {0:?} is already paired; revoke it first, or choose another name")]
    NameTaken(String),
    /// A counter needs its number; no other role has one.
    #[error("{0}")]
    Invalid(String),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for DeviceError {
    fn from(e: rusqlite::Error) -> Self {
        DeviceError::Store(e.into())
    }
}

/// A new device token: 256 random bits as 64 hex digits.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash the store keeps of a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The role's name as stored.
pub(super) fn role_from(text: &str) -> Result<Role, rusqlite::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Checks that a counter has a number and nothing else does.
pub fn check_shape(role: Role, counter: Option<CounterId>) -> Result<(), DeviceError> {
    match (role, counter) {
        (Role::Counter, None) => Err(DeviceError::Invalid(
            "a counter device needs its counter's number".into(),
        )),
        (Role::Counter, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(DeviceError::Invalid(format!(
            "only a counter device has a counter number, not a {}",
            role.as_str()
        ))),
    }
}

/// Checks a device name: 1 to 64 printable characters.
pub fn check_name(name: &str) -> Result<(), DeviceError> {
    if (1..=64).contains(&name.chars().count()) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(DeviceError::Invalid(
            "a device name has 1 to 64 printable characters".into(),
        ))
    }
}

/// Adds a device with a token whose hash is `hash`, unless a device of that name is paired
/// (a revoked one is replaced).
pub(super) fn insert(
    conn: &Connection,
    name: &str,
    role: Role,
    counter: Option<CounterId>,
    hash: &[u8],
    now: DateTime<Utc>,
) -> Result<(), DeviceError> {
    check_name(name)?;
    check_shape(role, counter)?;
    let active: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM devices WHERE name = ?1 AND revoked_at IS NULL")?
        .query_row(params![name], |r| r.get(0))
        .optional()?;
    if active.is_some() {
        return Err(DeviceError::NameTaken(name.to_string()));
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO devices (name, role, counter, token_hash, approved_at, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
    )?
    .execute(params![
        name,
        role.as_str(),
        counter.map(|c| c.0),
        hash,
        millis(now)
    ])?;
    Ok(())
}

/// Enrols a device without pairing (`kiosk devices add`): a new token for it, returned
/// once. Refused if a device of that name is paired.
pub fn add(
    conn: &Connection,
    name: &str,
    role: Role,
    counter: Option<CounterId>,
    now: DateTime<Utc>,
) -> Result<String, DeviceError> {
    let token = new_token();
    insert(conn, name, role, counter, &token_hash(&token), now)?;
    Ok(token)
}

/// A fresh token for a device the hub's own machine runs (the kiosk hosting it), replacing
/// any earlier one: the token lives only in that process's memory.
pub fn reissue(
    conn: &Connection,
    name: &str,
    role: Role,
    counter: Option<CounterId>,
    now: DateTime<Utc>,
) -> Result<String, DeviceError> {
    conn.prepare_cached("DELETE FROM devices WHERE name = ?1")?
        .execute(params![name])?;
    add(conn, name, role, counter, now)
}

/// Withdraws a device's pairing; whether it was paired.
pub fn revoke(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let changed = conn
        .prepare_cached(
            "UPDATE devices SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![name, millis(now)])?;
    Ok(changed > 0)
}

fn device(r: &rusqlite::Row) -> Result<Device, rusqlite::Error> {
    Ok(Device {
        name: r.get(0)?,
        role: role_from(&r.get::<_, String>(1)?)?,
        counter: r.get::<_, Option<u16>>(2)?.map(CounterId),
        approved_at: time(r.get(3)?),
        revoked_at: r.get::<_, Option<i64>>(4)?.map(time),
    })
}

const COLUMNS: &str = "name, role, counter, approved_at, revoked_at";

/// Every device ever paired, by name.
pub fn list(conn: &Connection) -> Result<Vec<Device>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM devices ORDER BY name"))?;
    let rows = stmt.query_map([], device)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The device a token belongs to (revoked or not), if any.
pub fn by_token(conn: &Connection, token: &str) -> Result<Option<Device>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM devices WHERE token_hash = ?1"
        ))?
        .query_row(params![token_hash(token)], device)
        .optional()?)
}

/// The token hashes of the devices that may connect now, by name: what the hub watches to
/// cut off a device the moment its pairing is withdrawn.
pub fn active_hashes(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, Vec<u8>>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT name, token_hash FROM devices WHERE revoked_at IS NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("db");
        super::super::schema::migrate(&mut conn).expect("migrated");
        conn
    }

    #[test]
    fn a_token_names_its_device_until_it_is_revoked_and_a_name_is_paired_once() {
        let conn = db();
        let now = Utc::now();
        let token = add(&conn, "quay-3", Role::Counter, Some(CounterId(3)), now).expect("added");
        assert_eq!(token.len(), 64);
        let found = by_token(&conn, &token).expect("read").expect("found");
        assert_eq!(
            (found.name.as_str(), found.role, found.counter),
            ("quay-3", Role::Counter, Some(CounterId(3)))
        );
        assert!(by_token(&conn, "guess").expect("read").is_none());
        let again = add(&conn, "quay-3", Role::Counter, Some(CounterId(3)), now);
        assert!(matches!(again, Err(DeviceError::NameTaken(_))), "{again:?}");
        assert!(add(&conn, "quay-9", Role::Counter, None, now).is_err());
        assert!(add(&conn, "tv", Role::Display, Some(CounterId(1)), now).is_err());
        assert_eq!(active_hashes(&conn).expect("read").len(), 1);
        assert!(revoke(&conn, "quay-3", now).expect("revoked"));
        assert!(!revoke(&conn, "quay-3", now).expect("already"));
        assert!(active_hashes(&conn).expect("read").is_empty());
        let revoked = by_token(&conn, &token).expect("read").expect("still known");
        assert!(revoked.revoked_at.is_some());
        // A revoked name may be paired again, with a new token.
        let new = add(&conn, "quay-3", Role::Counter, Some(CounterId(3)), now).expect("again");
        assert_ne!(new, token);
        assert!(by_token(&conn, &token).expect("read").is_none());
        assert_eq!(list(&conn).expect("list").len(), 1);
    }
}
