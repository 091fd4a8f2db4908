//! Projection rows: writing the changed tickets, counters and fields, and reading the
//! current day back into an engine state.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use crate::engine::{Changes, CounterState, Event, FieldState, Refusal, State};
use crate::model::{ClerkId, CounterId, FieldCode, PriorityClass, Ticket, TicketId, TicketState};

use super::StoreError;

/// Milliseconds since 1970 for storage.
pub fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("time {ms} out of range")))
}

fn opt_time(ms: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    ms.map(time).transpose()
}

/// Appends events to the log.
pub fn append_events(tx: &Transaction, events: &[Event]) -> Result<(), StoreError> {
    let mut stmt =
        tx.prepare_cached("INSERT INTO events (seq, at, kind, body) VALUES (?1, ?2, ?3, ?4)")?;
    for e in events {
        let body = serde_json::to_value(&e.kind)?;
        let kind = body
            .get("event")
            .and_then(|k| k.as_str())
            .unwrap_or("")
            .to_string();
        stmt.execute(params![e.seq as i64, millis(e.at), kind, body.to_string()])?;
    }
    Ok(())
}

/// A keyed command decided in this batch: its key, the command as JSON, and its outcome
/// (the events `first..=last`, an empty range when it changed nothing, or its refusal).
pub struct Keyed<'a> {
    /// The idempotency key.
    pub key: &'a str,
    /// The command as JSON.
    pub command: String,
    /// First event it caused.
    pub first: u64,
    /// Last event it caused.
    pub last: u64,
    /// Why it was refused, if it was.
    pub refusal: Option<Refusal>,
}

impl<'a> Keyed<'a> {
    /// The record of `key`, sent with `command` (as JSON), which came to `outcome`.
    pub fn new(key: &'a str, command: String, outcome: &Result<Vec<Event>, Refusal>) -> Self {
        let (first, last, refusal) = match outcome {
            Ok(new) => match (new.first(), new.last()) {
                (Some(f), Some(l)) => (f.seq, l.seq, None),
                _ => (1, 0, None),
            },
            Err(refusal) => (1, 0, Some(refusal.clone())),
        };
        Keyed {
            key,
            command,
            first,
            last,
            refusal,
        }
    }
}

/// Keys are kept this long, well past any reconnect of a device.
const KEY_LIFETIME_MS: i64 = 2 * 24 * 3600 * 1000;

/// Records which events each keyed command caused; at a new day, forgets old keys.
pub fn record_requests(
    tx: &Transaction,
    keyed: &[Keyed],
    at: i64,
    new_day: bool,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO requests (key, command, first_seq, last_seq, at, refusal) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for k in keyed {
        let refusal = k.refusal.as_ref().map(serde_json::to_string).transpose()?;
        stmt.execute(params![
            k.key,
            k.command,
            k.first as i64,
            k.last as i64,
            at,
            refusal
        ])?;
    }
    if new_day {
        tx.execute("DELETE FROM requests WHERE at < ?1", [at - KEY_LIFETIME_MS])?;
    }
    Ok(())
}

