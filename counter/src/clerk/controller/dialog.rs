//! The small dialogs over the desk: transfer to a field, call a number, pause with a
//! reason, change the fields served. Each takes the keyboard while open; Enter confirms, Esc closes.

use shared::model::{FieldCode, TicketId};

use super::keys::{Key, KeyPress};
use super::no_shows::NoShow;
use super::texts::PAUSE_REASONS;

/// Longest ticket number typed (prefix and digits).
const MAX_NUMBER: usize = 10;
/// Longest pause reason the hub accepts.
const MAX_REASON: usize = 200;

/// An open dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Move the counter's ticket to another field.
    Transfer {
        /// The ticket.
        ticket: TicketId,
        /// Its number as shown.
        display: String,
        /// The fields it may go to, in the office's order.
        options: Vec<FieldCode>,
        /// The one chosen.
        selected: usize,
        /// Keep its place in line (its arrival time); false sends it to the back.
        keep_place: bool,
    },
    /// Call a waiting ticket by its number, or bring back a no-show (typed, or one of the
    /// list of those still within the time to return).
    CallNumber {
        /// The number typed, e.g. `A023`.
        text: String,
        /// No-shows that may still be brought back, the latest first.
        no_shows: Vec<NoShow>,
        /// The no-show under the arrow keys, if any.
        cursor: Option<usize>,
    },
    /// Pause: an offered reason, or the last option with a typed one.
    Pause {
        /// The reason chosen; `PAUSE_REASONS.len()` is the typed one.
        selected: usize,
        /// The reason typed.
        text: String,
    },
    /// Change the fields the counter serves: each one ticked or not, as on the login form.
    Fields {
        /// Every field of the office, in its order, ticked if it is to be served.
        options: Vec<(FieldCode, bool)>,
        /// The one under the arrow keys.
        cursor: usize,
    },
}

/// What a key did to the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKey {
    /// The dialog used it.
    Used,
    /// Enter: do it.
    Confirm,
    /// Esc: close without doing anything.
    Cancel,
    /// Not for the dialog.
    Unused,
}

