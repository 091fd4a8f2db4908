//! How good the estimated wait is. The kiosk prints it on each ticket and the phone page
//! shows it, so it is a promise; `yeargen estimate` checks it against the wait that
//! followed.
//!
//! Busy days are played through the real engine (its calling policy, its estimate, its
//! moving average of service times), in the same office and with the same arrivals and
//! service times as the generated year: counters open at 07:30, pause for lunch from
//! 11:30 to 13:30 and stop calling at 17:30; citizens take 15 to 45 s to walk to the desk
//! and 3 % do not come. For each ticket the promise is what its ticket says (the estimate
//! just after issue, in whole minutes rounded up, as printed) and the wait is issue to
//! first call. A ticket issued while no counter serves its field (over lunch) gets no
//! promise and is counted apart.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use shared::config::Config;
use shared::engine::{Command, Engine, EventKind};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};

use super::office::{COUNTERS, FIELDS, clerk_at, clerk_id};
use super::random::Random;
use super::sim::{self, CLOSE, LUNCH, MIN};
use super::write::each_day;

/// Counters open (minutes after local midnight).
const OPEN: i64 = 450;

/// What happens next in the simulated office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A counter opens, pauses, resumes or closes.
    Staff(usize, Shift),
    /// A citizen takes a ticket in a field.
    Arrive(usize),
    /// A counter is free to call the next citizen.
    Free(usize),
    /// The citizen reaches counter's desk.
    Reach(usize),
    /// The counter finishes its citizen.
    Finish(usize),
    /// The citizen never came.
    NoShow(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shift {
    Open,
    Lunch,
    Back,
    Close,
}

/// Where a counter is in its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Desk {
    /// Not calling (before opening, at lunch, after closing).
    Off,
    /// Found nobody to call; an arrival in its fields wakes it.
    Idle,
    /// About to call (one `Free` step is on its way).
    Due,
    /// A citizen called or at the desk.
    Busy,
}

/// One ticket's promise and what followed.
#[derive(Debug, Clone)]
struct Promise {
    field: usize,
    issued: DateTime<Utc>,
    /// Minutes after local midnight when it was issued.
    minute: i64,
    promised: Option<u64>,
    called: Option<DateTime<Utc>>,
}

/// Plays `days` days ending on `last` through the engine and prints how the promises held.
pub fn run(
    config: Arc<Config>,
    last: NaiveDate,
    days: u64,
    per_day: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let mut rng = Random::new(seed);
    let mut engine = Engine::new(config.clone());
    let mut all = Vec::new();
    each_day(&config, &mut rng, last, days, per_day, |rng, d| {
        all.extend(play_day(&mut engine, rng, d.n, d.start, d.count)?);
        Ok(())
    })?;
    print(&all);
    Ok(())
}

fn at(ms: i64) -> anyhow::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).context("a time in range")
}

