//! The clerk's window in both languages: switching changes every string on every screen
//! (login, desk, dialogs, offline), apart from people's names.

mod clerk_support;

use clerk_support::{Office, office, strings, window};
use counter::clerk::controller::Key;
use shared::model::PriorityClass;

/// Whether `s` holds a letter that English does not use.
fn has_vietnamese(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

#[test]
fn switching_the_language_changes_every_string_on_every_screen() {
    let ui = window();
    let mut o = Office::new();
    let names: Vec<String> = office().clerks.iter().map(|c| c.name.clone()).collect();
    // Proper names and "Tiếng Việt" stay as they are in both languages.
    let english = |s: &str| {
        let mut s = s.replace("Tiếng Việt", "");
        for n in &names {
            s = s.replace(n.as_str(), "");
        }
        !has_vietnamese(&s)
    };
    let mut screens: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    let mut both = |o: &mut Office, name: &'static str| {
        o.show(&ui);
        let vi = strings(&ui);
        o.c.toggle_language();
        o.show(&ui);
        let en = strings(&ui);
        o.c.toggle_language();
        o.show(&ui);
        screens.push((name, vi, en));
    };
    // The login, with a clerk chosen, a PIN typed and a refusal shown.
    o.key(Key::Char('m'));
    o.key(Key::Char('1'));
    o.c.set_online(false);
    o.key(Key::Enter);
    both(&mut o, "login offline");
    o.c.set_online(true);
    o.key(Key::Backspace);
    o.log_in();
    // The desk serving a priority ticket, recalled once, paused, with a notice.
    o.issue("GDNN", PriorityClass::Elderly);
    o.issue("LDNN", PriorityClass::Pregnancy);
    o.issue("GDNN", PriorityClass::Regular);
    for key in [Key::F(1), Key::F(2), Key::F(3)] {
        let action = o.key(key);
        o.run(action);
    }
    o.key(Key::F(8));
    both(&mut o, "pause dialog");
    o.key(Key::Char('1'));
    let pause = o.key(Key::Enter);
    o.run(pause);
    o.key(Key::F(1));
    both(&mut o, "desk serving, paused");
    let resume = o.key(Key::F(8));
    o.run(resume);
    o.key(Key::F(6));
    both(&mut o, "transfer dialog");
    o.key(Key::Escape);
    let finish = o.key(Key::F(4));
    o.run(finish);
    let call = o.key(Key::F(1));
    o.run(call);
    let no_show = o.key(Key::F(5));
    o.run(no_show);
    o.c.set_online(false);
    both(&mut o, "desk offline");
    o.c.set_online(true);
    o.key(Key::F(7));
    both(&mut o, "call a number");

    for (name, vi, en) in &screens {
        let leftover: Vec<_> = en.iter().filter(|s| !english(s)).collect();
        assert!(
            leftover.is_empty(),
            "{name}: Vietnamese left in English: {leftover:?}"
        );
        let untranslated: Vec<_> = vi
            .iter()
            .filter(|s| !english(s) && en.contains(s))
            .collect();
        assert!(
            untranslated.is_empty(),
            "{name}: same in both: {untranslated:?}"
        );
        assert!(
            vi.iter().filter(|s| !english(s)).count() >= 3,
            "{name}: {vi:?}"
        );
    }
    let all_en: Vec<&String> = screens.iter().flat_map(|(_, _, en)| en).collect();
    for expected in [
        "Counter login",
        "Call next",
        "Recall",
        "Priority: Elderly",
        "Recalled 1 time",
        "The counter is paused: Break",
        "Lost the connection to the office system — reconnecting…",
        "Transfer C001 to the field",
        "Occupational safety and health",
        "Pause the counter: choose a reason",
        "Number to call",
        "Monday, 23/11/2026",
    ] {
        assert!(
            all_en.iter().any(|s| s.contains(expected)),
            "{expected:?} not in {all_en:?}"
        );
    }
}
