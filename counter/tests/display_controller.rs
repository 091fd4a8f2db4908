//! The wall display's screen without a window, fed by a real engine through the same feed
//! the app uses: what lights up, for how long, in what order, and what the lists, the
//! clock and the date say.

#[path = "display_room.rs"]
mod room;

use std::time::Duration;

use counter::display::Language;
use counter::display::controller::KEEP_PACE;
use room::{HIGHLIGHT, Room, s};
use shared::engine::Command;
use shared::model::{CounterId, FieldCode};

#[test]
fn a_new_call_is_lit_for_the_highlight_time_then_stays_unlit() {
    let mut room = Room::new(Language::Vi, 3, 3);
    assert_eq!(room.panel(), (String::new(), String::new(), false));
    room.wait(Duration::from_secs(30));
    room.call(3);
    assert_eq!(room.panel(), ("A001".into(), "đến Quầy 3".into(), true));
    let v = room.display.view();
    let lit: Vec<_> = v.counters.iter().filter(|c| c.lit).collect();
    assert_eq!(lit.len(), 1);
    assert_eq!(
        (lit[0].label.as_str(), lit[0].number.as_str()),
        ("Quầy 3", "A001")
    );
    assert!(v.recent[0].lit);

    room.wait(HIGHLIGHT - Duration::from_millis(1));
    assert!(
        room.panel().2,
        "still lit just before the highlight time is up"
    );
    room.wait(Duration::from_millis(1));
    assert_eq!(room.panel(), ("A001".into(), "đến Quầy 3".into(), false));
    let v = room.display.view();
    assert!(v.counters.iter().all(|c| !c.lit) && v.recent.iter().all(|r| !r.lit));
    assert_eq!(v.counters[2].number, "A001");
    assert_eq!(v.counters[0].state, "open");
    assert_eq!(v.counters[5].state, "closed");
}

#[test]
fn history_is_newest_first_with_the_counter_of_each_call() {
    let mut room = Room::new(Language::Vi, 3, 4);
    for counter in [2, 1, 3] {
        room.call(counter);
        room.wait(Duration::from_secs(20));
    }
    assert_eq!(
        room.recent(),
        [
            s("A003", "→ Quầy 3"),
            s("A002", "→ Quầy 1"),
            s("A001", "→ Quầy 2")
        ]
    );
    let vl = &room.display.view().waiting[0];
    assert_eq!(
        (vl.name.as_str(), vl.waiting, vl.open),
        ("Việc làm", 1, true)
    );
}

#[test]
fn a_recall_lights_the_call_again_without_a_second_history_line() {
    let mut room = Room::new(Language::Vi, 2, 3);
    room.call(1);
    room.wait(Duration::from_secs(10));
    room.call(2);
    room.wait(Duration::from_secs(10));
    assert!(!room.panel().2);
    room.recall(1);
    let v = room.display.view();
    assert_eq!(
        (
            v.call.number.as_str(),
            v.call.counter.as_str(),
            v.call.lit,
            v.call.recall
        ),
        ("A001", "đến Quầy 1", true, true)
    );
    assert_eq!(
        room.recent(),
        [s("A002", "→ Quầy 2"), s("A001", "→ Quầy 1")]
    );
    assert!(v.recent[1].lit, "the recalled line is the lit one");
}

#[test]
fn calls_made_together_are_lit_one_after_another_in_order() {
    let mut room = Room::new(Language::Vi, 3, 5);
    room.call(1);
    room.call(2);
    room.call(3);
    room.recall(1);
    assert_eq!(room.display.queued(), 3);
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(room.panel());
        room.wait(HIGHLIGHT);
    }
    assert_eq!(
        seen,
        [
            ("A001".into(), "đến Quầy 1".into(), true),
            ("A002".into(), "đến Quầy 2".into(), true),
            ("A003".into(), "đến Quầy 3".into(), true),
            ("A001".into(), "đến Quầy 1".into(), true),
            ("A003".into(), "đến Quầy 3".into(), false),
        ]
    );
}

#[test]
fn a_waiting_call_takes_over_after_one_announcement_so_the_screen_keeps_up_with_the_voice() {
    let mut room = Room::new(Language::Vi, 2, 2);
    room.call(1);
    room.call(2);
    room.wait(KEEP_PACE - Duration::from_millis(1));
    assert_eq!(room.panel(), ("A001".into(), "đến Quầy 1".into(), true));
    room.wait(Duration::from_millis(1));
    assert_eq!(room.panel(), ("A002".into(), "đến Quầy 2".into(), true));
    // The last one, with nothing behind it, keeps the full highlight time.
    room.wait(KEEP_PACE);
    assert!(room.panel().2, "lit past the pace while nothing waits");
    room.wait(HIGHLIGHT - KEEP_PACE);
    assert!(!room.panel().2);
}

