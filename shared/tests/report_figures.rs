//! Report figures from a history with known answers, played through the real engine into a
//! real SQLite file: one hand-checked day (a transfer, a no-show, a cancellation, a ticket
//! left at the end of the day), a no-show brought back, the local day and hour around
//! midnight, and past days kept in memory giving the same answers as when they were live.

mod common;
mod report_history;

use common::*;
use report_history::*;
use shared::model::{ClerkId, CounterId};
use shared::report::{Dimension, Figures, Key, Period, Report, Satisfaction, Spread};

fn spread(count: u64, median: u32, p90: u32, max: u32) -> Option<Spread> {
    Some(Spread {
        count,
        median_ms: median,
        p90_ms: p90,
        max_ms: max,
    })
}

fn row(report: &Report, dimension: Dimension, key: Key) -> &Figures {
    &report
        .rows(dimension)
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no row {key:?} by {dimension:?}"))
        .figures
}

#[test]
fn a_hand_checked_day() {
    let (h, _) = week();
    let r = h.reports().report(Period::day(day(16)), later()).unwrap();
    assert!(r.first_calls_known);
    assert_eq!(r.target_minutes, 15);
    assert_eq!(
        r.total,
        Figures {
            issued: 6,
            served: 3,
            no_show: 1,
            cancelled: 1,
            expired: 1,
            open: 0,
            transferred: 1,
            // T1 (5 min) and T2 (exactly 15) of the three served.
            within_target: 2,
            // Waits 5, 15, 18, 19: the median is the 2nd, p90 the 4th.
            wait: spread(4, 15 * MIN, 19 * MIN, 19 * MIN),
            // Services 10, 3, 10.
            service: spread(3, 10 * MIN, 10 * MIN, 10 * MIN),
            // Neutral (2 points), satisfied (3), very satisfied (4).
            satisfaction: Satisfaction {
                counts: [0, 1, 1, 1]
            },
        }
    );
    assert_eq!(r.total.satisfaction.score(), Some(3.0));
    assert_eq!(r.total.satisfaction.satisfied_share(), Some(2.0 / 3.0));
    assert_eq!(r.total.within_target_share(), Some(2.0 / 3.0));

    let vl = row(&r, Dimension::Field, Key::Field(f("VL")));
    assert_eq!(
        (vl.issued, vl.served, vl.no_show, vl.cancelled, vl.expired),
        (5, 2, 1, 1, 1)
    );
    assert_eq!(vl.wait, spread(3, 15 * MIN, 18 * MIN, 18 * MIN));
    assert_eq!(vl.service, spread(2, 3 * MIN, 10 * MIN, 10 * MIN));
    // The transferred ticket counts once, under the field it was issued for, and its wait
    // runs to its first call, not to the call after the transfer.
    let bhtn = row(&r, Dimension::Field, Key::Field(f("BHTN")));
    assert_eq!((bhtn.issued, bhtn.served, bhtn.transferred), (1, 1, 1));
    assert_eq!(bhtn.wait, spread(1, 19 * MIN, 19 * MIN, 19 * MIN));
    assert_eq!(bhtn.within_target, 0);
    let gdnn = row(&r, Dimension::Field, Key::Field(f("GDNN")));
    assert_eq!(gdnn.issued, 0, "a transfer does not issue a second ticket");
    assert_eq!(
        r.rows(Dimension::Field).len(),
        10,
        "every configured field has a row"
    );
    assert_eq!(
        r.rows(Dimension::Field)
            .iter()
            .map(|r| r.figures.issued)
            .sum::<u64>(),
        6
    );

    // By counter and clerk: who held the ticket last; never-called tickets apart.
    let keys: Vec<_> = r
        .rows(Dimension::Counter)
        .iter()
        .map(|r| r.key.clone())
        .collect();
    assert_eq!(
        keys,
        [
            Key::Counter(Some(CounterId(1))),
            Key::Counter(Some(CounterId(3))),
            Key::Counter(None)
        ]
    );
    let c1 = row(&r, Dimension::Counter, Key::Counter(Some(CounterId(1))));
    assert_eq!((c1.issued, c1.served, c1.no_show), (3, 2, 1));
    let c3 = row(&r, Dimension::Counter, Key::Counter(Some(CounterId(3))));
    assert_eq!((c3.issued, c3.served, c3.transferred), (1, 1, 1));
    let none = row(&r, Dimension::Counter, Key::Counter(None));
    assert_eq!((none.issued, none.cancelled, none.expired), (2, 1, 1));
    let mai = row(&r, Dimension::Clerk, Key::Clerk(Some(ClerkId::new("mai"))));
    assert_eq!(mai.service, spread(1, 10 * MIN, 10 * MIN, 10 * MIN));
    assert_eq!(r.rows(Dimension::Clerk).len(), 3);

    // By local hour issued, and by day.
    let hours: Vec<_> = r
        .rows(Dimension::Hour)
        .iter()
        .map(|r| (r.key.clone(), r.figures.issued))
        .collect();
    assert_eq!(hours, [(Key::Hour(8), 5), (Key::Hour(16), 1)]);
    assert_eq!(r.rows(Dimension::Day).len(), 1);
    assert_eq!(r.rows(Dimension::Day)[0].figures, r.total);

    // Waits of 5, 15, 18 and 19 minutes in five-minute bars, each from its start
    // (included) to its end (excluded).
    assert_eq!(&r.wait_bins[..5], &[0, 1, 0, 3, 0]);
    // Ratings count with their tickets: T4's under BHTN and counter 3.
    assert_eq!(vl.satisfaction.counts, [0, 1, 0, 1]);
    assert_eq!(bhtn.satisfaction.counts, [0, 0, 1, 0]);
    assert_eq!(c3.satisfaction.score(), Some(3.0));
    assert_eq!(
        row(&r, Dimension::Hour, Key::Hour(8)).satisfaction.total(),
        3
    );
}

