//! Estimated wait: printed on the ticket and shown on the phone page, so it is a promise.
//! [`words`] says it the same way on each.

pub mod words;

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};

use crate::config::Config;
use crate::model::{FieldCode, Ticket, TicketState};

use super::{CounterState, Engine};

/// Weight of the newest service time in the field's moving average.
pub const SMOOTHING: f64 = 0.2;

/// The wait for a citizen with `ahead` people before them, when `counters` open counters
/// serve the field, `busy` of them are occupied now, and a service takes `service` on average.
///
/// Each counter takes one person from the line per service; an occupied counter is, on
/// average, half way through its current citizen. None when no counter serves the field.
pub fn estimate(ahead: u32, counters: u32, busy: u32, service: Duration) -> Option<Duration> {
    if counters == 0 {
        return None;
    }
    let free_now = counters.saturating_sub(busy);
    // Someone can walk up to a free counter straight away.
    if ahead < free_now {
        return Some(Duration::ZERO);
    }
    // The first `free_now` ahead go at once; the rest share every counter, one per service.
    // The citizen then waits for the next counter to free up: half a service if some are
    // mid-service, a whole one if all just started with those ahead.
    let rounds = f64::from(ahead - free_now) / f64::from(counters);
    let last = if busy > 0 { 0.5 } else { 1.0 };
    Some(service.mul_f64(rounds + last))
}

/// The wait for a citizen with `ahead` people before them when counters come to their line
/// only later, each at one of `starts` (free then), and a service takes `service`.
///
/// Each counter takes the next person as it frees up; the citizen is called by the first
/// counter free after those ahead. None when no counter will come.
pub fn estimate_later(ahead: u32, starts: &[Duration], service: Duration) -> Option<Duration> {
    let mut free = starts.to_vec();
    for _ in 0..ahead {
        let next = free.iter_mut().min()?;
        *next += service;
    }
    free.into_iter().min()
}

/// `working` time of counters calling, starting at `from`, on the wall clock: the part of
/// any break of the office's day (lunch) that falls before the time is up is added.
pub fn through_breaks(config: &Config, from: DateTime<Utc>, working: Duration) -> Duration {
    let ms = |t: chrono::NaiveTime| {
        i64::from(t.num_seconds_from_midnight()) * 1000 + i64::from(t.nanosecond() / 1_000_000)
    };
    let start = ms(from.with_timezone(&config.time_zone).time());
    let (mut at, mut left) = (start, working.as_millis() as i64);
    for b in &config.breaks {
        let (begins, ends) = (ms(b.start), ms(b.end));
        if ends <= at {
            continue;
        }
        if at < begins {
            if at + left <= begins {
                break;
            }
            left -= begins - at;
        }
        at = ends;
    }
    Duration::from_millis((at + left - start) as u64)
}

/// Moving average of service times after one more service of `secs` seconds.
pub fn smoothed(previous: Option<f64>, secs: f64) -> f64 {
    match previous {
        None => secs,
        Some(avg) => avg + SMOOTHING * (secs - avg),
    }
}

impl Engine {
    /// People who will be called before `ticket` in its field: everyone in the priority
    /// line ahead of it and, for a regular ticket, the whole priority line too.
    pub fn people_ahead(&self, ticket: &Ticket) -> u32 {
        let Some(lines) = self.state().lines.field(&ticket.field) else {
            return 0;
        };
        let place = (ticket.queued_at, ticket.id);
        let before = |line: &std::collections::BTreeSet<_>| line.range(..place).count() as u32;
        if ticket.class.is_priority() {
            before(&lines.priority)
        } else {
            lines.priority.len() as u32 + before(&lines.regular)
        }
    }

    /// Estimated wait at `now` of a waiting ticket from the live queue, breaks included
    /// (None when no counter serves its field, or the ticket is no longer waiting).
    pub fn estimated_wait(&self, ticket: &Ticket, now: DateTime<Utc>) -> Option<Duration> {
        if ticket.state != TicketState::Waiting {
            return None;
        }
        let working = self.wait_behind(&ticket.field, self.people_ahead(ticket), now)?;
        Some(through_breaks(self.config(), now, working))
    }

    /// Estimated wait of a regular ticket issued at `now` in `field` (shown on the kiosk).
    pub fn wait_for_new(&self, field: &FieldCode, now: DateTime<Utc>) -> Option<Duration> {
        let working = self.wait_behind(field, self.state().lines.waiting(field) as u32, now)?;
        Some(through_breaks(self.config(), now, working))
    }

    /// The wait with `ahead` people before one in `field`, in time counters are calling.
    /// During one of the office's breaks, counters paused for it count: they call again
    /// when it ends (which `through_breaks` adds).
    fn wait_behind(&self, field: &FieldCode, ahead: u32, now: DateTime<Utc>) -> Option<Duration> {
        Outlook::new(self, now).wait(field, ahead, &mut Vec::new())
    }
}

/// The office's lines and counters at one moment, as the estimate sees them.
struct Outlook<'a> {
    engine: &'a Engine,
    in_break: bool,
    /// When each line worked out so far will be empty: counters share fields, and each
    /// line is worked out once however many counters wait for it.
    emptied: RefCell<HashMap<FieldCode, Option<Duration>>>,
}

