//! The counter app's behaviour, without a window: the login form, what a key or a button
//! does at the desk, the dialogs, one request at a time, and what the hub's answers mean.
//!
//! The office itself is not copied here: every method that needs it takes the mirrored
//! engine (`None` before the first snapshot), so the screen always shows the hub's truth.
//! Requests leave as [`Action`]s for the app to send; their outcome comes back through
//! [`ClerkController::answered`]. Nothing here knows about Slint or the network.

mod act;
mod answers;
mod dialog;
mod keys;
mod login;
mod no_shows;
pub mod office;
mod refusals;
mod rows;
mod texts;
mod view;

#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use shared::config::Config;
use shared::engine::{Command, Engine};
use shared::model::{ClerkId, CounterId, FieldCode};

pub use dialog::{Dialog, DialogKey};
pub use keys::{DeskAction, Key, KeyPress, SHORTCUTS, shortcut};
pub use login::{FormKey, LoginFocus, LoginForm};
pub use rows::{ButtonView, NextView, OptionView, TicketView, ToggleView, WaitingView};
pub use texts::{Blocked, Done, Notice, PAUSE_REASONS};
pub use view::ClerkView;

/// Language of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

/// Which screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Counter, clerk, PIN and fields.
    Login,
    /// The current ticket, the actions and the queue.
    Desk,
}

/// A request for the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Log a clerk in (the hub checks the PIN). The app connects as `counter` first if it
    /// is connected as another one.
    Login {
        /// Counter.
        counter: CounterId,
        /// Clerk.
        clerk: ClerkId,
        /// PIN as typed.
        pin: String,
        /// Fields served, in order of preference.
        fields: Vec<FieldCode>,
    },
    /// A command for the engine.
    Command(Command),
}

/// A click or touch on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    /// A desk button.
    Desk(DeskAction),
    /// Option `i` of the open dialog.
    Option(usize),
    /// The dialog's confirm button.
    ConfirmDialog,
    /// Close the dialog.
    CloseDialog,
    /// In the transfer dialog: keep the place in line (true) or go to the back.
    Place(bool),
    /// A part of the login form.
    Focus(LoginFocus),
    /// The office's clerk number `i` on the login form.
    Clerk(usize),
    /// The office's field number `i` on the login form.
    Field(usize),
    /// The counter number up or down.
    CounterStep(i32),
    /// The login button.
    Login,
}

/// How long a notice stays: a success briefly, a problem long enough to read twice.
const NOTICE_INFO: Duration = Duration::from_secs(5);
const NOTICE_ERROR: Duration = Duration::from_secs(10);

/// The request waiting for its answer, with what the answer needs.
#[derive(Debug, Clone, PartialEq)]
enum Request {
    Login(ClerkId),
    /// `then` is sent once `command` went through (a no-show brought back, then called).
    Command {
        command: Command,
        ticket: String,
        then: Option<Command>,
    },
}

/// The office as the hub sent it (in the mirrored engine), else the local file.
fn office_of<'a>(local: &'a Arc<Config>, engine: Option<&'a Engine>) -> &'a Arc<Config> {
    engine.map_or(local, |e| e.config())
}

/// The counter app's state; see the module doc.
#[derive(Debug, Clone)]
pub struct ClerkController {
    office: Arc<Config>,
    language: Language,
    online: bool,
    screen: Screen,
    form: LoginForm,
    prefilled: bool,
    counter: CounterId,
    clerk: Option<ClerkId>,
    opened_seq: u64,
    dialog: Option<Dialog>,
    in_flight: Option<Request>,
    notice: Option<(Notice, Instant)>,
    clock: DateTime<Utc>,
    locked: Option<(ClerkId, DateTime<Utc>)>,
}

impl ClerkController {
    /// The login screen for `counter`, offline, in Vietnamese. `office` is the local office
    /// file, used until the hub sends its own.
    pub fn new(office: Arc<Config>, counter: CounterId) -> Self {
        ClerkController {
            form: LoginForm::new(&office, counter),
            office,
            language: Language::Vi,
            online: false,
            screen: Screen::Login,
            prefilled: false,
            counter,
            clerk: None,
            opened_seq: 0,
            dialog: None,
            in_flight: None,
            notice: None,
            clock: Utc::now(),
            locked: None,
        }
    }

    /// The time of day now, for what depends on it (whether a no-show may still come
    /// back); the app sets it on every tick, tests set their own.
    pub fn set_clock(&mut self, now: DateTime<Utc>) {
        self.clock = now;
    }

    /// Whether the hub can be reached now. Back online, a notice that only said it was
    /// not goes: the header says "connected" and nothing beside it may say otherwise.
    pub fn set_online(&mut self, online: bool) {
        self.online = online;
        if self.notice().is_some_and(|n| n.outlived(online, false)) {
            self.notice = None;
        }
    }

    /// Keeps the login form on this counter: the one the device was paired as, which is
    /// the only one the hub lets it act as.
    pub fn keep_counter(&mut self) {
        self.form.counter_fixed = true;
    }

