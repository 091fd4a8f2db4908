//! The simulated devices: each one `shared::client::Client` over its own WebSocket, as the
//! apps connect. Kiosks issue, counters call and finish, mixers do all three as fast as
//! they can, displays keep a `Mirror` and note when each `ticket_called` reaches them.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use anyhow::bail;
use shared::client::{Client, ClientError, Link, Mirror, Update};
use shared::engine::{Command, Event, EventKind, Refusal};
use shared::model::{CounterId, FieldCode, PriorityClass, Source, TicketId};
use shared::protocol::{ErrorCode, Role};
use tokio::sync::{mpsc, watch};

/// A counter that finds nobody waiting asks again after this.
const IDLE: Duration = Duration::from_millis(50);
/// A device told to slow down waits this long.
const RATE_BACKOFF: Duration = Duration::from_millis(10);
/// Time a device has to connect and be welcomed.
const CONNECT_LIMIT: Duration = Duration::from_secs(20);

/// What one device's commands came to.
#[derive(Default)]
pub struct Tally {
    /// Round trips of the applied commands.
    pub latencies: Vec<Duration>,
    /// Commands applied.
    pub ok: u64,
    /// Commands the engine refused, by refusal.
    pub refused: BTreeMap<String, u64>,
    /// Messages the hub refused as too fast.
    pub rate_limited: u64,
    /// Requests that failed otherwise (connection lost, offline, hub errors).
    pub failed: u64,
    /// Tickets called, with when their `call_next` was sent.
    pub calls: Vec<(TicketId, Instant)>,
}

impl Tally {
    /// Adds another device's tally.
    pub fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.ok += other.ok;
        for (k, v) in other.refused {
            *self.refused.entry(k).or_default() += v;
        }
        self.rate_limited += other.rate_limited;
        self.failed += other.failed;
        self.calls.extend(other.calls);
    }

    /// Commands refused by the engine, all reasons.
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    /// Commands answered by the engine (applied or refused).
    pub fn answered(&self) -> u64 {
        self.ok + self.refused_total()
    }

    /// Notes an answer sent at `sent`; returns the events if the command was applied.
    async fn record(
        &mut self,
        sent: Instant,
        result: Result<Vec<Event>, ClientError>,
    ) -> Option<Vec<Event>> {
        match result {
            Ok(events) => {
                self.latencies.push(sent.elapsed());
                self.ok += 1;
                return Some(events);
            }
            Err(ClientError::Refused(r)) => {
                let name = serde_json::to_value(&r)
                    .ok()
                    .and_then(|v| v["refusal"].as_str().map(str::to_string));
                *self.refused.entry(name.unwrap_or_default()).or_default() += 1;
            }
            Err(ClientError::Rejected {
                code: ErrorCode::RateLimited,
                ..
            }) => {
                self.rate_limited += 1;
                tokio::time::sleep(RATE_BACKOFF).await;
            }
            Err(_) => {
                self.failed += 1;
                tokio::time::sleep(IDLE).await;
            }
        }
        None
    }

    /// Sends `call_next` (finishing a stuck ticket first); notes the call. Returns whether
    /// a ticket was called.
    async fn call(&mut self, client: &Client, counter: CounterId) -> bool {
        let sent = Instant::now();
        match client.command(Command::CallNext { counter }).await {
            Err(ClientError::Refused(Refusal::CounterBusy { .. })) => {
                self.finish(client, counter).await;
                false
            }
            result => {
                let events = self.record(sent, result).await.unwrap_or_default();
                let before = self.calls.len();
                self.calls
                    .extend(events.into_iter().filter_map(|e| match e.kind {
                        EventKind::TicketCalled { ticket, .. } => Some((ticket, sent)),
                        _ => None,
                    }));
                self.calls.len() > before
            }
        }
    }

    async fn finish(&mut self, client: &Client, counter: CounterId) {
        let sent = Instant::now();
        let result = client.command(Command::Finish { counter }).await;
        self.record(sent, result).await;
    }

    async fn issue(&mut self, client: &Client, field: &FieldCode, i: usize) {
        let class = if i.is_multiple_of(10) {
            PriorityClass::Elderly
        } else {
            PriorityClass::Regular
        };
        let command = Command::IssueTicket {
            field: field.clone(),
            class,
            source: Source::Kiosk(String::new()),
        };
        let sent = Instant::now();
        let result = client.command(command).await;
        self.record(sent, result).await;
    }
}

