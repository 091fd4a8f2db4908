//! Sign-in locks: wrong PINs counted per clerk in the office's database, whatever the way
//! in, so that a PIN cannot be guessed by trying them all, from any counter or page, and a
//! restart of the hub does not reset the count.
//!
//! The rule: [`FAILURES`] wrong PINs in a row lock the clerk's sign-in for [`FIRST_LOCK`];
//! each further lock before a good sign-in lasts twice as long as the one before, up to
//! [`LONGEST_LOCK`]. A good sign-in forgets it all; so does the manager's unlock.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, millis, schema};
use crate::model::ClerkId;

/// Wrong PINs in a row that lock a clerk's sign-in.
pub const FAILURES: u32 = 5;
/// How long the first lock lasts.
pub const FIRST_LOCK: Duration = Duration::minutes(5);
/// The longest lock: the lock doubles up to this.
pub const LONGEST_LOCK: Duration = Duration::hours(1);

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Until when the clerk's sign-in is locked, if it is at `now`.
pub fn locked_until(
    conn: &Connection,
    clerk: &ClerkId,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let until: Option<i64> = conn
        .prepare_cached("SELECT locked_until FROM sign_in_locks WHERE clerk = ?1")?
        .query_row(params![clerk.as_str()], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(until.map(time).filter(|until| *until > now))
}

/// Counts a wrong PIN for the clerk at `now`; until when the sign-in is locked, if this
/// one locked it.
pub fn failed(
    conn: &Connection,
    clerk: &ClerkId,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let (failures, locks): (u32, u32) = conn
        .prepare_cached("SELECT failures, locks FROM sign_in_locks WHERE clerk = ?1")?
        .query_row(params![clerk.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    let failures = failures + 1;
    let (failures, locks, until) = if failures >= FAILURES {
        let lock = FIRST_LOCK * 2i32.saturating_pow(locks.min(16));
        (0, locks + 1, Some(now + lock.min(LONGEST_LOCK)))
    } else {
        (failures, locks, None)
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sign_in_locks (clerk, failures, locks, locked_until)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![clerk.as_str(), failures, locks, until.map(millis)])?;
    Ok(until)
}

/// A good sign-in: the clerk's wrong PINs and locks are forgotten.
pub fn succeeded(conn: &Connection, clerk: &ClerkId) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM sign_in_locks WHERE clerk = ?1")?
        .execute(params![clerk.as_str()])?;
    Ok(())
}

/// The manager lifts the clerk's lock and forgets the wrong PINs; whether there was any.
pub fn unlock(conn: &Connection, clerk: &ClerkId) -> Result<bool, StoreError> {
    let removed = conn
        .prepare_cached("DELETE FROM sign_in_locks WHERE clerk = ?1")?
        .execute(params![clerk.as_str()])?;
    Ok(removed > 0)
}

/// [`unlock`] on the database file at `path` (the hub may be running on it).
pub fn unlock_file(path: &Path, clerk: &ClerkId) -> Result<bool, StoreError> {
    unlock(&schema::open_file(path)?, clerk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("db");
        schema::migrate(&mut conn).expect("migrated");
        conn
    }

    #[test]
    fn five_wrong_pins_lock_for_five_minutes_then_ten_then_up_to_an_hour() {
        let conn = db();
        let mai = ClerkId::new("mai");
        let mut now: DateTime<Utc> = "2026-11-23T01:30:00Z".parse().expect("time");
        let mut locks = Vec::new();
        for _ in 0..6 {
            for i in 1..=FAILURES {
                assert_eq!(locked_until(&conn, &mai, now).expect("read"), None);
                let until = failed(&conn, &mai, now).expect("counted");
                assert_eq!(until.is_some(), i == FAILURES, "failure {i}");
                if let Some(until) = until {
                    assert_eq!(locked_until(&conn, &mai, now).expect("read"), Some(until));
                    locks.push((until - now).num_minutes());
                    now = until;
                }
            }
        }
        assert_eq!(locks, [5, 10, 20, 40, 60, 60]);
        // A good sign-in forgets it all: the next lock is five minutes again.
        succeeded(&conn, &mai).expect("forgotten");
        for _ in 0..FAILURES {
            failed(&conn, &mai, now).expect("counted");
        }
        let until = locked_until(&conn, &mai, now)
            .expect("read")
            .expect("locked");
        assert_eq!((until - now).num_minutes(), 5);
        assert!(unlock(&conn, &mai).expect("unlocked"));
        assert_eq!(locked_until(&conn, &mai, now).expect("read"), None);
        assert!(!unlock(&conn, &mai).expect("nothing to unlock"));
    }
}
