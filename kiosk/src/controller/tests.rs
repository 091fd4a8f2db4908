//! The controller's rules, driven with a fake clock.

use std::time::{Duration, Instant};

use shared::model::{FieldCode, PriorityClass};

use super::*;

fn field(code: &str, name: &str, name_en: &str, state: FieldState) -> FieldInfo {
    FieldInfo {
        code: FieldCode::new(code),
        name: name.into(),
        name_en: name_en.into(),
        state,
        waiting: 4,
        wait_minutes: Some(12),
    }
}

fn kiosk() -> KioskController {
    let mut k = KioskController::new(Timing::default());
    k.set_office("Bộ phận Một cửa", "One-stop Office");
    k.set_hub_online(true);
    k.set_fields(vec![
        field("VL", "Việc làm", "Employment", FieldState::Open),
        field(
            "BHTN",
            "Bảo hiểm thất nghiệp",
            "Unemployment insurance",
            FieldState::Open,
        ),
        field("TE", "Trẻ em", "Children", FieldState::Closed),
        field(
            "NCC",
            "Người có công",
            "People with meritorious services",
            FieldState::Full,
        ),
    ]);
    k
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Presses VL, chooses regular, and gets A001 issued at `t`.
fn take_ticket(k: &mut KioskController, t: Instant) {
    assert_eq!(k.press_field("VL", t), Press::ChoosePriority);
    assert!(k.choose_priority(PriorityClass::Regular, t).is_some());
    k.issued("A001", 3, Some(18), None, t);
}

#[test]
fn a_field_then_a_class_gives_exactly_one_request() {
    let mut k = kiosk();
    let t = Instant::now();
    assert_eq!(k.press_field("BHTN", t), Press::ChoosePriority);
    assert_eq!(k.view().screen, "priority");
    assert_eq!(k.view().chosen_field_name, "Bảo hiểm thất nghiệp");
    let request = k.choose_priority(PriorityClass::Elderly, t);
    assert_eq!(
        request,
        Some(IssueRequest {
            field: FieldCode::new("BHTN"),
            class: PriorityClass::Elderly
        })
    );
    assert!(k.view().busy);
    // A second tap on a class, or a field, while the first request is in flight: nothing.
    assert_eq!(k.choose_priority(PriorityClass::Regular, t), None);
    assert_eq!(k.press_field("VL", t), Press::Ignored);
    k.back(t);
    assert_eq!(
        k.screen(),
        Screen::Priority,
        "back is ignored while in flight"
    );
}

#[test]
fn the_issued_ticket_shows_and_ends_the_request() {
    let mut k = kiosk();
    let t = Instant::now();
    take_ticket(&mut k, t);
    let v = k.view();
    assert_eq!(
        (
            v.screen,
            v.ticket_number.as_str(),
            v.ticket_ahead,
            v.ticket_wait.as_str(),
            v.busy
        ),
        ("confirm", "A001", 3, "Chờ khoảng 18 phút", false)
    );
    assert_eq!(v.chosen_field_name, "Việc làm");
    // A late duplicate answer does not replace what shows.
    k.issued("A002", 0, None, None, t);
    assert_eq!(k.view().ticket_number, "A001");
}

#[test]
fn presses_are_refused_during_the_cool_down() {
    let mut k = kiosk();
    let t = Instant::now();
    take_ticket(&mut k, t);
    k.done();
    assert_eq!(
        k.press_field("BHTN", t + Duration::from_millis(500)),
        Press::CoolingDown {
            left: Duration::from_millis(2500)
        }
    );
    assert_eq!(k.view().message, "Vừa có số. Xin chờ 3 giây rồi bấm lại.");
    assert_eq!(k.screen(), Screen::Home);
    // Another field is fine after 3 s; the same field only after 10 s.
    assert_eq!(
        k.press_field("VL", t + secs(4)),
        Press::CoolingDown { left: secs(6) }
    );
    assert_eq!(k.press_field("BHTN", t + secs(4)), Press::ChoosePriority);
    assert_eq!(k.view().message, "", "a good press clears the notice");
    k.back(t);
    assert_eq!(k.press_field("VL", t + secs(10)), Press::ChoosePriority);
}

#[test]
fn closed_and_full_fields_refuse_with_the_reason() {
    let mut k = kiosk();
    let t = Instant::now();
    assert_eq!(k.press_field("TE", t), Press::Closed(Failure::Closed));
    assert_eq!(
        k.view().message,
        "Lĩnh vực Trẻ em đang tạm ngừng nhận hồ sơ."
    );
    assert_eq!(k.press_field("NCC", t), Press::Closed(Failure::Full));
    assert_eq!(
        k.view().message,
        "Lĩnh vực Người có công đã hết số hôm nay."
    );
    assert_eq!(k.screen(), Screen::Home);
    assert_eq!(k.press_field("XX", t), Press::Ignored);
    // Offline, even an open field refuses.
    k.set_hub_online(false);
    assert_eq!(k.press_field("VL", t), Press::Closed(Failure::Offline));
    assert!(!k.view().hub_online);
    // The notice goes away by itself.
    k.tick(t + secs(6));
    assert_eq!(k.view().message, "");
}

#[test]
fn a_refused_request_goes_home_and_greys_the_field() {
    let mut k = kiosk();
    let t = Instant::now();
    k.press_field("VL", t);
    k.choose_priority(PriorityClass::Pregnancy, t);
    k.failed(Failure::Full, t);
    let v = k.view();
    assert_eq!(
        (v.screen, v.busy, v.fields[0].state),
        ("home", false, "full")
    );
    assert_eq!(v.message, "Lĩnh vực Việc làm đã hết số hôm nay.");
    // A failure is not a ticket: no cool-down.
    assert_eq!(k.press_field("BHTN", t), Press::ChoosePriority);
}

#[test]
fn the_confirm_screen_goes_home_after_the_timeout() {
    let mut k = kiosk();
    let t = Instant::now();
    take_ticket(&mut k, t);
    assert!(!k.tick(t + secs(7)));
    assert_eq!(k.screen(), Screen::Confirm);
    assert!(k.tick(t + secs(8)));
    let v = k.view();
    assert_eq!((v.screen, v.ticket_number.as_str()), ("home", ""));
    assert!(!k.tick(t + secs(9)), "only once");
}

#[test]
fn an_abandoned_priority_screen_goes_home() {
    let mut k = kiosk();
    let t = Instant::now();
    k.press_field("VL", t);
    assert!(!k.tick(t + secs(29)));
    assert!(k.tick(t + secs(30)));
    assert_eq!(k.screen(), Screen::Home);
    // But never while a request is in flight.
    k.press_field("VL", t + secs(31));
    k.choose_priority(PriorityClass::Regular, t + secs(31));
    assert!(!k.tick(t + secs(120)));
    assert_eq!(k.screen(), Screen::Priority);
}

#[test]
fn back_returns_home_without_a_request() {
    let mut k = kiosk();
    let t = Instant::now();
    k.press_field("VL", t);
    k.back(t);
    assert_eq!(k.screen(), Screen::Home);
    assert_eq!(k.choose_priority(PriorityClass::Regular, t), None);
}

#[test]
fn toggling_the_language_translates_names_notices_and_the_date() {
    let mut k = kiosk();
    let t = Instant::now();
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(8, 5, 0))
        .unwrap();
    k.set_clock(monday);
    k.press_field("TE", t);
    let vi = k.view();
    assert_eq!(vi.language, "vi");
    assert_eq!(
        (vi.clock.as_str(), vi.date.as_str()),
        ("08:05", "Thứ Hai, 23/11/2026")
    );
    k.toggle_language(t);
    let en = k.view();
    assert_eq!(en.language, "en");
    assert_eq!(en.office_name, "One-stop Office");
    assert_eq!(en.fields[1].name, "Unemployment insurance");
    assert_eq!(en.date, "Monday, 23/11/2026");
    assert_eq!(en.message, "Children is not taking tickets at the moment.");
    k.toggle_language(t);
    assert_eq!(k.view(), vi);
}

#[test]
fn a_ticket_that_did_not_print_says_so_in_the_language_shown() {
    let mut k = kiosk();
    let t = Instant::now();
    k.press_field("VL", t);
    k.choose_priority(PriorityClass::Meritorious, t);
    k.issued("H007", 0, None, Some(Note::NotPrinted), t);
    assert!(k.view().ticket_note.contains("Xin ghi nhớ số của bạn"));
    assert_eq!(k.view().ticket_wait, "Chưa có quầy mở");
    k.toggle_language(t);
    assert!(k.view().ticket_note.contains("Please remember your number"));
}
