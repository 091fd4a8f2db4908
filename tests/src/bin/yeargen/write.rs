//! Writing the generated year into an office database: the schema comes from the real
//! store (`Store::open` runs every migration), then the tickets projection is filled
//! directly, a day per transaction, with `synchronous=OFF` (a lost benchmark file is simply
//! generated again). First calls are written before the ticket rows, whose trigger keeps
//! the earliest. About two in five served citizens rate the service, less happily the
//! longer they waited.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate, TimeZone, Weekday};
use rusqlite::{Connection, params};
use shared::config::Config;
use shared::store::Store;

use super::office::{FIELDS, clerk_at, clerk_id};
use super::random::Random;
use super::sim;

/// What was written.
pub struct Written {
    /// Business days with tickets.
    pub days: usize,
    /// Tickets.
    pub tickets: u64,
}

/// Local midnight of `day` as milliseconds since 1970.
fn midnight(config: &Config, day: NaiveDate) -> anyhow::Result<i64> {
    let local = day.and_hms_opt(0, 0, 0).context("midnight")?;
    Ok(config
        .time_zone
        .from_local_datetime(&local)
        .earliest()
        .context("a local midnight")?
        .timestamp_millis())
}

/// A business day to play.
pub struct Day {
    /// Its number, from 0 for the first day asked for (weekends counted).
    pub n: usize,
    /// Its date.
    pub date: NaiveDate,
    /// Tickets to issue.
    pub count: usize,
    /// Local midnight, as milliseconds since 1970.
    pub start: i64,
}

/// Hands `f` each business day of the `days` days ending on `last`, in order, with its
/// volume drawn from `rng` (weekends have no tickets and are skipped).
pub fn each_day(
    config: &Config,
    rng: &mut Random,
    last: NaiveDate,
    days: u64,
    per_day: usize,
    mut f: impl FnMut(&mut Random, Day) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let first = last - Days::new(days.saturating_sub(1));
    for (n, date) in first.iter_days().take(days as usize).enumerate() {
        let count = volume(rng, date, per_day);
        if count == 0 {
            continue;
        }
        let start = midnight(config, date)?;
        f(
            rng,
            Day {
                n,
                date,
                count,
                start,
            },
        )?;
    }
    Ok(())
}

/// Tickets on `day`: about `per_day` on weekdays (more on Mondays, fewer on Fridays), none
/// at weekends.
fn volume(rng: &mut Random, day: NaiveDate, per_day: usize) -> usize {
    let weekday = match day.weekday() {
        Weekday::Sat | Weekday::Sun => return 0,
        Weekday::Mon => 1.15,
        Weekday::Fri => 0.9,
        _ => 1.0,
    };
    (per_day as f64 * weekday * (0.9 + 0.2 * rng.unit())) as usize
}

/// The rating a served citizen gives, if any: the longer the wait, the less happy.
fn rate(rng: &mut Random, t: &sim::Ticket) -> Option<&'static str> {
    if t.state != "done" || rng.unit() >= 0.4 {
        return None;
    }
    let waited = t.first_call.map_or(0, |c| c - t.issued_at) / 60_000;
    // Chances of very satisfied, satisfied and neutral; the rest is dissatisfied.
    let odds = match waited {
        0..=15 => [0.55, 0.35, 0.08],
        16..=45 => [0.25, 0.40, 0.20],
        _ => [0.10, 0.30, 0.30],
    };
    let mut pick = rng.unit();
    for (score, p) in ["very_satisfied", "satisfied", "neutral"]
        .into_iter()
        .zip(odds)
    {
        if pick < p {
            return Some(score);
        }
        pick -= p;
    }
    Some("dissatisfied")
}

/// Writes `days` business days ending with `last` into a new database at `path`.
pub fn year(
    path: &Path,
    config: Arc<Config>,
    last: NaiveDate,
    days: u64,
    per_day: usize,
    seed: u64,
) -> anyhow::Result<Written> {
    drop(Store::open(path, config.clone()).context("creating the database")?);
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let mut rng = Random::new(seed);
    let mut id: i64 = 1;
    let mut written = Written {
        days: 0,
        tickets: 0,
    };
    each_day(&config, &mut rng, last, days, per_day, |rng, d| {
        let (n, day, start) = (d.n, d.date, d.start);
        let next = midnight(&config, day + Days::new(1))?;
        let tickets = sim::day(rng, d.count, start, next);
        let tx = conn.transaction()?;
        {
            let mut first_call =
                tx.prepare_cached("INSERT INTO first_calls (ticket, at) VALUES (?1, ?2)")?;
            let mut rating = tx.prepare_cached(
                "INSERT INTO ratings (ticket, day, field, counter, clerk, score, reason, at, via)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8)",
            )?;
            let mut row = tx.prepare_cached(
                "INSERT INTO tickets (id, day, issued_field, field, number, display, class, source,
                 issued_at, queued_at, state, counter, clerk, called_at, started_at, ended_at,
                 recalls, transfers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?;
            let day_text = day.to_string();
            for t in &tickets {
                if let Some(at) = t.first_call {
                    first_call.execute(params![id, at])?;
                }
                let code = FIELDS[t.issued_field].0;
                let prefix = config
                    .fields
                    .iter()
                    .find(|f| f.code.as_str() == code)
                    .map_or("A", |f| f.prefix.as_str());
                row.execute(params![
                    id,
                    day_text,
                    code,
                    FIELDS[t.field].0,
                    t.number,
                    format!("{prefix}{:03}", t.number),
                    t.class,
                    r#"{"kind":"kiosk","name":"kiosk-1"}"#,
                    t.issued_at,
                    t.state,
                    t.counter.map(|c| c as i64 + 1),
                    t.counter.map(|c| clerk_id(clerk_at(c, n))),
                    t.called_at,
                    t.started_at,
                    t.ended_at,
                    t.recalls,
                    t.transfers,
                ])?;
                if let (Some(score), Some(end)) = (rate(rng, t), t.ended_at) {
                    let via = if rng.unit() < 0.7 {
                        "tablet"
                    } else {
                        "ticket_page"
                    };
                    rating.execute(params![
                        id,
                        day_text,
                        FIELDS[t.field].0,
                        t.counter.map(|c| c as i64 + 1),
                        t.counter.map(|c| clerk_id(clerk_at(c, n))),
                        score,
                        end + (rng.unit() * 300_000.0) as i64,
                        via,
                    ])?;
                }
                id += 1;
            }
        }
        tx.commit()?;
        written.days += 1;
        written.tickets += tickets.len() as u64;
        Ok(())
    })?;
    conn.execute("UPDATE office SET next_ticket = ?1 WHERE id = 1", [id])?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    Ok(written)
}
