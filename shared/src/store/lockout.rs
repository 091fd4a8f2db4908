//! Sign-in locks: wrong PINs counted per clerk and client address in the office's
//! database, whatever the way in, so that a PIN cannot be guessed by trying them all, from
//! any counter or page, and a restart of the hub does not reset the count.
//!
//! The rule: [`FAILURES`] wrong PINs in a row from one address lock the clerk's sign-in
//! from that address for [`FIRST_LOCK`]; [`FAILURES_ANYWHERE`] in a row from all addresses
//! together lock it everywhere, except at the addresses the clerk has signed in from
//! before (her own desk). Each further lock before a good sign-in lasts twice as long as
//! the one before, up to [`LONGEST_LOCK`]. A flood of guesses from one machine so locks
//! that machine out and leaves the clerk free to sign in elsewhere; guesses spread over
//! many machines lock out all but the clerk's own. An attempt is
//! counted as wrong before its PIN is checked ([`attempt`]), so attempts made at once
//! cannot slip past the count; a good sign-in then forgets the clerk's wrong PINs from that
//! address and everywhere ([`succeeded`]); so does the manager's unlock, for every address.

use std::net::IpAddr;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, millis, schema};
use crate::model::ClerkId;

/// Wrong PINs in a row from one address that lock a clerk's sign-in from there.
pub const FAILURES: u32 = 5;
/// Wrong PINs in a row from all addresses together that lock a clerk's sign-in everywhere.
pub const FAILURES_ANYWHERE: u32 = 20;
/// How long the first lock lasts.
pub const FIRST_LOCK: Duration = Duration::minutes(5);
/// The longest lock: the lock doubles up to this.
pub const LONGEST_LOCK: Duration = Duration::hours(1);
/// The `address` of the row that counts all addresses together.
const ANYWHERE: &str = "*";