#[test]
fn in_a_burst_a_waiting_call_whose_citizen_already_arrived_is_not_lit() {
    let mut room = Room::new(Language::Vi, 4, 4);
    for counter in 1..=4 {
        room.call(counter);
    }
    assert_eq!(room.display.queued(), 3);
    // A002 and A003 were quick: they reached their counters while A001 was still lit.
    room.wait(Duration::from_secs(2));
    room.arrive(2);
    room.arrive(3);
    room.wait(KEEP_PACE);
    assert_eq!(room.panel(), ("A004".into(), "đến Quầy 4".into(), true));
    assert_eq!(room.display.queued(), 0);
    // They are still in the recent list, where the room can see them.
    assert_eq!(room.recent().len(), 4);
    // The last one keeps its full time, not the pace of a queue that has emptied.
    room.wait(KEEP_PACE);
    assert!(room.panel().2);
}

#[test]
fn a_call_still_on_its_way_keeps_its_turn_and_a_recall_is_lit_again() {
    let mut room = Room::new(Language::Vi, 2, 2);
    room.call(1);
    room.call(2);
    room.recall(1);
    // A001's citizen has not come: the recall and A002 still wait their turn.
    room.wait(KEEP_PACE);
    assert_eq!(room.panel(), ("A002".into(), "đến Quầy 2".into(), true));
    room.wait(KEEP_PACE);
    assert_eq!(room.panel(), ("A001".into(), "đến Quầy 1".into(), true));
}

#[test]
fn a_late_tick_does_not_skip_a_queued_call() {
    let mut room = Room::new(Language::Vi, 2, 2);
    room.call(1);
    room.call(2);
    // The screen was held up for a minute: the second call still gets its own time.
    room.wait(Duration::from_secs(60));
    assert_eq!(room.panel(), ("A002".into(), "đến Quầy 2".into(), true));
    room.wait(HIGHLIGHT);
    assert!(!room.panel().2);
}

#[test]
fn clock_and_date_are_the_office_time_zone() {
    let mut room = Room::new(Language::Vi, 0, 0);
    room.wait(Duration::from_secs(5 * 60));
    let v = room.display.view();
    assert_eq!(
        (v.clock.as_str(), v.date.as_str()),
        ("14:05", "Thứ Hai, 23/11/2026")
    );
    room.wait(Duration::from_secs(10 * 3600));
    let v = room.display.view();
    assert_eq!(
        (v.clock.as_str(), v.date.as_str()),
        ("00:05", "Thứ Ba, 24/11/2026")
    );
    assert_eq!(
        v.office,
        "Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội"
    );
    assert!(v.notice.starts_with("Giờ làm việc"));
}

#[test]
fn english_names_counters_fields_and_the_date_in_english() {
    let mut room = Room::new(Language::En, 1, 1);
    room.call(1);
    room.wait(Duration::from_secs(60));
    let v = room.display.view();
    assert_eq!(v.language, "en");
    assert_eq!(v.call.counter, "to Counter 1");
    assert_eq!(v.date, "Monday, 23/11/2026");
    assert_eq!(v.waiting[0].name, "Employment");
    assert!(v.notice.starts_with("Opening hours"), "{}", v.notice);
}

/// The recent list as (number, mark).
fn marks(room: &Room) -> Vec<(String, &'static str)> {
    let v = room.display.view();
    v.recent.into_iter().map(|r| (r.number, r.mark)).collect()
}

#[test]
fn a_no_show_puts_out_the_lit_recall_at_once_and_stays_in_history_marked() {
    let mut room = Room::new(Language::Vi, 2, 3);
    room.call(1);
    room.wait(HIGHLIGHT);
    room.call(2);
    room.wait(HIGHLIGHT);
    room.recall(2);
    let v = room.display.view();
    assert!(v.call.lit && v.call.recall, "Mời lại khách hàng số A002");
    room.wait(Duration::from_secs(2));
    room.act(Command::NoShow {
        counter: CounterId(2),
    });
    let v = room.display.view();
    assert_eq!(room.panel(), ("A001".into(), "đến Quầy 1".into(), false));
    assert!(!v.call.recall && v.counters.iter().all(|c| !c.lit));
    assert_eq!(v.counters[1].number, "", "the tile shows —, like the panel");
    assert_eq!(
        marks(&room),
        [("A002".into(), "missed"), ("A001".into(), "")]
    );
}

#[test]
fn a_transfer_or_cancel_puts_out_its_call_and_skips_a_queued_announcement() {
    let mut room = Room::new(Language::Vi, 3, 3);
    room.call(1);
    room.call(2);
    room.call(3);
    assert_eq!(room.display.queued(), 2);
    let [a1, a2] = [&room.said[0], &room.said[1]].map(|a| a.ticket);
    room.act(Command::Transfer {
        ticket: a1,
        to: FieldCode::new("BHTN"),
        keep_place: true,
    });
    room.act(Command::Cancel { ticket: a2 });
    // A001 went dark; A002 is never lit; A003 takes the panel on the next tick.
    room.wait(Duration::from_millis(1));
    assert_eq!(room.panel(), ("A003".into(), "đến Quầy 3".into(), true));
    assert_eq!(room.display.queued(), 0);
    assert_eq!(
        marks(&room),
        [("A003".into(), ""), ("A002".into(), "cancelled")],
        "A001 is back in line: no line until it is called again"
    );
}
