//! Keys as the controller sees them, and the desk's shortcut table: the one place that says
//! which key does what, read by the key handler, the on-screen hints and the tests.

/// A key press, without Slint's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A function key, F1 to F24.
    F(u8),
    /// A printable character (letters lower-cased for shortcuts by [`Key::folded`]).
    Char(char),
    /// Enter or Return.
    Enter,
    /// Escape.
    Escape,
    /// Tab.
    Tab,
    /// Shift+Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
}

impl Key {
    /// The same key with a letter in lower case, so that R and r do the same.
    pub fn folded(self) -> Key {
        match self {
            Key::Char(c) => Key::Char(c.to_lowercase().next().unwrap_or(c)),
            other => other,
        }
    }

    /// The key as printed in a hint: `F1`, `Space`, `R`, `Enter`.
    pub fn label(self) -> String {
        match self {
            Key::F(n) => format!("F{n}"),
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_uppercase().collect(),
            Key::Enter => "Enter".into(),
            Key::Escape => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift+Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
        }
    }
}

/// A key with the Control modifier, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress {
    /// The key.
    pub key: Key,
    /// Control held.
    pub ctrl: bool,
}

impl KeyPress {
    /// A key alone.
    pub const fn plain(key: Key) -> KeyPress {
        KeyPress { key, ctrl: false }
    }

    /// Control and a key.
    pub const fn ctrl(key: Key) -> KeyPress {
        KeyPress { key, ctrl: true }
    }

    /// `F1`, `Ctrl+L`.
    pub fn label(self) -> String {
        if self.ctrl {
            format!("Ctrl+{}", self.key.label())
        } else {
            self.key.label()
        }
    }
}

/// What a clerk does at the desk, by button or shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeskAction {
    /// Call the next ticket (finishing the one being served).
    CallNext,
    /// Announce the called ticket again.
    Recall,
    /// The citizen has arrived: start serving.
    Start,
    /// The ticket is done.
    Finish,
    /// The called citizen did not come.
    NoShow,
    /// Move the ticket to another field (opens the field list).
    Transfer,
    /// Call a ticket by its number (opens the number entry).
    CallNumber,
    /// Pause with a reason (opens the reasons), or resume when paused.
    Pause,
    /// Change the fields the counter serves (opens the field list).
    Fields,
    /// Log the clerk out and close the counter.
    LogOut,
    /// Switch between Vietnamese and English.
    Language,
}

impl DeskAction {
    /// The big buttons, in their order on screen.
    pub const BUTTONS: [DeskAction; 8] = [
        DeskAction::CallNext,
        DeskAction::Recall,
        DeskAction::Start,
        DeskAction::Finish,
        DeskAction::NoShow,
        DeskAction::Transfer,
        DeskAction::CallNumber,
        DeskAction::Pause,
    ];

    /// Name the UI uses for the button (its label is chosen in the `.slint` file).
    pub fn id(self) -> &'static str {
        match self {
            DeskAction::CallNext => "call-next",
            DeskAction::Recall => "recall",
            DeskAction::Start => "start",
            DeskAction::Finish => "finish",
            DeskAction::NoShow => "no-show",
            DeskAction::Transfer => "transfer",
            DeskAction::CallNumber => "call-number",
            DeskAction::Pause => "pause",
            DeskAction::Fields => "fields",
            DeskAction::LogOut => "log-out",
            DeskAction::Language => "language",
        }
    }

    /// The action a UI name stands for.
    pub fn from_id(id: &str) -> Option<DeskAction> {
        DeskAction::BUTTONS
            .into_iter()
            .chain([DeskAction::Fields, DeskAction::LogOut, DeskAction::Language])
            .find(|a| a.id() == id)
    }

    /// Its shortcuts as shown on screen, e.g. `F1 · Space · Enter`.
    pub fn hint(self) -> String {
        SHORTCUTS
            .iter()
            .filter(|(_, a)| *a == self)
            .map(|(k, _)| k.label())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The desk's shortcuts. Letters are matched in lower case, so Shift or Caps Lock does not
/// matter. A function key comes first for each action: it works the same on any keyboard
/// layout and cannot be typed by accident.
pub const SHORTCUTS: &[(KeyPress, DeskAction)] = &[
    (KeyPress::plain(Key::F(1)), DeskAction::CallNext),
    (KeyPress::plain(Key::Char(' ')), DeskAction::CallNext),
    (KeyPress::plain(Key::Enter), DeskAction::CallNext),
    (KeyPress::plain(Key::F(2)), DeskAction::Recall),
    (KeyPress::plain(Key::Char('r')), DeskAction::Recall),
    (KeyPress::plain(Key::F(3)), DeskAction::Start),
    (KeyPress::plain(Key::Char('s')), DeskAction::Start),
    (KeyPress::plain(Key::F(4)), DeskAction::Finish),
    (KeyPress::plain(Key::Char('f')), DeskAction::Finish),
    (KeyPress::plain(Key::F(5)), DeskAction::NoShow),
    (KeyPress::plain(Key::Char('n')), DeskAction::NoShow),
    (KeyPress::plain(Key::F(6)), DeskAction::Transfer),
    (KeyPress::plain(Key::Char('t')), DeskAction::Transfer),
    (KeyPress::plain(Key::F(7)), DeskAction::CallNumber),
    (KeyPress::plain(Key::Char('g')), DeskAction::CallNumber),
    (KeyPress::plain(Key::F(8)), DeskAction::Pause),
    (KeyPress::plain(Key::Char('p')), DeskAction::Pause),
    (KeyPress::plain(Key::F(9)), DeskAction::Fields),
    (KeyPress::plain(Key::Char('v')), DeskAction::Fields),
    (KeyPress::ctrl(Key::Char('l')), DeskAction::LogOut),
    (KeyPress::plain(Key::F(12)), DeskAction::Language),
];

/// The desk action a key press stands for.
pub fn shortcut(press: KeyPress) -> Option<DeskAction> {
    let press = KeyPress {
        key: press.key.folded(),
        ..press
    };
    SHORTCUTS
        .iter()
        .find(|(k, _)| *k == press)
        .map(|(_, action)| *action)
}
