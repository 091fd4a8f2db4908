//! Transfer, call a number, pause and resume: the dialogs from the keyboard and the mouse.

use shared::model::TicketState;

use super::*;

#[test]
fn transfer_picks_a_field_by_digit_and_keeps_the_place_in_line() {
    let mut b = Bench::desk(3, "mai", "3333");
    let number = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    assert_eq!(b.key(Key::F(6)), None);
    let v = b.view();
    assert_eq!(
        (v.dialog, v.dialog_ticket.as_str()),
        ("transfer", number.as_str())
    );
    // Every field but the ticket's own, numbered 1 to 9.
    let labels: Vec<&str> = v.dialog_options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels.len(), 9);
    assert!(!labels.contains(&"Giáo dục nghề nghiệp"));
    assert_eq!(
        (labels[8], v.dialog_options[8].hint.as_str()),
        ("Phòng, chống tệ nạn xã hội", "9")
    );
    assert!(
        v.buttons.iter().all(|x| !x.enabled),
        "the desk waits under a dialog"
    );
    // 8 is Trẻ em (TE); the arrows move from there.
    b.type_text("8");
    b.key(Key::Down);
    b.key(Key::Up);
    assert!(b.view().dialog_options[7].selected);
    let action = b.key(Key::Enter);
    assert_eq!(
        action,
        Some(Action::Command(Command::Transfer {
            ticket: b.engine.ticket_by_display(&number).expect("ticket").id,
            to: FieldCode::new("TE"),
            keep_place: true,
        }))
    );
    b.run(action);
    let v = b.view();
    assert_eq!(v.dialog, "");
    assert_eq!(
        v.message,
        format!("Đã chuyển số {number} sang lĩnh vực Trẻ em, giữ thứ tự theo giờ lấy số.")
    );
    assert_eq!(v.ticket.state, "none");
    let t = b.engine.ticket_by_display(&number).expect("ticket");
    assert_eq!((t.state, t.field.as_str()), (TicketState::Waiting, "TE"));
}

#[test]
fn a_click_on_a_field_transfers_at_once() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("LDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    b.act(Key::F(3));
    b.press(Press::Desk(DeskAction::Transfer));
    let action = b.press(Press::Option(0));
    let Some(Action::Command(Command::Transfer { to, .. })) = &action else {
        panic!("no transfer: {action:?}")
    };
    assert_eq!(to.as_str(), "VL");
}

#[test]
fn esc_closes_a_dialog_without_sending_anything() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    for open in [Key::F(6), Key::F(8), Key::F(4), Key::Char('g')] {
        if open == Key::F(4) {
            // Calling a number needs the called ticket finished first.
            b.act(open);
            continue;
        }
        b.key(open);
        assert_ne!(b.view().dialog, "", "{open:?}");
        assert_eq!(b.key(Key::Escape), None);
        assert_eq!(b.view().dialog, "");
    }
    b.act(Key::F(1));
    b.key(Key::Char('t'));
    assert_eq!(b.press(Press::CloseDialog), None);
    assert_eq!(b.view().dialog, "");
}

#[test]
fn a_typed_number_is_called_out_of_turn() {
    let mut b = Bench::desk(3, "mai", "3333");
    let first = b.issue("GDNN", PriorityClass::Regular);
    let second = b.issue("GDNN", PriorityClass::Regular);
    b.key(Key::F(7));
    assert_eq!(b.view().dialog, "call-number");
    b.type_text(&second.to_lowercase());
    b.key(Key::Backspace);
    let last = second.chars().last().expect("a digit");
    b.type_text(&last.to_string());
    assert_eq!(b.view().dialog_text, second, "typed in capitals");
    b.act(Key::Enter);
    assert_eq!(b.view().ticket.number, second);
    assert_eq!(b.view().next[0].number, first, "the first still waits");
}

#[test]
fn a_number_that_is_not_waiting_is_not_sent() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.key(Key::Char('g'));
    b.type_text("C999");
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(b.message(), "Không có số C999 đang chờ.");
    assert_eq!(
        b.view().dialog,
        "call-number",
        "left open to correct the number"
    );
    // A waiting ticket of a field the counter does not serve: the hub says why.
    let other = b.issue("VL", PriorityClass::Regular);
    for _ in 0..4 {
        b.key(Key::Backspace);
    }
    b.type_text(&other);
    b.act(Key::Enter);
    assert_eq!(b.message(), "Quầy không phục vụ lĩnh vực Việc làm.");
}

#[test]
fn pause_with_an_offered_reason_then_resume() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    b.key(Key::F(8));
    let v = b.view();
    assert_eq!(v.dialog, "pause");
    let labels: Vec<&str> = v.dialog_options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Nghỉ giải lao",
            "Họp",
            "Hỗ trợ hồ sơ",
            "Lý do khác: gõ để nhập…"
        ]
    );
    b.type_text("2");
    let action = b.key(Key::Enter);
    assert_eq!(
        action,
        Some(Action::Command(Command::Pause {
            counter: CounterId(3),
            reason: "Họp".into()
        }))
    );
    b.run(action);
    let v = b.view();
    assert_eq!(v.paused_reason, "Họp");
    assert_eq!(b.button(DeskAction::Pause).action, "resume");
    assert!(!b.button(DeskAction::CallNext).enabled);
    assert_eq!(b.key(Key::F(1)), None);
    assert_eq!(b.message(), "Quầy đang tạm dừng (Họp). Bấm F8 để tiếp tục.");
    b.c.toggle_language();
    assert_eq!(b.view().paused_reason, "Meeting");
    b.c.toggle_language();
    // F8 again resumes at once, without a dialog.
    let action = b.key(Key::F(8));
    assert_eq!(
        action,
        Some(Action::Command(Command::Resume {
            counter: CounterId(3)
        }))
    );
    b.run(action);
    assert_eq!(b.view().paused_reason, "");
    assert!(b.button(DeskAction::CallNext).enabled);
}

#[test]
fn pause_with_a_typed_reason() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.key(Key::Char('p'));
    b.type_text("Nghe điện thoại 5 phút");
    let v = b.view();
    assert!(v.dialog_options[3].selected);
    assert_eq!(v.dialog_options[3].label, "Nghe điện thoại 5 phút");
    b.act(Key::Enter);
    assert_eq!(b.view().paused_reason, "Nghe điện thoại 5 phút");
    // An empty typed reason sends nothing.
    b.act(Key::F(8));
    b.key(Key::F(8));
    b.press(Press::Option(3));
    assert_eq!(b.press(Press::ConfirmDialog), None);
    assert_eq!(b.view().dialog, "pause");
}