impl Outlook<'_> {
    fn new(engine: &Engine, now: DateTime<Utc>) -> Outlook<'_> {
        let config = engine.config();
        let local = now.with_timezone(&config.time_zone).time();
        let in_break = config
            .breaks
            .iter()
            .any(|b| (b.start..b.end).contains(&local));
        Outlook {
            engine,
            in_break,
            emptied: RefCell::default(),
        }
    }

    fn waiting(&self, field: &FieldCode) -> u32 {
        self.engine.state().lines.waiting(field) as u32
    }

    fn service(&self, field: &FieldCode) -> Duration {
        let avg = self
            .engine
            .state()
            .fields
            .get(field)
            .and_then(|f| f.service_secs)
            .unwrap_or(f64::from(self.engine.config().queue.default_service_minutes) * 60.0);
        Duration::from_secs_f64(avg)
    }

    /// The fields with people waiting that `counter` serves before `field`. A counter
    /// serves its fields in order: it takes from a line only while those before it in its
    /// list are empty.
    fn before<'c>(&self, counter: &'c CounterState, field: &FieldCode) -> Vec<&'c FieldCode> {
        counter
            .fields
            .iter()
            .take_while(|f| *f != field)
            .filter(|f| self.waiting(f) > 0)
            .collect()
    }

    /// When the line of `field` will be empty and a counter free for the next: the wait of
    /// a ticket taken now in it.
    fn emptied(&self, field: &FieldCode, visiting: &mut Vec<FieldCode>) -> Option<Duration> {
        if let Some(known) = self.emptied.borrow().get(field) {
            return *known;
        }
        let at = self.wait(field, self.waiting(field), visiting);
        self.emptied.borrow_mut().insert(field.clone(), at);
        at
    }

    /// The wait with `ahead` before one in `field`. `visiting` holds the fields whose wait
    /// is being worked out further up, so that counters listing each other's fields in
    /// opposite orders do not send it round in circles.
    fn wait(
        &self,
        field: &FieldCode,
        ahead: u32,
        visiting: &mut Vec<FieldCode>,
    ) -> Option<Duration> {
        let state = self.engine.state();
        let service = self.service(field);
        // Open counters that will call from this line at all.
        let serving = state.counters.values().filter(|c| {
            c.is_open() && (c.paused.is_none() || self.in_break) && c.fields.contains(field)
        });
        let (mut counters, mut busy) = (0, 0);
        for c in serving.clone().filter(|c| self.before(c, field).is_empty()) {
            counters += 1;
            busy += u32::from(c.current.is_some());
        }
        if counters > 0 {
            return estimate(ahead, counters, busy, service);
        }
        // Every counter of this field has people in a line it serves first: each comes to
        // this one when those are empty, that is when a ticket taken now in them would be
        // called.
        if visiting.contains(field) {
            return None;
        }
        visiting.push(field.clone());
        let starts: Vec<Duration> = serving
            .filter_map(|c| {
                self.before(c, field)
                    .into_iter()
                    .map(|f| self.emptied(f, visiting))
                    .try_fold(Duration::ZERO, |at, d| Some(at.max(d?)))
            })
            .collect();
        visiting.pop();
        estimate_later(ahead, &starts, service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIX_MIN: Duration = Duration::from_secs(360);

    #[test]
    fn nobody_ahead_and_a_free_counter_means_no_wait() {
        assert_eq!(estimate(0, 2, 1, SIX_MIN), Some(Duration::ZERO));
    }

    #[test]
    fn people_ahead_are_shared_among_counters() {
        // 4 ahead, 2 counters both busy: two rounds of 6 minutes plus half a service.
        assert_eq!(
            estimate(4, 2, 2, SIX_MIN),
            Some(Duration::from_secs(15 * 60))
        );
        // 4 ahead, 2 idle counters: two go now, two more after 6 minutes, then a turn.
        assert_eq!(
            estimate(4, 2, 0, SIX_MIN),
            Some(Duration::from_secs(12 * 60))
        );
        // 1 ahead, one counter idle and one busy: the busy one frees in about 3 minutes.
        assert_eq!(
            estimate(1, 2, 1, SIX_MIN),
            Some(Duration::from_secs(3 * 60))
        );
    }

    #[test]
    fn a_wait_that_runs_into_the_lunch_break_includes_it() {
        let text = include_str!("../../../assets/config/office.toml");
        let office = Config::parse("office.toml", text).expect("office"); // lunch 11:30-13:30
        let wall = |local: &str, working_min: u64| {
            // The office is at UTC+7.
            let from: DateTime<Utc> = format!("2026-11-23T{local}:00+07:00")
                .parse()
                .expect("time");
            through_breaks(&office, from, Duration::from_secs(working_min * 60)).as_secs() / 60
        };
        assert_eq!(wall("10:00", 20), 20, "done before lunch");
        assert_eq!(wall("11:10", 20), 20, "done right at the break");
        assert_eq!(
            wall("11:20", 20),
            140,
            "ten minutes before lunch, ten after"
        );
        assert_eq!(
            wall("12:00", 10),
            100,
            "taken at lunch: the rest of it, then ten"
        );
        assert_eq!(wall("14:00", 20), 20, "after lunch");
    }

    #[test]
    fn counters_that_come_later_take_those_ahead_as_they_free_up() {
        let min = |m: u64| Some(Duration::from_secs(m * 60));
        // One counter comes in 12 minutes, another in 18: of three ahead, the first takes
        // two (12, 18) and the second one (18); the citizen goes at 24.
        assert_eq!(
            estimate_later(3, &[min(12).unwrap(), min(18).unwrap()], SIX_MIN),
            min(24)
        );
        assert_eq!(
            estimate_later(0, &[min(18).unwrap(), min(12).unwrap()], SIX_MIN),
            min(12)
        );
        assert_eq!(estimate_later(2, &[], SIX_MIN), None);
    }

    #[test]
    fn no_counter_no_estimate() {
        assert_eq!(estimate(3, 0, 0, SIX_MIN), None);
    }

    #[test]
    fn the_average_follows_recent_services() {
        let a = smoothed(None, 300.0);
        assert_eq!(a, 300.0);
        let b = smoothed(Some(a), 600.0);
        assert!((b - 360.0).abs() < 1e-9, "{b}");
    }
}
