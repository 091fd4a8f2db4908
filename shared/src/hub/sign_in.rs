//! Checking a clerk's PIN: the one way in for every sign-in (a counter's login, the admin
//! role's hello, the manager's pages), so that the lock on repeated wrong PINs
//! ([`crate::store::lockout`]) holds whatever the way in. PINs are checked here only.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{HubError, Shared};
use crate::config::pin;
use crate::model::ClerkId;
use crate::store::{StoreError, lockout};

/// A wrong PIN is answered this much later, so guessing is slow even before the lock.
const WRONG_PIN_DELAY: Duration = Duration::from_millis(500);

/// The outcome of a PIN check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    /// The clerk's PIN.
    Accepted,
    /// Not the clerk's PIN, or no such clerk.
    Wrong,
    /// The clerk's sign-in is locked after repeated wrong PINs, until then; the PIN was
    /// not looked at (or this wrong one locked it).
    Locked(DateTime<Utc>),
    /// The database could not be read or written: nothing is accepted.
    Unavailable,
}

impl PinCheck {
    /// Whole seconds left of a lock at `now`, at least 1.
    pub fn seconds_left(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
        u64::try_from((until - now).num_seconds())
            .unwrap_or(0)
            .max(1)
    }
}

/// What a person reads when their sign-in is locked for `seconds` more, in English or
/// Vietnamese: the one sentence for the counters and the manager's pages.
pub fn locked_text(english: bool, seconds: u64) -> String {
    let left = format!("{}:{:02}", seconds / 60, seconds % 60);
    if english {
        format!(
            "Sign-in locked after repeated wrong PINs — try again in {left}, or ask the office manager to unlock it."
        )
    } else {
        format!(
            "Tạm khoá đăng nhập vì nhập sai mã PIN nhiều lần — thử lại sau {left}, hoặc nhờ người quản lý mở khoá."
        )
    }
}

/// Checks `pin` for `clerk` and counts a wrong one against the clerk.
pub(super) async fn check_pin(hub: &Shared, clerk: &ClerkId, pin: String) -> PinCheck {
    let Some(hash) = hub.config.clerk(clerk).map(|c| c.pin_hash.clone()) else {
        // Nothing to lock for a clerk who does not exist; the answer is as slow as for one
        // who does.
        tokio::time::sleep(WRONG_PIN_DELAY).await;
        return PinCheck::Wrong;
    };
    let now = Utc::now();
    let id = clerk.clone();
    let locked = hub
        .writer
        .read(move |store| lockout::locked_until(store.connection(), &id, now))
        .await;
    match flatten(locked) {
        Ok(None) => {}
        Ok(Some(until)) => return PinCheck::Locked(until),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read sign-in locks");
            return PinCheck::Unavailable;
        }
    }
    let accepted = tokio::task::spawn_blocking(move || pin::verify(&pin, &hash))
        .await
        .unwrap_or(false);
    let id = clerk.clone();
    let recorded = hub
        .writer
        .read(move |store| {
            let conn = store.connection();
            if accepted {
                lockout::succeeded(conn, &id).map(|()| None)
            } else {
                lockout::failed(conn, &id, now)
            }
        })
        .await;
    let until = match flatten(recorded) {
        Ok(until) => until,
        Err(e) => {
            tracing::warn!(error = %e, "cannot count a sign-in");
            return PinCheck::Unavailable;
        }
    };
    if accepted {
        return PinCheck::Accepted;
    }
    tokio::time::sleep(WRONG_PIN_DELAY).await;
    match until {
        Some(until) => {
            tracing::warn!(%clerk, %until, "sign-in locked after repeated wrong PINs");
            PinCheck::Locked(until)
        }
        None => PinCheck::Wrong,
    }
}

/// A read on the writer thread that returned a store result, as one result.
fn flatten<T>(r: Result<Result<T, StoreError>, HubError>) -> Result<T, String> {
    r.map_err(|e| e.to_string())?.map_err(|e| e.to_string())
}
