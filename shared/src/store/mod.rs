//! The durable store: one SQLite file in WAL mode with `synchronous=FULL`.
//!
//! The store owns the engine so the two can never disagree: a batch of commands is decided
//! in memory, its events appended and the changed projection rows written in one
//! transaction, and only after the commit do callers learn the outcome. If the batch fails
//! (its commit, or a read it needed), the engine is reloaded from the file, which still
//! holds the state before the batch; if even that fails, the store refuses every later
//! write ([`StoreError::Broken`]) rather than build on events the file never got.

pub mod devices;
pub mod lockout;
pub mod pairing;
mod ratings;
mod rows;
mod schema;

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use crate::config::Config;
use crate::engine::{Changes, Command, Engine, Event, EventKind, Refusal};

pub use ratings::ratings_between;
use rows::Keyed;
pub use rows::{events_after, millis};
/// A connection to the database file, as [`open_file`] gives it.
pub use rusqlite::Connection;
pub use schema::open_file;

/// The database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error (disk full, locked, I/O).
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An event or row could not be encoded or decoded.
    #[error("database contents: {0}")]
    Json(#[from] serde_json::Error),
    /// The file holds something this program did not write.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The file was made by a newer version of the program.
    #[error(
        "the database has schema version {found}; this program knows up to {known}: upgrade it"
    )]
    TooNew {
        /// Version in the file.
        found: usize,
        /// Newest version known here.
        known: usize,
    },
    /// A batch failed and the state could not be read back, so the engine may hold events
    /// the file does not: the store must be opened again.
    #[error("the database could not be read back after a failed write ({0}); open it again")]
    Broken(String),
    /// Imported events must continue the log without a gap.
    #[error("event {got} does not follow event {last}")]
    OutOfOrder {
        /// Last event in the store.
        last: u64,
        /// Event offered.
        got: u64,
    },
}

/// A command to apply, when, and the idempotency key it was sent with (if any).
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// The command.
    pub command: &'a Command,
    /// The time it is applied at.
    pub now: DateTime<Utc>,
    /// A key unique to this request; a second submission with it is not applied again.
    pub key: Option<&'a str>,
}

impl<'a> Submission<'a> {
    /// A submission without a key.
    pub fn new(command: &'a Command, now: DateTime<Utc>) -> Self {
        Submission {
            command,
            now,
            key: None,
        }
    }
}

/// What one command of a batch came to.
pub type Outcome = Result<Vec<Event>, Refusal>;

/// The office's database and the engine over it.
pub struct Store {
    conn: Connection,
    engine: Engine,
    /// Why the engine may be ahead of the file, once a failed batch could not be undone.
    broken: Option<String>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and restores the engine from it.
    pub fn open(path: &Path, config: Arc<Config>) -> Result<Store, StoreError> {
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        let engine = Engine::from_state(config, rows::read_state(&conn)?);
        Ok(Store {
            conn,
            engine,
            broken: None,
        })
    }

    /// The engine, as of the last commit.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Applies one command durably. The outer error is the database's; the inner one the
    /// engine's refusal (which changes nothing and writes nothing).
    pub fn apply(&mut self, command: &Command, now: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let mut outcomes = self.apply_batch([Submission::new(command, now)])?;
        Ok(outcomes.pop().unwrap_or(Ok(Vec::new())))
    }

