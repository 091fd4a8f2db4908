//! The real hub process stops when its disk fills, and loses nothing it acknowledged.
//!
//! The database lives on a tmpfs of a few hundred kilobytes that this test mounts (it runs
//! as root here; where mounting is not allowed it says so and checks nothing). Kiosks
//! issue tickets through the `kiosk hub` binary until the file system is full and a commit
//! fails. The hub must then exit non-zero with a clear log line rather than stay up
//! refusing everything; every ticket acknowledged, and every ticket a display was shown,
//! must be in the file; once space is freed, a restarted hub continues each field's
//! numbering without a duplicate.

mod hub_child;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hub_child::{HubProcess, build_kiosk};
use shared::client::{Client, ClientError, Link, Update};
use shared::engine::{Command, Event, EventKind};
use shared::model::{FieldCode, PriorityClass, Source, TicketId};
use shared::protocol::{ErrorCode, Role};
use shared::store::Store;
use tests::{default_office, default_office_path, eventually, identity};

const FIELDS: [&str; 4] = ["VL", "BHTN", "GDNN", "LDNN"];
/// Room for the new database and a few dozen commits of its write-ahead log.
const SMALL: &str = "size=640k";
/// Room enough once the office has freed space.
const ROOMY: &str = "size=16m";
/// The most the hub may take to notice the full disk and exit (a hang fails, not a delay).
const EXIT_LIMIT: Duration = Duration::from_secs(60);
/// The log line that says why the hub stopped.
const STOP_LINE: &str = "the hub is stopping: it can no longer save to its database";

/// A tmpfs mounted on a temporary folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts one, or says why it cannot.
    fn mount(options: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Process::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("running mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Changes its size in place, keeping the files (the office freeing space).
    fn resize(&self, options: &str) {
        let status = Process::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.path())
            .status()
            .expect("running mount");
        assert!(status.success(), "remounting the tmpfs with {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// What the kiosks and the display saw.
#[derive(Default)]
struct Seen {
    /// Tickets whose issue the hub acknowledged: id, field and shown number.
    acked: Mutex<Vec<(TicketId, String, u32, String)>>,
    /// Requests the hub answered with an error saying it could not save (the others of the
    /// failing batch see their connection close; "never an ok" is checked against the file).
    unsaved: AtomicU64,
    /// Tickets a display was shown, by id, as shown.
    shown: Mutex<HashMap<TicketId, String>>,
}

fn issue(field: &str) -> Command {
    Command::IssueTicket {
        field: FieldCode::new(field),
        class: PriorityClass::Regular,
        source: Source::Kiosk(String::new()),
    }
}

/// The ticket an issue's events announce: (id, field, number, shown number).
fn issued(events: &[Event]) -> Option<(TicketId, String, u32, String)> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::TicketIssued {
            ticket,
            field,
            number,
            display,
            ..
        } => Some((*ticket, field.to_string(), *number, display.clone())),
        _ => None,
    })
}

async fn online(
    db: &Path,
    url: &str,
    role: Role,
    device: &str,
) -> (Client, tokio::sync::mpsc::Receiver<Update>) {
    let (client, updates) = Client::start(identity(db, url, role, device, None));
    let probe = client.clone();
    eventually(
        &format!("{device} online"),
        Duration::from_secs(10),
        move || probe.link() == Link::Online,
    )
    .await;
    (client, updates)
}

