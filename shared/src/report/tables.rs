//! A report: the figures of a period in total and by day, field, counter, clerk and hour,
//! added up from the days' tickets.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::config::Config;
use crate::model::{ClerkId, CounterId, FieldCode};

use super::facts::DayFacts;
use super::figures::{Figures, Tally};
use super::period::Period;

/// Width of one bar of the waiting time distribution, in minutes.
pub const WAIT_BIN_MINUTES: u32 = 5;
/// Bars of the distribution; the last holds every longer wait.
pub const WAIT_BINS: usize = 13;

/// What a table is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Business day.
    Day,
    /// Field the ticket was issued for.
    Field,
    /// Counter that last held the ticket.
    Counter,
    /// Clerk who last held the ticket.
    Clerk,
    /// Local hour of day the ticket was issued.
    Hour,
}

impl Dimension {
    /// Every dimension, in the page's order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Field,
        Dimension::Counter,
        Dimension::Clerk,
        Dimension::Hour,
        Dimension::Day,
    ];

    /// Its name in links and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Day => "day",
            Dimension::Field => "field",
            Dimension::Counter => "counter",
            Dimension::Clerk => "clerk",
            Dimension::Hour => "hour",
        }
    }

    /// Reads a name back.
    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Which group a row is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A business day.
    Day(NaiveDate),
    /// A field.
    Field(FieldCode),
    /// A counter; None for tickets no counter held (never called).
    Counter(Option<CounterId>),
    /// A clerk; None for tickets no clerk held.
    Clerk(Option<ClerkId>),
    /// An hour of day, 0..=23.
    Hour(u8),
}

/// One line of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The group.
    pub key: Key,
    /// Its figures.
    pub figures: Figures,
}

/// Everything the page, the CSV export and the command line show for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The days covered.
    pub period: Period,
    /// The promised wait, in minutes.
    pub target_minutes: u32,
    /// All tickets of the period.
    pub total: Figures,
    /// Tables by dimension, in [`Dimension::ALL`] order.
    pub tables: Vec<(Dimension, Vec<Row>)>,
    /// Called tickets by waiting time, in bars of [`WAIT_BIN_MINUTES`].
    pub wait_bins: Vec<u64>,
    /// Whether waits start from the first call even after a transfer (see `first_calls`).
    pub first_calls_known: bool,
}

impl Report {
    /// The table by `dimension`.
    pub fn rows(&self, dimension: Dimension) -> &[Row] {
        self.tables
            .iter()
            .find(|(d, _)| *d == dimension)
            .map_or(&[], |(_, rows)| rows.as_slice())
    }
}