/// A device, online, with its own credential enrolled in the hub's database `db`. Each
/// connects from a loopback address of its own (127.0.2.1 and on), as each device of an
/// office is a machine of its own: the hub caps connections per address.
pub async fn connect(
    db: &std::path::Path,
    url: &str,
    role: Role,
    device: &str,
    counter: Option<u16>,
) -> anyhow::Result<(Client, mpsc::Receiver<Update>)> {
    static MACHINES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = MACHINES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut identity = tests::identity(db, url, role, device, counter);
    identity.from = Some(std::net::IpAddr::from([
        127,
        0,
        2 + (n / 250) as u8,
        1 + (n % 250) as u8,
    ]));
    let (client, updates) = Client::start(identity);
    let mut link = client.watch_link();
    let online = tokio::time::timeout(CONNECT_LIMIT, link.wait_for(|l| *l == Link::Online)).await;
    if !matches!(online, Ok(Ok(_))) {
        bail!("{device} did not come online within {CONNECT_LIMIT:?}");
    }
    Ok((client, updates))
}

/// A kiosk issuing round the fields, one request at a time, until `stop`.
pub async fn kiosk(
    client: Client,
    fields: Arc<Vec<FieldCode>>,
    first: usize,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut tally = Tally::default();
    let mut i = first;
    while !stop.load(Relaxed) {
        tally.issue(&client, &fields[i % fields.len()], i).await;
        i += 1;
    }
    tally
}

/// A counter calling the next ticket and finishing it, until `stop`; it waits a little
/// when nobody is waiting. It ends with no ticket called.
pub async fn counter(client: Client, counter: CounterId, stop: Arc<AtomicBool>) -> Tally {
    let mut tally = Tally::default();
    while !stop.load(Relaxed) {
        if tally.call(&client, counter).await {
            tally.finish(&client, counter).await;
        } else {
            tokio::time::sleep(IDLE).await;
        }
    }
    tally
}

/// A device at `counter` that issues a ticket, calls the next and finishes it, over and
/// over as fast as the hub answers, until `stop`.
pub async fn mixer(
    client: Client,
    counter: CounterId,
    fields: Arc<Vec<FieldCode>>,
    first: usize,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut tally = Tally::default();
    let mut i = first;
    while !stop.load(Relaxed) {
        tally.issue(&client, &fields[i % fields.len()], i).await;
        i += 1;
        if tally.call(&client, counter).await {
            tally.finish(&client, counter).await;
        }
    }
    tally
}

/// What a display saw.
#[derive(Default)]
pub struct Seen {
    /// Each `ticket_called` event, with when it reached the display.
    pub calls: Vec<(TicketId, Instant)>,
    /// Events received.
    pub events: u64,
    /// Snapshots received (one at connection; more mean it fell behind or reconnected).
    pub snapshots: u64,
    /// Times the connection dropped.
    pub disconnects: u64,
    /// Last event its mirror applied.
    pub last_seq: u64,
    /// Tickets in its mirror at the end, and the size of that state as JSON: what a device
    /// connecting now receives as its snapshot.
    pub state: (usize, usize),
}

/// A wall display: applies every update to a `Mirror` and notes calls, until `stop`
/// turns true. `progress` follows the mirror's last event.
pub async fn display(
    client: Client,
    mut updates: mpsc::Receiver<Update>,
    progress: Arc<AtomicU64>,
    mut stop: watch::Receiver<bool>,
) -> Seen {
    let mut seen = Seen::default();
    let mut mirror = Mirror::default();
    loop {
        tokio::select! {
            update = updates.recv() => {
                let Some(update) = update else { break };
                let now = Instant::now();
                match &update {
                    Update::Event(e) => {
                        seen.events += 1;
                        if let EventKind::TicketCalled { ticket, .. } = e.kind {
                            seen.calls.push((ticket, now));
                        }
                    }
                    Update::Snapshot(_) => seen.snapshots += 1,
                    Update::Disconnected(_) | Update::Withdrawn(_) => seen.disconnects += 1,
                    Update::Connected(_) | Update::LinksKey(_) => {}
                }
                if mirror.apply(update) && let Some(seq) = mirror.last_seq() {
                    progress.store(seq, Relaxed);
                }
            }
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    seen.last_seq = mirror.last_seq().unwrap_or(0);
    if let Some(engine) = mirror.engine() {
        let json = serde_json::to_string(engine.state()).map_or(0, |j| j.len());
        seen.state = (engine.state().tickets.len(), json);
    }
    drop(client);
    seen
}
