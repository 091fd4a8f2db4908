//! Ratings rows: written with the events that gave them, read back for the engine (which
//! tickets of the day are rated) and for the reports.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, Row, Transaction, params};

use crate::engine::{Rating, Score, Via};
use crate::model::{ClerkId, CounterId, FieldCode, TicketId};

use super::StoreError;
use super::rows::millis;

/// Adds the ratings given in a batch.
pub fn write(tx: &Transaction, ratings: &[Rating]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO ratings (ticket, day, field, counter, clerk, score, reason, at, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for r in ratings {
        stmt.execute(params![
            r.ticket.0 as i64,
            r.day.to_string(),
            r.field.as_str(),
            r.counter.map(|c| c.0),
            r.clerk.as_ref().map(ClerkId::as_str),
            r.score.as_str(),
            r.reason,
            millis(r.at),
            r.via.as_str(),
        ])?;
    }
    Ok(())
}

/// The rated tickets of business day `day`.
pub fn rated_on(conn: &Connection, day: NaiveDate) -> Result<BTreeSet<TicketId>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT ticket FROM ratings WHERE day = ?1")?;
    let mut rows = stmt.query([day.to_string()])?;
    let mut rated = BTreeSet::new();
    while let Some(r) = rows.next()? {
        rated.insert(TicketId(r.get::<_, i64>(0)? as u64));
    }
    Ok(rated)
}

/// Every rating of tickets whose business day is in `from..=to`, by day then time given.
///
/// For the reports: each row carries the ticket's field, counter and clerk as they were at
/// service, the score (`Score::points` gives 4 to 1 for an average) and the optional reason.
/// Read-only; works on any connection to the office file (a reader beside the hub's writer).
pub fn ratings_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Rating>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT ticket, day, field, counter, clerk, score, reason, at, via FROM ratings
         WHERE day BETWEEN ?1 AND ?2 ORDER BY day, at, ticket",
    )?;
    let mut rows = stmt.query([from.to_string(), to.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(rating(r)?);
    }
    Ok(out)
}

fn rating(r: &Row) -> Result<Rating, StoreError> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("rating {what} {v:?}"));
    let day: String = r.get(1)?;
    let score: String = r.get(5)?;
    let via: String = r.get(8)?;
    let at: i64 = r.get(7)?;
    let counter = r.get::<_, Option<u16>>(3)?.map(CounterId);
    Ok(Rating {
        ticket: TicketId(r.get::<_, i64>(0)? as u64),
        day: day.parse().map_err(|_| corrupt("day", &day))?,
        field: FieldCode::new(&r.get::<_, String>(2)?),
        counter,
        clerk: r.get::<_, Option<String>>(4)?.map(|c| ClerkId::new(&c)),
        score: Score::parse(&score).ok_or_else(|| corrupt("score", &score))?,
        reason: r.get(6)?,
        at: DateTime::from_timestamp_millis(at).ok_or_else(|| corrupt("time", &at.to_string()))?,
        via: match (via.as_str(), counter) {
            ("tablet", Some(counter)) => Via::Tablet { counter },
            ("ticket_page", _) => Via::TicketPage,
            _ => return Err(corrupt("source", &via)),
        },
    })
}
