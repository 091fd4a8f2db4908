//! Each desk action, what the screen shows after it, and the hub's refusals in words.

use super::*;

fn called(b: &Bench) -> (String, &'static str) {
    let t = b.view().ticket;
    (t.number, t.state)
}

#[test]
fn call_recall_start_finish_with_the_times_shown() {
    let mut b = Bench::desk(3, "mai", "3333");
    let first = b.issue("GDNN", PriorityClass::Regular);
    b.wait(125);
    assert_eq!(b.view().waiting[0].waiting, 1);
    b.act(Key::F(1));
    assert_eq!(called(&b), (first.clone(), "called"));
    let v = b.view();
    assert_eq!(v.ticket.field, "Giáo dục nghề nghiệp");
    assert_eq!(v.ticket.waited, "02:05");
    assert_eq!(v.waiting[0].waiting, 0);
    b.wait(30);
    assert_eq!(b.view().ticket.called_ago, "00:30");
    b.act(Key::F(2));
    assert_eq!(b.view().ticket.recalls, 1);
    b.act(Key::F(3));
    assert_eq!(called(&b), (first, "serving"));
    b.wait(190);
    let v = b.view();
    assert_eq!(v.ticket.served, "03:10");
    assert_eq!(v.ticket.waited, "02:05", "the wait stops at the call");
    b.act(Key::F(4));
    assert_eq!(called(&b), (String::new(), "none"));
}

#[test]
fn buttons_are_enabled_only_when_their_action_can_be_done() {
    let mut b = Bench::desk(3, "mai", "3333");
    let enabled = |b: &Bench| -> Vec<&'static str> {
        b.view()
            .buttons
            .iter()
            .filter(|x| x.enabled)
            .map(|x| x.action)
            .collect()
    };
    assert_eq!(enabled(&b), ["call-number", "pause"], "nobody waits yet");
    b.issue("LDNN", PriorityClass::Regular);
    b.issue("LDNN", PriorityClass::Regular);
    assert_eq!(enabled(&b), ["call-next", "call-number", "pause"]);
    b.act(Key::Enter);
    assert_eq!(
        enabled(&b),
        ["recall", "start", "finish", "no-show", "transfer", "pause"]
    );
    b.act(Key::Char('s'));
    assert_eq!(
        enabled(&b),
        ["call-next", "finish", "transfer", "call-number", "pause"],
        "calling the next one finishes this one"
    );
}

#[test]
fn calling_next_while_serving_finishes_the_ticket() {
    let mut b = Bench::desk(3, "mai", "3333");
    let first = b.issue("GDNN", PriorityClass::Regular);
    let second = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::Char(' '));
    b.act(Key::F(3));
    b.act(Key::F(1));
    assert_eq!(called(&b), (second, "called"));
    let t = b.engine.ticket_by_display(&first).expect("first");
    assert_eq!(t.state, shared::model::TicketState::Done);
}

#[test]
fn a_no_show_by_the_clerk_or_after_the_recalls_is_said() {
    let mut b = Bench::desk(3, "mai", "3333");
    let first = b.issue("GDNN", PriorityClass::Regular);
    let second = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    b.act(Key::F(5));
    assert_eq!(b.message(), format!("Đã ghi nhận số {first} vắng mặt."));
    assert_eq!(b.view().message_kind, "info");
    assert_eq!(b.view().ticket.state, "none");
    b.act(Key::F(1));
    for _ in 0..3 {
        b.act(Key::Char('r'));
    }
    assert_eq!(called(&b), (second.clone(), "called"));
    b.act(Key::Char('R'));
    assert_eq!(
        b.message(),
        format!("Số {second} đã được gọi lại 3 lần mà không đến: đã ghi nhận vắng mặt.")
    );
    assert_eq!(b.view().ticket.state, "none");
    b.wait(6);
    assert_eq!(b.message(), "", "a success notice goes away by itself");
}

#[test]
fn one_request_at_a_time() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    b.issue("GDNN", PriorityClass::Regular);
    let first = b.key(Key::F(1));
    assert!(first.is_some());
    assert!(b.view().busy);
    assert!(b.view().buttons.iter().all(|x| !x.enabled));
    assert_eq!(
        b.key(Key::F(1)),
        None,
        "a second press while the first is out"
    );
    assert_eq!(b.message(), "Đang chờ hệ thống trả lời…");
    b.run(first);
    assert!(!b.view().busy);
}

