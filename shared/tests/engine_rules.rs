//! The queue rules of DESIGN.md and docs/calling-policy.md, one worked example each.

mod common;

use common::*;
use shared::engine::{Command, EventKind, NoShowCause, Refusal};
use shared::model::{CounterId, PriorityClass::*, TicketState};

const C1: CounterId = CounterId(1);

#[test]
fn tickets_are_numbered_per_field_with_prefix_and_padding() {
    let mut e = engine(office());
    assert_eq!(e.take("VL", Regular, at(8, 0)).1, "A001");
    assert_eq!(e.take("VL", Regular, at(8, 1)).1, "A002");
    assert_eq!(e.take("BHTN", Elderly, at(8, 2)).1, "B001");
    assert_eq!(e.take("VL", Regular, at(8, 3)).1, "A003");
}

#[test]
fn one_priority_ticket_after_every_three_regular() {
    let mut e = engine(office());
    for (i, class) in [
        Regular, Regular, Regular, Regular, Regular, Elderly, Pregnancy,
    ]
    .into_iter()
    .enumerate()
    {
        e.take("VL", class, at(8, i as u32));
    }
    e.ok(open(1, "lan", &["VL"]), at(8, 10));
    let order: Vec<String> = (0..7)
        .map(|i| {
            let called = e.call(1, at(8, 11 + i));
            e.ok(Command::Finish { counter: C1 }, at(8, 11 + i));
            called
        })
        .collect();
    // A006 (elderly) and A007 (pregnant) are the priority tickets.
    assert_eq!(
        order,
        ["A006", "A001", "A002", "A003", "A007", "A004", "A005"]
    );
}

#[test]
fn a_counter_prefers_its_fields_in_order() {
    let mut e = engine(office());
    e.take("VL", Regular, at(8, 0));
    e.take("BHTN", Regular, at(8, 5));
    e.ok(open(2, "hung", &[]), at(8, 10)); // counter 2 serves BHTN, then VL
    assert_eq!(e.call(2, at(8, 11)), "B001");
}

#[test]
fn a_ticket_waiting_too_long_is_lifted_ahead() {
    let mut e = engine(office()); // max_wait_minutes = 60
    e.take("VL", Regular, at(8, 0));
    e.take("BHTN", Elderly, at(9, 0));
    e.ok(open(2, "hung", &[]), at(9, 0));
    assert_eq!(
        e.call(2, at(9, 1)),
        "A001",
        "waited 61 minutes, beats priority and field order"
    );
}

#[test]
fn a_transferred_ticket_keeps_its_place_unless_told_otherwise() {
    for (keep_place, first) in [(true, "A001"), (false, "B001")] {
        let mut e = engine(office());
        let (a1, _) = e.take("VL", Regular, at(8, 0));
        e.take("BHTN", Regular, at(8, 10));
        e.ok(
            Command::Transfer {
                ticket: a1,
                to: f("BHTN"),
                keep_place,
            },
            at(8, 30),
        );
        e.ok(open(2, "hung", &["BHTN"]), at(8, 31));
        assert_eq!(e.call(2, at(8, 32)), first, "keep_place = {keep_place}");
        assert_eq!(
            e.ticket(a1).unwrap().display,
            "A001",
            "the citizen's paper keeps its number"
        );
    }
}

#[test]
fn a_transfer_frees_the_counter_that_held_the_ticket() {
    let mut e = engine(office());
    let (a1, _) = e.take("VL", Regular, at(8, 0));
    e.ok(open(1, "lan", &[]), at(8, 1));
    e.call(1, at(8, 2));
    e.ok(Command::StartServing { counter: C1 }, at(8, 3));
    e.ok(
        Command::Transfer {
            ticket: a1,
            to: f("NCC"),
            keep_place: true,
        },
        at(8, 9),
    );
    assert_eq!(e.state().counters[&C1].current, None);
    assert_eq!(e.ticket(a1).unwrap().state, TicketState::Waiting);
    assert_eq!(
        e.refused(Command::CallNext { counter: C1 }, at(8, 10)),
        Refusal::NoneWaiting { counter: C1 }
    );
}

