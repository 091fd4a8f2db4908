//! The rating rules: one rating per served ticket, only from the tablet of the counter that
//! served it or from the ticket's own page, refused after the configured time; and ratings
//! kept in the store for the reports, surviving a restart.

mod common;

use std::sync::Arc;

use chrono::Duration;
use common::*;
use shared::engine::{Command, Engine, Rating, Refusal, Score, Via};
use shared::model::{ClerkId, CounterId, PriorityClass::Regular, TicketId};
use shared::store::{Store, ratings_between};

fn rate(ticket: TicketId, score: Score, reason: Option<&str>, via: Via) -> Command {
    Command::RateTicket {
        ticket,
        score,
        reason: reason.map(str::to_string),
        via,
    }
}

fn tablet(counter: u16) -> Via {
    Via::Tablet {
        counter: CounterId(counter),
    }
}

/// An office where counter 1 (lan) has just served A001 at 08:10, and A002 waits.
fn served() -> (Engine, TicketId, TicketId) {
    let mut e = engine(office());
    e.ok(open(1, "lan", &[]), at(8, 0));
    e.ok(open(2, "hung", &[]), at(8, 0));
    let (first, _) = e.take("VL", Regular, at(8, 1));
    let (second, _) = e.take("VL", Regular, at(8, 2));
    e.call(1, at(8, 3));
    let counter = CounterId(1);
    e.ok(Command::StartServing { counter }, at(8, 4));
    e.ok(Command::Finish { counter }, at(8, 10));
    (e, first, second)
}

#[test]
fn a_served_ticket_is_rated_once() {
    let (mut e, a001, _) = served();
    e.ok(rate(a001, Score::Satisfied, None, tablet(1)), at(8, 11));
    assert!(e.state().rated.contains(&a001));
    let again = |via| rate(a001, Score::Dissatisfied, None, via);
    let expected = Refusal::AlreadyRated {
        ticket: "A001".into(),
    };
    assert_eq!(e.refused(again(tablet(1)), at(8, 12)), expected);
    assert_eq!(e.refused(again(Via::TicketPage), at(8, 12)), expected);
}

#[test]
fn only_a_served_ticket_can_be_rated() {
    let (mut e, _, a002) = served();
    let page = |t| rate(t, Score::VerySatisfied, None, Via::TicketPage);
    let not_served = Refusal::NotServed {
        ticket: "A002".into(),
    };
    assert_eq!(e.refused(page(a002), at(8, 11)), not_served, "waiting");
    e.call(2, at(8, 12));
    assert_eq!(e.refused(page(a002), at(8, 12)), not_served, "called");
    e.ok(
        Command::NoShow {
            counter: CounterId(2),
        },
        at(8, 13),
    );
    assert_eq!(e.refused(page(a002), at(8, 14)), not_served, "a no-show");
    assert_eq!(
        e.refused(page(TicketId(99)), at(8, 14)),
        Refusal::UnknownTicket {
            ticket: TicketId(99)
        }
    );
}

#[test]
fn a_tablet_rates_only_tickets_finished_at_its_counter() {
    let (mut e, a001, a002) = served();
    assert_eq!(
        e.refused(rate(a001, Score::Neutral, None, tablet(2)), at(8, 11)),
        Refusal::WrongCounter {
            ticket: "A001".into(),
            counter: CounterId(2),
        }
    );
    // A waiting ticket was served nowhere: the tablet learns no more than that.
    assert_eq!(
        e.refused(rate(a002, Score::Neutral, None, tablet(2)), at(8, 11)),
        Refusal::WrongCounter {
            ticket: "A002".into(),
            counter: CounterId(2),
        }
    );
    e.ok(rate(a001, Score::Neutral, None, Via::TicketPage), at(8, 11));
}