    /// Applies commands in order and commits them all in one transaction (group commit):
    /// one fsync for the whole batch. Times are kept to the millisecond.
    ///
    /// A submission whose key was seen before is not decided again: its outcome is the
    /// first one (the events it caused, or its refusal, kept with the key in the same
    /// transaction), or `KeyReused` if the key came with another command.
    pub fn apply_batch<'a>(
        &mut self,
        submissions: impl IntoIterator<Item = Submission<'a>>,
    ) -> Result<Vec<Outcome>, StoreError> {
        self.usable()?;
        let result = self.decide_and_commit(submissions);
        if let Err(e) = &result {
            self.undo(e);
        }
        result
    }

    fn decide_and_commit<'a>(
        &mut self,
        submissions: impl IntoIterator<Item = Submission<'a>>,
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut changes = Changes::default();
        let mut events: Vec<Event> = Vec::new();
        let mut keyed: Vec<Keyed<'a>> = Vec::new();
        let mut outcomes = Vec::new();
        let mut at = None;
        for s in submissions {
            let fingerprint = match s.key {
                Some(_) => serde_json::to_string(s.command)?,
                None => String::new(),
            };
            if let Some(key) = s.key
                && let Some((command, earlier)) = self.earlier_outcome(key, &keyed, &events)?
            {
                outcomes.push(if command == fingerprint {
                    earlier
                } else {
                    Err(Refusal::KeyReused {
                        key: key.to_string(),
                    })
                });
                continue;
            }
            let now = DateTime::from_timestamp_millis(s.now.timestamp_millis()).unwrap_or(s.now);
            at = Some(millis(now));
            let outcome = self.engine.apply_tracked(s.command, now, &mut changes);
            if let Some(key) = s.key {
                keyed.push(Keyed::new(key, fingerprint, &outcome));
            }
            if let Ok(new) = &outcome {
                events.extend_from_slice(new);
            }
            outcomes.push(outcome);
        }
        if !events.is_empty() || !keyed.is_empty() {
            let at = events.last().map_or(at.unwrap_or(0), |e| millis(e.at));
            self.commit(&events, &changes, &keyed, at)?;
        }
        Ok(outcomes)
    }

    /// The command a key was first sent with and what it came to, if it was seen before
    /// (in the file or earlier in this batch).
    fn earlier_outcome(
        &self,
        key: &str,
        batch: &[Keyed],
        pending: &[Event],
    ) -> Result<Option<(String, Outcome)>, StoreError> {
        if let Some(k) = batch.iter().find(|k| k.key == key) {
            let outcome = match &k.refusal {
                Some(refusal) => Err(refusal.clone()),
                None => Ok(pending
                    .iter()
                    .filter(|e| (k.first..=k.last).contains(&e.seq))
                    .cloned()
                    .collect()),
            };
            return Ok(Some((k.command.clone(), outcome)));
        }
        let found: Option<(String, i64, i64, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT command, first_seq, last_seq, refusal FROM requests WHERE key = ?1",
            )?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((command, first, last, refusal)) = found else {
            return Ok(None);
        };
        let outcome = match refusal {
            Some(json) => Err(serde_json::from_str(&json)?),
            None => {
                let n = (last - first + 1).max(0) as usize;
                Ok(rows::events_after(
                    &self.conn,
                    (first - 1).max(0) as u64,
                    n,
                )?)
            }
        };
        Ok(Some((command, outcome)))
    }

    /// Appends events from another log (a replay or a rebuild), evolving the engine and the
    /// projections exactly as when they first happened.
    pub fn import(&mut self, events: &[Event]) -> Result<(), StoreError> {
        self.usable()?;
        let mut changes = Changes::default();
        let mut result = Ok(());
        for e in events {
            let last = self.engine.state().last_seq;
            if e.seq != last + 1 {
                result = Err(StoreError::OutOfOrder { last, got: e.seq });
                break;
            }
            changes.merge(self.engine.evolve(e));
        }
        if result.is_ok() {
            let at = events.last().map_or(0, |e| millis(e.at));
            result = self.commit(events, &changes, &[], at);
        }
        if let Err(e) = &result {
            self.undo(e);
        }
        result
    }

    /// Events after sequence number `after`, at most `limit`, oldest first.
    pub fn events_after(&self, after: u64, limit: usize) -> Result<Vec<Event>, StoreError> {
        rows::events_after(&self.conn, after, limit)
    }

    /// The connection, for read-only queries (reports).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn commit(
        &mut self,
        events: &[Event],
        changes: &Changes,
        keyed: &[Keyed],
        at: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        rows::append_events(&tx, events)?;
        rows::write_changes(&tx, self.engine.state(), changes)?;
        ratings::write(&tx, &changes.ratings)?;
        let new_day = events
            .iter()
            .any(|e| matches!(e.kind, EventKind::DayStarted { .. }));
        rows::record_requests(&tx, keyed, at, new_day)?;
        tx.commit()?;
        Ok(())
    }

    /// Refuses to write once the engine may be ahead of the file.
    fn usable(&self) -> Result<(), StoreError> {
        match &self.broken {
            Some(why) => Err(StoreError::Broken(why.clone())),
            None => Ok(()),
        }
    }

    /// After a failed write: back to the state the file holds, or broken if it cannot be read.
    fn undo(&mut self, failure: &StoreError) {
        tracing::error!(error = %failure, "batch not written; reloading the last committed state");
        let config = self.engine.config().clone();
        match rows::read_state(&self.conn) {
            Ok(state) => self.engine = Engine::from_state(config, state),
            Err(e) => {
                tracing::error!(error = %e, "the last committed state cannot be read back");
                self.broken = Some(format!("{failure}; then reading back: {e}"));
            }
        }
    }
}