/// A sign-in attempt, as counted before its PIN is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Counted as a wrong PIN until it proves right; if it is wrong, the clerk's sign-in
    /// is locked until then (from that address or everywhere), else not yet.
    Counted(Option<DateTime<Utc>>),
    /// The clerk's sign-in from that address is locked until then: the attempt is not
    /// counted and its PIN must not be checked.
    Locked(DateTime<Utc>),
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Until when the clerk's sign-in from `from` is locked, if it is at `now`: the later of
/// the lock from that address and the lock everywhere (unless the clerk has signed in from
/// there before).
pub fn locked_until(
    conn: &Connection,
    clerk: &ClerkId,
    from: IpAddr,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let until: Option<i64> = conn
        .prepare_cached(
            "SELECT MAX(locked_until) FROM sign_in_locks
             WHERE clerk = ?1 AND (address = ?2 OR (address = ?3 AND NOT EXISTS (
                 SELECT 1 FROM sign_in_locks WHERE clerk = ?1 AND address = ?2 AND known = 1)))",
        )?
        .query_row(params![clerk.as_str(), from.to_string(), ANYWHERE], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    Ok(until.map(time).filter(|until| *until > now))
}

/// An attempt to sign in as `clerk` from `from` at `now`: refused if the sign-in is locked,
/// else counted as a wrong PIN from that address and everywhere, ahead of the check.
pub fn attempt(
    conn: &Connection,
    clerk: &ClerkId,
    from: IpAddr,
    now: DateTime<Utc>,
) -> Result<Attempt, StoreError> {
    if let Some(until) = locked_until(conn, clerk, from, now)? {
        return Ok(Attempt::Locked(until));
    }
    let tx = conn.unchecked_transaction()?;
    let here = count(&tx, clerk, &from.to_string(), FAILURES, now)?;
    let anywhere = count(&tx, clerk, ANYWHERE, FAILURES_ANYWHERE, now)?;
    tx.commit()?;
    Ok(Attempt::Counted(here.max(anywhere)))
}

/// Counts one wrong PIN in the clerk's row for `address`; until when that row is locked,
/// if this one locked it.
fn count(
    conn: &Connection,
    clerk: &ClerkId,
    address: &str,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let (failures, locks, held): (u32, u32, Option<i64>) = conn
        .prepare_cached(
            "SELECT failures, locks, locked_until FROM sign_in_locks
             WHERE clerk = ?1 AND address = ?2",
        )?
        .query_row(params![clerk.as_str(), address], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .unwrap_or((0, 0, None));
    let failures = failures + 1;
    let (failures, locks, until) = if failures >= limit {
        let lock = FIRST_LOCK * 2i32.saturating_pow(locks.min(16));
        (0, locks + 1, Some(now + lock.min(LONGEST_LOCK)))
    } else {
        (failures, locks, None)
    };
    // A lock in force stays: an attempt from an address it spares (the clerk's own desk,
    // under a lock everywhere) must not lift it for the others.
    let kept = until.map(millis).or(held);
    conn.prepare_cached(
        "INSERT INTO sign_in_locks (clerk, address, failures, locks, locked_until)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (clerk, address) DO UPDATE SET failures = excluded.failures,
             locks = excluded.locks, locked_until = excluded.locked_until",
    )?
    .execute(params![clerk.as_str(), address, failures, locks, kept])?;
    Ok(until)
}

/// A good sign-in from `from` at `now`: the clerk's wrong PINs and locks from there, and
/// the wrong PINs counted everywhere, are forgotten, and the address is known as hers. A
/// lock everywhere in force stays until it ends (as do other addresses' locks): signing in
/// at her own desk during a flood of guesses must not give the guessers twenty more.
pub fn succeeded(
    conn: &Connection,
    clerk: &ClerkId,
    from: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    tx.prepare_cached(
        "DELETE FROM sign_in_locks WHERE clerk = ?1 AND address = ?2
         AND (locked_until IS NULL OR locked_until <= ?3)",
    )?
    .execute(params![clerk.as_str(), ANYWHERE, millis(now)])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO sign_in_locks (clerk, address, failures, locks, locked_until, known)
         VALUES (?1, ?2, 0, 0, NULL, 1)",
    )?
    .execute(params![clerk.as_str(), from.to_string()])?;
    tx.commit()?;
    Ok(())
}

/// The manager lifts the clerk's locks from every address and forgets the wrong PINs;
/// whether there was any. The addresses she signed in from stay known.
pub fn unlock(conn: &Connection, clerk: &ClerkId) -> Result<bool, StoreError> {
    let lifted = conn
        .prepare_cached(
            "UPDATE sign_in_locks SET failures = 0, locks = 0, locked_until = NULL
             WHERE clerk = ?1 AND (failures > 0 OR locks > 0 OR locked_until IS NOT NULL)",
        )?
        .execute(params![clerk.as_str()])?;
    conn.prepare_cached("DELETE FROM sign_in_locks WHERE clerk = ?1 AND known = 0")?
        .execute(params![clerk.as_str()])?;
    Ok(lifted > 0)
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

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    /// Counts `n` wrong PINs for `clerk` from `from`; the lock the last one set, if any.
    fn wrong(
        conn: &Connection,
        clerk: &ClerkId,
        from: IpAddr,
        n: u32,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut last = None;
        for _ in 0..n {
            match attempt(conn, clerk, from, now).expect("counted") {
                Attempt::Counted(until) => last = until,
                Attempt::Locked(until) => panic!("locked until {until}"),
            }
        }
        last
    }

    #[test]
    fn five_wrong_pins_lock_for_five_minutes_then_ten_then_up_to_an_hour() {
        let conn = db();
        let mai = ClerkId::new("mai");
        let here = ip("192.168.1.31");
        let mut now: DateTime<Utc> = "2026-11-23T01:30:00Z".parse().expect("time");
        let mut locks = Vec::new();
        for _ in 0..6 {
            for i in 1..=FAILURES {
                assert_eq!(locked_until(&conn, &mai, here, now).expect("read"), None);
                let until = wrong(&conn, &mai, here, 1, now);
                assert_eq!(until.is_some(), i == FAILURES, "failure {i}");
                if let Some(until) = until {
                    assert_eq!(
                        attempt(&conn, &mai, here, now).expect("read"),
                        Attempt::Locked(until)
                    );
                    locks.push((until - now).num_minutes());
                    now = until;
                }
            }
            // A good sign-in elsewhere keeps the count everywhere low, as a clerk at work
            // would; this address's own locks keep doubling.
            succeeded(&conn, &mai, ip("192.168.1.32"), now).expect("forgotten");
        }
        assert_eq!(locks, [5, 10, 20, 40, 60, 60]);
        // A good sign-in from there forgets it all: the next lock is five minutes again.
        succeeded(&conn, &mai, here, now).expect("forgotten");
        let until = wrong(&conn, &mai, here, FAILURES, now).expect("locked");
        assert_eq!((until - now).num_minutes(), 5);
        assert!(unlock(&conn, &mai).expect("unlocked"));
        assert_eq!(locked_until(&conn, &mai, here, now).expect("read"), None);
        assert!(!unlock(&conn, &mai).expect("nothing to unlock"));
    }

    #[test]
    fn guesses_from_one_address_leave_the_clerk_free_elsewhere_up_to_a_higher_ceiling() {
        let conn = db();
        let lan = ClerkId::new("lan");
        let now: DateTime<Utc> = "2026-11-23T01:30:00Z".parse().expect("time");
        // In the morning she signed in at her counter.
        let counter = ip("192.168.1.21");
        succeeded(&conn, &lan, counter, now).expect("signed in");
        let attacker = ip("192.168.1.66");
        assert!(wrong(&conn, &lan, attacker, FAILURES, now).is_some());
        assert!(matches!(
            attempt(&conn, &lan, attacker, now).expect("read"),
            Attempt::Locked(_)
        ));
        let desk = ip("192.168.1.31");
        assert_eq!(locked_until(&conn, &lan, desk, now).expect("read"), None);
        // Guesses spread over addresses lock the clerk everywhere at the higher ceiling.
        let others = FAILURES_ANYWHERE / FAILURES - 1;
        for n in 0..others {
            let from = ip(&format!("192.168.1.{}", 100 + n));
            assert!(
                locked_until(&conn, &lan, desk, now)
                    .expect("read")
                    .is_none()
            );
            wrong(&conn, &lan, from, FAILURES, now);
        }
        assert!(
            locked_until(&conn, &lan, desk, now)
                .expect("read")
                .is_some()
        );
        // Except where she has signed in before: her own counter.
        assert_eq!(locked_until(&conn, &lan, counter, now).expect("read"), None);
        assert!(matches!(
            attempt(&conn, &lan, counter, now).expect("counted"),
            Attempt::Counted(_)
        ));
        // Signing in there does not lift the lock everywhere: the guessers stay out.
        succeeded(&conn, &lan, counter, now).expect("signed in");
        let fresh = ip("192.168.1.200");
        assert!(
            locked_until(&conn, &lan, fresh, now)
                .expect("read")
                .is_some(),
            "a new address is still locked out after her good sign-in"
        );
        // The manager's unlock lifts every lock of the clerk; her counter stays known.
        assert!(unlock(&conn, &lan).expect("unlocked"));
        assert_eq!(
            locked_until(&conn, &lan, attacker, now).expect("read"),
            None
        );
        assert!(!unlock(&conn, &lan).expect("nothing left to unlock"));
    }
}
