//! Checking a clerk's PIN: the one way in for every sign-in (a counter's login, the admin
//! role's hello, the manager's pages), so that the limits hold whatever the way in. PINs
//! are checked here only.
//!
//! In order, each attempt: is admitted by the [`gate`] (a bound per client address, and a
//! short queue for the whole hub, refused at once when full); is refused if it is a
//! manager's with a PIN shorter than a manager's must be; is refused if the clerk's sign-in
//! from that address is locked, else counted as a wrong PIN before it is checked
//! ([`crate::store::lockout`]); then waits for one of the few Argon2 checks that may run at
//! once. The limits are in docs/sign-in.md.

mod gate;
mod words;

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use gate::{
    CHECKS_AT_ONCE, Gate, MAX_WAITING, PER_ADDRESS_BURST, PER_ADDRESS_EVERY, Refusal, Refused,
};
pub use words::{busy_text, locked_text, short_manager_pin_text, too_many_text};

use super::{HubError, Shared};
use crate::config::pin;
use crate::model::ClerkId;
use crate::store::{StoreError, lockout};

/// A wrong PIN is answered this much later, so guessing is slow even before the lock.
const WRONG_PIN_DELAY: Duration = Duration::from_millis(500);
/// What a refused-because-busy answer asks to wait, in seconds.
pub const BUSY_RETRY_SECONDS: u64 = 2;

/// The outcome of a PIN check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    /// The clerk's PIN.
    Accepted,
    /// Not the clerk's PIN, or no such clerk (or not a manager where one is needed).
    Wrong,
    /// The clerk's sign-in (from this address) is locked after repeated wrong PINs, until
    /// then; the PIN was not looked at (or this wrong one locked it).
    Locked(DateTime<Utc>),
    /// This address tried to sign in too often; the next try is allowed after this long.
    TooMany(Duration),
    /// Too many sign-ins are waiting to be checked: try again in a few seconds.
    Busy,
    /// A manager's PIN shorter than [`pin::MANAGER_DIGITS`]: refused without a check.
    ShortManagerPin,
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

    /// Whole seconds to wait before trying again, rounded up, at least 1.
    pub fn seconds(wait: Duration) -> u64 {
        (wait.as_secs_f64().ceil() as u64).max(1)
    }
}

/// Who may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Any clerk of the office (a counter's login).
    Clerk,
    /// Only a clerk with `admin = true` (the manager's pages, the admin role).
    Manager,
}

/// Checks `pin` for `clerk`, asked from `from`, counting the attempt against the address
/// and the clerk before the PIN is looked at.
pub(super) async fn check_pin(
    hub: &Shared,
    from: IpAddr,
    clerk: &ClerkId,
    pin: String,
    who: Who,
) -> PinCheck {
    let ticket = match hub.sign_ins.admit(from, &hub.metrics) {
        Ok(ticket) => ticket,
        Err(Refused::Busy) => return PinCheck::Busy,
        Err(Refused::Address(wait)) => return PinCheck::TooMany(wait),
    };
    let known = hub
        .config
        .clerk(clerk)
        .filter(|c| who == Who::Clerk || c.admin);
    let Some(known) = known else {
        drop(ticket);
        // Nothing to lock for a clerk who does not exist; the answer is as slow as for one
        // who does.
        tokio::time::sleep(WRONG_PIN_DELAY).await;
        return PinCheck::Wrong;
    };
    if known.admin && pin.chars().count() < pin::MANAGER_DIGITS {
        return PinCheck::ShortManagerPin;
    }
    let hash = known.pin_hash.clone();
    let now = Utc::now();
    let id = clerk.clone();
    let counted = hub
        .writer
        .read(move |store| lockout::attempt(store.connection(), &id, from, now))
        .await;
    let locks = match flatten(counted) {
        Ok(lockout::Attempt::Counted(locks)) => locks,
        Ok(lockout::Attempt::Locked(until)) => {
            hub.metrics.sign_in_refused(Refusal::Locked);
            return PinCheck::Locked(until);
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot count a sign-in");
            return PinCheck::Unavailable;
        }
    };
    let accepted = ticket.verify(pin, hash).await;
    drop(ticket);
    if accepted {
        let id = clerk.clone();
        let forgotten = hub
            .writer
            .read(move |store| lockout::succeeded(store.connection(), &id, from, now))
            .await;
        if let Err(e) = flatten(forgotten) {
            // The PIN is right; the wrong ones stay counted until the next good sign-in.
            tracing::warn!(error = %e, "cannot forget a clerk's wrong PINs");
        }
        return PinCheck::Accepted;
    }
    tokio::time::sleep(WRONG_PIN_DELAY).await;
    match locks {
        Some(until) => {
            tracing::warn!(%clerk, %from, %until, "sign-in locked after repeated wrong PINs");
            PinCheck::Locked(until)
        }
        None => PinCheck::Wrong,
    }
}

/// A read on the writer thread that returned a store result, as one result.
fn flatten<T>(r: Result<Result<T, StoreError>, HubError>) -> Result<T, String> {
    r.map_err(|e| e.to_string())?.map_err(|e| e.to_string())
}
