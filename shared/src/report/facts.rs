//! One ticket reduced to what reports need, read from the tickets projection.
//!
//! The projection keeps every ticket of every day as it ended. Its `called_at` is the call
//! to the ticket's *current* counter (a transfer or a no-show brought back forgets earlier
//! calls), so the first call comes from the `first_calls` table that migration 0004 keeps
//! with a trigger; a database without it falls back to `called_at`. The citizen's rating,
//! if any, comes from the `ratings` table.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

use crate::model::{ClerkId, CounterId, FieldCode};

/// How a ticket's life ended (or has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Served to the end (`done`).
    Served,
    /// Did not come when called (and was not brought back and served).
    NoShow,
    /// Cancelled by staff or the citizen.
    Cancelled,
    /// Still waiting, called or being served when its day ended.
    Expired,
    /// Still waiting, called or being served (today).
    Open,
}

impl Outcome {
    fn from_state(state: &str) -> Outcome {
        match state {
            "done" => Outcome::Served,
            "no_show" => Outcome::NoShow,
            "cancelled" => Outcome::Cancelled,
            "expired" => Outcome::Expired,
            _ => Outcome::Open,
        }
    }
}

/// Marks a duration that is not known (never called, or not served).
const NONE: u32 = u32::MAX;

/// One ticket as reports see it: small, because a year holds a million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Index of the field it was issued for in [`DayFacts::fields`].
    pub field: u16,
    /// Index of the clerk who last held it in [`DayFacts::clerks`], if any.
    pub clerk: Option<u16>,
    /// Counter that last held it (served it, or called it), if any.
    pub counter: Option<CounterId>,
    /// Local hour of day it was issued at (0..=23).
    pub hour: u8,
    /// How it ended.
    pub outcome: Outcome,
    /// Moved to another field at least once.
    pub transferred: bool,
    /// The citizen's rating in points (1 dissatisfied … 4 very satisfied); 0 if none.
    pub rating: u8,
    wait_ms: u32,
    service_ms: u32,
}

impl Facts {
    /// Waiting time in milliseconds: issue to first call; None if never called.
    pub fn wait_ms(&self) -> Option<u32> {
        (self.wait_ms != NONE).then_some(self.wait_ms)
    }

    /// Service time in milliseconds: start of service to its end; only for served tickets.
    pub fn service_ms(&self) -> Option<u32> {
        (self.service_ms != NONE).then_some(self.service_ms)
    }
}

/// The tickets of one business day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayFacts {
    /// The business day.
    pub day: NaiveDate,
    /// Fields named by the tickets' `field` indexes.
    pub fields: Vec<FieldCode>,
    /// Clerks named by the tickets' `clerk` indexes.
    pub clerks: Vec<ClerkId>,
    /// Its tickets.
    pub tickets: Vec<Facts>,
}

/// Whether the database has the table `name`.
pub fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// What the database holds beyond the tickets projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tables {
    /// `first_calls` (migration 0004).
    pub first_calls: bool,
    /// `ratings`.
    pub ratings: bool,
}

impl Tables {
    /// Looks at the database.
    pub fn of(conn: &Connection) -> rusqlite::Result<Tables> {
        Ok(Tables {
            first_calls: has_table(conn, "first_calls")?,
            ratings: has_table(conn, "ratings")?,
        })
    }

    /// The first call (or the last, without `first_calls`) and the rating's score, as SQL
    /// columns, and the joins they need, over `tickets t`.
    pub fn extra(self) -> (&'static str, &'static str) {
        match (self.first_calls, self.ratings) {
            (true, true) => (
                "coalesce(f.at, t.called_at), r.score",
                "LEFT JOIN first_calls f ON f.ticket = t.id LEFT JOIN ratings r ON r.ticket = t.id",
            ),
            (true, false) => (
                "coalesce(f.at, t.called_at), NULL",
                "LEFT JOIN first_calls f ON f.ticket = t.id",
            ),
            (false, true) => (
                "t.called_at, r.score",
                "LEFT JOIN ratings r ON r.ticket = t.id",
            ),
            (false, false) => ("t.called_at, NULL", ""),
        }
    }
}

/// The SQL that reads one day's tickets.
pub fn day_query(tables: Tables) -> String {
    let (columns, joins) = tables.extra();
    format!(
        "SELECT t.issued_field, t.state, t.counter, t.clerk, t.issued_at, t.called_at,
                t.started_at, t.ended_at, t.transfers, {columns}
         FROM tickets t {joins} WHERE t.day = ?1"
    )
}

