//! What a citizen reads on the issued number and what the next citizen finds: the class
//! and the wait as the ticket prints them, and Vietnamese again after each ticket and after
//! a while without a touch. Driven with a fake clock.

use std::time::{Duration, Instant};

use shared::engine::wait::words::sentence;
use shared::model::{FieldCode, PriorityClass};

use super::*;

fn kiosk() -> KioskController {
    let mut k = KioskController::new(Timing::default());
    k.set_office("Bộ phận Một cửa", "One-stop Office");
    k.set_hub_online(true);
    let field = |code: &str, name: &str, name_en: &str, waiting, wait_minutes| FieldInfo {
        code: FieldCode::new(code),
        name: name.into(),
        name_en: name_en.into(),
        state: FieldState::Open,
        waiting,
        wait_minutes,
    };
    k.set_fields(vec![
        field("VL", "Việc làm", "Employment", 1, Some(18)),
        field("NCC", "Người có công", "People with merit", 2, None),
        field("TE", "Trẻ em", "Children", 0, Some(0)),
    ]);
    k
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// An elderly citizen's ticket A001 in VL, issued at `t`.
fn take_elderly(k: &mut KioskController, t: Instant) {
    assert_eq!(k.press_field("VL", t), Press::ChoosePriority);
    assert!(k.choose_priority(PriorityClass::Elderly, t).is_some());
    k.issued("A001", 1, Some(18), None, t);
}

#[test]
fn after_a_ticket_the_next_citizen_finds_vietnamese() {
    let t = Instant::now();
    // The confirm screen times out by itself.
    let mut k = kiosk();
    k.toggle_language(t);
    take_elderly(&mut k, t + secs(5));
    assert_eq!(
        k.view().language,
        "en",
        "the citizen reads their ticket in English"
    );
    assert!(k.tick(t + secs(13)));
    assert_eq!((k.view().screen, k.view().language), ("home", "vi"));
    // Or the citizen presses Done.
    let mut k = kiosk();
    k.toggle_language(t);
    take_elderly(&mut k, t + secs(5));
    k.done();
    assert_eq!((k.view().screen, k.view().language), ("home", "vi"));
}

#[test]
fn english_left_untouched_for_thirty_seconds_returns_to_vietnamese() {
    let mut k = kiosk();
    let t = Instant::now();
    k.toggle_language(t);
    // Reading the tiles, then choosing a field: each touch keeps English.
    assert!(!k.tick(t + secs(29)));
    assert_eq!(k.press_field("VL", t + secs(29)), Press::ChoosePriority);
    k.back(t + secs(40));
    assert!(!k.tick(t + secs(69)));
    assert_eq!(k.view().language, "en");
    assert!(k.tick(t + secs(70)));
    assert_eq!(k.view().language, "vi");
    // A citizen who had walked away from the priority screen: home and Vietnamese.
    k.toggle_language(t + secs(100));
    k.press_field("NCC", t + secs(101));
    assert!(k.tick(t + secs(131)));
    assert_eq!((k.view().screen, k.view().language), ("home", "vi"));
}

#[test]
fn english_stays_while_a_ticket_is_being_issued() {
    let mut k = kiosk();
    let t = Instant::now();
    k.toggle_language(t);
    k.press_field("VL", t);
    k.choose_priority(PriorityClass::Regular, t);
    assert!(!k.tick(t + secs(60)), "the hub is slow to answer");
    assert_eq!(k.view().language, "en");
}

#[test]
fn the_issued_number_shows_its_priority_class_as_printed() {
    let mut k = kiosk();
    let t = Instant::now();
    take_elderly(&mut k, t);
    assert_eq!(k.view().ticket_class, "Ưu tiên: Người cao tuổi");
    assert_eq!(
        class_name(Language::Vi, PriorityClass::Elderly),
        Some("Người cao tuổi"),
        "the ticket's class is the one offered"
    );
    k.toggle_language(t);
    assert_eq!(k.view().ticket_class, "Priority: Elderly person");
    assert_eq!(
        k.view().class_names[0],
        "Elderly person",
        "the same words on the button"
    );
    // A regular ticket shows no class.
    k.done();
    k.press_field("NCC", t + secs(20));
    k.choose_priority(PriorityClass::Regular, t + secs(20));
    k.issued("H001", 2, None, None, t + secs(20));
    assert_eq!(k.view().ticket_class, "");
}

#[test]
fn the_tiles_and_the_number_say_the_wait_as_the_ticket_does() {
    let mut k = kiosk();
    let t = Instant::now();
    for english in [false, true] {
        let v = k.view();
        assert_eq!(v.fields[0].wait, sentence(Some(18), english));
        assert_eq!(v.fields[1].wait, sentence(None, english));
        assert_eq!(v.fields[2].wait, "", "nobody waiting and a counter free");
        k.toggle_language(t);
    }
    take_elderly(&mut k, t);
    assert_eq!(k.view().ticket_wait, sentence(Some(18), false));
    // Out of reach of the office system, the kiosk knows no wait.
    k.done();
    k.set_hub_online(false);
    assert!(k.view().fields.iter().all(|f| f.wait.is_empty()));
}