#[test]
fn a_refusal_from_the_hub_is_shown_with_its_reason() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.open_elsewhere(2, "hung", &["GDNN"]);
    b.issue("GDNN", PriorityClass::Regular);
    let mine = b.key(Key::F(1));
    // Counter 2 calls the only ticket before the hub gets to ours.
    b.elsewhere(Command::CallNext {
        counter: CounterId(2),
    });
    b.run(mine);
    let v = b.view();
    assert_eq!(v.message, "Không có ai đang chờ ở các lĩnh vực của quầy.");
    assert_eq!(v.message_kind, "error");
    b.c.toggle_language();
    assert_eq!(b.message(), "Nobody is waiting in this counter's fields.");
}

#[test]
fn the_next_calls_follow_the_calling_policy() {
    let mut b = Bench::desk(3, "mai", "3333");
    let r1 = b.issue("GDNN", PriorityClass::Regular);
    b.wait(60);
    let r2 = b.issue("LDNN", PriorityClass::Regular);
    b.wait(60);
    let p1 = b.issue("LDNN", PriorityClass::Elderly);
    let next: Vec<(String, bool)> = b
        .view()
        .next
        .into_iter()
        .map(|n| (n.number, n.priority))
        .collect();
    // A counter that just opened calls priority first; then the field order, then arrival.
    assert_eq!(next, [(p1.clone(), true), (r1.clone(), false), (r2, false)]);
    assert_eq!(b.view().next[1].waited, "02:00");
    b.act(Key::F(1));
    assert_eq!(b.view().ticket.number, p1);
    assert_eq!(b.view().ticket.class, "elderly");
    assert_eq!(b.view().next[0].number, r1);
}

#[test]
fn logging_out_needs_the_ticket_finished() {
    let mut b = Bench::desk(3, "mai", "3333");
    let number = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    let log_out = KeyPress::ctrl(Key::Char('l'));
    assert_eq!(b.c.key(log_out, Some(&b.engine), b.at), None);
    assert_eq!(
        b.message(),
        format!("Hãy kết thúc số {number} trước khi đăng xuất.")
    );
    b.act(Key::F(4));
    let action = b.c.key(log_out, Some(&b.engine), b.at);
    assert_eq!(
        action,
        Some(Action::Command(Command::CloseCounter {
            counter: CounterId(3)
        }))
    );
    b.run(action);
    let v = b.view();
    assert_eq!((v.screen, v.message.as_str()), ("login", "Đã đăng xuất."));
    assert_eq!(v.login_clerk, "", "the next clerk starts afresh");
}

#[test]
fn a_counter_closed_from_elsewhere_goes_back_to_the_login() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.elsewhere(Command::CloseCounter {
        counter: CounterId(3),
    });
    b.wait(1);
    let v = b.view();
    assert_eq!(v.screen, "login");
    assert_eq!(
        v.message,
        "Quầy đã được đóng từ nơi khác. Xin đăng nhập lại."
    );
}

#[test]
fn a_device_needing_staff_shows_at_the_counter() {
    let mut b = Bench::desk(3, "mai", "3333");
    assert_eq!(b.view().staff_alert, "");
    b.elsewhere(Command::ReportDevice {
        device: "kiosk-1".into(),
        problem: Some("Máy in hết giấy".into()),
    });
    assert_eq!(b.view().staff_alert, "kiosk-1: Máy in hết giấy");
    b.elsewhere(Command::DeviceLink {
        device: "kiosk-1".into(),
        online: false,
    });
    // The bench's clock is 01:30 UTC: 08:30 in the office.
    assert_eq!(
        b.view().staff_alert,
        "kiosk-1: Máy in hết giấy (máy đã ngắt kết nối lúc 08:30)"
    );
}

#[test]
fn english_on_f12_and_back() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.now = "2026-11-23T01:30:00Z".parse().expect("time");
    let vi = b.view();
    assert_eq!(
        (vi.clock.as_str(), vi.date.as_str()),
        ("08:30", "Thứ Hai, 23/11/2026")
    );
    b.key(Key::F(12));
    let en = b.view();
    assert_eq!(en.language, "en");
    assert_eq!(en.date, "Monday, 23/11/2026");
    assert_eq!(en.served_fields, "Vocational education, Overseas labour");
    assert!(en.office_name.starts_with("One-stop Office"));
    b.key(Key::F(12));
    assert_eq!(b.view(), vi);
}
