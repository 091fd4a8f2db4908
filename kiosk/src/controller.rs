//! The kiosk's behaviour, without a window: which screen shows, what a press does, when a
//! ticket may be asked for, and when the screen goes back home by itself.
//!
//! Every method that depends on time takes `now`, so tests drive minutes in microseconds.
//! The app copies [`KioskController::view`] into the Slint adapter in one place; nothing
//! here knows about Slint.

mod model;
mod printer;
mod texts;
mod view;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_next;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use shared::model::{FieldCode, PriorityClass};

pub use model::{FieldInfo, FieldState, IssueRequest, Language, Press, Screen, Timing};
pub use printer::PrinterProblem;
pub use texts::{Failure, Note, Notice, PRIORITY_CLASSES, class_name};
pub use view::{KioskView, TileView};

/// The ticket on the confirm screen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    field: FieldCode,
    number: String,
    class: PriorityClass,
    ahead: u32,
    wait_minutes: Option<u32>,
    note: Option<Note>,
    until: Instant,
}

/// The kiosk's state; see the module doc.
#[derive(Debug, Clone)]
pub struct KioskController {
    timing: Timing,
    language: Language,
    screen: Screen,
    office: (String, String),
    fields: Vec<FieldInfo>,
    chosen: Option<(FieldCode, Instant)>,
    in_flight: Option<(FieldCode, PriorityClass)>,
    shown: Option<Shown>,
    last_issued: HashMap<FieldCode, Instant>,
    notice: Option<(Notice, Instant)>,
    printer_problem: Option<PrinterProblem>,
    hub_online: bool,
    clock: Option<NaiveDateTime>,
    /// The citizen's last touch, from which the screen falls back to Vietnamese.
    touched: Option<Instant>,
}

impl KioskController {
    /// A kiosk on the home screen, in Vietnamese, with no fields yet and the hub offline.
    pub fn new(timing: Timing) -> Self {
        KioskController {
            timing,
            language: Language::Vi,
            screen: Screen::Home,
            office: (String::new(), String::new()),
            fields: Vec::new(),
            chosen: None,
            in_flight: None,
            shown: None,
            last_issued: HashMap::new(),
            notice: None,
            printer_problem: None,
            hub_online: false,
            clock: None,
            touched: None,
        }
    }

    /// Sets the office's Vietnamese and English names.
    pub fn set_office(&mut self, name: &str, name_en: &str) {
        self.office = (name.to_string(), name_en.to_string());
    }

    /// Replaces the fields (in the order the kiosk shows them).
    pub fn set_fields(&mut self, fields: Vec<FieldInfo>) {
        self.fields = fields;
    }

    /// The office's local time, for the clock and date in the header.
    pub fn set_clock(&mut self, local: NaiveDateTime) {
        self.clock = Some(local);
    }

    /// Whether the kiosk reaches the office system; offline, no ticket can be issued.
    pub fn set_hub_online(&mut self, online: bool) {
        self.hub_online = online;
    }

    /// What is wrong with the printer (`None`: it works).
    pub fn set_printer_problem(&mut self, problem: Option<PrinterProblem>) {
        self.printer_problem = problem;
    }

