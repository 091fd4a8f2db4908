//! The durable store: one SQLite file in WAL mode with `synchronous=FULL`.
//!
//! The store owns the engine so the two can never disagree: a batch of commands is decided
//! in memory, its events appended and the changed projection rows written in one
//! transaction, and only after the commit do callers learn the outcome. If the commit
//! fails, the engine is reloaded from the file, which still holds the state before the batch.

mod rows;
mod schema;

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::config::Config;
use crate::engine::{Changes, Command, Engine, Event, Refusal};

pub use rows::{events_after, millis, ticket as ticket_from_row};

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
    /// Imported events must continue the log without a gap.
    #[error("event {got} does not follow event {last}")]
    OutOfOrder {
        /// Last event in the store.
        last: u64,
        /// Event offered.
        got: u64,
    },
}

/// What one command of a batch came to.
pub type Outcome = Result<Vec<Event>, Refusal>;

/// The office's database and the engine over it.
pub struct Store {
    conn: Connection,
    engine: Engine,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and restores the engine from it.
    pub fn open(path: &Path, config: Arc<Config>) -> Result<Store, StoreError> {
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        let engine = Engine::from_state(config, rows::read_state(&conn)?);
        Ok(Store { conn, engine })
    }

    /// The engine, as of the last commit.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Applies one command durably. The outer error is the database's; the inner one the
    /// engine's refusal (which changes nothing and writes nothing).
    pub fn apply(&mut self, command: &Command, now: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let mut outcomes = self.apply_batch(std::iter::once((command, now)))?;
        Ok(outcomes.pop().unwrap_or(Ok(Vec::new())))
    }

    /// Applies commands in order and commits them all in one transaction (group commit):
    /// one fsync for the whole batch. Times are kept to the millisecond.
    pub fn apply_batch<'a>(
        &mut self,
        commands: impl IntoIterator<Item = (&'a Command, DateTime<Utc>)>,
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut changes = Changes::default();
        let mut events = Vec::new();
        let outcomes: Vec<Outcome> = commands
            .into_iter()
            .map(|(command, now)| {
                let now = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
                let outcome = self.engine.apply_tracked(command, now, &mut changes);
                if let Ok(new) = &outcome {
                    events.extend_from_slice(new);
                }
                outcome
            })
            .collect();
        if !events.is_empty() {
            self.commit(&events, &changes)?;
        }
        Ok(outcomes)
    }

    /// Appends events from another log (a replay or a rebuild), evolving the engine and the
    /// projections exactly as when they first happened.
    pub fn import(&mut self, events: &[Event]) -> Result<(), StoreError> {
        let mut changes = Changes::default();
        for e in events {
            let last = self.engine.state().last_seq;
            if e.seq != last + 1 {
                self.reload()?;
                return Err(StoreError::OutOfOrder { last, got: e.seq });
            }
            changes.merge(self.engine.evolve(e));
        }
        self.commit(events, &changes)
    }

    /// Events after sequence number `after`, at most `limit`, oldest first.
    pub fn events_after(&self, after: u64, limit: usize) -> Result<Vec<Event>, StoreError> {
        rows::events_after(&self.conn, after, limit)
    }

    /// The connection, for read-only queries (reports).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn commit(&mut self, events: &[Event], changes: &Changes) -> Result<(), StoreError> {
        let result = (|| {
            let tx = self.conn.transaction()?;
            rows::append_events(&tx, events)?;
            rows::write_changes(&tx, self.engine.state(), changes)?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = result {
            tracing::error!(error = %e, "commit failed; reloading the last committed state");
            self.reload()?;
            return Err(e);
        }
        Ok(())
    }

    fn reload(&mut self) -> Result<(), StoreError> {
        let config = self.engine.config().clone();
        self.engine = Engine::from_state(config, rows::read_state(&self.conn)?);
        Ok(())
    }
}
