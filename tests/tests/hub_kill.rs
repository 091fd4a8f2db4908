//! The real hub process killed with SIGKILL under load loses nothing it acknowledged.
//!
//! The `kiosk hub` binary runs as a child over a temporary database while four kiosks issue
//! tickets across four fields and two counters call and finish them. After about a second
//! the child gets SIGKILL with requests still in flight. The database, reopened directly
//! (SQLite recovers the WAL), must hold every ticket whose issue was acknowledged, exactly
//! as acknowledged, and no number twice in a field on the day; a new hub on the same file
//! must continue each field's numbering after the highest number it ever handed out.
//!
//! `cargo test` does not build another package's binary for this test, so the test builds
//! `target/<profile>/kiosk` itself first (a no-op when it is fresh): never a stale hub.

mod hub_child;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hub_child::{HubProcess, build_kiosk};
use shared::client::{Client, ClientError, Link};
use shared::engine::{Command, Event, EventKind, Refusal};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};
use shared::protocol::{ErrorCode, Role};
use shared::store::Store;
use tests::{default_office, default_office_path, eventually, identity};

/// Fields the kiosks issue in; counters 1 and 2 serve the first two by default.
const FIELDS: [&str; 4] = ["VL", "BHTN", "GDNN", "LDNN"];
/// Load before the kill.
const LOAD: Duration = Duration::from_secs(1);

/// A ticket whose issue the hub acknowledged.
#[derive(Debug, Clone)]
struct Acked {
    id: TicketId,
    field: FieldCode,
    number: u32,
    display: String,
}

/// What the load saw.
#[derive(Default)]
struct Tally {
    acked: Mutex<Vec<Acked>>,
    refused: AtomicU64,
    rate_limited: AtomicU64,
    served: AtomicU64,
    /// Requests sent but unanswered when the hub died.
    in_flight: AtomicU64,
    /// Acknowledgements that arrived after the kill (sent by the hub before it).
    acked_after_kill: AtomicU64,
    /// Connection failures seen before the kill (there must be none).
    early_failures: AtomicU64,
    killed: AtomicBool,
}

impl Tally {
    /// Counts a failed request; returns whether the load task should stop.
    async fn failed(&self, error: ClientError) -> bool {
        match error {
            ClientError::Refused(_) => self.refused.fetch_add(1, Relaxed),
            ClientError::Rejected {
                code: ErrorCode::RateLimited,
                ..
            } => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                self.rate_limited.fetch_add(1, Relaxed)
            }
            e => {
                if !self.killed.load(Relaxed) {
                    eprintln!("request failed before the kill: {e}");
                    self.early_failures.fetch_add(1, Relaxed);
                } else if e == ClientError::ConnectionLost {
                    self.in_flight.fetch_add(1, Relaxed);
                }
                return true;
            }
        };
        false
    }
}

/// The ticket announced by an issue's events.
fn issued(events: Vec<Event>) -> Option<Acked> {
    events.into_iter().find_map(|e| match e.kind {
        EventKind::TicketIssued {
            ticket,
            field,
            number,
            display,
            ..
        } => Some(Acked {
            id: ticket,
            field,
            number,
            display,
        }),
        _ => None,
    })
}

/// A client that is online, its updates drained so that replies keep flowing.
async fn connect(
    db: &std::path::Path,
    url: &str,
    role: Role,
    device: &str,
    counter: Option<u16>,
) -> Client {
    let (client, mut updates) = Client::start(identity(db, url, role, device, counter));
    tokio::spawn(async move { while updates.recv().await.is_some() {} });
    let online = client.clone();
    eventually(
        &format!("{device} online"),
        Duration::from_secs(10),
        move || online.link() == Link::Online,
    )
    .await;
    client
}

/// Issues tickets round the fields until stopped or the hub is gone.
async fn kiosk(client: Client, first: usize, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    for i in first.. {
        if stop.load(Relaxed) {
            return;
        }
        let class = if i.is_multiple_of(5) {
            PriorityClass::Elderly
        } else {
            PriorityClass::Regular
        };
        let command = Command::IssueTicket {
            field: FieldCode::new(FIELDS[i % FIELDS.len()]),
            class,
            source: Source::Kiosk(String::new()),
        };
        match client.command(command).await {
            Ok(events) => {
                if tally.killed.load(Relaxed) {
                    tally.acked_after_kill.fetch_add(1, Relaxed);
                }
                tally.acked.lock().expect("tally").extend(issued(events));
            }
            Err(e) => {
                if tally.failed(e).await {
                    return;
                }
            }
        }
    }
}

/// Calls the next ticket and finishes it, until stopped or the hub is gone.
async fn counter(client: Client, counter: CounterId, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    while !stop.load(Relaxed) {
        match client.command(Command::CallNext { counter }).await {
            Ok(_) => match client.command(Command::Finish { counter }).await {
                Ok(_) => _ = tally.served.fetch_add(1, Relaxed),
                Err(e) => {
                    if tally.failed(e).await {
                        return;
                    }
                }
            },
            Err(ClientError::Refused(Refusal::NoneWaiting { .. })) => {
                tokio::time::sleep(Duration::from_millis(5)).await
            }
            Err(e) => {
                if tally.failed(e).await {
                    return;
                }
            }
        }
    }
}

/// A row of the tickets table: (day, issued_field, field, number, display).
type Row = (String, String, String, u32, String);

