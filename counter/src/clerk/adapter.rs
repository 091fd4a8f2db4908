//! The one place where the controller meets Slint: a [`ClerkView`] copied into the
//! window's [`ClerkAdapter`] global, and Slint's key events turned into the controller's
//! [`KeyPress`]es.

use slint::platform::Key as SlintKey;
use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use super::controller::{
    ButtonView, ClerkView, Key, KeyPress, Language, NextView, OptionView, ToggleView, WaitingView,
};
use crate::{
    ClerkAdapter, ClerkButton, ClerkNext, ClerkOption, ClerkToggle, ClerkWaiting, ClerkWindow,
};

/// Selects the bundled translation for `language` on this thread's Slint context.
///
/// Call it after the first component exists (before that, no bundle is loaded) and on
/// every language change; without it the system locale picks.
pub fn select_language(language: Language) -> Result<(), slint::SelectBundledTranslationError> {
    slint::select_bundled_translation(match language {
        Language::Vi => "",
        Language::En => "en",
    })
}

/// The controller's key for a Slint key event's text and modifiers; None for keys it
/// has no use for (modifiers alone, Home, ...).
pub fn key_press(text: &str, ctrl: bool, shift: bool) -> Option<KeyPress> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let special = |k: SlintKey| char::from(k) == c;
    let key = if special(SlintKey::Return) {
        Key::Enter
    } else if special(SlintKey::Escape) {
        Key::Escape
    } else if (special(SlintKey::Tab) && shift) || special(SlintKey::Backtab) {
        Key::BackTab
    } else if special(SlintKey::Tab) {
        Key::Tab
    } else if special(SlintKey::Backspace) {
        Key::Backspace
    } else if special(SlintKey::UpArrow) {
        Key::Up
    } else if special(SlintKey::DownArrow) {
        Key::Down
    } else if special(SlintKey::LeftArrow) {
        Key::Left
    } else if special(SlintKey::RightArrow) {
        Key::Right
    } else if let Some(n) = function_key(c) {
        Key::F(n)
    } else if ctrl && ('\u{1}'..='\u{1a}').contains(&c) {
        // Some platforms send Ctrl+L as the control character it once stood for.
        Key::Char(char::from(b'a' + (c as u8 - 1)))
    } else if c.is_control() || ('\u{f700}'..='\u{f8ff}').contains(&c) {
        return None;
    } else {
        Key::Char(c)
    };
    Some(KeyPress { key, ctrl })
}

/// F1 to F24 from Slint's private-use key codes.
fn function_key(c: char) -> Option<u8> {
    let first = u32::from(char::from(SlintKey::F1));
    let n = u32::from(c).checked_sub(first)?;
    (n < 24).then(|| n as u8 + 1)
}

fn toggle(t: &ToggleView) -> ClerkToggle {
    ClerkToggle {
        label: t.label.as_str().into(),
        detail: t.detail.as_str().into(),
        on: t.on,
        cursor: t.cursor,
    }
}

fn button(b: &ButtonView) -> ClerkButton {
    ClerkButton {
        action: b.action.into(),
        hint: b.hint.as_str().into(),
        enabled: b.enabled,
    }
}

fn waiting(w: &WaitingView) -> ClerkWaiting {
    ClerkWaiting {
        name: w.name.as_str().into(),
        waiting: w.waiting,
    }
}

fn next(n: &NextView) -> ClerkNext {
    ClerkNext {
        number: n.number.as_str().into(),
        field: n.field.as_str().into(),
        priority: n.priority,
        waited: n.waited.as_str().into(),
    }
}

fn option(o: &OptionView) -> ClerkOption {
    ClerkOption {
        label: o.label.as_str().into(),
        hint: o.hint.as_str().into(),
        selected: o.selected,
        cursor: o.cursor,
    }
}