/// One day of `count` arrivals from local midnight `start`; the tickets' promises.
fn play_day(
    engine: &mut Engine,
    rng: &mut Random,
    day: usize,
    start: i64,
    count: usize,
) -> anyhow::Result<Vec<Promise>> {
    let mut steps: BinaryHeap<Reverse<(i64, Step)>> = BinaryHeap::new();
    for c in 0..COUNTERS {
        for (minute, shift) in [
            (OPEN, Shift::Open),
            (LUNCH.0, Shift::Lunch),
            (LUNCH.1, Shift::Back),
            (CLOSE, Shift::Close),
        ] {
            steps.push(Reverse((start + minute * MIN, Step::Staff(c, shift))));
        }
    }
    for (t, field) in sim::arrivals(rng, count, start) {
        steps.push(Reverse((t, Step::Arrive(field))));
    }
    let mut promises: HashMap<TicketId, Promise> = HashMap::new();
    let mut desk = [Desk::Off; COUNTERS];
    let counter = |c: usize| CounterId(c as u16 + 1);
    while let Some(Reverse((t, step))) = steps.pop() {
        let now = at(t)?;
        match step {
            Step::Staff(c, shift) => {
                let command = match shift {
                    Shift::Open => {
                        let fields = engine.config().counters[c].fields.clone();
                        Command::OpenCounter {
                            counter: counter(c),
                            clerk: ClerkId::new(&clerk_id(clerk_at(c, day))),
                            fields,
                        }
                    }
                    Shift::Lunch => Command::Pause {
                        counter: counter(c),
                        reason: "Nghỉ trưa".into(),
                    },
                    Shift::Back => Command::Resume {
                        counter: counter(c),
                    },
                    Shift::Close => Command::CloseCounter {
                        counter: counter(c),
                    },
                };
                // A pause or close while a citizen is at the desk may be refused; the
                // counter then stops calling after them all the same (see `Free`).
                let _ = engine.apply(&command, now);
                if matches!(shift, Shift::Open | Shift::Back)
                    && matches!(desk[c], Desk::Off | Desk::Idle)
                {
                    desk[c] = Desk::Due;
                    steps.push(Reverse((t, Step::Free(c))));
                }
            }
            Step::Arrive(field) => {
                let issue = Command::IssueTicket {
                    field: FieldCode::new(FIELDS[field].0),
                    class: if rng.unit() < 0.08 {
                        PriorityClass::Elderly
                    } else {
                        PriorityClass::Regular
                    },
                    source: Source::Kiosk("kiosk-1".into()),
                };
                let events = engine.apply(&issue, now).context("issue")?;
                for e in &events {
                    if let EventKind::TicketIssued { ticket, .. } = &e.kind {
                        let promised = engine
                            .ticket(*ticket)
                            .and_then(|t| engine.estimated_wait(t, now))
                            .map(|d| d.as_secs().div_ceil(60));
                        promises.insert(
                            *ticket,
                            Promise {
                                field,
                                issued: now,
                                minute: (t - start) / MIN,
                                promised,
                                called: None,
                            },
                        );
                    }
                }
                let counters = &engine.config().counters;
                for (c, state) in desk.iter_mut().enumerate() {
                    let serves = counters[c]
                        .fields
                        .iter()
                        .any(|f| f.as_str() == FIELDS[field].0);
                    if *state == Desk::Idle && serves {
                        *state = Desk::Due;
                        steps.push(Reverse((t, Step::Free(c))));
                    }
                }
            }
            Step::Free(c) => {
                let minute = (t - start) / MIN;
                if !(OPEN..CLOSE).contains(&minute) || (LUNCH.0..LUNCH.1).contains(&minute) {
                    desk[c] = Desk::Off;
                    continue;
                }
                let call = Command::CallNext {
                    counter: counter(c),
                };
                let Ok(events) = engine.apply(&call, now) else {
                    desk[c] = Desk::Idle;
                    continue;
                };
                desk[c] = Desk::Busy;
                for e in &events {
                    if let EventKind::TicketCalled { ticket, .. } = &e.kind
                        && let Some(p) = promises.get_mut(ticket)
                    {
                        p.called.get_or_insert(now);
                    }
                }
                let next = if rng.unit() < 0.03 {
                    Step::NoShow(c)
                } else {
                    Step::Reach(c)
                };
                let delay = match next {
                    Step::NoShow(_) => 2 * MIN,
                    _ => (15_000.0 + 30_000.0 * rng.unit()) as i64,
                };
                steps.push(Reverse((t + delay, next)));
            }
            Step::Reach(c) => {
                engine
                    .apply(
                        &Command::StartServing {
                            counter: counter(c),
                        },
                        now,
                    )
                    .context("start")?;
                let field = engine
                    .state()
                    .counters
                    .get(&counter(c))
                    .and_then(|s| s.current)
                    .and_then(|id| promises.get(&id))
                    .map_or(0, |p| p.field);
                steps.push(Reverse((t + sim::service_ms(rng, field), Step::Finish(c))));
            }
            Step::Finish(c) | Step::NoShow(c) => {
                let command = match step {
                    Step::Finish(_) => Command::Finish {
                        counter: counter(c),
                    },
                    _ => Command::NoShow {
                        counter: counter(c),
                    },
                };
                engine.apply(&command, now).context("finish")?;
                desk[c] = Desk::Due;
                steps.push(Reverse((t + (10_000.0 * rng.unit()) as i64, Step::Free(c))));
            }
        }
    }
    Ok(promises.into_values().collect())
}

/// Prints how the promises held, for all tickets and by the size of the promise.
fn print(all: &[Promise]) {
    let called: Vec<&Promise> = all.iter().filter(|p| p.called.is_some()).collect();
    let without = called.iter().filter(|p| p.promised.is_none()).count();
    println!(
        "{} tickets, {} called; {} of those had no promise (issued while no counter served the field)",
        all.len(),
        called.len(),
        without
    );
    println!(
        "\n| promised | tickets | waited (median) | error (median) | |error| p50 | |error| p90 | within 5 min | over 5 min late |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let bands: [(&str, u64, u64); 5] = [
        ("all", 0, u64::MAX),
        ("0-5 min", 0, 5),
        ("6-15 min", 6, 15),
        ("16-30 min", 16, 30),
        ("over 30 min", 31, u64::MAX),
    ];
    for (name, low, high) in bands {
        row(name, &called, |p| {
            p.promised.is_some_and(|m| (low..=high).contains(&m))
        });
    }
    let parts: [(&str, i64, i64); 3] = [
        ("issued before 10:30", 0, 630),
        ("issued 10:30 to lunch", 630, 720),
        ("issued after lunch", 720, 1440),
    ];
    for (name, from, to) in parts {
        row(name, &called, |p| (from..to).contains(&p.minute));
    }
}

/// One line of the table: the promises `pick` keeps.
fn row(name: &str, called: &[&Promise], pick: impl Fn(&Promise) -> bool) {
    // Waited and error in seconds, error = waited - promised.
    let rows: Vec<(i64, i64)> = called
        .iter()
        .filter(|p| pick(p))
        .filter_map(|p| {
            let promised = p.promised?;
            let waited = (p.called? - p.issued).num_seconds();
            Some((waited, waited - promised as i64 * 60))
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    {
        let mut waited: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut error: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let mut abs: Vec<i64> = error.iter().map(|e| e.abs()).collect();
        let within = abs.iter().filter(|e| **e <= 300).count();
        let late = error.iter().filter(|e| **e > 300).count();
        let share = |n: usize| format!("{:.0} %", 100.0 * n as f64 / rows.len() as f64);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            rows.len(),
            minutes(quantile(&mut waited, 0.5)),
            signed(quantile(&mut error, 0.5)),
            minutes(quantile(&mut abs, 0.5)),
            minutes(quantile(&mut abs, 0.9)),
            share(within),
            share(late)
        );
    }
}

/// The `q` quantile (nearest rank) of `values`.
fn quantile(values: &mut [i64], q: f64) -> i64 {
    values.sort_unstable();
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

fn minutes(secs: i64) -> String {
    format!("{:.1} min", secs as f64 / 60.0)
}

fn signed(secs: i64) -> String {
    format!("{:+.1} min", secs as f64 / 60.0)
}
