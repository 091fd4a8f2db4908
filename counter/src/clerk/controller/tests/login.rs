//! The login form, from the keyboard and the mouse.

use super::*;

#[test]
fn a_clerk_logs_in_with_the_keyboard_alone() {
    let mut b = Bench::new(3);
    let v = b.view();
    assert_eq!((v.screen, v.login_counter.as_str()), ("login", "3"));
    assert_eq!(v.login_focus, "clerk");
    // The counter's configured fields are ticked.
    let ticked: Vec<&str> = v
        .login_fields
        .iter()
        .filter(|f| f.on)
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(ticked, ["GDNN", "LDNN"]);

    b.type_text("ma");
    assert!(b.view().clerks[2].on, "mai is the only login starting ma");
    // A digit after the clerk goes to the PIN.
    b.type_text("3333");
    let v = b.view();
    assert_eq!((v.login_focus, v.pin_mask.as_str()), ("pin", "●●●●"));
    assert!(v.can_login);
    let action = b.key(Key::Enter);
    assert_eq!(
        action,
        Some(Action::Login {
            counter: CounterId(3),
            clerk: ClerkId::new("mai"),
            pin: "3333".into(),
            fields: vec![FieldCode::new("GDNN"), FieldCode::new("LDNN")],
        })
    );
    b.run(action);
    let v = b.view();
    assert_eq!(v.screen, "desk");
    assert_eq!(v.clerk_name, "Lê Thị Mai");
    assert_eq!(v.served_fields, "Giáo dục nghề nghiệp, Lao động ngoài nước");
    assert_eq!(v.pin_mask, "", "the PIN is not kept");
}

#[test]
fn the_arrows_choose_among_the_office_clerks() {
    let mut b = Bench::new(1);
    b.key(Key::Down);
    assert_eq!(b.view().login_clerk, "lan");
    b.key(Key::Down);
    assert_eq!(b.view().login_clerk, "hung");
    b.key(Key::Up);
    b.key(Key::Up);
    assert_eq!(b.view().login_clerk, "quanly", "wraps to the last");
    // A click on a clerk chooses them and moves on to the PIN.
    b.press(Press::Clerk(1));
    let v = b.view();
    assert_eq!((v.login_clerk.as_str(), v.login_focus), ("hung", "pin"));
    assert!(v.clerks[1].on);
}

#[test]
fn a_wrong_pin_says_so_and_is_cleared() {
    let mut b = Bench::new(3);
    b.log_in("mai", "1234");
    let v = b.view();
    assert_eq!(v.screen, "login");
    assert_eq!(v.message, "Sai mã PIN.");
    assert_eq!(v.message_kind, "error");
    assert_eq!((v.pin_mask.as_str(), v.login_focus), ("", "pin"));
    assert_eq!(v.login_clerk, "mai", "the clerk stays chosen");
    b.type_text("3333");
    b.act(Key::Enter);
    assert_eq!(b.c.screen(), Screen::Desk);
}

#[test]
fn the_fields_served_can_be_changed_at_login() {
    let mut b = Bench::new(3);
    b.type_text("mai3333");
    b.key(Key::Tab);
    assert_eq!(b.view().login_focus, "fields");
    // 1 ticks Việc làm; Space on the cursor (moved to the third) unticks GDNN.
    b.type_text("1");
    b.key(Key::Down);
    b.key(Key::Down);
    assert!(b.view().login_fields[2].cursor);
    b.key(Key::Char(' '));
    let action = b.key(Key::Enter);
    let Some(Action::Login { fields, .. }) = &action else {
        panic!("no login: {action:?}")
    };
    // The counter's own order first, then the others in the office's order.
    assert_eq!(fields, &[FieldCode::new("LDNN"), FieldCode::new("VL")]);
    b.run(action);
    assert_eq!(b.view().served_fields, "Lao động ngoài nước, Việc làm");
}

#[test]
fn no_field_or_no_pin_or_an_unknown_counter_sends_nothing() {
    let mut b = Bench::new(3);
    b.type_text("mai");
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(b.message(), "Hãy chọn cán bộ và nhập mã PIN.");
    b.type_text("3333");
    b.press(Press::Field(2));
    b.press(Press::Field(3));
    assert!(!b.view().can_login);
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(b.message(), "Hãy chọn ít nhất một lĩnh vực.");
    // Counter 9 is not in the office.
    b.press(Press::Focus(LoginFocus::Counter));
    b.key(Key::Backspace);
    b.type_text("9");
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(b.message(), "Quầy 9 không có trong cấu hình của bộ phận.");
}

