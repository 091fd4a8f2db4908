//! Changing the fields served from the desk: the list opens with the counter's fields
//! ticked, digits, Space and arrows change it, Enter sends it, Esc forgets it.

use super::*;

/// The ticked fields' codes in the open dialog.
fn ticked(b: &Bench) -> Vec<String> {
    b.c.dialog()
        .map(|d| d.ticked().iter().map(|f| f.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn the_list_opens_with_the_fields_served_ticked() {
    let mut b = Bench::desk(3, "mai", "3333");
    assert_eq!(b.key(Key::F(9)), None);
    let v = b.view();
    assert_eq!(v.dialog, "fields");
    assert_eq!(v.dialog_options.len(), 10, "every field of the office");
    assert_eq!(
        (
            v.dialog_options[2].label.as_str(),
            v.dialog_options[2].hint.as_str()
        ),
        ("Giáo dục nghề nghiệp", "3")
    );
    assert_eq!(ticked(&b), ["GDNN", "LDNN"]);
    let on: Vec<bool> = v.dialog_options.iter().map(|o| o.selected).collect();
    assert_eq!(on.iter().filter(|x| **x).count(), 2);
    assert!(on[2] && on[3]);
    assert!(v.dialog_options[0].cursor, "the cursor starts on the first");
    assert!(!v.fields_enabled, "the desk waits under a dialog");
    assert!(v.buttons.iter().all(|x| !x.enabled));
}

#[test]
fn digits_space_and_arrows_tick_like_the_login_form() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.key(Key::Char('v'));
    // 1 ticks Việc làm, 3 unticks GDNN, 0 ticks the tenth.
    b.type_text("130");
    assert_eq!(ticked(&b), ["VL", "LDNN", "PCTNXH"]);
    // The cursor follows the last digit; the arrows move it, Space ticks under it.
    assert!(b.view().dialog_options[9].cursor);
    b.key(Key::Down);
    b.key(Key::Down);
    assert!(b.view().dialog_options[1].cursor, "the arrows wrap round");
    b.key(Key::Char(' '));
    assert_eq!(ticked(&b), ["VL", "BHTN", "LDNN", "PCTNXH"]);
    b.key(Key::Up);
    b.key(Key::Char(' '));
    assert_eq!(ticked(&b), ["BHTN", "LDNN", "PCTNXH"]);
    // A click ticks too, without sending anything.
    assert_eq!(b.press(Press::Option(4)), None);
    assert_eq!(ticked(&b), ["BHTN", "LDNN", "ATLD", "PCTNXH"]);
}

#[test]
fn enter_sends_the_ticked_fields_in_office_order_and_the_desk_follows() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("VL", PriorityClass::Regular);
    b.issue("VL", PriorityClass::Regular);
    b.issue("TE", PriorityClass::Regular);
    b.press(Press::Desk(DeskAction::Fields));
    // Ticked in the order 9, 1: sent in the office's order.
    b.type_text("934");
    b.type_text("1");
    let action = b.key(Key::Enter);
    assert_eq!(
        action,
        Some(Action::Command(Command::ServeFields {
            counter: CounterId(3),
            fields: vec![FieldCode::new("VL"), FieldCode::new("TE")],
        }))
    );
    assert_eq!(b.view().dialog, "");
    b.run(action);
    let v = b.view();
    assert_eq!(v.message, "Đã đổi lĩnh vực phục vụ.");
    assert_eq!(v.served_fields, "Việc làm, Trẻ em");
    let waiting: Vec<(&str, i32)> = v
        .waiting
        .iter()
        .map(|w| (w.name.as_str(), w.waiting))
        .collect();
    assert_eq!(waiting, [("Việc làm", 2), ("Trẻ em", 1)]);
    assert_eq!(v.screen, "desk", "still logged in");
}

#[test]
fn an_empty_choice_is_refused_and_nothing_is_sent() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.key(Key::F(9));
    b.type_text("34");
    assert_eq!(ticked(&b), Vec::<String>::new());
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(b.press(Press::ConfirmDialog), None);
    let v = b.view();
    assert_eq!(v.message, "Hãy chọn ít nhất một lĩnh vực.");
    assert_eq!(v.dialog, "fields", "the list stays open to tick one");
    assert!(!b.c.busy());
    // Ticking one then lets it through.
    b.type_text("5");
    assert!(matches!(
        b.key(Key::Enter),
        Some(Action::Command(Command::ServeFields { .. }))
    ));
}

#[test]
fn esc_closes_the_list_and_keeps_the_fields() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.key(Key::F(9));
    b.type_text("1234");
    assert_eq!(b.key(Key::Escape), None);
    let v = b.view();
    assert_eq!(v.dialog, "");
    assert!(!b.c.busy());
    assert_eq!(v.served_fields, "Giáo dục nghề nghiệp, Lao động ngoài nước");
    // Opened again, it starts from what is served, not from what was ticked.
    b.key(Key::F(9));
    assert_eq!(ticked(&b), ["GDNN", "LDNN"]);
}

#[test]
fn the_shortcut_and_the_button_are_in_the_table() {
    let keys: Vec<String> = SHORTCUTS
        .iter()
        .filter(|(_, a)| *a == DeskAction::Fields)
        .map(|(k, _)| k.label())
        .collect();
    assert_eq!(keys, ["F9", "V"]);
    assert_eq!(DeskAction::from_id("fields"), Some(DeskAction::Fields));
    let b = Bench::desk(3, "mai", "3333");
    let v = b.view();
    assert_eq!((v.fields_hint.as_str(), v.fields_enabled), ("F9 · V", true));
}
