//! What the wall display announces and shows as its link to the hub comes and goes: the
//! offline banner, a snapshot (never announced), calls replayed after a blip (announced only
//! while fresh), and an event heard twice (announced once).

#[path = "display_room.rs"]
mod room;

use std::time::Duration;

use counter::display::{DisplayController, Feed, Language, Settings};
use room::office;
use room::{HIGHLIGHT, Room, s};
use shared::client::Update;
use shared::engine::Command;
use shared::model::CounterId;

#[test]
fn offline_says_so_with_the_time_the_board_was_last_current() {
    let office = office();
    let mut display = DisplayController::new(office.clone(), Settings::of(&office, Language::Vi));
    assert_eq!(display.view().link, "connecting");
    assert_eq!(display.view().link_message, "Đang kết nối tới hệ thống…");
    display.set_online(false, "2026-11-23T07:01:00Z".parse().expect("time"));
    assert_eq!(
        display.view().link,
        "connecting",
        "never connected is not lost"
    );

    let mut room = Room::new(Language::Vi, 1, 1);
    room.call(1);
    assert_eq!(room.display.view().link, "online");
    assert_eq!(room.display.view().link_message, "");
    room.wait(Duration::from_secs(5 * 60));
    room.drop_link();
    room.wait(Duration::from_secs(90));
    room.hear(Update::Disconnected("cannot reach the hub".into()));
    let v = room.display.view();
    assert_eq!(v.link, "offline");
    assert_eq!(
        v.link_message,
        "Mất kết nối — đang kết nối lại… Cập nhật lần cuối lúc 14:05"
    );
    assert_eq!(v.clock, "14:06", "the clock keeps going while offline");
    assert_eq!(v.call.number, "A001", "the last board stays on screen");
    room.resume();
    assert_eq!(room.display.view().link, "online");
}

#[test]
fn a_snapshot_announces_nothing() {
    let mut room = Room::new(Language::Vi, 2, 2);
    room.call(1);
    room.wait(HIGHLIGHT);
    // A display started now gets the day as a snapshot: the call shows, unlit and unsaid.
    let office = office();
    let mut late = Room {
        engine: room.engine.clone(),
        feed: Feed::new(),
        display: DisplayController::new(office.clone(), Settings::of(&office, Language::Vi)),
        now: room.now,
        wall: room.wall,
        missed: Vec::new(),
        away: false,
        said: Vec::new(),
    };
    late.connect();
    assert!(late.said.is_empty(), "nothing said from a snapshot");
    assert_eq!(late.panel(), ("A001".into(), "đến Quầy 1".into(), false));
    assert_eq!(late.display.queued(), 0);
}

#[test]
fn after_a_blip_fresh_missed_calls_are_announced_and_old_ones_only_listed() {
    let mut room = Room::new(Language::Vi, 4, 4);
    room.call(1);
    room.wait(HIGHLIGHT);
    room.drop_link();
    room.wait(Duration::from_secs(60));
    room.call(2); // made while away, a minute before the display is back
    room.wait(Duration::from_secs(50));
    room.call(3); // made while away, ten seconds before
    room.wait(Duration::from_secs(10));
    room.resume();
    assert_eq!(room.panel(), ("A003".into(), "đến Quầy 3".into(), true));
    assert_eq!(room.display.queued(), 0, "the old call is not announced");
    assert_eq!(
        room.recent(),
        [
            s("A003", "→ Quầy 3"),
            s("A002", "→ Quầy 2"),
            s("A001", "→ Quầy 1")
        ]
    );
    // After the catch-up every call is live again.
    room.wait(HIGHLIGHT);
    room.call(4);
    assert_eq!(room.panel(), ("A004".into(), "đến Quầy 4".into(), true));
}

#[test]
fn an_event_heard_twice_is_announced_once() {
    let mut room = Room::new(Language::Vi, 1, 2);
    let events = room
        .engine
        .apply(
            &Command::CallNext {
                counter: CounterId(1),
            },
            room.wall,
        )
        .expect("call");
    room.hear(Update::Event(Box::new(events[0].clone())));
    room.hear(Update::Event(Box::new(events[0].clone())));
    assert_eq!(room.display.queued(), 0);
    assert_eq!(room.recent(), [s("A001", "→ Quầy 1")]);
}