#[test]
fn ratings_close_after_the_configured_time() {
    let (mut e, a001, _) = served();
    let late = at(8, 10) + Duration::minutes(30) + Duration::seconds(1);
    assert_eq!(
        e.refused(rate(a001, Score::Satisfied, None, tablet(1)), late),
        Refusal::RatingClosed {
            ticket: "A001".into(),
            minutes: 30,
        }
    );
    e.ok(
        rate(a001, Score::Satisfied, None, tablet(1)),
        at(8, 10) + Duration::minutes(30),
    );

    let mut config = office();
    config.queue.rating_minutes = 5;
    let mut e = engine(config);
    e.ok(open(1, "lan", &[]), at(9, 0));
    let (t, _) = e.take("VL", Regular, at(9, 0));
    e.call(1, at(9, 1));
    e.ok(
        Command::Finish {
            counter: CounterId(1),
        },
        at(9, 2),
    );
    assert_eq!(
        e.refused(rate(t, Score::Satisfied, None, Via::TicketPage), at(9, 8)),
        Refusal::RatingClosed {
            ticket: "A001".into(),
            minutes: 5,
        }
    );
}

#[test]
fn a_reason_is_trimmed_and_bounded() {
    let (mut e, a001, _) = served();
    let long = "Chờ lâu quá. ".repeat(30);
    assert!(long.trim().chars().count() > 300);
    assert_eq!(
        e.refused(
            rate(a001, Score::Dissatisfied, Some(&long), tablet(1)),
            at(8, 11)
        ),
        Refusal::BadRatingReason
    );
    // 300 letters with diacritics are 300 characters, whatever their bytes.
    let full = "ữ".repeat(300);
    let events = e.ok(
        rate(
            a001,
            Score::Dissatisfied,
            Some(&format!("  {full}\n")),
            tablet(1),
        ),
        at(8, 11),
    );
    assert!(matches!(
        &events[0].kind,
        shared::engine::EventKind::TicketRated { reason: Some(r), .. } if *r == full
    ));

    let (mut e, a001, _) = served();
    let events = e.ok(
        rate(a001, Score::Satisfied, Some("   "), Via::TicketPage),
        at(8, 11),
    );
    assert!(matches!(
        &events[0].kind,
        shared::engine::EventKind::TicketRated { reason: None, .. }
    ));
}

#[test]
fn a_new_day_leaves_yesterdays_tickets_unrateable() {
    let (mut e, a001, _) = served();
    e.ok(rate(a001, Score::Satisfied, None, tablet(1)), at(8, 11));
    e.ok(Command::Rollover, on(24, 0, 1));
    assert!(e.state().rated.is_empty());
    assert_eq!(
        e.refused(
            rate(a001, Score::Satisfied, None, Via::TicketPage),
            on(24, 0, 2)
        ),
        Refusal::UnknownTicket { ticket: a001 }
    );
}

#[test]
fn ratings_are_kept_for_the_reports_and_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("office.db");
    let config = Arc::new(office());
    let mut store = Store::open(&db, config.clone()).expect("open");
    let counter = CounterId(1);
    for (command, now) in [
        (open(1, "lan", &[]), at(8, 0)),
        (issue("BHTN", Regular), at(8, 1)),
        (Command::CallNext { counter }, at(8, 2)),
        (Command::Finish { counter }, at(8, 9)),
    ] {
        store.apply(&command, now).expect("saved").expect("applied");
    }
    let ticket = store.engine().ticket_by_display("B001").expect("B001").id;
    store
        .apply(
            &rate(
                ticket,
                Score::VerySatisfied,
                Some(" Cán bộ nhiệt tình "),
                tablet(1),
            ),
            at(8, 10),
        )
        .expect("saved")
        .expect("applied");
    drop(store);

    let mut store = Store::open(&db, config).expect("reopen");
    assert!(store.engine().state().rated.contains(&ticket));
    let again = store
        .apply(
            &rate(ticket, Score::Neutral, None, Via::TicketPage),
            at(8, 11),
        )
        .expect("answered");
    assert_eq!(
        again,
        Err(Refusal::AlreadyRated {
            ticket: "B001".into()
        })
    );
    let day = at(8, 0).date_naive();
    let ratings = ratings_between(store.connection(), day, day).expect("read");
    assert_eq!(
        ratings,
        [Rating {
            ticket,
            day,
            field: f("BHTN"),
            counter: Some(counter),
            clerk: Some(ClerkId::new("lan")),
            score: Score::VerySatisfied,
            reason: Some("Cán bộ nhiệt tình".into()),
            at: at(8, 10),
            via: tablet(1),
        }]
    );
    let next_day = day.succ_opt().expect("a next day");
    assert!(
        ratings_between(store.connection(), next_day, next_day)
            .expect("read")
            .is_empty()
    );
}