    /// Switches between Vietnamese and English. The next citizen finds Vietnamese again:
    /// after the ticket, or after [`Timing::language_idle`] without a touch.
    pub fn toggle_language(&mut self, now: Instant) {
        self.touched = Some(now);
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

    /// The citizen pressed a field on the home screen.
    pub fn press_field(&mut self, code: &str, now: Instant) -> Press {
        if self.in_flight.is_some() || self.screen != Screen::Home {
            return Press::Ignored;
        }
        self.touched = Some(now);
        let Some(field) = self.fields.iter().find(|f| f.code.as_str() == code) else {
            return Press::Ignored;
        };
        let refused = match field.state {
            _ if !self.hub_online => Some(Failure::Offline),
            FieldState::Closed => Some(Failure::Closed),
            FieldState::Full => Some(Failure::Full),
            FieldState::Open => None,
        };
        if let Some(failure) = refused {
            self.notice = Some((Notice::Refused(failure, field.code.clone()), now));
            return Press::Closed(failure);
        }
        let left = self.cool_down_left(&field.code, now);
        if !left.is_zero() {
            self.notice = Some((Notice::CoolingDown(left), now));
            return Press::CoolingDown { left };
        }
        self.notice = None;
        self.chosen = Some((field.code.clone(), now));
        self.screen = Screen::Priority;
        Press::ChoosePriority
    }

    /// The citizen chose a class on the priority screen; at most one request is in flight.
    pub fn choose_priority(&mut self, class: PriorityClass, now: Instant) -> Option<IssueRequest> {
        if self.screen != Screen::Priority || self.in_flight.is_some() {
            return None;
        }
        let (field, _) = self.chosen.clone()?;
        self.touched = Some(now);
        self.in_flight = Some((field.clone(), class));
        Some(IssueRequest { field, class })
    }

    /// The citizen pressed back on the priority screen.
    pub fn back(&mut self, now: Instant) {
        if self.screen == Screen::Priority && self.in_flight.is_none() {
            self.touched = Some(now);
            self.go_home();
        }
    }

    /// The hub issued the ticket asked for: show it, and start the cool-down.
    pub fn issued(
        &mut self,
        number: &str,
        ahead: u32,
        wait_minutes: Option<u32>,
        note: Option<Note>,
        now: Instant,
    ) {
        let Some((field, class)) = self.in_flight.take() else {
            return;
        };
        self.last_issued.insert(field.clone(), now);
        self.shown = Some(Shown {
            field,
            number: number.to_string(),
            class,
            ahead,
            wait_minutes,
            note,
            until: now + self.timing.confirm,
        });
        self.notice = None;
        self.screen = Screen::Confirm;
    }

    /// The request failed: back home with a notice; a closed or full field greys out.
    pub fn failed(&mut self, failure: Failure, now: Instant) {
        let Some((field, _)) = self.in_flight.take() else {
            return;
        };
        let state = match failure {
            Failure::Closed => Some(FieldState::Closed),
            Failure::Full => Some(FieldState::Full),
            Failure::Offline | Failure::Other => None,
        };
        if let (Some(state), Some(f)) = (state, self.fields.iter_mut().find(|f| f.code == field)) {
            f.state = state;
        }
        self.go_home();
        self.notice = Some((Notice::Refused(failure, field), now));
    }

    /// The citizen pressed Done on the confirm screen.
    pub fn done(&mut self) {
        if self.screen == Screen::Confirm {
            self.ticket_taken();
        }
    }

    /// Expires what has timed out; true when a screen went back home, or the language
    /// back to Vietnamese, by itself.
    pub fn tick(&mut self, now: Instant) -> bool {
        if self
            .notice
            .as_ref()
            .is_some_and(|(_, at)| now >= *at + self.timing.notice)
        {
            self.notice = None;
        }
        let timed_out = match self.screen {
            Screen::Confirm => self.shown.as_ref().is_some_and(|s| now >= s.until),
            Screen::Priority => {
                self.in_flight.is_none()
                    && self
                        .chosen
                        .as_ref()
                        .is_some_and(|(_, at)| now >= *at + self.timing.priority)
            }
            Screen::Home => false,
        };
        if timed_out && self.screen == Screen::Confirm {
            self.ticket_taken();
        } else if timed_out {
            self.go_home();
        }
        // Nobody has touched the screen for a while: the next citizen reads Vietnamese.
        let idle = self.in_flight.is_none()
            && self.language != Language::Vi
            && self
                .touched
                .is_none_or(|at| now >= at + self.timing.language_idle);
        if idle {
            self.language = Language::Vi;
        }
        timed_out || idle
    }

    /// Time left before a press on `code` is accepted (zero: now).
    fn cool_down_left(&self, code: &FieldCode, now: Instant) -> Duration {
        let since = |at: Option<&Instant>, span: Duration| {
            at.map_or(Duration::ZERO, |at| {
                (*at + span).saturating_duration_since(now)
            })
        };
        let any = self.last_issued.values().max();
        since(any, self.timing.cool_down_any).max(since(
            self.last_issued.get(code),
            self.timing.cool_down_same_field,
        ))
    }

    fn field(&self, code: &FieldCode) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| &f.code == code)
    }

    /// The confirm screen is done with: home, in Vietnamese for whoever comes next.
    fn ticket_taken(&mut self) {
        self.go_home();
        self.language = Language::Vi;
    }

    fn go_home(&mut self) {
        self.screen = Screen::Home;
        self.chosen = None;
    }
}
