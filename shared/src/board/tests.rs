//! The board against the real engine: recent calls, recalls, and what is still called.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::*;
use crate::config::Config;
use crate::engine::Command;
use crate::model::{ClerkId, PriorityClass, Source};

fn office() -> Engine {
    let text = include_str!("../../../assets/config/office.toml");
    Engine::new(Arc::new(
        Config::parse("office.toml", text).expect("office"),
    ))
}

fn at(minute: u32) -> DateTime<Utc> {
    format!("2026-11-23T02:{minute:02}:00Z")
        .parse()
        .expect("time")
}

#[test]
fn calls_are_listed_newest_first_once_each_and_recalls_announce_again() {
    let mut e = office();
    for _ in 0..3 {
        let issue = Command::IssueTicket {
            field: FieldCode::new("VL"),
            class: PriorityClass::Regular,
            source: Source::Kiosk("k".into()),
        };
        e.apply(&issue, at(0)).expect("issue");
    }
    for c in [1, 2] {
        let open = Command::OpenCounter {
            counter: CounterId(c),
            clerk: ClerkId::new(["lan", "hung"][c as usize - 1]),
            fields: vec![FieldCode::new("VL")],
        };
        e.apply(&open, at(1)).expect("open");
    }
    e.apply(
        &Command::CallNext {
            counter: CounterId(1),
        },
        at(2),
    )
    .expect("call");
    e.apply(
        &Command::CallNext {
            counter: CounterId(2),
        },
        at(3),
    )
    .expect("call");
    let recall = e
        .apply(
            &Command::Recall {
                counter: CounterId(1),
            },
            at(4),
        )
        .expect("recall");
    let board = Board::of(&e);
    let lines: Vec<_> = board
        .recent
        .iter()
        .map(|c| (c.display.as_str(), c.counter.0))
        .collect();
    assert_eq!(lines, [("A002", 2), ("A001", 1)]);
    assert_eq!(board.recent[1].recalls, 1);
    let vl = board.waiting.iter().find(|f| f.code.as_str() == "VL");
    assert_eq!(vl.map(|f| f.waiting), Some(1));
    assert_eq!(board.counters[0].current.as_deref(), Some("A001"));
    assert_eq!(board.counters[2].current, None);
    let said = announcement(&e, &recall[0]).expect("a recall is announced");
    assert!(board.still_called(&said), "A001 is on its way to counter 1");
    e.apply(
        &Command::StartServing {
            counter: CounterId(1),
        },
        at(5),
    )
    .expect("start");
    let served = Board::of(&e);
    assert!(!served.still_called(&said), "A001 has reached counter 1");
    let mut newer = said.clone();
    newer.seq = served.seq + 1;
    assert!(
        served.still_called(&newer),
        "a board older than the call keeps it"
    );
    assert_eq!(
        (
            said.display.as_str(),
            said.prefix.as_str(),
            said.counter.0,
            said.recall
        ),
        ("A001", "A", 1, 1)
    );
}

/// An office with `n` VL tickets and counters 1 and 2 open for VL, at 09:00.
fn morning(n: usize) -> Engine {
    let mut e = office();
    for _ in 0..n {
        let issue = Command::IssueTicket {
            field: FieldCode::new("VL"),
            class: PriorityClass::Regular,
            source: Source::Kiosk("k".into()),
        };
        e.apply(&issue, at(0)).expect("issue");
    }
    for (c, clerk) in [(1, "lan"), (2, "hung")] {
        let open = Command::OpenCounter {
            counter: CounterId(c),
            clerk: ClerkId::new(clerk),
            fields: vec![FieldCode::new("VL")],
        };
        e.apply(&open, at(1)).expect("open");
    }
    e
}

/// Counter `c` calls its next ticket (or recalls it): the announcement.
fn call(e: &mut Engine, c: u16, minute: u32, recall: bool) -> Announcement {
    let counter = CounterId(c);
    let command = if recall {
        Command::Recall { counter }
    } else {
        Command::CallNext { counter }
    };
    let events = e.apply(&command, at(minute)).expect("call");
    announcement(e, &events[0]).expect("a call is announced")
}

