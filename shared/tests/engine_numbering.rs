//! Numbering with a wrapping range: a no-show keeps its number while it may come back, so
//! "call A003" always names one citizen.

mod common;

use std::sync::Arc;

use common::*;
use shared::engine::{Command, Engine, Refusal};
use shared::model::{CounterId, PriorityClass::Regular, TicketId};

const C1: CounterId = CounterId(1);

/// The default office with field VL numbered A001 to A003, wrapping.
fn three_numbers() -> shared::config::Config {
    let mut config = office();
    config.fields[0].end = 3;
    config.fields[0].wrap = true;
    config
}

/// Calls the next ticket at counter 1 and finishes it, returning its shown number.
fn serve(e: &mut Engine, h: u32, m: u32) -> String {
    let called = e.call(1, at(h, m));
    e.ok(Command::Finish { counter: C1 }, at(h, m));
    called
}

/// A003 misses its turn at 08:10 (return window 30 minutes), and the numbers wrap.
fn a003_missed_and_numbers_wrapped() -> (Engine, TicketId) {
    let mut e = engine(three_numbers());
    e.ok(open(1, "lan", &["VL"]), at(8, 0));
    for m in 1..=3 {
        e.take("VL", Regular, at(8, m));
    }
    assert_eq!(serve(&mut e, 8, 4), "A001");
    assert_eq!(serve(&mut e, 8, 5), "A002");
    assert_eq!(e.call(1, at(8, 6)), "A003");
    let a003 = e.ticket_by_display("A003").expect("issued").id;
    e.ok(Command::NoShow { counter: C1 }, at(8, 10));
    (e, a003)
}

#[test]
fn a_no_show_keeps_its_number_until_its_return_window_closes() {
    let (mut e, a003) = a003_missed_and_numbers_wrapped();
    assert_eq!(e.take("VL", Regular, at(8, 11)).1, "A001", "wraps");
    assert_eq!(e.take("VL", Regular, at(8, 12)).1, "A002");
    assert_eq!(
        e.refused(issue("VL", Regular), at(8, 13)),
        Refusal::RangeExhausted { field: f("VL") },
        "A003 may still come back, so the field is full"
    );
    assert_eq!(serve(&mut e, 8, 14), "A001");
    assert_eq!(serve(&mut e, 8, 15), "A002");
    assert_eq!(
        e.take("VL", Regular, at(8, 20)).1,
        "A001",
        "after A002 comes A001 again, not the A003 that may return"
    );
    assert_eq!(e.take("VL", Regular, at(8, 21)).1, "A002");
    // 08:40 is the last minute A003 may be brought back: its number is still kept.
    assert_eq!(
        e.refused(issue("VL", Regular), at(8, 40)),
        Refusal::RangeExhausted { field: f("VL") }
    );
    let (new_a003, shown) = e.take("VL", Regular, at(8, 41));
    assert_eq!(shown, "A003", "the window has closed: the number is free");
    assert_eq!(
        e.refused(Command::BringBack { ticket: a003 }, at(8, 42)),
        Refusal::ReturnWindowPassed {
            ticket: "A003".into(),
            minutes: 30
        }
    );
    assert_eq!(e.ticket_by_display("A003").map(|t| t.id), Some(new_a003));
}

#[test]
fn a_no_show_whose_number_went_to_another_citizen_cannot_come_back() {
    let (mut e, a003) = a003_missed_and_numbers_wrapped();
    assert_eq!(e.take("VL", Regular, at(8, 41)).1, "A001");
    assert_eq!(e.take("VL", Regular, at(8, 41)).1, "A002");
    assert_eq!(e.take("VL", Regular, at(8, 41)).1, "A003");
    // The office lengthens the return window and restarts: the old A003 would now be in
    // time, but the number is a waiting citizen's.
    let mut config = three_numbers();
    config.queue.no_show_return_minutes = 60;
    let mut e = Engine::from_state(Arc::new(config), e.state().clone());
    assert_eq!(
        e.refused(Command::BringBack { ticket: a003 }, at(8, 45)),
        Refusal::ReturnWindowPassed {
            ticket: "A003".into(),
            minutes: 60
        }
    );
}
