//! [`Reports`]: a read-only connection to the office database, with the tickets of past
//! business days kept in memory.
//!
//! A past day never changes once the office has moved on to a later one, so its tickets
//! are read from the projection once and kept (about 20 bytes a ticket); the current day
//! is read afresh every time. The connection is separate from the hub's writer: WAL lets
//! it read while commands commit, and a long report never holds a command up.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::config::Config;
use crate::engine::business_day;

use super::facts::{self, DayFacts, Tables};
use super::period::{Period, PeriodError};
use super::tables::{self, Report};

/// More cached days than this and the cache starts again (a few years of an office).
const MAX_CACHED_DAYS: usize = 1500;

/// A report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The database could not be read.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Writing the output failed.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The period asked for is not usable.
    #[error("{0}")]
    Period(#[from] PeriodError),
}

/// Opens the database file for reading only (it must exist).
pub fn open_read_only(path: &Path) -> Result<Connection, ReportError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

/// Reports over one office database.
pub struct Reports {
    conn: Connection,
    config: Arc<Config>,
    tables: Tables,
    past: HashMap<NaiveDate, Arc<DayFacts>>,
}

impl Reports {
    /// Opens the database at `path` read-only.
    pub fn open(path: &Path, config: Arc<Config>) -> Result<Reports, ReportError> {
        let conn = open_read_only(path)?;
        let tables = Tables::of(&conn)?;
        if !tables.first_calls {
            tracing::warn!("no first_calls table: waits after a transfer start from the last call");
        }
        Ok(Reports {
            conn,
            config,
            tables,
            past: HashMap::new(),
        })
    }

    /// The office configuration reports are made for.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The connection (for the ticket-level export).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The business day `now` falls in.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        business_day(now, &self.config)
    }

    /// The report of `period`, as the database stands at `now`.
    pub fn report(&mut self, period: Period, now: DateTime<Utc>) -> Result<Report, ReportError> {
        let days = self.in_snapshot(|me| me.days(period, now))?;
        Ok(tables::build(
            &self.config,
            period,
            &days,
            self.tables.first_calls,
        ))
    }

    /// Runs `f` in one read transaction, so every day it reads is from the same moment.
    fn in_snapshot<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ReportError>,
    ) -> Result<T, ReportError> {
        self.conn.execute_batch("BEGIN")?;
        let result = f(self);
        // A read transaction has nothing to keep: ending it cannot lose anything.
        let ended = self.conn.execute_batch("COMMIT");
        let value = result?;
        ended?;
        Ok(value)
    }

    /// The tickets of each day of `period`: past days from memory, others from the file.
    pub fn days(
        &mut self,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Vec<Arc<DayFacts>>, ReportError> {
        let live_from = self.live_from(now)?;
        if self.past.len() > MAX_CACHED_DAYS {
            self.past.clear();
        }
        let mut out = Vec::with_capacity(period.len_days() as usize);
        for day in period.days() {
            if let Some(known) = self.past.get(&day) {
                out.push(known.clone());
                continue;
            }
            let read = Arc::new(facts::read_day(
                &self.conn,
                day,
                self.config.time_zone,
                self.tables,
            )?);
            if day < live_from {
                self.past.insert(day, read.clone());
            }
            out.push(read);
        }
        Ok(out)
    }

    /// The first day that may still change: the database's current business day, or the
    /// clock's if that is earlier (the hub may not have started today yet).
    fn live_from(&self, now: DateTime<Utc>) -> Result<NaiveDate, ReportError> {
        let office: Option<String> =
            self.conn
                .query_row("SELECT day FROM office WHERE id = 1", [], |r| r.get(0))?;
        let today = self.today(now);
        Ok(office
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .map_or(today, |d| d.min(today)))
    }
}
