//! One business day of the busy office, simulated: arrivals through the opening hours,
//! counters calling the oldest ticket of their fields, walks to the desk, services of
//! varied length, no-shows (some brought back), transfers, cancellations, and tickets left
//! when the day ends. Times are milliseconds since 1970 (UTC).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::office::{COUNTERS, FIELDS, counter_fields};
use super::random::Random;

pub const MIN: i64 = 60_000;

/// A ticket as its projection row ends up.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// Field issued for (index in `FIELDS`).
    pub issued_field: usize,
    /// Field at the end.
    pub field: usize,
    /// Number of the day in its field.
    pub number: u32,
    /// Priority class name.
    pub class: &'static str,
    /// Issued.
    pub issued_at: i64,
    /// State name.
    pub state: &'static str,
    /// Counter (index from 0) that held it last.
    pub counter: Option<usize>,
    /// First call.
    pub first_call: Option<i64>,
    /// Last call.
    pub called_at: Option<i64>,
    /// Service start.
    pub started_at: Option<i64>,
    /// End.
    pub ended_at: Option<i64>,
    /// Recalls of the last call.
    pub recalls: u32,
    /// Transfers.
    pub transfers: u32,
    cancel_at: Option<i64>,
}

/// Opening hours as (start, end, arrival weight) in minutes after local midnight.
const HOURS: [(i64, i64, f64); 9] = [
    (450, 480, 0.6),
    (480, 540, 1.3),
    (540, 600, 1.4),
    (600, 660, 1.1),
    (660, 690, 0.4),
    (810, 840, 0.6),
    (840, 900, 1.2),
    (900, 960, 1.0),
    (960, 1020, 0.6),
];
/// Counters stop calling over lunch and half an hour after the doors close, in minutes
/// after local midnight.
pub const LUNCH: (i64, i64) = (690, 810);
pub const CLOSE: i64 = 1050;

enum Ev {
    Arrive(usize),
    Free(usize),
}

/// Simulates a day of `count` tickets; `midnight` is local midnight of the day, `next` of
/// the next day (when open tickets expire).
pub fn day(rng: &mut Random, count: usize, midnight: i64, next: i64) -> Vec<Ticket> {
    let arrivals = arrivals(rng, count, midnight);
    let mut tickets: Vec<Ticket> = Vec::with_capacity(count);
    let mut numbers = [0u32; FIELDS.len()];
    let mut events: BinaryHeap<Reverse<(i64, u8, usize)>> = BinaryHeap::new();
    for (at, field) in arrivals {
        numbers[field] = numbers[field] % 999 + 1;
        let class = if rng.unit() < 0.08 {
            "elderly"
        } else {
            "regular"
        };
        let cancel_at = (rng.unit() < 0.015).then(|| at + (10.0 + 50.0 * rng.unit()) as i64 * MIN);
        events.push(Reverse((at, 0, tickets.len())));
        tickets.push(Ticket {
            issued_field: field,
            field,
            number: numbers[field],
            class,
            issued_at: at,
            state: "waiting",
            counter: None,
            first_call: None,
            called_at: None,
            started_at: None,
            ended_at: None,
            recalls: 0,
            transfers: 0,
            cancel_at,
        });
    }
    let mut queues: Vec<VecDeque<usize>> = vec![VecDeque::new(); FIELDS.len()];
    let mut idle = [true; COUNTERS];
    let open = |t: i64| {
        let m = (t - midnight) / MIN;
        m < CLOSE && !(LUNCH.0..LUNCH.1).contains(&m)
    };
    while let Some(Reverse((t, kind, i))) = events.pop() {
        let ev = if kind == 0 {
            Ev::Arrive(i)
        } else {
            Ev::Free(i)
        };
        match ev {
            Ev::Arrive(i) => {
                let field = tickets[i].field;
                queues[field].push_back(i);
                if open(t)
                    && let Some(c) =
                        (0..COUNTERS).find(|c| idle[*c] && counter_fields(*c).contains(&field))
                {
                    idle[c] = false;
                    events.push(Reverse((t, 1, c)));
                }
            }
            Ev::Free(c) => {
                let m = (t - midnight) / MIN;
                if (LUNCH.0..LUNCH.1).contains(&m) {
                    events.push(Reverse((midnight + LUNCH.1 * MIN, 1, c)));
                    continue;
                }
                if m >= CLOSE {
                    continue;
                }
                match next_ticket(&mut queues, &mut tickets, c, t) {
                    Some(i) => {
                        let free = serve(rng, &mut tickets[i], c, t, &mut events, i);
                        events.push(Reverse((free, 1, c)));
                    }
                    None => idle[c] = true,
                }
            }
        }
    }
    for t in tickets
        .iter_mut()
        .filter(|t| t.state == "waiting" || t.state == "called")
    {
        match t.cancel_at {
            Some(at) if at < next => {
                t.state = "cancelled";
                t.ended_at = Some(at);
            }
            _ => {
                t.state = "expired";
                t.ended_at = Some(next);
            }
        }
        if t.called_at.is_none() {
            t.counter = None;
        }
    }
    tickets
}

