//! The clerk's window under Slint's testing backend: buttons, choices and keys reach the
//! adapter's callbacks, and typing in the window drives the real controller.

mod clerk_support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use clerk_support::{Office, find, window};
use counter::ClerkAdapter;
use counter::clerk::adapter;
use counter::clerk::controller::{Action, DeskAction, Key, KeyPress, Press, shortcut};
use shared::engine::Command;
use shared::model::{CounterId, PriorityClass};
use slint::platform::{Key as SlintKey, PointerEventButton, WindowEvent};
use slint::{ComponentHandle, SharedString};

#[test]
fn desk_buttons_call_back_with_their_action_when_enabled() {
    let ui = window();
    let mut o = Office::new();
    o.log_in();
    o.issue("GDNN", PriorityClass::Regular);
    o.issue("GDNN", PriorityClass::Regular);
    let call = o.key(Key::F(1));
    o.run(call);
    o.show(&ui);
    let pressed = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = pressed.clone();
    ui.global::<ClerkAdapter>()
        .on_desk_pressed(move |a| sink.borrow_mut().push(a.to_string()));

    let recall = find(&ui, "Gọi lại");
    assert_eq!(recall.accessible_description().as_deref(), Some("F2 · R"));
    assert_eq!(recall.accessible_enabled(), Some(true));
    recall.invoke_accessible_default_action();
    find(&ui, "Bắt đầu phục vụ").mock_single_click(PointerEventButton::Left);
    // A ticket is called: calling the next one is not possible yet, and does nothing.
    let next = find(&ui, "Gọi số tiếp");
    assert_eq!(next.accessible_enabled(), Some(false));
    assert_eq!(
        next.accessible_description().as_deref(),
        Some("F1 · Space · Enter")
    );
    next.invoke_accessible_default_action();
    find(&ui, "Đăng xuất").invoke_accessible_default_action();
    assert_eq!(*pressed.borrow(), ["recall", "start"]);
}

#[test]
fn typing_in_the_window_logs_in_and_calls() {
    let ui = window();
    ui.show().expect("shown");
    let o = Rc::new(RefCell::new(Office::new()));
    o.borrow_mut().issue("LDNN", PriorityClass::Regular);
    let asked = Rc::new(RefCell::new(Vec::<Action>::new()));
    let (office, sink) = (o.clone(), asked.clone());
    ui.global::<ClerkAdapter>()
        .on_key(move |text, ctrl, shift| {
            let Some(press) = adapter::key_press(&text, ctrl, shift) else {
                return false;
            };
            let o = &mut *office.borrow_mut();
            if let Some(action) = o.c.key(press, Some(&o.engine), Instant::now()) {
                sink.borrow_mut().push(action);
            }
            true
        });
    let press = |text: SharedString| {
        ui.window()
            .dispatch_event(WindowEvent::KeyPressed { text: text.clone() });
        ui.window()
            .dispatch_event(WindowEvent::KeyReleased { text });
    };
    for ch in "mai3333".chars() {
        press(ch.to_string().into());
    }
    press(SlintKey::Return.into());
    let login = asked.borrow_mut().pop();
    assert!(matches!(login, Some(Action::Login { .. })), "{login:?}");
    o.borrow_mut().run(login);
    press(SlintKey::F1.into());
    let call = asked.borrow_mut().pop();
    assert_eq!(
        call,
        Some(Action::Command(Command::CallNext {
            counter: CounterId(3)
        }))
    );
    // Control held with L: log out (refused here: a ticket is being called).
    o.borrow_mut().run(call);
    ui.window().dispatch_event(WindowEvent::KeyPressed {
        text: SlintKey::Control.into(),
    });
    press("l".into());
    ui.window().dispatch_event(WindowEvent::KeyReleased {
        text: SlintKey::Control.into(),
    });
    assert!(asked.borrow().is_empty());
    let o = o.borrow();
    assert!(
        o.c.view(Some(&o.engine), o.now)
            .message
            .contains("đăng xuất")
    );
}