fn ticket_rows(store: &Store) -> HashMap<u64, Row> {
    let sql = "SELECT id, day, issued_field, field, number, display FROM tickets";
    let mut stmt = store.connection().prepare(sql).expect("query tickets");
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
        ))
    });
    rows.expect("read tickets")
        .collect::<Result<_, _>>()
        .expect("read tickets")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_sigkill_under_load() {
    tokio::task::spawn_blocking(build_kiosk)
        .await
        .expect("building the kiosk binary");
    let began = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("office.db");
    let config_file = default_office_path();
    let mut hub =
        HubProcess::start(&config_file, &db, &dir.path().join("hub-1.log")).expect("hub starts");
    let url = hub.url();

    let admin = connect(&db, &url, Role::Admin, "admin", None).await;
    for (c, clerk) in [(1, "lan"), (2, "hung")] {
        let open = Command::OpenCounter {
            counter: CounterId(c),
            clerk: ClerkId::new(clerk),
            fields: vec![],
        };
        admin
            .command(open)
            .await
            .expect("the admin opens the counter");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let mut tasks = Vec::new();
    for k in 0..4 {
        let client = connect(&db, &url, Role::Kiosk, &format!("kiosk-{k}"), None).await;
        tasks.push(tokio::spawn(kiosk(client, k, stop.clone(), tally.clone())));
    }
    for c in 1..=2 {
        let client = connect(&db, &url, Role::Counter, &format!("quay-{c}"), Some(c)).await;
        tasks.push(tokio::spawn(counter(
            client,
            CounterId(c),
            stop.clone(),
            tally.clone(),
        )));
    }

    tokio::time::sleep(LOAD).await;
    assert!(
        hub.exited().is_none(),
        "the hub died by itself; its log:\n{}",
        hub.log_text()
    );
    tally.killed.store(true, Relaxed);
    hub.kill().expect("SIGKILL the hub");
    stop.store(true, Relaxed);
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("a load task ends after the kill")
            .expect("a load task panicked");
    }
    drop(admin);
    let acked = tally.acked.lock().expect("tally").clone();
    assert_eq!(
        tally.early_failures.load(Relaxed),
        0,
        "requests failed before the kill; hub log:\n{}",
        hub.log_text()
    );
    assert!(
        !acked.is_empty(),
        "no ticket was acknowledged before the kill"
    );

    // The database as SIGKILL left it.
    let config = default_office();
    let store = Store::open(&db, config.clone()).expect("the database opens after SIGKILL");
    let rows = ticket_rows(&store);
    for a in &acked {
        let row = rows.get(&a.id.0).unwrap_or_else(|| {
            panic!(
                "acknowledged ticket {} ({}) is not in the database",
                a.display, a.id
            )
        });
        let (_, issued_field, field, number, display) = row;
        let stored = (
            issued_field.as_str(),
            field.as_str(),
            *number,
            display.as_str(),
        );
        let acknowledged = (
            a.field.as_str(),
            a.field.as_str(),
            a.number,
            a.display.as_str(),
        );
        assert_eq!(
            stored, acknowledged,
            "ticket {} as stored and as acknowledged",
            a.id
        );
        let restored = store
            .engine()
            .ticket(a.id)
            .unwrap_or_else(|| panic!("{} is not in the restored state", a.display));
        assert_eq!(restored.display, a.display);
    }
    let mut seen = HashSet::new();
    for (day, field, _, number, _) in rows.values() {
        assert!(
            seen.insert((day, field, number)),
            "{field} {number} issued twice on {day}"
        );
    }
    let logged: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM events WHERE kind = 'ticket_issued'",
            [],
            |r| r.get(0),
        )
        .expect("count issue events");
    assert_eq!(
        logged as usize,
        rows.len(),
        "every issue in the log has its ticket row and no more"
    );
    // Without a wrap a number can only repeat by a bug, so the check above is the whole truth.
    for f in FIELDS {
        let issued = store
            .engine()
            .state()
            .fields
            .get(&FieldCode::new(f))
            .map_or(0, |s| s.issued);
        assert!(
            issued < 999,
            "field {f} wrapped ({issued} issued); the duplicate check needs fewer"
        );
    }
    let mut highest_acked: BTreeMap<&str, u32> = BTreeMap::new();
    for a in &acked {
        let h = highest_acked.entry(a.field.as_str()).or_default();
        *h = (*h).max(a.number);
    }
    let highest_stored = |f: &str| {
        rows.values()
            .filter(|r| r.1 == f)
            .map(|r| r.3)
            .max()
            .unwrap_or(0)
    };
    let stored = rows.len();
    drop(store);

    // A new hub on the same file continues each field after the highest number handed out.
    let hub = HubProcess::start(&config_file, &db, &dir.path().join("hub-2.log"))
        .expect("the hub starts again");
    let kiosk = connect(&db, &hub.url(), Role::Kiosk, "kiosk-after", None).await;
    for f in FIELDS {
        let issue = Command::IssueTicket {
            field: FieldCode::new(f),
            class: PriorityClass::Regular,
            source: Source::Kiosk(String::new()),
        };
        let events = kiosk
            .command(issue)
            .await
            .expect("the restarted hub issues");
        let Acked {
            number, display, ..
        } = issued(events).expect("a ticket_issued event");
        let acked_max = highest_acked.get(f).copied().unwrap_or(0);
        assert!(
            number > acked_max,
            "{f}: {display} after the restart, but {acked_max} was acknowledged before the kill"
        );
        assert_eq!(
            number,
            highest_stored(f) + 1,
            "{f}: {display} does not follow the highest stored number"
        );
    }
    println!(
        "hub_kill: {} tickets acknowledged by the hub before SIGKILL ({} of those replies arrived after it), {stored} stored; {} requests lost in flight, {} refused, {} rate-limited, {} served; took {:.1} s",
        acked.len(),
        tally.acked_after_kill.load(Relaxed),
        tally.in_flight.load(Relaxed),
        tally.refused.load(Relaxed),
        tally.rate_limited.load(Relaxed),
        tally.served.load(Relaxed),
        began.elapsed().as_secs_f64()
    );
}
