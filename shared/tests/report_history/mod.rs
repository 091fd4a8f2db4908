//! A week at the default office played through the real engine into a real SQLite file,
//! with answers worked out by hand (see [`week`]). Shared by the report tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use shared::config::Config;
use shared::engine::{Command, EventKind, Score, Via};
use shared::model::{CounterId, FieldCode, PriorityClass, TicketId};
use shared::report::Reports;
use shared::store::Store;

use super::common::{issue, office, on, open};

pub const MIN: u32 = 60_000;

/// An office database played command by command.
pub struct History {
    store: Store,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl History {
    pub fn new(config: Config) -> History {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("office.db");
        let store = Store::open(&path, Arc::new(config)).expect("open store");
        History {
            store,
            path,
            _dir: dir,
        }
    }

    pub fn ok(&mut self, command: Command, at: DateTime<Utc>) -> Vec<shared::engine::Event> {
        self.store
            .apply(&command, at)
            .expect("saved")
            .unwrap_or_else(|r| panic!("{command:?} refused: {r}"))
    }

    pub fn take(&mut self, field: &str, at: DateTime<Utc>) -> TicketId {
        let events = self.ok(issue(field, PriorityClass::Regular), at);
        events
            .iter()
            .find_map(|e| match e.kind {
                EventKind::TicketIssued { ticket, .. } => Some(ticket),
                _ => None,
            })
            .expect("a ticket issued")
    }

    pub fn call(&mut self, counter: u16, ticket: TicketId, at: DateTime<Utc>) {
        self.ok(
            Command::CallTicket {
                counter: CounterId(counter),
                ticket,
            },
            at,
        );
    }

    pub fn at_counter(&mut self, counter: u16, make: fn(CounterId) -> Command, at: DateTime<Utc>) {
        self.ok(make(CounterId(counter)), at);
    }

    pub fn rate(&mut self, ticket: TicketId, score: Score, via: Via, at: DateTime<Utc>) {
        self.ok(
            Command::RateTicket {
                ticket,
                score,
                reason: None,
                via,
            },
            at,
        );
    }

    pub fn reports(&self) -> Reports {
        Reports::open(&self.path, self.store.engine().config().clone()).expect("open reports")
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub fn start(counter: CounterId) -> Command {
    Command::StartServing { counter }
}
pub fn finish(counter: CounterId) -> Command {
    Command::Finish { counter }
}
pub fn no_show(counter: CounterId) -> Command {
    Command::NoShow { counter }
}

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a day of November")
}

/// Monday 16 November 2026 at the default office, minute by minute:
/// - T1 VL 08:00, called 08:05 at counter 1, served 08:06–08:16 (wait 5 min, service 10);
/// - T2 VL 08:01, called 08:16, served 08:17–08:20 (wait 15 min exactly, service 3);
/// - T3 VL 08:02, called 08:20, no-show 08:22 (wait 18);
/// - T4 BHTN 08:03, called 08:22 at counter 1 (wait 19), transferred to GDNN 08:23,
///   called again 08:30 at counter 3, served 08:31–08:41 (service 10);
/// - T5 VL 08:04, cancelled 08:10 while waiting;
/// - T6 VL 16:50, never called: left at the end of the day.
///
/// Ratings: T1 very satisfied (tablet), T2 neutral (tablet), T4 satisfied (its page).
///
/// Tuesday 17th: T7 BHTN 09:00 called 09:05, no-show 09:07, brought back 09:10, called
/// 09:20, served 09:21–09:30 (wait 5, service 9); T8 VL at 23:50, never called.
/// Wednesday 18th: T9 VL at 00:10 local time (still the 17th in UTC).
pub fn week() -> (History, [TicketId; 9]) {
    let mut h = History::new(office());
    h.ok(open(1, "lan", &["VL", "BHTN"]), on(16, 7, 55));
    h.ok(open(3, "mai", &["GDNN"]), on(16, 7, 56));
    let t1 = h.take("VL", on(16, 8, 0));
    let t2 = h.take("VL", on(16, 8, 1));
    let t3 = h.take("VL", on(16, 8, 2));
    let t4 = h.take("BHTN", on(16, 8, 3));
    let t5 = h.take("VL", on(16, 8, 4));
    h.call(1, t1, on(16, 8, 5));
    h.at_counter(1, start, on(16, 8, 6));
    h.ok(Command::Cancel { ticket: t5 }, on(16, 8, 10));
    h.at_counter(1, finish, on(16, 8, 16));
    h.rate(
        t1,
        Score::VerySatisfied,
        Via::Tablet {
            counter: CounterId(1),
        },
        on(16, 8, 16),
    );
    h.call(1, t2, on(16, 8, 16));
    h.at_counter(1, start, on(16, 8, 17));
    h.at_counter(1, finish, on(16, 8, 20));
    h.rate(
        t2,
        Score::Neutral,
        Via::Tablet {
            counter: CounterId(1),
        },
        on(16, 8, 21),
    );
    h.call(1, t3, on(16, 8, 20));
    h.at_counter(1, no_show, on(16, 8, 22));
    h.call(1, t4, on(16, 8, 22));
    h.ok(
        Command::Transfer {
            ticket: t4,
            to: FieldCode::new("GDNN"),
            keep_place: true,
        },
        on(16, 8, 23),
    );
    h.call(3, t4, on(16, 8, 30));
    h.at_counter(3, start, on(16, 8, 31));
    h.at_counter(3, finish, on(16, 8, 41));
    h.rate(t4, Score::Satisfied, Via::TicketPage, on(16, 8, 50));
    let t6 = h.take("VL", on(16, 16, 50));

    h.ok(open(2, "hung", &["BHTN"]), on(17, 8, 0));
    let t7 = h.take("BHTN", on(17, 9, 0));
    h.call(2, t7, on(17, 9, 5));
    h.at_counter(2, no_show, on(17, 9, 7));
    h.ok(Command::BringBack { ticket: t7 }, on(17, 9, 10));
    h.call(2, t7, on(17, 9, 20));
    h.at_counter(2, start, on(17, 9, 21));
    h.at_counter(2, finish, on(17, 9, 30));
    let t8 = h.take("VL", on(17, 23, 50));
    let t9 = h.take("VL", on(18, 0, 10));
    (h, [t1, t2, t3, t4, t5, t6, t7, t8, t9])
}

/// A moment after the history, when the 16th and 17th are past.
pub fn later() -> DateTime<Utc> {
    on(19, 9, 0)
}