impl Dialog {
    /// Name the UI uses.
    pub fn id(&self) -> &'static str {
        match self {
            Dialog::Transfer { .. } => "transfer",
            Dialog::CallNumber { .. } => "call-number",
            Dialog::Pause { .. } => "pause",
            Dialog::Fields { .. } => "fields",
        }
    }

    /// How many options the dialog lists.
    pub fn option_count(&self) -> usize {
        match self {
            Dialog::Transfer { options, .. } => options.len(),
            Dialog::Fields { options, .. } => options.len(),
            Dialog::CallNumber { no_shows, .. } => no_shows.len(),
            Dialog::Pause { .. } => PAUSE_REASONS.len() + 1,
        }
    }

    /// Chooses option `i` (a click, or its digit); in the field list, moves the cursor.
    pub fn select(&mut self, i: usize) {
        if i >= self.option_count() {
            return;
        }
        match self {
            Dialog::Transfer { selected, .. } | Dialog::Pause { selected, .. } => *selected = i,
            Dialog::Fields { cursor, .. } => *cursor = i,
            Dialog::CallNumber { cursor, text, .. } => {
                // A no-show chosen from the list replaces a number half typed.
                *cursor = Some(i);
                text.clear();
            }
        }
    }

    /// Ticks or unticks field `i` of the field list and puts the cursor on it.
    pub fn toggle(&mut self, i: usize) {
        if let Dialog::Fields { options, cursor } = self
            && let Some((_, on)) = options.get_mut(i)
        {
            *on = !*on;
            *cursor = i;
        }
    }

    /// In the transfer dialog, switches between keeping the place in line and the back of
    /// the line.
    pub fn toggle_place(&mut self) {
        if let Dialog::Transfer { keep_place, .. } = self {
            *keep_place = !*keep_place;
        }
    }

    /// In the transfer dialog, chooses to keep the place in line (true) or go to the back.
    pub fn set_place(&mut self, keep: bool) {
        if let Dialog::Transfer { keep_place, .. } = self {
            *keep_place = keep;
        }
    }

    /// The fields ticked in the field list, in the office's order.
    pub fn ticked(&self) -> Vec<FieldCode> {
        match self {
            Dialog::Fields { options, .. } => options
                .iter()
                .filter(|(_, on)| *on)
                .map(|(f, _)| f.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn selected(&self) -> usize {
        match self {
            Dialog::Transfer { selected, .. } | Dialog::Pause { selected, .. } => *selected,
            Dialog::Fields { cursor, .. } => *cursor,
            Dialog::CallNumber { cursor, .. } => cursor.unwrap_or(0),
        }
    }

    /// Applies a key.
    pub fn key(&mut self, press: KeyPress) -> DialogKey {
        if press.ctrl {
            return DialogKey::Unused;
        }
        let count = self.option_count();
        match press.key {
            Key::Enter => return DialogKey::Confirm,
            Key::Tab | Key::BackTab if matches!(self, Dialog::Transfer { .. }) => {
                self.toggle_place();
            }
            // Into the no-show list: down to the first, up to the last.
            Key::Up | Key::Down
                if count > 0 && matches!(self, Dialog::CallNumber { cursor: None, .. }) =>
            {
                self.select(if press.key == Key::Up { count - 1 } else { 0 });
            }
            Key::Escape => return DialogKey::Cancel,
            Key::Up | Key::Left if count > 0 => self.select((self.selected() + count - 1) % count),
            Key::Down | Key::Right if count > 0 => self.select((self.selected() + 1) % count),
            key => return self.typed(key),
        }
        DialogKey::Used
    }

    fn typed(&mut self, key: Key) -> DialogKey {
        match (&mut *self, key) {
            (Dialog::Transfer { .. }, Key::Char(c)) if c.is_ascii_digit() => {}
            (Dialog::Fields { cursor, .. }, Key::Char(' ')) => {
                let i = *cursor;
                self.toggle(i);
                return DialogKey::Used;
            }
            (Dialog::Fields { .. }, Key::Char(c)) if c.is_ascii_digit() => {}
            (Dialog::CallNumber { text, cursor, .. }, Key::Char(c)) if c.is_alphanumeric() => {
                if text.chars().count() < MAX_NUMBER {
                    text.extend(c.to_uppercase());
                }
                *cursor = None;
                return DialogKey::Used;
            }
            (Dialog::CallNumber { text, .. }, Key::Backspace) => {
                text.pop();
                return DialogKey::Used;
            }
            (Dialog::Pause { text, .. }, Key::Char(c)) if c.is_ascii_digit() && text.is_empty() => {
            }
            (Dialog::Pause { text, selected }, Key::Char(c)) if !c.is_control() => {
                if !(text.is_empty() && c == ' ') && text.chars().count() < MAX_REASON {
                    text.push(c);
                    *selected = PAUSE_REASONS.len();
                }
                return DialogKey::Used;
            }
            (Dialog::Pause { text, .. }, Key::Backspace) => {
                text.pop();
                return DialogKey::Used;
            }
            _ => return DialogKey::Unused,
        }
        // A digit picks an option, or ticks a field: 1 to 9, and 0 for the tenth.
        if let Key::Char(c) = key {
            let n = c.to_digit(10).unwrap_or(1) as usize;
            let i = if n == 0 { 9 } else { n - 1 };
            if matches!(self, Dialog::Fields { .. }) {
                self.toggle(i);
            } else {
                self.select(i);
            }
        }
        DialogKey::Used
    }

    /// The typed text (number or reason).
    pub fn text(&self) -> &str {
        match self {
            Dialog::Transfer { .. } | Dialog::Fields { .. } => "",
            Dialog::CallNumber { text, .. } | Dialog::Pause { text, .. } => text,
        }
    }

    /// The pause reason to send: the offered one chosen (in Vietnamese, as the manager
    /// reads it), or the typed one; None when the typed one is empty.
    pub fn pause_reason(&self) -> Option<String> {
        let Dialog::Pause { selected, text } = self else {
            return None;
        };
        match PAUSE_REASONS.get(*selected) {
            Some((vi, _)) => Some((*vi).to_string()),
            None => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        }
    }

    /// Index of the chosen option, for the view.
    pub fn selected_option(&self) -> Option<usize> {
        match self {
            Dialog::CallNumber { cursor, .. } => *cursor,
            _ => Some(self.selected()),
        }
    }
}