/// The recent list as (number, counter, outcome), and the panel's number.
fn shown(e: &Engine) -> (Vec<(String, u16, Outcome)>, Option<String>) {
    let b = Board::of(e);
    let lines = b
        .recent
        .iter()
        .map(|c| (c.display.clone(), c.counter.0, c.outcome))
        .collect();
    (lines, b.panel.map(|c| c.display))
}

fn line(number: &str, counter: u16, outcome: Outcome) -> (String, u16, Outcome) {
    (number.to_string(), counter, outcome)
}

#[test]
fn a_no_show_leaves_the_panel_at_once_and_stays_in_history_marked_missed() {
    let mut e = morning(3);
    call(&mut e, 1, 2, false);
    let a2 = call(&mut e, 2, 3, false);
    let recall = call(&mut e, 2, 4, true);
    let b = Board::of(&e);
    assert!(b.still_called(&recall) && !b.withdrawn(&recall));
    assert_eq!(b.panel.map(|c| c.display).as_deref(), Some("A002"));

    e.apply(
        &Command::NoShow {
            counter: CounterId(2),
        },
        at(5),
    )
    .expect("no-show");
    let b = Board::of(&e);
    assert!(b.withdrawn(&recall), "the lit recall goes dark");
    assert!(b.withdrawn(&a2) && !b.still_called(&a2), "and is not said");
    assert_eq!(
        shown(&e),
        (
            vec![
                line("A002", 2, Outcome::Missed),
                line("A001", 1, Outcome::Calling)
            ],
            Some("A001".into())
        ),
        "A002 stays in history, marked; the panel rests on A001"
    );
}

#[test]
fn a_cancel_is_like_a_no_show_and_a_served_call_still_stands() {
    let mut e = morning(3);
    let a1 = call(&mut e, 1, 2, false);
    let a2 = call(&mut e, 2, 3, false);
    e.apply(
        &Command::StartServing {
            counter: CounterId(1),
        },
        at(4),
    )
    .expect("start");
    e.apply(
        &Command::Finish {
            counter: CounterId(1),
        },
        at(5),
    )
    .expect("finish");
    e.apply(&Command::Cancel { ticket: a2.ticket }, at(6))
        .expect("cancel");
    let b = Board::of(&e);
    assert!(!b.withdrawn(&a1), "A001 was served: its call stands");
    assert!(b.withdrawn(&a2));
    assert_eq!(
        shown(&e),
        (
            vec![
                line("A002", 2, Outcome::Cancelled),
                line("A001", 1, Outcome::Came)
            ],
            Some("A001".into())
        )
    );
}

#[test]
fn a_transferred_ticket_leaves_panel_and_history_until_its_next_call() {
    let mut e = morning(2);
    let a1 = call(&mut e, 1, 2, false);
    let transfer = Command::Transfer {
        ticket: a1.ticket,
        to: FieldCode::new("BHTN"),
        keep_place: true,
    };
    e.apply(&transfer, at(3)).expect("transfer");
    let b = Board::of(&e);
    assert!(b.withdrawn(&a1) && !b.still_called(&a1));
    assert_eq!(shown(&e), (vec![], None), "back in line: no call stands");
    // Counter 2 takes BHTN too and calls it: it is listed again, at its new counter.
    let serve = Command::ServeFields {
        counter: CounterId(2),
        fields: vec![FieldCode::new("BHTN")],
    };
    e.apply(&serve, at(4)).expect("serve");
    let again = call(&mut e, 2, 5, false);
    assert_eq!(again.ticket, a1.ticket);
    assert!(Board::of(&e).withdrawn(&a1), "the old call stays withdrawn");
    assert_eq!(
        shown(&e),
        (vec![line("A001", 2, Outcome::Calling)], Some("A001".into()))
    );
}

#[test]
fn a_no_show_brought_back_leaves_history_until_called_again() {
    let mut e = morning(2);
    let a1 = call(&mut e, 1, 2, false);
    e.apply(
        &Command::NoShow {
            counter: CounterId(1),
        },
        at(3),
    )
    .expect("no-show");
    e.apply(&Command::BringBack { ticket: a1.ticket }, at(4))
        .expect("back");
    assert_eq!(shown(&e), (vec![], None));
    call(&mut e, 1, 5, false);
    assert_eq!(
        shown(&e),
        (vec![line("A001", 1, Outcome::Calling)], Some("A001".into()))
    );
}
