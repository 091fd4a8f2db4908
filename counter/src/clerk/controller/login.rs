//! The login form: counter number, clerk, PIN and the fields served, all usable from the
//! keyboard. Tab moves between the four parts; Enter logs in from any of them.

use shared::config::Config;
use shared::model::{ClerkId, CounterId, FieldCode};

use super::keys::{Key, KeyPress};

/// The part of the form that takes typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFocus {
    /// The counter number.
    Counter,
    /// The clerk: arrows choose from the office's clerks, letters type a login.
    Clerk,
    /// The PIN.
    Pin,
    /// The fields served: arrows move, Space or a digit toggles.
    Fields,
}

impl LoginFocus {
    const ORDER: [LoginFocus; 4] = [
        LoginFocus::Counter,
        LoginFocus::Clerk,
        LoginFocus::Pin,
        LoginFocus::Fields,
    ];

    /// Name the UI uses.
    pub fn id(self) -> &'static str {
        match self {
            LoginFocus::Counter => "counter",
            LoginFocus::Clerk => "clerk",
            LoginFocus::Pin => "pin",
            LoginFocus::Fields => "fields",
        }
    }

    /// The part a UI name stands for.
    pub fn from_id(id: &str) -> Option<LoginFocus> {
        LoginFocus::ORDER.into_iter().find(|f| f.id() == id)
    }

    fn step(self, by: isize) -> LoginFocus {
        let i = LoginFocus::ORDER
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0) as isize;
        LoginFocus::ORDER[(i + by).rem_euclid(4) as usize]
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The form used it.
    Used,
    /// Enter: log in.
    Submit,
    /// Not for the form.
    Unused,
}

/// Longest PIN accepted from the keyboard.
const MAX_PIN: usize = 8;
/// Longest login typed.
const MAX_LOGIN: usize = 32;

/// The login form's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    /// The counter number as typed.
    pub counter_text: String,
    /// The clerk's login as typed or chosen.
    pub clerk_text: String,
    /// The PIN as typed.
    pub pin: String,
    /// Every field of the office in its order, and whether it is served.
    pub fields: Vec<(FieldCode, bool)>,
    /// The field the arrows are on.
    pub cursor: usize,
    /// The part taking typing.
    pub focus: LoginFocus,
    /// The counter is the one this device was paired as: it cannot be changed here.
    pub counter_fixed: bool,
}

impl LoginForm {
    /// An empty form for `counter`, its configured fields ticked.
    pub fn new(office: &Config, counter: CounterId) -> LoginForm {
        let mut form = LoginForm {
            counter_text: counter.to_string(),
            clerk_text: String::new(),
            pin: String::new(),
            fields: Vec::new(),
            cursor: 0,
            focus: LoginFocus::Clerk,
            counter_fixed: false,
        };
        form.reset_fields(office);
        form
    }

    /// The counter typed, if it is a number.
    pub fn counter(&self) -> Option<CounterId> {
        self.counter_text.parse().ok().map(CounterId)
    }

    /// Ticks the typed counter's configured fields, and only those.
    pub fn reset_fields(&mut self, office: &Config) {
        let defaults = self
            .counter()
            .and_then(|c| office.counter(c))
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        self.fields = office
            .fields
            .iter()
            .map(|f| (f.code.clone(), defaults.contains(&f.code)))
            .collect();
        self.cursor = self.cursor.min(self.fields.len().saturating_sub(1));
    }