/// Reads the tickets of business day `day`; hours are local to `zone`.
pub fn read_day(
    conn: &Connection,
    day: NaiveDate,
    zone: Tz,
    tables: Tables,
) -> rusqlite::Result<DayFacts> {
    let mut out = DayFacts {
        day,
        fields: Vec::new(),
        clerks: Vec::new(),
        tickets: Vec::new(),
    };
    let mut stmt = conn.prepare_cached(&day_query(tables))?;
    let mut rows = stmt.query([day.to_string()])?;
    let mut hours = LocalHours::new(zone);
    while let Some(r) = rows.next()? {
        // Text is borrowed from the row, not copied: a year is a million rows.
        let text =
            |i: usize| -> rusqlite::Result<Option<&str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
        let issued: i64 = r.get(4)?;
        let called: Option<i64> = r.get(5)?;
        let started: Option<i64> = r.get(6)?;
        let ended: Option<i64> = r.get(7)?;
        let first_call: Option<i64> = r.get(9)?;
        let outcome = Outcome::from_state(text(1)?.unwrap_or_default());
        let service = match (outcome, started.or(called), ended) {
            (Outcome::Served, Some(began), Some(end)) => span(began, end),
            _ => NONE,
        };
        out.tickets.push(Facts {
            field: intern(
                &mut out.fields,
                text(0)?.unwrap_or_default(),
                FieldCode::as_str,
                FieldCode::new,
            ),
            clerk: text(3)?.map(|c| intern(&mut out.clerks, c, ClerkId::as_str, ClerkId::new)),
            counter: r.get::<_, Option<u16>>(2)?.map(CounterId),
            hour: hours.of(issued),
            outcome,
            transferred: r.get::<_, i64>(8)? > 0,
            rating: text(10)?.and_then(super::ratings::points).unwrap_or(0),
            wait_ms: first_call.map_or(NONE, |c| span(issued, c)),
            service_ms: service,
        });
    }
    Ok(out)
}

/// Milliseconds from `a` to `b`, never negative, below [`NONE`].
fn span(a: i64, b: i64) -> u32 {
    (b - a).clamp(0, i64::from(NONE - 1)) as u32
}

/// The office-local hour of a stored time.
pub fn local_hour(ms: i64, zone: Tz) -> u8 {
    DateTime::<Utc>::from_timestamp_millis(ms).map_or(0, |t| t.with_timezone(&zone).hour() as u8)
}

/// Local hours of times that mostly follow each other, looked up once per quarter hour
/// (every time zone's offset is a whole number of quarter hours).
struct LocalHours {
    zone: Tz,
    quarter: i64,
    hour: u8,
}

impl LocalHours {
    fn new(zone: Tz) -> LocalHours {
        LocalHours {
            zone,
            quarter: i64::MIN,
            hour: 0,
        }
    }

    fn of(&mut self, ms: i64) -> u8 {
        let quarter = ms.div_euclid(900_000);
        if quarter != self.quarter {
            self.quarter = quarter;
            self.hour = local_hour(ms, self.zone);
        }
        self.hour
    }
}

/// Index of `name` in `list`, adding it if new (a day has a handful of fields and clerks).
fn intern<T>(list: &mut Vec<T>, name: &str, key: fn(&T) -> &str, make: fn(&str) -> T) -> u16 {
    match list.iter().position(|x| key(x) == name) {
        Some(i) => i as u16,
        None => {
            list.push(make(name));
            (list.len() - 1) as u16
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_takes_24_bytes_in_memory() {
        // A year of a busy office is a million of them, kept for every past day.
        assert_eq!(std::mem::size_of::<Facts>(), 24);
    }

    #[test]
    fn local_hours_follow_the_office_clock() {
        let zone: Tz = "Asia/Ho_Chi_Minh".parse().expect("a zone");
        let mut hours = LocalHours::new(zone);
        // 2026-11-16 00:59:59.999 and 01:00:00 UTC are 07:59 and 08:00 in Ho Chi Minh City.
        let eight = 1_794_790_800_000;
        assert_eq!(hours.of(eight - 1), 7);
        assert_eq!(hours.of(eight), 8);
        assert_eq!(hours.of(eight - 1), 7);
    }
}