#[test]
fn recalls_end_in_a_no_show_that_can_be_brought_back_for_a_while() {
    let mut e = engine(office()); // max_recalls = 3, no_show_return_minutes = 30
    let (a1, _) = e.take("VL", Regular, at(8, 0));
    e.take("VL", Regular, at(8, 1));
    e.ok(open(1, "lan", &[]), at(8, 2));
    e.call(1, at(8, 3));
    for n in 1..=3 {
        let ev = e.ok(Command::Recall { counter: C1 }, at(8, 3 + n));
        assert!(matches!(ev[0].kind, EventKind::TicketRecalled { recall, .. } if recall == n));
    }
    let ev = e.ok(Command::Recall { counter: C1 }, at(8, 7));
    assert!(matches!(
        ev[0].kind,
        EventKind::TicketNoShow {
            cause: NoShowCause::Recalls,
            ..
        }
    ));
    assert_eq!(e.call(1, at(8, 8)), "A002");
    e.ok(Command::Finish { counter: C1 }, at(8, 12));
    // Back within 30 minutes: in line again at its old place, first.
    e.ok(Command::BringBack { ticket: a1 }, at(8, 30));
    e.take("VL", Regular, at(8, 31));
    assert_eq!(e.call(1, at(8, 32)), "A001");
    e.ok(Command::NoShow { counter: C1 }, at(8, 33));
    let late = e.refused(Command::BringBack { ticket: a1 }, at(9, 4));
    assert_eq!(
        late,
        Refusal::ReturnWindowPassed {
            ticket: "A001".into(),
            minutes: 30
        }
    );
}

#[test]
fn call_next_finishes_the_ticket_being_served_but_not_one_still_called() {
    let mut e = engine(office());
    let (a1, _) = e.take("VL", Regular, at(8, 0));
    e.take("VL", Regular, at(8, 1));
    e.take("VL", Regular, at(8, 2));
    e.ok(open(1, "lan", &[]), at(8, 3));
    e.call(1, at(8, 4));
    let busy = e.refused(Command::CallNext { counter: C1 }, at(8, 5));
    assert_eq!(
        busy,
        Refusal::CounterBusy {
            counter: C1,
            ticket: "A001".into()
        }
    );
    e.ok(Command::StartServing { counter: C1 }, at(8, 5));
    assert_eq!(e.call(1, at(8, 11)), "A002");
    let a1 = e.ticket(a1).unwrap();
    assert_eq!(
        (a1.state, a1.ended_at),
        (TicketState::Done, Some(at(8, 11)))
    );
}

#[test]
fn a_clerk_may_call_a_specific_ticket_of_a_field_the_counter_serves() {
    let mut e = engine(office());
    e.take("VL", Regular, at(8, 0));
    let (a2, _) = e.take("VL", Regular, at(8, 1));
    let (h1, _) = e.take("NCC", Regular, at(8, 2));
    e.ok(open(1, "lan", &[]), at(8, 3));
    let ev = e.ok(
        Command::CallTicket {
            counter: C1,
            ticket: a2,
        },
        at(8, 4),
    );
    assert!(matches!(
        ev[0].kind,
        EventKind::TicketCalled { specific: true, .. }
    ));
    e.ok(Command::Finish { counter: C1 }, at(8, 9));
    let other = e.refused(
        Command::CallTicket {
            counter: C1,
            ticket: h1,
        },
        at(8, 10),
    );
    assert_eq!(
        other,
        Refusal::FieldNotServed {
            counter: C1,
            field: f("NCC")
        }
    );
}

#[test]
fn a_paused_counter_calls_nobody_until_it_resumes() {
    let mut e = engine(office());
    e.take("VL", Regular, at(8, 0));
    e.ok(open(1, "lan", &[]), at(8, 1));
    e.ok(
        Command::Pause {
            counter: C1,
            reason: "Họp giao ban".into(),
        },
        at(8, 2),
    );
    let paused = e.refused(Command::CallNext { counter: C1 }, at(8, 3));
    assert_eq!(
        paused,
        Refusal::CounterPaused {
            counter: C1,
            reason: "Họp giao ban".into()
        }
    );
    assert_eq!(
        e.refused(
            Command::Pause {
                counter: C1,
                reason: " ".into()
            },
            at(8, 3)
        ),
        Refusal::CounterPaused {
            counter: C1,
            reason: "Họp giao ban".into()
        }
    );
    e.ok(Command::Resume { counter: C1 }, at(8, 30));
    assert_eq!(e.call(1, at(8, 31)), "A001");
}