    /// Switches between Vietnamese and English.
    pub fn toggle_language(&mut self) {
        self.language = match self.language {
            Language::Vi => Language::En,
            Language::En => Language::Vi,
        };
    }

    /// The language shown.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The counter the app works at (the one typed on the login form, once submitted).
    pub fn counter(&self) -> CounterId {
        self.counter
    }

    /// The clerk logged in.
    pub fn clerk(&self) -> Option<&ClerkId> {
        self.clerk.as_ref()
    }

    /// The open dialog.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// The login form.
    pub fn form(&self) -> &LoginForm {
        &self.form
    }

    /// The notice shown, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref().map(|(n, _)| n)
    }

    /// Whether a request waits for its answer.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The office as the hub sent it, else the local file.
    fn office<'a>(&'a self, engine: Option<&'a Engine>) -> &'a Arc<Config> {
        office_of(&self.office, engine)
    }

    fn notify(&mut self, notice: Notice, at: Instant) {
        self.notice = Some((notice, at));
    }

    /// A key pressed anywhere in the window.
    pub fn key(&mut self, press: KeyPress, engine: Option<&Engine>, at: Instant) -> Option<Action> {
        if shortcut(press) == Some(DeskAction::Language) {
            self.toggle_language();
            return None;
        }
        match self.screen {
            Screen::Login => match self.form.key(office_of(&self.office, engine), press) {
                FormKey::Submit => self.submit_login(engine, at),
                FormKey::Used | FormKey::Unused => None,
            },
            Screen::Desk => match self.dialog.as_mut().map(|d| d.key(press)) {
                Some(DialogKey::Confirm) => self.confirm_dialog(engine, at),
                Some(DialogKey::Cancel) => {
                    self.dialog = None;
                    None
                }
                Some(DialogKey::Used | DialogKey::Unused) => None,
                None => shortcut(press).and_then(|a| self.act(a, engine, at)),
            },
        }
    }

    /// A click or touch.
    pub fn press(&mut self, press: Press, engine: Option<&Engine>, at: Instant) -> Option<Action> {
        let office = self.office(engine).clone();
        match press {
            Press::Desk(DeskAction::Language) => self.toggle_language(),
            Press::Desk(action) if self.screen == Screen::Desk && self.dialog.is_none() => {
                return self.act(action, engine, at);
            }
            Press::Desk(_) => {}
            Press::Option(i) if matches!(self.dialog, Some(Dialog::Fields { .. })) => {
                if let Some(d) = self.dialog.as_mut() {
                    d.toggle(i);
                }
            }
            Press::Option(i) => {
                let typed_reason =
                    matches!(self.dialog, Some(Dialog::Pause { .. })) && i == PAUSE_REASONS.len();
                if let Some(d) = self.dialog.as_mut() {
                    d.select(i);
                    // The typed reason needs typing first; every other option is the choice.
                    if !typed_reason {
                        return self.confirm_dialog(engine, at);
                    }
                }
            }
            Press::ConfirmDialog => return self.confirm_dialog(engine, at),
            Press::CloseDialog => self.dialog = None,
            Press::Place(keep) => {
                if let Some(d) = self.dialog.as_mut() {
                    d.set_place(keep);
                }
            }
            Press::Focus(f) => self.form.focus = f,
            Press::Clerk(i) => self.form.choose_clerk(&office, i),
            Press::Field(i) => self.form.toggle_field(i),
            Press::CounterStep(by) => self.form.step_counter(&office, by),
            Press::Login if self.screen == Screen::Login => return self.submit_login(engine, at),
            Press::Login => {}
        }
        None
    }

    fn submit_login(&mut self, engine: Option<&Engine>, at: Instant) -> Option<Action> {
        let office = self.office(engine);
        let blocked = if !self.online {
            Some(Blocked::Offline)
        } else if self.in_flight.is_some() {
            Some(Blocked::Busy)
        } else {
            None
        };
        let counter = self.form.counter();
        let known = counter.filter(|c| office.counter(*c).is_some());
        let clerk = self
            .form
            .clerk(office)
            .filter(|_| !self.form.pin.is_empty());
        let fields = self.form.chosen_fields(office);
        let problem = match (blocked, known, &clerk) {
            (Some(b), _, _) => Some(b),
            (None, None, _) => Some(Blocked::UnknownCounter(counter.map_or(0, |c| c.0))),
            (None, Some(_), None) => Some(Blocked::LoginIncomplete),
            _ if fields.is_empty() => Some(Blocked::NoFields),
            _ => None,
        };
        if let Some(b) = problem {
            self.notify(Notice::Blocked(b), at);
            return None;
        }
        let (Some(counter), Some(clerk)) = (known, clerk) else {
            return None;
        };
        self.counter = counter;
        self.notice = None;
        self.in_flight = Some(Request::Login(clerk.clone()));
        Some(Action::Login {
            counter,
            clerk,
            pin: self.form.pin.clone(),
            fields,
        })
    }
}