#[test]
fn a_no_show_brought_back_and_served_counts_once_as_served() {
    let (h, _) = week();
    let r = h.reports().report(Period::day(day(17)), later()).unwrap();
    let bhtn = row(&r, Dimension::Field, Key::Field(f("BHTN")));
    assert_eq!((bhtn.issued, bhtn.served, bhtn.no_show), (1, 1, 0));
    // Waited from 09:00 to the first call at 09:05; served 09:21 to 09:30.
    assert_eq!(bhtn.wait, spread(1, 5 * MIN, 5 * MIN, 5 * MIN));
    assert_eq!(bhtn.service, spread(1, 9 * MIN, 9 * MIN, 9 * MIN));
}

#[test]
fn days_and_hours_are_the_office_s_local_ones() {
    let (h, _) = week();
    let mut reports = h.reports();
    // 23:50 on the 17th belongs to the 17th, at hour 23; 00:10 on the 18th (17:10 UTC on
    // the 17th) to the 18th, at hour 0.
    let r17 = reports.report(Period::day(day(17)), later()).unwrap();
    assert_eq!(r17.total.issued, 2);
    assert_eq!(row(&r17, Dimension::Hour, Key::Hour(23)).issued, 1);
    assert_eq!(r17.total.expired, 1, "the 23:50 ticket was left at day end");
    let r18 = reports.report(Period::day(day(18)), later()).unwrap();
    assert_eq!(r18.total.issued, 1);
    assert_eq!(row(&r18, Dimension::Hour, Key::Hour(0)).issued, 1);
    assert_eq!(
        r18.total.open, 1,
        "still waiting on the office's current day"
    );
    let week = reports
        .report(Period::parse("2026-11-16", "2026-11-22").unwrap(), later())
        .unwrap();
    assert_eq!(week.total.issued, 9);
    let days: Vec<_> = week
        .rows(Dimension::Day)
        .iter()
        .map(|r| (r.key.clone(), r.figures.issued))
        .collect();
    assert_eq!(
        days,
        [
            (Key::Day(day(16)), 6),
            (Key::Day(day(17)), 2),
            (Key::Day(day(18)), 1)
        ]
    );
}

#[test]
fn a_business_day_that_starts_at_five_keeps_the_small_hours_in_the_day_before() {
    let mut config = office();
    config.day_starts_at = chrono::NaiveTime::from_hms_opt(5, 0, 0).unwrap();
    let mut h = History::new(config);
    h.take("VL", on(17, 16, 0));
    h.take("VL", on(18, 4, 30));
    h.take("VL", on(18, 5, 30));
    let mut reports = h.reports();
    let r17 = reports.report(Period::day(day(17)), on(18, 6, 0)).unwrap();
    assert_eq!(r17.total.issued, 2);
    assert_eq!(row(&r17, Dimension::Hour, Key::Hour(4)).issued, 1);
    let r18 = reports.report(Period::day(day(18)), on(18, 6, 0)).unwrap();
    assert_eq!(r18.total.issued, 1);
}

#[test]
fn past_days_kept_in_memory_answer_as_they_did_live_and_today_stays_live() {
    let (mut h, _) = week();
    let mut reports = h.reports();
    let period = Period::parse("2026-11-16", "2026-11-18").unwrap();
    // On the 18th the 18th is live; a day later everything before it is kept.
    let live = reports.report(period, on(18, 9, 0)).unwrap();
    let kept = reports.report(period, later()).unwrap();
    let again = reports.report(period, later()).unwrap();
    assert_eq!(live, kept);
    assert_eq!(kept, again);
    // A new ticket today shows at once in the same reports.
    h.take("TE", on(18, 9, 5));
    let today = reports.report(Period::day(day(18)), on(18, 9, 6)).unwrap();
    assert_eq!(today.total.issued, 2);
    assert_eq!(row(&today, Dimension::Field, Key::Field(f("TE"))).issued, 1);
}

#[test]
fn a_database_without_first_calls_gets_them_back_from_the_event_log() {
    let (h, _) = week();
    let conn = rusqlite::Connection::open(h.path()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER first_call_on_insert; DROP TRIGGER first_call_on_update;
         DROP TABLE first_calls;",
    )
    .unwrap();
    // Without them the transferred ticket's wait runs to its last call (08:03 to 08:30).
    let r = h.reports().report(Period::day(day(16)), later()).unwrap();
    assert!(!r.first_calls_known);
    let bhtn = row(&r, Dimension::Field, Key::Field(f("BHTN")));
    assert_eq!(bhtn.wait, spread(1, 27 * MIN, 27 * MIN, 27 * MIN));
    // The migration that adds them reads the first calls of older tickets from the log.
    conn.execute_batch(include_str!("../src/store/migrations/0004_first_calls.sql"))
        .unwrap();
    let r = h.reports().report(Period::day(day(16)), later()).unwrap();
    assert!(r.first_calls_known);
    let bhtn = row(&r, Dimension::Field, Key::Field(f("BHTN")));
    assert_eq!(bhtn.wait, spread(1, 19 * MIN, 19 * MIN, 19 * MIN));
}