/// Adds up the days' tickets. Every configured field gets a row; other tables list only
/// groups that have tickets.
pub fn build(
    config: &Config,
    period: Period,
    days: &[std::sync::Arc<DayFacts>],
    first_calls_known: bool,
) -> Report {
    let target_ms = config.target_minutes.saturating_mul(60_000);
    let mut total = Tally::default();
    let mut by_day: Vec<(Key, Tally)> = Vec::new();
    // Groups are kept in vectors indexed per ticket: a year is a million lookups.
    let mut by_field: Vec<(Key, Tally)> = config
        .fields
        .iter()
        .map(|f| (Key::Field(f.code.clone()), Tally::default()))
        .collect();
    // Index 0: no counter; n + 1: counter n.
    let mut by_counter: Vec<Tally> = Vec::new();
    let mut by_clerk: HashMap<Option<ClerkId>, Tally> = HashMap::new();
    let mut by_hour: [Tally; 24] = std::array::from_fn(|_| Tally::default());
    for day in days {
        // Where each of the day's fields and clerks goes, looked up once per day.
        let field_slot: Vec<usize> = day
            .fields
            .iter()
            .map(|code| field_slot(config, &mut by_field, code))
            .collect();
        let mut day_tally = Tally::default();
        let mut clerks: Vec<Tally> = vec![Tally::default(); day.clerks.len()];
        let mut no_clerk = Tally::default();
        for t in &day.tickets {
            total.add(t, target_ms);
            day_tally.add(t, target_ms);
            by_field[field_slot[usize::from(t.field)]]
                .1
                .add(t, target_ms);
            let c = t.counter.map_or(0, |c| usize::from(c.0) + 1);
            if c >= by_counter.len() {
                by_counter.resize_with(c + 1, Tally::default);
            }
            by_counter[c].add(t, target_ms);
            match t.clerk {
                Some(c) => clerks[usize::from(c)].add(t, target_ms),
                None => no_clerk.add(t, target_ms),
            }
            by_hour[usize::from(t.hour.min(23))].add(t, target_ms);
        }
        for (clerk, tally) in day.clerks.iter().zip(clerks) {
            by_clerk
                .entry(Some(clerk.clone()))
                .or_default()
                .merge(tally);
        }
        by_clerk.entry(None).or_default().merge(no_clerk);
        if !day.tickets.is_empty() {
            by_day.push((Key::Day(day.day), day_tally));
        }
    }
    let wait_bins = bins(total.waits());
    let rows = |groups: Vec<(Key, Tally)>| -> Vec<Row> {
        groups
            .into_iter()
            .map(|(key, tally)| Row {
                key,
                figures: tally.finish(),
            })
            .collect()
    };
    let mut counters: Vec<(Key, Tally)> = by_counter
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.count() > 0)
        .map(|(i, t)| {
            let counter = i.checked_sub(1).map(|n| CounterId(n as u16));
            (Key::Counter(counter), t)
        })
        .collect();
    counters.sort_by_key(|(k, _)| none_last(k));
    let mut clerk_rows: Vec<(Key, Tally)> = by_clerk
        .into_iter()
        .filter(|(_, t)| t.count() > 0)
        .map(|(c, t)| (Key::Clerk(c), t))
        .collect();
    clerk_rows.sort_by_key(|(k, _)| clerk_order(config, k));
    let hours: Vec<(Key, Tally)> = by_hour
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.count() > 0)
        .map(|(h, t)| (Key::Hour(h as u8), t))
        .collect();
    let tables = vec![
        (Dimension::Field, rows(by_field)),
        (Dimension::Counter, rows(counters)),
        (Dimension::Clerk, rows(clerk_rows)),
        (Dimension::Hour, rows(hours)),
        (Dimension::Day, rows(by_day)),
    ];
    Report {
        period,
        target_minutes: config.target_minutes,
        total: total.finish(),
        tables,
        wait_bins,
        first_calls_known,
    }
}

/// The row of a field: its place in the configuration, or after every configured field
/// for a code the configuration no longer has.
fn field_slot(config: &Config, rows: &mut Vec<(Key, Tally)>, code: &FieldCode) -> usize {
    if let Some(i) = config.fields.iter().position(|f| &f.code == code) {
        return i;
    }
    let key = Key::Field(code.clone());
    if let Some(i) = rows.iter().position(|(k, _)| *k == key) {
        return i;
    }
    rows.push((key, Tally::default()));
    rows.len() - 1
}

/// Counters by number, then the tickets no counter held.
fn none_last(k: &Key) -> (bool, Option<CounterId>) {
    match k {
        Key::Counter(c) => (c.is_none(), *c),
        _ => (true, None),
    }
}

/// Clerks in the configuration's order, then unknown logins, then no clerk.
fn clerk_order(config: &Config, k: &Key) -> (usize, Option<ClerkId>) {
    match k {
        Key::Clerk(Some(c)) => (
            config
                .clerks
                .iter()
                .position(|x| &x.id == c)
                .unwrap_or(config.clerks.len()),
            Some(c.clone()),
        ),
        _ => (usize::MAX, None),
    }
}

/// Waits counted into bars of [`WAIT_BIN_MINUTES`], the last open-ended.
fn bins(waits: &[u32]) -> Vec<u64> {
    let mut out = vec![0u64; WAIT_BINS];
    let width = WAIT_BIN_MINUTES * 60_000;
    for w in waits {
        out[((w / width) as usize).min(WAIT_BINS - 1)] += 1;
    }
    out
}