/// `count` arrivals through the opening hours of the day that starts at `midnight`, as
/// (time, field), in time order.
pub fn arrivals(rng: &mut Random, count: usize, midnight: i64) -> Vec<(i64, usize)> {
    let total: f64 = HOURS.iter().map(|(a, b, w)| (b - a) as f64 * w).sum();
    let mut arrivals: Vec<(i64, usize)> = (0..count)
        .map(|_| {
            let mut pick = rng.unit() * total;
            let mut at = HOURS[0].0 as f64;
            for (a, b, w) in HOURS {
                let span = (b - a) as f64 * w;
                if pick < span {
                    at = a as f64 + pick / w;
                    break;
                }
                pick -= span;
            }
            (midnight + (at * MIN as f64) as i64, pick_field(rng))
        })
        .collect();
    arrivals.sort_unstable();
    arrivals
}

fn pick_field(rng: &mut Random) -> usize {
    let mut pick = rng.unit();
    for (i, (_, share, _)) in FIELDS.iter().enumerate() {
        if pick < *share {
            return i;
        }
        pick -= share;
    }
    0
}

/// The oldest live ticket of the counter's first field, else of its second.
fn next_ticket(
    queues: &mut [VecDeque<usize>],
    tickets: &mut [Ticket],
    c: usize,
    t: i64,
) -> Option<usize> {
    for f in counter_fields(c) {
        while let Some(i) = queues[f].pop_front() {
            let ticket = &mut tickets[i];
            match ticket.cancel_at {
                Some(at) if at <= t => {
                    ticket.state = "cancelled";
                    ticket.ended_at = Some(at);
                }
                _ => return Some(i),
            }
        }
    }
    None
}

/// Calls ticket `i` to counter `c` at `t` and plays out what follows; returns when the
/// counter is free again.
fn serve(
    rng: &mut Random,
    t: &mut Ticket,
    c: usize,
    at: i64,
    events: &mut BinaryHeap<Reverse<(i64, u8, usize)>>,
    i: usize,
) -> i64 {
    t.first_call.get_or_insert(at);
    t.called_at = Some(at);
    t.counter = Some(c);
    t.started_at = None;
    t.recalls = 0;
    let roll = rng.unit();
    if roll < 0.03 {
        // Nobody comes: three recalls, then a no-show; one in five comes back later.
        t.recalls = 3;
        let end = at + 2 * MIN + (30_000.0 * rng.unit()) as i64;
        t.state = "no_show";
        t.ended_at = Some(end);
        if rng.unit() < 0.2 {
            // Back in line as if never called (the engine forgets the call).
            t.state = "waiting";
            t.ended_at = None;
            t.counter = None;
            t.called_at = None;
            t.recalls = 0;
            events.push(Reverse((
                end + (5.0 + 20.0 * rng.unit()) as i64 * MIN,
                0,
                i,
            )));
        }
        return end;
    }
    let walk = (15_000.0 + 30_000.0 * rng.unit()) as i64;
    let start = at + walk;
    if roll < 0.05 && t.transfers == 0 {
        // The dossier belongs to another field: a short look, then a transfer.
        let end = start + (60_000.0 + 60_000.0 * rng.unit()) as i64;
        t.field = (t.field + 1 + (rng.unit() * 9.0) as usize) % FIELDS.len();
        t.transfers += 1;
        t.state = "waiting";
        t.counter = None;
        t.called_at = None;
        events.push(Reverse((end, 0, i)));
        return end;
    }
    let service = service_ms(rng, t.field);
    t.state = "done";
    t.started_at = Some(start);
    t.ended_at = Some(start + service);
    start + service + (10_000.0 * rng.unit()) as i64
}

/// A service in `field`: log-normal around 2 to 2.6 minutes, at least 20 s.
pub fn service_ms(rng: &mut Random, field: usize) -> i64 {
    let median = 2.0 + 0.2 * (field % 4) as f64;
    ((median * (0.5 * rng.normal()).exp() * MIN as f64) as i64).max(20_000)
}