/// Issues round the fields until told to stop.
async fn kiosk(client: Client, first: usize, stop: Arc<AtomicBool>, seen: Arc<Seen>) {
    for i in first.. {
        if stop.load(Relaxed) {
            return;
        }
        match client.command(issue(FIELDS[i % FIELDS.len()])).await {
            Ok(events) => seen.acked.lock().expect("seen").extend(issued(&events)),
            Err(ClientError::Rejected {
                code: ErrorCode::Unavailable,
                ..
            }) => _ = seen.unsaved.fetch_add(1, Relaxed),
            // The hub is going or gone: wait for the test to notice.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// Records every ticket the display is shown, from snapshots and events.
async fn display(mut updates: tokio::sync::mpsc::Receiver<Update>, seen: Arc<Seen>) {
    while let Some(update) = updates.recv().await {
        let mut shown = seen.shown.lock().expect("seen");
        match update {
            Update::Snapshot(state) => {
                shown.extend(state.tickets.values().map(|t| (t.id, t.display.clone())))
            }
            Update::Event(event) => shown.extend(issued(&[*event]).map(|(id, _, _, d)| (id, d))),
            _ => {}
        }
    }
}

/// Every ticket row of the file: id → (field, number, shown number).
fn stored(db: &Path) -> HashMap<TicketId, (String, u32, String)> {
    let store = Store::open(db, default_office()).expect("the database opens");
    let mut stmt = store
        .connection()
        .prepare("SELECT id, issued_field, number, display FROM tickets")
        .expect("query tickets");
    let rows = stmt
        .query_map([], |r| {
            Ok((
                TicketId(r.get::<_, i64>(0)? as u64),
                (r.get(1)?, r.get(2)?, r.get(3)?),
            ))
        })
        .expect("read tickets");
    rows.collect::<Result<_, _>>().expect("read tickets")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_stops_the_hub_and_loses_nothing_acknowledged() {
    let disk = match Tmpfs::mount(SMALL) {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("SKIPPED: cannot mount a small tmpfs to fill ({why}); run as root");
            return;
        }
    };
    tokio::task::spawn_blocking(build_kiosk)
        .await
        .expect("building the kiosk binary");
    let logs = tempfile::tempdir().expect("temp dir");
    let db: PathBuf = disk.path().join("office.db");
    let mut hub = HubProcess::start(&default_office_path(), &db, &logs.path().join("hub-1.log"))
        .expect("the hub starts on the small disk");
    let url = hub.url();
    let seen = Arc::new(Seen::default());
    let (_tv, updates) = online(&db, &url, Role::Display, "tv-1").await;
    tokio::spawn(display(updates, seen.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    // Both kiosks are online (and enrolled, which writes to the same small disk) before
    // either issues, so the disk cannot fill while the second is still connecting.
    let mut clients = Vec::new();
    for k in 0..2 {
        let (client, mut updates) = online(&db, &url, Role::Kiosk, &format!("kiosk-{k}")).await;
        tokio::spawn(async move { while updates.recv().await.is_some() {} });
        clients.push(client);
    }
    let kiosks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(k, client)| tokio::spawn(kiosk(client, k, stop.clone(), seen.clone())))
        .collect();

    let began = Instant::now();
    let status = loop {
        if let Some(status) = hub.exited() {
            break status;
        }
        assert!(
            began.elapsed() < EXIT_LIMIT,
            "the hub is still up with its disk full; its log:\n{}",
            hub.log_text()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    stop.store(true, Relaxed);
    for task in kiosks {
        task.await.expect("a kiosk task panicked");
    }
    let exited_after = began.elapsed();
    let log = hub.log_text();
    assert!(
        !status.success(),
        "the hub exited with {status}; its log:\n{log}"
    );
    assert!(
        log.contains(STOP_LINE),
        "no '{STOP_LINE}' in the log:\n{log}"
    );
    let acked = seen.acked.lock().expect("seen").clone();
    assert!(
        !acked.is_empty(),
        "no ticket was acknowledged before the disk filled"
    );

    // The office frees space; the file is as the failed hub left it.
    disk.resize(ROOMY);
    let rows = stored(&db);
    for (id, field, number, display) in &acked {
        assert_eq!(
            rows.get(id),
            Some(&(field.clone(), *number, display.clone())),
            "acknowledged ticket {display} ({id}) as stored"
        );
    }
    let shown = seen.shown.lock().expect("seen").clone();
    for (id, display) in &shown {
        assert_eq!(
            rows.get(id).map(|r| &r.2),
            Some(display),
            "the display showed {display} ({id}), which the file does not hold"
        );
    }

    // A new hub on the same file continues each field after its highest number.
    let hub = HubProcess::start(&default_office_path(), &db, &logs.path().join("hub-2.log"))
        .expect("the hub starts again");
    let (kiosk, _updates) = online(&db, &hub.url(), Role::Kiosk, "kiosk-after").await;
    let mut highest: BTreeMap<&str, u32> = BTreeMap::new();
    for (field, number, _) in rows.values() {
        let h = highest
            .entry(FIELDS.iter().find(|f| **f == field).expect("a field"))
            .or_default();
        *h = (*h).max(*number);
    }
    for f in FIELDS {
        let events = kiosk
            .command(issue(f))
            .await
            .expect("the restarted hub issues");
        let (_, _, number, display) = issued(&events).expect("a ticket");
        assert_eq!(
            number,
            highest.get(f).copied().unwrap_or(0) + 1,
            "{f}: {display} after the restart"
        );
    }
    drop(hub);
    let all = stored(&db);
    let mut numbers = HashSet::new();
    for (field, number, display) in all.values() {
        assert!(numbers.insert((field, number)), "{display} issued twice");
    }
    println!(
        "hub_disk_failure: {} tickets acknowledged before the disk filled, {} requests told 'not saved', {} tickets shown on the display, hub exited with {status} {:.1} s after the load began",
        acked.len(),
        seen.unsaved.load(Relaxed),
        shown.len(),
        exited_after.as_secs_f64(),
    );
}
