//! The door every PIN check goes through: a bound on sign-in attempts per client address,
//! a short queue, and a few Argon2 checks at a time for the whole hub.
//!
//! An Argon2 check takes 19 MiB and a core for a moment; run by the hundred at once they
//! took the hub from 15 MB to 1.7 GB. Here at most [`CHECKS_AT_ONCE`] run, at most
//! [`MAX_WAITING`] attempts wait, and the rest are refused at once ("busy, try again"),
//! so memory stays bounded whatever arrives. One address may try [`PER_ADDRESS_BURST`]
//! sign-ins at once and then one every [`PER_ADDRESS_EVERY`], so one machine cannot fill
//! the queue on its own and the manager still gets in from hers.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::config::pin::Verifier;
use crate::hub::metrics::Metrics;

/// Argon2 checks running at once, for the whole hub (each holds 19 MiB while it runs).
pub const CHECKS_AT_ONCE: usize = 2;
/// Sign-in attempts admitted at once (running or waiting their turn); beyond, refused.
pub const MAX_WAITING: usize = 32;
/// Sign-in attempts one address may make at once.
pub const PER_ADDRESS_BURST: u32 = 20;
/// After the burst, one more attempt per address this often.
pub const PER_ADDRESS_EVERY: Duration = Duration::from_secs(3);
/// Admissions between two sweeps of addresses not seen lately.
const SWEEP_EVERY: u64 = 1024;

/// Why an attempt was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many attempts are waiting for a check: try again in a few seconds.
    Busy,
    /// This address made too many attempts lately: the next one is allowed after this.
    Address(Duration),
}

/// The hub's one sign-in gate.
pub struct Gate {
    checks: Arc<Semaphore>,
    /// The checkers, each with its Argon2 memory; no more than [`CHECKS_AT_ONCE`] are ever
    /// made, as each is taken under a permit.
    verifiers: Arc<Mutex<Vec<Verifier>>>,
    admitted: AtomicUsize,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    admissions: AtomicU64,
}

impl Default for Gate {
    fn default() -> Self {
        let burst = NonZeroU32::new(PER_ADDRESS_BURST).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(PER_ADDRESS_EVERY)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Gate {
            checks: Arc::new(Semaphore::new(CHECKS_AT_ONCE)),
            verifiers: Arc::default(),
            admitted: AtomicUsize::new(0),
            per_address: RateLimiter::keyed(quota),
            admissions: AtomicU64::new(0),
        }
    }
}

impl Gate {
    /// Admits one attempt from `from`, counted against the address before anything else
    /// is looked at; refused at once if the address tried too often or too many wait.
    pub fn admit(&self, from: IpAddr, metrics: &Arc<Metrics>) -> Result<Ticket<'_>, Refused> {
        if self.admissions.fetch_add(1, Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.per_address.retain_recent();
            self.per_address.shrink_to_fit();
        }
        if let Err(later) = self.per_address.check_key(&from) {
            metrics.sign_in_refused(Refusal::Address);
            return Err(Refused::Address(
                later.wait_time_from(DefaultClock::default().now()),
            ));
        }
        if self.admitted.fetch_add(1, Relaxed) >= MAX_WAITING {
            self.admitted.fetch_sub(1, Relaxed);
            metrics.sign_in_refused(Refusal::Busy);
            return Err(Refused::Busy);
        }
        Ok(Ticket {
            gate: self,
            metrics: metrics.clone(),
        })
    }
}

/// Why the hub refused a sign-in before looking at its PIN, for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// Too many attempts waiting.
    Busy,
    /// Too many attempts from the address.
    Address,
    /// The clerk's sign-in is locked.
    Locked,
}

/// An admitted attempt: its place in the queue until dropped.
pub struct Ticket<'a> {
    gate: &'a Gate,
    metrics: Arc<Metrics>,
}

impl Ticket<'_> {
    /// Checks `pin` against `hash` when a check is free, on a blocking thread.
    pub async fn verify(&self, pin: String, hash: String) -> bool {
        let Ok(permit) = self.gate.checks.clone().acquire_owned().await else {
            return false;
        };
        let metrics = self.metrics.clone();
        let verifiers = self.gate.verifiers.clone();
        // The permit goes with the check: if the asker leaves, the check still holds it
        // until it ends, so no more than CHECKS_AT_ONCE ever run.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _running = metrics.pin_check();
            let pool = || verifiers.lock().unwrap_or_else(PoisonError::into_inner);
            let mut verifier = pool().pop().unwrap_or_default();
            let accepted = verifier.verify(&pin, &hash);
            pool().push(verifier);
            accepted
        })
        .await
        .unwrap_or(false)
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.gate.admitted.fetch_sub(1, Relaxed);
    }
}