#[test]
fn another_counter_number_ticks_that_counters_fields() {
    let mut b = Bench::new(3);
    b.press(Press::Focus(LoginFocus::Counter));
    b.key(Key::Up);
    b.key(Key::Up);
    b.key(Key::Up);
    let v = b.view();
    assert_eq!(v.login_counter, "6");
    let ticked: Vec<&str> = v
        .login_fields
        .iter()
        .filter(|f| f.on)
        .map(|f| f.detail.as_str())
        .collect();
    assert_eq!(ticked, ["BTXH", "TE", "PCTNXH"]);
    b.press(Press::Clerk(5));
    b.type_text("6666");
    let action = b.key(Key::Enter);
    let Some(Action::Login {
        counter, fields, ..
    }) = &action
    else {
        panic!("no login")
    };
    assert_eq!(*counter, CounterId(6));
    assert_eq!(fields[0], FieldCode::new("TE"), "the configured order");
    b.run(action);
    assert_eq!((b.c.counter(), b.view().counter), (CounterId(6), 6));
}

#[test]
fn a_clerk_whose_counter_is_still_open_carries_on_after_a_restart() {
    let mut b = Bench::new(3);
    b.open_elsewhere(3, "mai", &["GDNN"]);
    let number = b.issue("GDNN", PriorityClass::Regular);
    b.elsewhere(Command::CallNext {
        counter: CounterId(3),
    });
    b.c.tick(Some(&b.engine), b.at);
    let v = b.view();
    assert_eq!(v.login_clerk, "mai", "offered the clerk still logged in");
    assert_eq!(v.login_focus, "pin");
    assert!(v.login_note.contains("Lê Thị Mai"), "{}", v.login_note);
    b.type_text("3333");
    b.act(Key::Enter);
    let v = b.view();
    assert_eq!(v.screen, "desk", "{}", v.message);
    assert_eq!(
        v.ticket.number, number,
        "the ticket called before the restart"
    );
}

#[test]
fn another_clerks_open_counter_is_refused_with_their_name() {
    let mut b = Bench::new(3);
    b.open_elsewhere(3, "lan", &["GDNN"]);
    b.c.tick(Some(&b.engine), b.at);
    assert_eq!(b.view().login_clerk, "lan");
    b.press(Press::Focus(LoginFocus::Clerk));
    for _ in "lan".chars() {
        b.key(Key::Backspace);
    }
    b.log_in("mai", "3333");
    assert_eq!(b.c.screen(), Screen::Login);
    assert_eq!(
        b.message(),
        "Quầy 3 đang mở cho Nguyễn Thị Lan. Cán bộ đó cần đăng xuất trước."
    );
}

#[test]
fn a_locked_sign_in_says_how_long_it_lasts_counting_down() {
    let mut b = Bench::new(3);
    b.type_text("mai1234");
    assert!(b.key(Key::Enter).is_some());
    let locked = ClientError::SignInLocked {
        retry_after: Duration::from_secs(300),
    };
    assert_eq!(b.c.answered(Err(locked), b.at), None);
    let text = |left: &str| {
        format!(
            "Tạm khoá đăng nhập vì nhập sai mã PIN nhiều lần — thử lại sau {left}, hoặc nhờ người quản lý mở khoá."
        )
    };
    assert_eq!(b.message(), text("5:00"));
    b.wait(28);
    assert_eq!(b.message(), text("4:32"));
    b.type_text("3333");
    assert!(
        !b.view().can_login,
        "no login for this clerk while it lasts"
    );
    b.wait(272);
    assert_eq!(b.message(), "");
    assert!(b.view().can_login);
}

#[test]
fn a_paired_counter_stays_the_counter_it_was_paired_as() {
    let mut b = Bench::new(3);
    b.c.keep_counter();
    b.press(Press::Focus(LoginFocus::Counter));
    b.key(Key::Up);
    b.key(Key::Backspace);
    b.type_text("5");
    b.press(Press::CounterStep(1));
    let v = b.view();
    assert_eq!(v.login_counter, "3");
    assert!(v.login_counter_fixed, "the form offers no other counter");
    b.press(Press::Focus(LoginFocus::Clerk));
    b.type_text("mai");
    b.type_text("3333");
    assert!(matches!(
        b.key(Key::Enter),
        Some(Action::Login {
            counter: CounterId(3),
            ..
        })
    ));
}