/// Brings a list property up to date row by row, so that unchanged rows are not redrawn
/// and a row under the pointer is not replaced while it is pressed.
fn update<T: Clone + PartialEq + 'static, V>(
    get: impl Fn() -> ModelRc<T>,
    set: impl Fn(ModelRc<T>),
    rows: &[V],
    convert: impl Fn(&V) -> T,
) {
    let model = get();
    if model.row_count() == rows.len() {
        for (i, row) in rows.iter().enumerate() {
            let new = convert(row);
            if model.row_data(i).as_ref() != Some(&new) {
                model.set_row_data(i, new);
            }
        }
    } else {
        set(ModelRc::new(VecModel::from(
            rows.iter().map(convert).collect::<Vec<_>>(),
        )));
    }
}

/// Shows `view` in `ui`, with the bundled translation of its language.
pub fn show(ui: &ClerkWindow, view: &ClerkView) {
    let a = ui.global::<ClerkAdapter>();
    // Every time, not only on a change: until the first call the system locale has picked
    // the bundle. Selecting the one already selected changes nothing.
    let lang = if view.language == "en" {
        Language::En
    } else {
        Language::Vi
    };
    if let Err(e) = select_language(lang) {
        tracing::warn!("cannot select the {} translation: {e}", view.language);
    }
    let s = |text: &str| SharedString::from(text);
    a.set_language(view.language.into());
    a.set_office_name(s(&view.office_name));
    a.set_clock(s(&view.clock));
    a.set_date(s(&view.date));
    a.set_online(view.online);
    a.set_loading(view.loading);
    a.set_screen(view.screen.into());
    a.set_counter(view.counter);
    a.set_busy(view.busy);
    a.set_message(s(&view.message));
    a.set_message_kind(view.message_kind.into());
    a.set_staff_alert(s(&view.staff_alert));
    a.set_login_counter(s(&view.login_counter));
    a.set_login_counter_fixed(view.login_counter_fixed);
    a.set_login_focus(view.login_focus.into());
    a.set_login_clerk(s(&view.login_clerk));
    update(|| a.get_clerks(), |m| a.set_clerks(m), &view.clerks, toggle);
    a.set_pin_mask(s(&view.pin_mask));
    update(
        || a.get_login_fields(),
        |m| a.set_login_fields(m),
        &view.login_fields,
        toggle,
    );
    a.set_login_note(s(&view.login_note));
    a.set_can_login(view.can_login);
    a.set_clerk_name(s(&view.clerk_name));
    a.set_served_fields(s(&view.served_fields));
    a.set_paused_reason(s(&view.paused_reason));
    let t = &view.ticket;
    a.set_ticket_number(s(&t.number));
    a.set_ticket_field(s(&t.field));
    a.set_ticket_class(t.class.into());
    a.set_ticket_state(t.state.into());
    a.set_ticket_waited(s(&t.waited));
    a.set_ticket_served(s(&t.served));
    a.set_ticket_called_ago(s(&t.called_ago));
    a.set_ticket_recalls(t.recalls);
    update(
        || a.get_buttons(),
        |m| a.set_buttons(m),
        &view.buttons,
        button,
    );
    a.set_log_out_hint(s(&view.log_out_hint));
    a.set_language_hint(s(&view.language_hint));
    a.set_fields_hint(s(&view.fields_hint));
    a.set_fields_enabled(view.fields_enabled);
    update(
        || a.get_waiting(),
        |m| a.set_waiting(m),
        &view.waiting,
        waiting,
    );
    update(|| a.get_next(), |m| a.set_next(m), &view.next, next);
    a.set_dialog(view.dialog.into());
    a.set_dialog_ticket(s(&view.dialog_ticket));
    a.set_dialog_keep_place(view.dialog_keep_place);
    a.set_dialog_text(s(&view.dialog_text));
    update(
        || a.get_dialog_options(),
        |m| a.set_dialog_options(m),
        &view.dialog_options,
        option,
    );
}