    /// The office clerk the typed login points to: the one with exactly that login, else
    /// the only one whose login starts with it (ignoring case).
    pub fn matched_clerk(&self, office: &Config) -> Option<usize> {
        let typed = self.clerk_text.trim().to_lowercase();
        if typed.is_empty() {
            return None;
        }
        let login = |i: usize| office.clerks[i].id.as_str().to_lowercase();
        let all = 0..office.clerks.len();
        if let Some(i) = all.clone().find(|i| login(*i) == typed) {
            return Some(i);
        }
        let mut starting = all.filter(|i| login(*i).starts_with(&typed));
        match (starting.next(), starting.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// The clerk to log in: the matched one, or the login as typed (the hub will say).
    pub fn clerk(&self, office: &Config) -> Option<ClerkId> {
        match self.matched_clerk(office) {
            Some(i) => Some(office.clerks[i].id.clone()),
            None if !self.clerk_text.trim().is_empty() => {
                Some(ClerkId::new(self.clerk_text.trim()))
            }
            None => None,
        }
    }

    /// The ticked fields in order of preference: the counter's configured order first,
    /// then the others in the office's order.
    pub fn chosen_fields(&self, office: &Config) -> Vec<FieldCode> {
        let ticked: Vec<&FieldCode> = self
            .fields
            .iter()
            .filter(|(_, on)| *on)
            .map(|(f, _)| f)
            .collect();
        let defaults = self
            .counter()
            .and_then(|c| office.counter(c))
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        let mut chosen: Vec<FieldCode> = defaults
            .into_iter()
            .filter(|f| ticked.contains(&f))
            .collect();
        for f in ticked {
            if !chosen.contains(f) {
                chosen.push(f.clone());
            }
        }
        chosen
    }

    /// Chooses the office's clerk number `i` (a click on the list).
    pub fn choose_clerk(&mut self, office: &Config, i: usize) {
        if let Some(c) = office.clerks.get(i) {
            self.clerk_text = c.id.as_str().to_string();
            self.focus = LoginFocus::Pin;
        }
    }

    /// Ticks or unticks field number `i`.
    pub fn toggle_field(&mut self, i: usize) {
        if let Some((_, on)) = self.fields.get_mut(i) {
            *on = !*on;
            self.cursor = i;
        }
    }

    /// Moves the counter number by `by` (the arrows, or the buttons beside it).
    pub fn step_counter(&mut self, office: &Config, by: i32) {
        if self.counter_fixed {
            return;
        }
        let now = self.counter().map_or(0, |c| i32::from(c.0));
        let next = (now + by).clamp(1, i32::from(u16::MAX));
        self.counter_text = next.to_string();
        self.reset_fields(office);
    }

    /// Applies a key to the part in focus.
    pub fn key(&mut self, office: &Config, press: KeyPress) -> FormKey {
        if press.ctrl {
            return FormKey::Unused;
        }
        match press.key {
            Key::Enter => return FormKey::Submit,
            Key::Tab => self.focus = self.focus.step(1),
            Key::BackTab => self.focus = self.focus.step(-1),
            Key::Escape => self.pin.clear(),
            _ => return self.typed(office, press.key),
        }
        FormKey::Used
    }

    fn typed(&mut self, office: &Config, key: Key) -> FormKey {
        match (self.focus, key) {
            (LoginFocus::Counter, _) if self.counter_fixed => {}
            (LoginFocus::Counter, Key::Char(c)) if c.is_ascii_digit() => {
                if self.counter_text.len() < 3 {
                    self.counter_text.push(c);
                    self.reset_fields(office);
                }
            }
            (LoginFocus::Counter, Key::Backspace) => {
                self.counter_text.pop();
                self.reset_fields(office);
            }
            (LoginFocus::Counter, Key::Up | Key::Right) => self.step_counter(office, 1),
            (LoginFocus::Counter, Key::Down | Key::Left) => self.step_counter(office, -1),
            // A PIN is digits: typing one after choosing the clerk goes straight to it.
            (LoginFocus::Clerk, Key::Char(c)) if c.is_ascii_digit() => {
                self.focus = LoginFocus::Pin;
                return self.typed(office, key);
            }
            (LoginFocus::Clerk, Key::Char(c)) if !c.is_control() && c != ' ' => {
                if self.clerk_text.chars().count() < MAX_LOGIN {
                    self.clerk_text.push(c);
                }
            }
            (LoginFocus::Clerk, Key::Backspace) => {
                self.clerk_text.pop();
            }
            (LoginFocus::Clerk, Key::Up | Key::Down) => {
                let n = office.clerks.len();
                if n > 0 {
                    let next = match (self.matched_clerk(office), key) {
                        (None, Key::Up) => n - 1,
                        (None, _) => 0,
                        (Some(i), Key::Up) => (i + n - 1) % n,
                        (Some(i), _) => (i + 1) % n,
                    };
                    self.clerk_text = office.clerks[next].id.as_str().to_string();
                }
            }
            (LoginFocus::Pin, Key::Char(c)) if !c.is_control() && c != ' ' => {
                if self.pin.chars().count() < MAX_PIN {
                    self.pin.push(c);
                }
            }
            (LoginFocus::Pin, Key::Backspace) => {
                self.pin.pop();
            }
            (LoginFocus::Fields, Key::Char(' ')) => self.toggle_field(self.cursor),
            (LoginFocus::Fields, Key::Char(c)) if c.is_ascii_digit() => {
                // 1 to 9 are the first nine fields, 0 the tenth.
                let n = c
                    .to_digit(10)
                    .map_or(0, |d| if d == 0 { 10 } else { d as usize });
                self.toggle_field(n - 1);
            }
            (LoginFocus::Fields, Key::Up | Key::Left) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            (LoginFocus::Fields, Key::Down | Key::Right) => {
                self.cursor = (self.cursor + 1).min(self.fields.len().saturating_sub(1));
            }
            _ => return FormKey::Unused,
        }
        FormKey::Used
    }
}