#[test]
fn closed_and_full_fields_refuse_tickets_with_the_reason() {
    let mut config = office();
    config.fields[0].daily_limit = Some(2);
    config.fields[1].end = 2;
    config.fields[1].wrap = false;
    let mut e = engine(config);
    e.take("VL", Regular, at(8, 0));
    e.take("VL", Regular, at(8, 1));
    assert_eq!(
        e.refused(issue("VL", Regular), at(8, 2)),
        Refusal::DailyLimitReached {
            field: f("VL"),
            limit: 2
        }
    );
    e.take("BHTN", Regular, at(8, 0));
    e.take("BHTN", Regular, at(8, 1));
    assert_eq!(
        e.refused(issue("BHTN", Regular), at(8, 2)),
        Refusal::RangeExhausted { field: f("BHTN") }
    );
    e.ok(Command::CloseField { field: f("NCC") }, at(8, 3));
    assert_eq!(
        e.refused(issue("NCC", Regular), at(8, 4)),
        Refusal::FieldClosed { field: f("NCC") }
    );
    assert_eq!(
        e.refused(issue("XX", Regular), at(8, 4)),
        Refusal::UnknownField { field: f("XX") }
    );
    e.ok(Command::OpenField { field: f("NCC") }, at(8, 5));
    assert_eq!(e.take("NCC", Regular, at(8, 6)).1, "H001");
}

#[test]
fn a_wrapping_range_skips_numbers_still_in_the_queue() {
    let mut config = office();
    config.fields[0].end = 3;
    let mut e = engine(config);
    e.ok(open(1, "lan", &["VL"]), at(8, 0));
    for m in 1..=3 {
        e.take("VL", Regular, at(8, m));
    }
    e.call(1, at(8, 4)); // A001 leaves the line
    e.ok(Command::Finish { counter: C1 }, at(8, 5));
    assert_eq!(
        e.take("VL", Regular, at(8, 6)).1,
        "A001",
        "wraps to a free number"
    );
    assert_eq!(
        e.refused(issue("VL", Regular), at(8, 7)),
        Refusal::RangeExhausted { field: f("VL") }
    );
}

#[test]
fn the_day_resets_numbering_at_the_configured_local_time() {
    let mut config = office();
    config.day_starts_at = chrono::NaiveTime::from_hms_opt(5, 0, 0).unwrap();
    let mut e = engine(config);
    let (a1, _) = e.take("VL", Regular, on(23, 16, 0));
    e.take("VL", Regular, on(24, 4, 59)); // before 05:00: still the 23rd
    assert_eq!(e.state().day, chrono::NaiveDate::from_ymd_opt(2026, 11, 23));
    let events = e.ok(issue("VL", Regular), on(24, 5, 0));
    assert!(matches!(&events[0].kind, EventKind::DayStarted { expired, .. } if expired.len() == 2));
    assert_eq!(
        e.ticket(
            e.state()
                .next_ticket
                .checked_sub(1)
                .map(shared::model::TicketId)
                .unwrap()
        )
        .unwrap()
        .display,
        "A001"
    );
    assert!(
        e.ticket(a1).is_none(),
        "yesterday's tickets leave the live state"
    );
}

#[test]
fn a_new_day_closes_counters_and_reopens_fields() {
    let mut e = engine(office());
    e.ok(open(1, "lan", &[]), at(8, 0));
    e.ok(Command::CloseField { field: f("TE") }, at(8, 0));
    let events = e.ok(Command::Rollover, on(24, 0, 0));
    assert_eq!(events.len(), 1);
    assert!(!e.state().counters[&C1].is_open());
    assert!(e.state().fields[&f("TE")].open);
    assert!(
        e.ok(Command::Rollover, on(24, 0, 1)).is_empty(),
        "no second day change"
    );
}