/// Writes the rows `changes` names, as they are in `state`, and the office row.
pub fn write_changes(tx: &Transaction, state: &State, changes: &Changes) -> Result<(), StoreError> {
    for t in &changes.retired {
        write_ticket(tx, t)?;
    }
    for t in changes
        .tickets
        .iter()
        .filter_map(|id| state.tickets.get(id))
    {
        write_ticket(tx, t)?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO counters (id, clerk, fields, paused, current, regular_allowance) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (id, c) in changes
        .counters
        .iter()
        .filter_map(|id| state.counters.get(id).map(|c| (id, c)))
    {
        stmt.execute(params![
            id.0,
            c.clerk.as_ref().map(ClerkId::as_str),
            serde_json::to_string(&c.fields)?,
            c.paused,
            c.current.map(|t| t.0 as i64),
            c.regular_allowance,
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO fields (code, open, next_number, issued, service_secs) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (code, f) in changes
        .fields
        .iter()
        .filter_map(|c| state.fields.get(c).map(|f| (c, f)))
    {
        stmt.execute(params![
            code.as_str(),
            f.open,
            f.next_number,
            f.issued,
            f.service_secs
        ])?;
    }
    for device in &changes.devices {
        match state.device_problems.get(device) {
            Some(problem) => tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO device_problems (device, problem, offline_since) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![
                    device,
                    problem,
                    state.device_offline.get(device).map(|t| millis(*t))
                ])?,
            None => tx
                .prepare_cached("DELETE FROM device_problems WHERE device = ?1")?
                .execute([device])?,
        };
    }
    tx.prepare_cached("UPDATE office SET last_seq = ?1, day = ?2, next_ticket = ?3 WHERE id = 1")?
        .execute(params![
            state.last_seq as i64,
            state.day.map(|d| d.to_string()),
            state.next_ticket as i64
        ])?;
    Ok(())
}

fn write_ticket(tx: &Transaction, t: &Ticket) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO tickets (id, day, issued_field, field, number, display, class, source, issued_at,
         queued_at, state, counter, clerk, called_at, started_at, ended_at, recalls, transfers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        t.id.0 as i64,
        t.day.to_string(),
        t.issued_field.as_str(),
        t.field.as_str(),
        t.number,
        t.display,
        t.class.as_str(),
        serde_json::to_string(&t.source)?,
        millis(t.issued_at),
        millis(t.queued_at),
        t.state.as_str(),
        t.counter.map(|c| c.0),
        t.clerk.as_ref().map(ClerkId::as_str),
        t.called_at.map(millis),
        t.started_at.map(millis),
        t.ended_at.map(millis),
        t.recalls,
        t.transfers,
    ])?;
    Ok(())
}

/// Reads the engine state of the current business day from the projections.
pub fn read_state(conn: &Connection) -> Result<State, StoreError> {
    let (last_seq, day, next_ticket): (i64, Option<String>, i64) = conn.query_row(
        "SELECT last_seq, day, next_ticket FROM office WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let day = day
        .map(|d| {
            d.parse::<NaiveDate>()
                .map_err(|_| StoreError::Corrupt(format!("business day {d:?}")))
        })
        .transpose()?;
    let logged: Option<i64> = conn
        .query_row("SELECT max(seq) FROM events", [], |r| r.get(0))
        .optional()?
        .flatten();
    if logged.unwrap_or(0) != last_seq {
        return Err(StoreError::Corrupt(format!(
            "projections are at event {last_seq} but the log ends at {}",
            logged.unwrap_or(0)
        )));
    }
    let mut tickets = BTreeMap::new();
    if let Some(d) = day {
        let mut stmt = conn.prepare("SELECT * FROM tickets WHERE day = ?1")?;
        let mut rows = stmt.query([d.to_string()])?;
        while let Some(row) = rows.next()? {
            let t = ticket(row)?;
            tickets.insert(t.id, t);
        }
    }
    let mut counters = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT id, clerk, fields, paused, current, regular_allowance FROM counters")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let fields: String = r.get(2)?;
        counters.insert(
            CounterId(r.get(0)?),
            CounterState {
                clerk: r.get::<_, Option<String>>(1)?.map(|c| ClerkId::new(&c)),
                fields: serde_json::from_str(&fields)?,
                paused: r.get(3)?,
                current: r.get::<_, Option<i64>>(4)?.map(|t| TicketId(t as u64)),
                regular_allowance: r.get(5)?,
            },
        );
    }
    let mut fields = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT code, open, next_number, issued, service_secs FROM fields")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        fields.insert(
            FieldCode::new(&code),
            FieldState {
                open: r.get(1)?,
                next_number: r.get(2)?,
                issued: r.get(3)?,
                service_secs: r.get(4)?,
            },
        );
    }
    let mut device_problems = BTreeMap::new();
    let mut device_offline = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT device, problem, offline_since FROM device_problems")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let device: String = r.get(0)?;
        if let Some(since) = opt_time(r.get(2)?)? {
            device_offline.insert(device.clone(), since);
        }
        device_problems.insert(device, r.get(1)?);
    }
    let rated = match day {
        Some(d) => super::ratings::rated_on(conn, d)?,
        None => Default::default(),
    };
    Ok(State {
        last_seq: last_seq as u64,
        day,
        next_ticket: next_ticket as u64,
        tickets,
        fields,
        counters,
        device_problems,
        device_offline,
        rated,
        lines: Default::default(),
    })
}

/// A ticket from a `SELECT *` row of the tickets table.
pub fn ticket(r: &Row) -> Result<Ticket, StoreError> {
    let text = |i: &str| -> Result<String, StoreError> { Ok(r.get::<_, String>(i)?) };
    let class = text("class")?;
    let state = text("state")?;
    let day = text("day")?;
    Ok(Ticket {
        id: TicketId(r.get::<_, i64>("id")? as u64),
        day: day
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("ticket day {day:?}")))?,
        issued_field: FieldCode::new(&text("issued_field")?),
        field: FieldCode::new(&text("field")?),
        number: r.get("number")?,
        display: text("display")?,
        class: PriorityClass::parse(&class)
            .ok_or_else(|| StoreError::Corrupt(format!("class {class:?}")))?,
        source: serde_json::from_str(&text("source")?)?,
        issued_at: time(r.get("issued_at")?)?,
        queued_at: time(r.get("queued_at")?)?,
        state: TicketState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("state {state:?}")))?,
        counter: r.get::<_, Option<u16>>("counter")?.map(CounterId),
        clerk: r
            .get::<_, Option<String>>("clerk")?
            .map(|c| ClerkId::new(&c)),
        called_at: opt_time(r.get("called_at")?)?,
        started_at: opt_time(r.get("started_at")?)?,
        ended_at: opt_time(r.get("ended_at")?)?,
        recalls: r.get("recalls")?,
        transfers: r.get("transfers")?,
    })
}

/// Reads events with a sequence number above `after`, at most `limit`.
pub fn events_after(conn: &Connection, after: u64, limit: usize) -> Result<Vec<Event>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT seq, at, body FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
    let mut rows = stmt.query(params![after as i64, limit as i64])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let body: String = r.get(2)?;
        out.push(Event {
            seq: r.get::<_, i64>(0)? as u64,
            at: time(r.get(1)?)?,
            kind: serde_json::from_str(&body)?,
        });
    }
    Ok(out)
}
