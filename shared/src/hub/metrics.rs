//! Counters the hub keeps about itself, served at `/metrics` in Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use crate::protocol::Role;

/// Upper bounds of the commit-time histogram, in seconds.
const COMMIT_BUCKETS: [f64; 8] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

/// How a command ended, for `queue_commands_total`.
pub enum Counted {
    /// Applied: it caused new events.
    Applied,
    /// A resend of an applied command (same key): answered from the log.
    Repeated,
    /// Refused by the engine.
    Refused,
}

/// The hub's counters and gauges.
#[derive(Default)]
pub struct Metrics {
    applied: AtomicU64,
    repeated: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
    batches: AtomicU64,
    batched_commands: AtomicU64,
    commit_buckets: [AtomicU64; COMMIT_BUCKETS.len()],
    commit_micros: AtomicU64,
    last_published: AtomicU64,
    connections: [AtomicU64; 4],
    sse_streams: AtomicU64,
    rejected_messages: AtomicU64,
    pin_checks: AtomicU64,
    pin_checks_running: AtomicU64,
    pin_checks_peak: AtomicU64,
    sign_ins_refused: [AtomicU64; 3],
    connections_refused: [AtomicU64; 2],
}

/// One PIN check running; counted out when dropped.
pub struct PinCheckRunning<'a>(&'a Metrics);

impl Drop for PinCheckRunning<'_> {
    fn drop(&mut self) {
        self.0.pin_checks_running.fetch_sub(1, Relaxed);
    }
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Kiosk => 0,
        Role::Counter => 1,
        Role::Display => 2,
        Role::Admin => 3,
    }
}

