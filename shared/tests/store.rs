//! The durable store on real SQLite files: what is acknowledged survives a reopen exactly,
//! the log rebuilds the projections, and numbering continues across restarts.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::*;
use rusqlite::Connection;
use shared::engine::{Command, EventKind};
use shared::model::{CounterId, PriorityClass::*};
use shared::store::{Store, StoreError, Submission};

fn store(path: &Path) -> Store {
    Store::open(path, Arc::new(office())).expect("open store")
}

fn shown(events: &[shared::engine::Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TicketIssued { display, .. } => Some(display.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn numbering_continues_after_a_restart_on_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    {
        let mut s = store(&db);
        for m in 0..3 {
            s.apply(&issue("VL", Regular), at(8, m)).unwrap().unwrap();
        }
    }
    let mut s = store(&db);
    let events = s.apply(&issue("VL", Regular), at(23, 59)).unwrap().unwrap();
    assert_eq!(shown(&events), ["A004"]);
}

#[test]
fn a_restart_across_the_reset_time_starts_the_new_day_at_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    {
        let mut s = store(&db);
        s.apply(&issue("VL", Regular), at(16, 0)).unwrap().unwrap();
        s.apply(&open(1, "lan", &[]), at(16, 1)).unwrap().unwrap();
    }
    // The hub was off overnight; the first command of the morning starts the day.
    let mut s = store(&db);
    let events = s
        .apply(&issue("VL", Regular), on(24, 7, 30))
        .unwrap()
        .unwrap();
    assert!(matches!(&events[0].kind, EventKind::DayStarted { expired, .. } if expired.len() == 1));
    assert_eq!(shown(&events), ["A001"]);
    drop(s);
    let s = store(&db);
    assert_eq!(
        s.engine().state().day,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
    );
    assert!(!s.engine().state().counters[&CounterId(1)].is_open());
    let conn = s.connection();
    let expired: String = conn
        .query_row(
            "SELECT state FROM tickets WHERE day = '2026-11-23'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        expired, "expired",
        "yesterday's open ticket is kept, marked expired"
    );
}

#[test]
fn a_batch_commits_together_and_refusals_in_it_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let mut commands: Vec<Command> = (0..60)
        .map(|i| issue(["VL", "NCC"][i % 2], Regular))
        .collect();
    commands.insert(10, issue("NOPE", Regular));
    commands.push(open(1, "lan", &[]));
    commands.push(Command::CallNext {
        counter: CounterId(1),
    });
    commands.push(Command::CallNext {
        counter: CounterId(1),
    }); // busy: refused
    let mut s = store(&db);
    let outcomes = s
        .apply_batch(commands.iter().map(|c| Submission::new(c, at(9, 0))))
        .unwrap();
    assert_eq!(outcomes.iter().filter(|o| o.is_err()).count(), 2);
    let state = s.engine().state().clone();
    drop(s);
    let s = store(&db);
    assert_eq!(s.engine().state(), &state);
    assert_eq!(s.engine().state().tickets.len(), 60);
    let events: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1 + 60 + 2, "day start, 60 issues, open, call");
}

#[test]
fn the_log_can_be_read_from_any_point() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir.path().join("office.db"));
    for m in 0..5 {
        s.apply(&issue("TE", Regular), at(8, m)).unwrap().unwrap();
    }
    let tail = s.events_after(3, 100).unwrap();
    assert_eq!(tail.iter().map(|e| e.seq).collect::<Vec<_>>(), [4, 5, 6]);
    assert_eq!(s.events_after(0, 2).unwrap().len(), 2);
}

#[test]
fn imported_events_must_continue_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir.path().join("a.db"));
    a.apply(&issue("TE", Regular), at(8, 0)).unwrap().unwrap();
    a.apply(&issue("TE", Regular), at(8, 1)).unwrap().unwrap();
    let events = a.events_after(0, 10).unwrap();
    let mut b = store(&dir.path().join("b.db"));
    let err = b.import(&events[1..]).unwrap_err();
    assert_eq!(err.to_string(), "event 2 does not follow event 0");
    assert_eq!(b.engine().state().last_seq, 0, "nothing was imported");
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(store(&db));
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Store::open(&db, Arc::new(office())).err().expect("refused");
    assert!(matches!(
        err,
        StoreError::TooNew {
            found: 99,
            known: 12
        }
    ));
    assert_eq!(
        err.to_string(),
        "the database has schema version 99; this program knows up to 12: upgrade it"
    );
}

#[test]
fn the_file_is_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir.path().join("office.db"));
    let mode: String = s
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = s
        .connection()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2));
}

#[test]
fn a_command_retried_with_its_key_is_applied_once_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let call = Command::CallNext {
        counter: CounterId(1),
    };
    let first = {
        let mut s = store(&db);
        s.apply(&issue("VL", Regular), at(8, 0)).unwrap().unwrap();
        s.apply(&issue("VL", Regular), at(8, 0)).unwrap().unwrap();
        s.apply(&open(1, "lan", &[]), at(8, 1)).unwrap().unwrap();
        let sub = Submission {
            command: &call,
            now: at(8, 2),
            key: Some("quay-1/7"),
        };
        // The same key twice in one batch: the second is the first's answer.
        let out = s.apply_batch([sub, sub]).unwrap();
        assert_eq!(out[0], out[1]);
        out[0].clone().unwrap()
    };
    let mut s = store(&db);
    let sub = Submission {
        command: &call,
        now: at(8, 3),
        key: Some("quay-1/7"),
    };
    let again = s.apply_batch([sub]).unwrap().pop().unwrap().unwrap();
    assert_eq!(again, first, "the original events, not a second call");
    assert_eq!(
        s.engine().state().lines.waiting(&f("VL")),
        1,
        "A002 still waits"
    );
}

#[test]
fn a_key_sent_again_with_another_command_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir.path().join("office.db"));
    let vl = issue("VL", Regular);
    let nc = issue("NCC", Regular);
    s.apply_batch([Submission {
        command: &vl,
        now: at(8, 0),
        key: Some("k1"),
    }])
    .unwrap();
    let before = s.engine().state().clone();
    let out = s
        .apply_batch([Submission {
            command: &nc,
            now: at(8, 1),
            key: Some("k1"),
        }])
        .unwrap();
    assert_eq!(
        out[0],
        Err(shared::engine::Refusal::KeyReused { key: "k1".into() })
    );
    assert_eq!(s.engine().state(), &before);
}
