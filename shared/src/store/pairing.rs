//! Pairing requests: a new device waits on its connection to the hub with a code, and the
//! manager approves the code from another process (`kiosk devices approve`). Approval adds
//! the device with the hash of the token the hub holds in memory for it, and marks the
//! request, which the hub then sees and answers with the token.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::devices::{self, Device, DeviceError, role_from, time};
use super::{StoreError, millis};
use crate::model::CounterId;
use crate::protocol::{Pair, Role};

/// An open pairing request, as the manager sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The code, eight digits without the space.
    pub code: String,
    /// What the device asked to be.
    pub asked: Pair,
    /// Where it asked from.
    pub address: String,
    /// When the code stops working.
    pub expires_at: DateTime<Utc>,
}

/// What the manager approves a code as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The role; it must be the one the device asked for.
    pub role: Role,
    /// For a counter: its number (the manager's choice).
    pub counter: Option<CounterId>,
    /// The name; default the one the device asked for.
    pub name: Option<String>,
}

/// The code as typed (spaces and dashes allowed), as stored: eight digits.
pub fn normalise(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The code as a device shows it: `4829 1735`.
pub fn shown(code: &str) -> String {
    match code.split_at_checked(4) {
        Some((a, b)) => format!("{a} {b}"),
        None => code.to_string(),
    }
}

/// Opens a request with a fresh code; returns the code (eight digits).
pub fn open(
    conn: &Connection,
    asked: &Pair,
    address: &str,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<String, StoreError> {
    loop {
        let code = format!("{:08}", rand::random::<u32>() % 100_000_000);
        let added = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO pairing_requests
                 (code, device, role, counter, address, token_hash, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                code,
                asked.device,
                asked.role.as_str(),
                asked.counter.map(|c| c.0),
                address,
                token_hash,
                millis(expires_at)
            ])?;
        if added == 1 {
            return Ok(code);
        }
    }
}

/// Closes a request (answered, expired, or its device went away).
pub fn close(conn: &Connection, code: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM pairing_requests WHERE code = ?1")?
        .execute(params![code])?;
    Ok(())
}

/// Closes every request: at the hub's start, none has a connection waiting any more.
pub fn close_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM pairing_requests", [])?;
    Ok(())
}

/// The open requests not yet approved nor expired at `now`, oldest first.
pub fn waiting(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Request>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, device, role, counter, address, expires_at FROM pairing_requests
         WHERE approved IS NULL AND expires_at > ?1 ORDER BY expires_at",
    )?;
    let rows = stmt.query_map(params![millis(now)], |r| {
        Ok(Request {
            code: r.get(0)?,
            asked: Pair {
                device: r.get(1)?,
                role: role_from(&r.get::<_, String>(2)?)?,
                counter: r.get::<_, Option<u16>>(3)?.map(CounterId),
            },
            address: r.get(4)?,
            expires_at: time(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The names the approved requests were approved as, by code: what the hub watches to
/// answer a waiting device.
pub fn approved(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT code, approved FROM pairing_requests WHERE approved IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A request's row: the name and role asked for, the token hash, expiry, approval.
type Open = (String, String, Vec<u8>, i64, Option<String>);

/// The manager approves `code` at `now`: the device is added with the token its hub holds.
pub fn approve(
    conn: &mut Connection,
    code: &str,
    approval: &Approval,
    now: DateTime<Utc>,
) -> Result<Device, DeviceError> {
    let code = normalise(code).ok_or_else(|| {
        DeviceError::Invalid(format!(
            "{code:?} is not a pairing code: it has eight digits"
        ))
    })?;
    let tx = conn.transaction()?;
    let found: Option<Open> = tx
        .prepare_cached(
            "SELECT device, role, token_hash, expires_at, approved FROM pairing_requests
             WHERE code = ?1",
        )?
        .query_row(params![code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let none = || {
        DeviceError::Invalid(format!(
            "no device is waiting with the code {}; check the code on its screen, or have it ask again",
            shown(&code)
        ))
    };
    let (asked, role, hash, expires_at, approved) = found.ok_or_else(none)?;
    if approved.is_some() || time(expires_at) <= now {
        return Err(none());
    }
    let role = role_from(&role)?;
    if role != approval.role {
        return Err(DeviceError::Invalid(format!(
            "the device with code {} asked to be a {}, not a {}; approve it as a {} or have it ask again",
            shown(&code),
            role.as_str(),
            approval.role.as_str(),
            role.as_str()
        )));
    }
    let name = approval.name.clone().unwrap_or(asked);
    devices::insert(&tx, &name, approval.role, approval.counter, &hash, now)?;
    tx.prepare_cached("UPDATE pairing_requests SET approved = ?2 WHERE code = ?1")?
        .execute(params![code, name])?;
    tx.commit()?;
    Ok(Device {
        name,
        role: approval.role,
        counter: approval.counter,
        approved_at: now,
        revoked_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::devices::{by_token, token_hash};

    #[test]
    fn an_approved_code_adds_the_device_with_the_token_the_hub_holds() {
        let mut conn = Connection::open_in_memory().expect("db");
        super::super::schema::migrate(&mut conn).expect("migrated");
        let now = Utc::now();
        let asked = Pair {
            device: "quay-3".into(),
            role: Role::Counter,
            counter: Some(CounterId(3)),
        };
        let token = devices::new_token();
        let code = open(
            &conn,
            &asked,
            "192.168.1.33",
            &token_hash(&token),
            now + chrono::Duration::minutes(10),
        )
        .expect("opened");
        assert_eq!(waiting(&conn, now).expect("read").len(), 1);
        let as_kiosk = Approval {
            role: Role::Kiosk,
            counter: None,
            name: None,
        };
        let err = approve(&mut conn, &code, &as_kiosk, now).expect_err("wrong role");
        assert!(err.to_string().contains("asked to be a counter"), "{err}");
        let as_counter = Approval {
            role: Role::Counter,
            counter: Some(CounterId(4)),
            name: None,
        };
        let device = approve(&mut conn, &shown(&code), &as_counter, now).expect("approved");
        assert_eq!(
            device.counter,
            Some(CounterId(4)),
            "the manager's number wins"
        );
        let found = by_token(&conn, &token).expect("read").expect("added");
        assert_eq!(found.name, "quay-3");
        assert_eq!(
            approved(&conn)
                .expect("read")
                .get(&code)
                .map(String::as_str),
            Some("quay-3")
        );
        assert!(waiting(&conn, now).expect("read").is_empty());
        assert!(
            approve(&mut conn, &code, &as_counter, now).is_err(),
            "approved once"
        );
        let late = open(&conn, &asked, "x", &token_hash("t2"), now).expect("opened");
        let err = approve(&mut conn, &late, &as_counter, now).expect_err("expired");
        assert!(err.to_string().contains("no device is waiting"), "{err}");
    }
}