#[test]
fn a_refused_command_on_a_new_day_does_not_start_the_day() {
    let mut e = engine(office());
    e.take("VL", Regular, at(8, 0));
    e.refused(issue("XX", Regular), on(24, 8, 0));
    assert_eq!(e.state().day, chrono::NaiveDate::from_ymd_opt(2026, 11, 23));
}

#[test]
fn clerks_log_in_at_one_counter_at_a_time() {
    let mut e = engine(office());
    e.ok(open(1, "lan", &[]), at(8, 0));
    assert_eq!(
        e.refused(open(2, "lan", &[]), at(8, 1)),
        Refusal::ClerkElsewhere {
            clerk: shared::model::ClerkId::new("lan"),
            counter: C1
        }
    );
    assert_eq!(
        e.refused(open(1, "hung", &[]), at(8, 1)),
        Refusal::CounterAlreadyOpen {
            counter: C1,
            clerk: shared::model::ClerkId::new("lan")
        }
    );
    assert_eq!(
        e.refused(open(2, "nobody", &[]), at(8, 1)),
        Refusal::UnknownClerk {
            clerk: shared::model::ClerkId::new("nobody")
        }
    );
    assert_eq!(
        e.refused(open(9, "hung", &[]), at(8, 1)),
        Refusal::UnknownCounter {
            counter: CounterId(9)
        }
    );
    assert_eq!(
        e.refused(open(2, "hung", &["VL", "VL"]), at(8, 1)),
        Refusal::BadFieldList
    );
}

#[test]
fn the_estimated_wait_grows_with_the_line_and_shrinks_with_counters() {
    let mut e = engine(office()); // 6 minutes assumed per service
    let ids: Vec<_> = (0..5).map(|m| e.take("NCC", Regular, at(8, m)).0).collect();
    let last = e.ticket(ids[4]).unwrap().clone();
    assert_eq!(e.people_ahead(&last), 4);
    assert_eq!(
        e.estimated_wait(&last, at(8, 30)),
        None,
        "no counter serves NCC yet"
    );
    e.ok(open(5, "lan", &[]), at(8, 5));
    let one = e.estimated_wait(&last, at(8, 30)).unwrap();
    // One idle counter: the first ahead goes now, three more rounds, then a whole service.
    assert_eq!(one, std::time::Duration::from_secs(24 * 60));
    e.ok(open(6, "hung", &["NCC"]), at(8, 5));
    let two = e.estimated_wait(&last, at(8, 30)).unwrap();
    assert!(two < one, "{two:?} should be shorter than {one:?}");
    // Services of 10 minutes pull the average up.
    e.call(5, at(8, 6));
    e.ok(
        Command::Finish {
            counter: CounterId(5),
        },
        at(8, 16),
    );
    assert_eq!(e.state().fields[&f("NCC")].service_secs, Some(600.0));
}

#[test]
fn a_counter_helps_a_later_field_only_while_its_own_lines_are_empty() {
    let mut e = engine(office()); // 6 minutes assumed per service
    e.ok(open(1, "lan", &["VL", "BHTN"]), at(8, 0));
    e.ok(open(2, "hung", &["BHTN"]), at(8, 0));
    let vl = e.take("VL", Regular, at(8, 1)).0;
    let ids: Vec<_> = (0..4)
        .map(|m| e.take("BHTN", Regular, at(8, 2 + m)).0)
        .collect();
    let last = e.ticket(ids[3]).unwrap().clone();
    // Counter 1 will take the VL citizen first: only counter 2 works through BHTN.
    let alone = e.estimated_wait(&last, at(8, 30)).unwrap();
    // Three ahead, one idle counter: one goes now, two more rounds, then a whole service.
    assert_eq!(alone, std::time::Duration::from_secs(18 * 60));
    e.call(1, at(8, 10));
    assert_ne!(e.ticket(vl).unwrap().state, TicketState::Waiting);
    // VL is empty now: counter 1 helps with BHTN as soon as it is free.
    // Counter 2 takes one now; the other two share both counters; then half a service.
    let helped = e.estimated_wait(&last, at(8, 30)).unwrap();
    assert_eq!(helped, std::time::Duration::from_secs(9 * 60));
}

