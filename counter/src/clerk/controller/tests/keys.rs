//! The shortcut table: every entry does its action, on screen and off.

use super::*;

/// A desk where every action can be done: a ticket called, another waiting.
fn ready() -> Bench {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    b.issue("GDNN", PriorityClass::Regular);
    b
}

/// What the desk asks for, or which dialog opens, after `press`.
fn outcome(b: &mut Bench, press: KeyPress) -> String {
    let action = b.c.key(press, Some(&b.engine), b.at);
    match (action, b.c.dialog()) {
        (Some(Action::Command(c)), _) => shared::hub::command_name(&c),
        (Some(Action::Login { .. }), _) => "login".into(),
        (None, Some(d)) => format!("dialog {}", d.id()),
        (None, None) => format!("nothing ({})", b.message()),
    }
}

#[test]
fn every_shortcut_does_its_action() {
    let expected = |action: DeskAction| match action {
        DeskAction::CallNext => "call_next",
        DeskAction::Recall => "recall",
        DeskAction::Start => "start_serving",
        DeskAction::Finish => "finish",
        DeskAction::NoShow => "no_show",
        DeskAction::Transfer => "dialog transfer",
        DeskAction::CallNumber => "dialog call-number",
        DeskAction::Pause => "dialog pause",
        DeskAction::Fields => "dialog fields",
        DeskAction::LogOut => "close_counter",
        DeskAction::Language => "language",
    };
    for (press, action) in SHORTCUTS {
        let mut b = ready();
        // Each action is tried where it can be done.
        match action {
            DeskAction::CallNext | DeskAction::CallNumber | DeskAction::LogOut => {}
            _ => b.act(Key::F(1)),
        }
        if *action == DeskAction::Language {
            assert_eq!(outcome(&mut b, *press), "nothing ()");
            assert_eq!(b.c.language(), Language::En, "{press:?}");
            continue;
        }
        assert_eq!(
            outcome(&mut b, *press),
            expected(*action),
            "{}",
            press.label()
        );
        // Letters work in capitals too.
        if let Key::Char(c) = press.key
            && c.is_alphabetic()
        {
            let mut b2 = ready();
            if !matches!(
                action,
                DeskAction::CallNext | DeskAction::CallNumber | DeskAction::LogOut
            ) {
                b2.act(Key::F(1));
            }
            let upper = KeyPress {
                key: Key::Char(c.to_ascii_uppercase()),
                ..*press
            };
            assert_eq!(
                outcome(&mut b2, upper),
                expected(*action),
                "{}",
                upper.label()
            );
        }
    }
}

#[test]
fn the_buttons_show_the_shortcuts_from_the_table() {
    let b = ready();
    let hints: Vec<(&str, String)> = b
        .view()
        .buttons
        .into_iter()
        .map(|x| (x.action, x.hint))
        .collect();
    assert_eq!(hints[0], ("call-next", "F1 · Space · Enter".to_string()));
    assert_eq!(hints[7], ("pause", "F8 · P".to_string()));
    for (action, hint) in &hints {
        let a = DeskAction::from_id(action).expect("a desk action");
        for (press, _) in SHORTCUTS.iter().filter(|(_, x)| *x == a) {
            assert!(hint.contains(&press.label()), "{action}: {hint}");
        }
    }
    let v = b.view();
    assert_eq!(
        (v.log_out_hint.as_str(), v.language_hint.as_str()),
        ("Ctrl+L", "F12")
    );
    assert_eq!(v.fields_hint, "F9 · V");
}

#[test]
fn no_two_entries_share_a_key() {
    for (i, (a, _)) in SHORTCUTS.iter().enumerate() {
        for (b, _) in &SHORTCUTS[i + 1..] {
            assert_ne!(a, b, "{} is listed twice", a.label());
        }
    }
}

#[test]
fn keys_without_a_shortcut_do_nothing_at_the_desk() {
    let mut b = ready();
    for key in [
        Key::Char('x'),
        Key::Char('1'),
        Key::Tab,
        Key::Up,
        Key::Escape,
        Key::F(10),
    ] {
        assert_eq!(
            outcome(&mut b, KeyPress::plain(key)),
            "nothing ()",
            "{key:?}"
        );
    }
    // L alone is not Ctrl+L.
    assert_eq!(
        outcome(&mut b, KeyPress::plain(Key::Char('l'))),
        "nothing ()"
    );
}
