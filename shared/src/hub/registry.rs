//! The hub's live view of the paired devices and approved pairing codes.
//!
//! The manager approves and revokes from another process on the same database file, so
//! the hub watches the file: every [`POLL`] a thread of its own asks SQLite whether
//! anyone committed (`PRAGMA data_version`), and if so reads the two small tables again.
//! Sessions wait on the result: a revoked device is cut off, and a waiting device hears
//! that its code was approved, within a poll.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::watch;

use crate::store::{StoreError, devices, open_file, pairing};

/// How often the hub looks for approvals and revocations.
pub const POLL: Duration = Duration::from_millis(250);

/// The devices that may connect and the approved codes, as the file held them when read.
#[derive(Debug)]
pub struct Registry {
    /// Token hash of every device not revoked, by name.
    pub devices: HashMap<String, Vec<u8>>,
    /// The name each approved pairing code was approved as.
    pub approved: HashMap<String, String>,
    /// When the reading began: a device checked later than that may be missing from it.
    pub read_at: Instant,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            devices: HashMap::new(),
            approved: HashMap::new(),
            read_at: Instant::now(),
        }
    }
}

impl Registry {
    /// Whether the device `name`, with the token hashed as `hash` and found paired at
    /// `checked`, is still paired. A reading older than the check tells nothing new.
    pub fn allows(&self, name: &str, hash: &[u8], checked: Instant) -> bool {
        self.read_at < checked || self.devices.get(name).is_some_and(|h| h == hash)
    }

    fn read(conn: &Connection) -> Result<Registry, StoreError> {
        let read_at = Instant::now();
        Ok(Registry {
            devices: devices::active_hashes(conn)?,
            approved: pairing::approved(conn)?,
            read_at,
        })
    }

    fn same(&self, other: &Registry) -> bool {
        self.devices == other.devices && self.approved == other.approved
    }
}

/// Starts watching the database at `path` (none: a database only in memory, which no
/// other process can change). Pairing requests left from an earlier run are closed first:
/// no connection waits on them any more.
pub fn watch(path: Option<PathBuf>) -> Result<watch::Receiver<Arc<Registry>>, StoreError> {
    let Some(path) = path else {
        return Ok(watch::channel(Arc::default()).1);
    };
    let conn = open_file(&path)?;
    pairing::close_all(&conn)?;
    let (tx, rx) = watch::channel(Arc::new(Registry::read(&conn)?));
    std::thread::Builder::new()
        .name("device-registry".into())
        .spawn(move || poll(conn, tx))
        .map_err(|e| StoreError::Corrupt(format!("cannot start the device watcher: {e}")))?;
    Ok(rx)
}

/// Reads the tables whenever another connection committed, until nobody listens.
fn poll(conn: Connection, tx: watch::Sender<Arc<Registry>>) {
    let version = |conn: &Connection| -> Option<i64> {
        conn.pragma_query_value(None, "data_version", |r| r.get(0))
            .ok()
    };
    let mut seen = version(&conn);
    while !tx.is_closed() {
        std::thread::sleep(POLL);
        let now = version(&conn);
        if now == seen && now.is_some() {
            continue;
        }
        match Registry::read(&conn) {
            Ok(registry) => {
                seen = now;
                tx.send_if_modified(|current| {
                    let changed = !current.same(&registry);
                    if changed {
                        *current = Arc::new(registry);
                    }
                    changed
                });
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the paired devices"),
        }
    }
}
