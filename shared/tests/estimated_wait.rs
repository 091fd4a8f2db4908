//! The estimated wait of a field that open counters serve only after their own: a longer
//! promise, never "no counter is open" (docs/estimated-wait.md).

mod common;

use std::time::Duration;

use common::*;
use shared::engine::Command;
use shared::model::{CounterId, PriorityClass::*};

fn minutes(m: u64) -> Option<Duration> {
    Some(Duration::from_secs(m * 60))
}

#[test]
fn a_field_served_only_after_a_busy_one_still_has_a_longer_estimate() {
    let mut e = engine(office()); // 6 minutes assumed per service
    e.ok(open(2, "hung", &["BHTN", "VL"]), at(8, 0));
    e.take("BHTN", Regular, at(8, 1));
    e.take("BHTN", Regular, at(8, 2));
    let (vl, _) = e.take("VL", Regular, at(8, 3));
    let now = at(8, 5);
    // Counter 2 works through BHTN first: one now, the other after a service, and it is
    // free for the next after another (12 minutes).
    assert_eq!(e.wait_for_new(&f("BHTN"), now), minutes(12));
    // Then it comes to VL: the first VL ticket is called then, a new one a service later.
    let ticket = e.ticket(vl).expect("issued").clone();
    assert_eq!(e.estimated_wait(&ticket, now), minutes(12));
    assert_eq!(e.wait_for_new(&f("VL"), now), minutes(18));
    // A field no open counter serves at all has no estimate.
    assert_eq!(e.wait_for_new(&f("NCC"), now), None);
    // Once BHTN is empty, counter 2 takes from VL straight away.
    e.call(2, at(8, 6));
    e.ok(
        Command::Finish {
            counter: CounterId(2),
        },
        at(8, 7),
    );
    e.call(2, at(8, 8));
    assert_eq!(e.estimated_wait(&ticket, at(8, 8)), minutes(3));
}

#[test]
fn the_soonest_counter_to_come_calls_first() {
    let mut e = engine(office());
    // Counter 1 has one GDNN citizen before VL, counter 2 three BHTN ones.
    e.ok(open(1, "lan", &["GDNN", "VL"]), at(8, 0));
    e.ok(open(2, "hung", &["BHTN", "VL"]), at(8, 0));
    e.take("GDNN", Regular, at(8, 1));
    for m in 0..3 {
        e.take("BHTN", Regular, at(8, 2 + m));
    }
    for m in 0..2 {
        e.take("VL", Regular, at(8, 5 + m));
    }
    // Counter 1 reaches VL after 6 minutes, counter 2 after 18: counter 1 takes both VL
    // citizens ahead (at 6 and 12 minutes) before counter 2 comes, then the new one at 18.
    assert_eq!(e.wait_for_new(&f("VL"), at(8, 10)), minutes(18));
}

#[test]
fn counters_that_list_fields_in_opposite_orders_still_give_an_estimate() {
    let mut e = engine(office());
    e.ok(open(1, "lan", &["GDNN", "VL", "BHTN"]), at(8, 0));
    e.ok(open(2, "hung", &["LDNN", "BHTN", "VL"]), at(8, 0));
    for field in ["GDNN", "LDNN", "VL", "BHTN"] {
        e.take(field, Regular, at(8, 1));
    }
    let now = at(8, 2);
    assert!(e.wait_for_new(&f("VL"), now).is_some());
    assert!(e.wait_for_new(&f("BHTN"), now).is_some());
}

#[test]
fn a_counter_paused_outside_a_break_is_not_counted_on() {
    let mut e = engine(office());
    e.ok(open(2, "hung", &["BHTN", "VL"]), at(8, 0));
    e.take("BHTN", Regular, at(8, 1));
    e.take("VL", Regular, at(8, 1));
    e.ok(
        Command::Pause {
            counter: CounterId(2),
            reason: "Họp".into(),
        },
        at(9, 0),
    );
    assert_eq!(e.wait_for_new(&f("VL"), at(9, 1)), None);
}