#[test]
fn a_ticket_taken_at_lunch_is_promised_the_wait_after_it_not_no_counter() {
    let mut e = engine(office()); // lunch 11:30-13:30, 6 minutes assumed per service
    e.ok(open(5, "lan", &["NCC"]), at(8, 0));
    let pause = Command::Pause {
        counter: CounterId(5),
        reason: "Nghỉ trưa".into(),
    };
    e.ok(pause.clone(), at(11, 30));
    let (id, _) = e.take("NCC", Regular, at(12, 0));
    let t = e.ticket(id).unwrap().clone();
    // Nobody ahead: counter 5 calls them when it comes back at 13:30, ninety minutes on.
    assert_eq!(
        e.estimated_wait(&t, at(12, 0)),
        Some(std::time::Duration::from_secs(90 * 60))
    );
    // Paused outside a break, the counter may not come back: no promise.
    e.ok(
        Command::Resume {
            counter: CounterId(5),
        },
        at(13, 30),
    );
    e.ok(pause, at(14, 0));
    assert_eq!(e.estimated_wait(&t, at(14, 0)), None);
}

#[test]
fn the_time_a_counter_is_held_counts_from_the_call() {
    let mut e = engine(office());
    e.ok(open(5, "lan", &["NCC"]), at(8, 0));
    e.take("NCC", Regular, at(8, 0));
    e.call(5, at(8, 1));
    // Two minutes to reach the desk, eight at it: the counter was held ten.
    e.ok(
        Command::StartServing {
            counter: CounterId(5),
        },
        at(8, 3),
    );
    e.ok(
        Command::Finish {
            counter: CounterId(5),
        },
        at(8, 11),
    );
    assert_eq!(e.state().fields[&f("NCC")].service_secs, Some(600.0));
}

#[test]
fn a_device_gone_with_a_problem_shows_when_it_left_and_clears_after_ten_minutes() {
    let mut e = engine(office());
    let link = |online| Command::DeviceLink {
        device: "kiosk-1".into(),
        online,
    };
    e.ok(Command::Rollover, at(7, 59));
    assert!(
        e.ok(link(false), at(8, 0)).is_empty(),
        "a device without a problem is not followed"
    );
    e.ok(
        Command::ReportDevice {
            device: "kiosk-1".into(),
            problem: Some("out of paper".into()),
        },
        at(8, 1),
    );
    e.ok(link(false), at(14, 5));
    assert_eq!(e.state().device_offline.get("kiosk-1"), Some(&at(14, 5)));
    assert!(
        e.ok(link(false), at(14, 6)).is_empty(),
        "still gone since 14:05"
    );
    assert!(
        e.ok(Command::ForgetGoneDevices, at(14, 14)).is_empty(),
        "nine minutes: the alert stays"
    );
    e.ok(link(true), at(14, 14));
    assert!(e.state().device_offline.is_empty(), "back: no longer gone");
    e.ok(link(false), at(14, 20));
    e.ok(Command::ForgetGoneDevices, at(14, 30));
    assert!(
        e.state().device_problems.is_empty() && e.state().device_offline.is_empty(),
        "gone ten minutes: the alert clears"
    );
}

#[test]
fn a_device_reports_a_problem_until_it_is_fixed() {
    let mut e = engine(office());
    let report = |problem: Option<&str>| Command::ReportDevice {
        device: "kiosk-1".into(),
        problem: problem.map(str::to_string),
    };
    e.ok(report(Some("out of paper")), at(8, 0));
    assert_eq!(
        e.state().device_problems.get("kiosk-1").map(String::as_str),
        Some("out of paper")
    );
    assert!(
        e.ok(report(Some("out of paper")), at(8, 1)).is_empty(),
        "no news, no event"
    );
    e.ok(report(None), at(8, 5));
    assert!(e.state().device_problems.is_empty());
    assert_eq!(
        e.refused(
            Command::ReportDevice {
                device: " ".into(),
                problem: None
            },
            at(8, 6)
        ),
        Refusal::BadReport
    );
    e.ok(report(Some("cover open")), at(8, 7));
    e.ok(Command::Rollover, on(24, 0, 0));
    assert_eq!(
        e.state().device_problems.len(),
        1,
        "a new day does not fix a printer"
    );
}