impl Metrics {
    /// A batch of `n` commands took `took` to commit.
    pub fn batch(&self, n: usize, took: Duration) {
        self.batches.fetch_add(1, Relaxed);
        self.batched_commands.fetch_add(n as u64, Relaxed);
        self.commit_micros
            .fetch_add(took.as_micros() as u64, Relaxed);
        let secs = took.as_secs_f64();
        for (bucket, bound) in self.commit_buckets.iter().zip(COMMIT_BUCKETS) {
            if secs <= bound {
                bucket.fetch_add(1, Relaxed);
            }
        }
    }
    /// A command ended (commands that changed nothing, like a day check, are not counted).
    pub fn outcome(&self, how: Counted) {
        let counter = match how {
            Counted::Applied => &self.applied,
            Counted::Repeated => &self.repeated,
            Counted::Refused => &self.refused,
        };
        counter.fetch_add(1, Relaxed);
    }
    /// Commands lost to a failed commit.
    pub fn failed(&self, n: usize) {
        self.failed.fetch_add(n as u64, Relaxed);
    }
    /// Whether `seq` is new to subscribers (and records it).
    pub fn publish(&self, seq: u64) -> bool {
        self.last_published.fetch_max(seq, Relaxed) < seq
    }
    /// A device connected (+1) or left (-1).
    pub fn connection(&self, role: Role, delta: i64) {
        let gauge = &self.connections[role_index(role)];
        if delta >= 0 {
            gauge.fetch_add(1, Relaxed)
        } else {
            gauge.fetch_sub(1, Relaxed)
        };
    }
    /// A browser stream opened (+1) or closed (-1).
    pub fn sse(&self, delta: i64) {
        if delta >= 0 {
            self.sse_streams.fetch_add(1, Relaxed)
        } else {
            self.sse_streams.fetch_sub(1, Relaxed)
        };
    }
    /// A message was refused before reaching the engine (malformed, forbidden, too fast).
    pub fn rejected(&self) {
        self.rejected_messages.fetch_add(1, Relaxed);
    }
    /// A PIN check (Argon2) starts; it runs until the guard is dropped.
    pub fn pin_check(&self) -> PinCheckRunning<'_> {
        self.pin_checks.fetch_add(1, Relaxed);
        let running = self.pin_checks_running.fetch_add(1, Relaxed) + 1;
        self.pin_checks_peak.fetch_max(running, Relaxed);
        PinCheckRunning(self)
    }
    /// A sign-in refused before its PIN was checked.
    pub fn sign_in_refused(&self, why: super::sign_in::Refusal) {
        self.sign_ins_refused[why as usize].fetch_add(1, Relaxed);
    }
    /// A connection refused at once: too many from its address (`per_address`), or in all.
    pub fn connection_refused(&self, per_address: bool) {
        self.connections_refused[usize::from(!per_address)].fetch_add(1, Relaxed);
    }
    /// Devices connected now, all roles.
    pub fn connected(&self) -> u64 {
        self.connections.iter().map(|c| c.load(Relaxed)).sum()
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let plain = |v: &AtomicU64| vec![(String::new(), v.load(Relaxed))];
        let results = [
            ("applied", &self.applied),
            ("repeated", &self.repeated),
            ("refused", &self.refused),
            ("failed", &self.failed),
        ]
        .map(|(r, v)| (format!("{{result=\"{r}\"}}"), v.load(Relaxed)));
        family(
            &mut out,
            "queue_commands_total",
            "counter",
            "Commands by result.",
            &results,
        );
        family(
            &mut out,
            "queue_last_event_seq",
            "gauge",
            "Last event published.",
            &plain(&self.last_published),
        );
        family(
            &mut out,
            "queue_batches_total",
            "counter",
            "Group commits.",
            &plain(&self.batches),
        );
        family(
            &mut out,
            "queue_batched_commands_total",
            "counter",
            "Commands in all group commits.",
            &plain(&self.batched_commands),
        );
        let mut buckets: Vec<(String, u64)> = COMMIT_BUCKETS
            .iter()
            .zip(&self.commit_buckets)
            .map(|(b, c)| (format!("_bucket{{le=\"{b}\"}}"), c.load(Relaxed)))
            .collect();
        buckets.push(("_bucket{le=\"+Inf\"}".into(), self.batches.load(Relaxed)));
        buckets.push(("_count".into(), self.batches.load(Relaxed)));
        family(
            &mut out,
            "queue_commit_seconds",
            "histogram",
            "Time to commit one batch.",
            &buckets,
        );
        let _ = writeln!(
            out,
            "queue_commit_seconds_sum {}",
            self.commit_micros.load(Relaxed) as f64 / 1e6
        );
        let conns = [Role::Kiosk, Role::Counter, Role::Display, Role::Admin].map(|r| {
            (
                format!("{{role=\"{}\"}}", r.as_str()),
                self.connections[role_index(r)].load(Relaxed),
            )
        });
        family(
            &mut out,
            "queue_connections",
            "gauge",
            "Devices connected by WebSocket.",
            &conns,
        );
        family(
            &mut out,
            "queue_event_streams",
            "gauge",
            "Browsers on server-sent events.",
            &plain(&self.sse_streams),
        );
        family(
            &mut out,
            "queue_rejected_messages_total",
            "counter",
            "Messages refused before the engine.",
            &plain(&self.rejected_messages),
        );
        family(
            &mut out,
            "queue_pin_checks_total",
            "counter",
            "PIN checks (Argon2) run.",
            &plain(&self.pin_checks),
        );
        family(
            &mut out,
            "queue_pin_checks_peak",
            "gauge",
            "Most PIN checks that ran at once.",
            &plain(&self.pin_checks_peak),
        );
        family(
            &mut out,
            "queue_sign_ins_refused_total",
            "counter",
            "Sign-ins refused before their PIN was checked.",
            &labelled(
                "reason",
                &["busy", "address", "locked"],
                &self.sign_ins_refused,
            ),
        );
        family(
            &mut out,
            "queue_connections_refused_total",
            "counter",
            "Connections refused at once: too many from one address, or in all.",
            &labelled("limit", &["address", "total"], &self.connections_refused),
        );
        out
    }
}

/// One line per value, labelled `label="name"` by the name at the same place.
fn labelled(label: &str, names: &[&str], values: &[AtomicU64]) -> Vec<(String, u64)> {
    names
        .iter()
        .zip(values)
        .map(|(name, v)| (format!("{{{label}=\"{name}\"}}"), v.load(Relaxed)))
        .collect()
}

/// One metric family: help, type and a line per label set.
fn family(out: &mut String, name: &str, kind: &str, help: &str, lines: &[(String, u64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    for (labels, value) in lines {
        let _ = writeln!(out, "{name}{labels} {value}");
    }
}