#[test]
fn slint_key_codes_become_the_controllers_keys() {
    let k = |key: SlintKey, ctrl, shift| adapter::key_press(&SharedString::from(key), ctrl, shift);
    assert_eq!(
        k(SlintKey::F8, false, false),
        Some(KeyPress::plain(Key::F(8)))
    );
    assert_eq!(
        k(SlintKey::Return, false, false),
        Some(KeyPress::plain(Key::Enter))
    );
    assert_eq!(
        k(SlintKey::Tab, false, true),
        Some(KeyPress::plain(Key::BackTab))
    );
    assert_eq!(
        k(SlintKey::Backtab, false, true),
        Some(KeyPress::plain(Key::BackTab))
    );
    assert_eq!(k(SlintKey::Shift, false, true), None, "a modifier alone");
    assert_eq!(k(SlintKey::Home, false, false), None);
    assert_eq!(
        adapter::key_press("\u{c}", true, false),
        Some(KeyPress::ctrl(Key::Char('l'))),
        "Ctrl+L as a control character"
    );
    assert_eq!(
        shortcut(adapter::key_press("L", true, true).expect("a key")),
        Some(DeskAction::LogOut)
    );
    assert_eq!(
        adapter::key_press("đ", false, false),
        Some(KeyPress::plain(Key::Char('đ')))
    );
}

#[test]
fn the_login_form_and_the_dialogs_call_back() {
    let ui = window();
    let mut o = Office::new();
    o.show(&ui);
    let calls = Rc::new(RefCell::new(Vec::<String>::new()));
    let a = ui.global::<ClerkAdapter>();
    let c = calls.clone();
    a.on_clerk_pressed(move |i| c.borrow_mut().push(format!("clerk {i}")));
    let c = calls.clone();
    a.on_field_pressed(move |i| c.borrow_mut().push(format!("field {i}")));
    let c = calls.clone();
    a.on_counter_step(move |by| c.borrow_mut().push(format!("step {by}")));
    let c = calls.clone();
    a.on_login_pressed(move || c.borrow_mut().push("login".into()));
    let c = calls.clone();
    a.on_option_pressed(move |i| c.borrow_mut().push(format!("option {i}")));
    let c = calls.clone();
    a.on_confirm_dialog(move || c.borrow_mut().push("confirm".into()));
    let c = calls.clone();
    a.on_close_dialog(move || c.borrow_mut().push("close".into()));

    find(&ui, "Lê Thị Mai").invoke_accessible_default_action();
    let field = find(&ui, "Giáo dục nghề nghiệp");
    assert_eq!(
        field.accessible_checked(),
        Some(true),
        "a default of counter 3"
    );
    assert_eq!(find(&ui, "Việc làm").accessible_checked(), Some(false));
    find(&ui, "Việc làm").mock_single_click(PointerEventButton::Left);
    find(&ui, "+").invoke_accessible_default_action();
    find(&ui, "−").invoke_accessible_default_action();
    let login = find(&ui, "Đăng nhập");
    assert_eq!(login.accessible_enabled(), Some(false), "no PIN yet");
    o.c.press(Press::Clerk(2), Some(&o.engine), Instant::now());
    for ch in "3333".chars() {
        o.key(Key::Char(ch));
    }
    o.show(&ui);
    assert_eq!(find(&ui, "Đăng nhập").accessible_enabled(), Some(true));
    find(&ui, "Đăng nhập").invoke_accessible_default_action();

    let login = o.key(Key::Enter);
    o.run(login);
    o.issue("GDNN", PriorityClass::Regular);
    let call = o.key(Key::F(1));
    o.run(call);
    o.key(Key::F(6));
    o.show(&ui);
    find(&ui, "Trẻ em").invoke_accessible_default_action();
    find(&ui, "Xác nhận").invoke_accessible_default_action();
    find(&ui, "Đóng").invoke_accessible_default_action();
    assert_eq!(
        *calls.borrow(),
        [
            "clerk 2", "field 0", "step 1", "step -1", "login", "option 7", "confirm", "close"
        ]
    );
}
