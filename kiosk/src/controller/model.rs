//! The kiosk's nouns: timings, languages, screens, fields as shown, and what a press did.

use std::time::Duration;

use shared::config::FieldConfig;
use shared::model::{FieldCode, PriorityClass};

use super::Failure;

/// How long things last; [`Timing::default`] is what the office gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// After a ticket, no field may be pressed for this long (a child pressing twenty times).
    pub cool_down_any: Duration,
    /// After a ticket, the same field may not be pressed for this long.
    pub cool_down_same_field: Duration,
    /// The confirm screen goes back home after this long.
    pub confirm: Duration,
    /// The priority screen goes back home when nobody chooses for this long.
    pub priority: Duration,
    /// A notice (cool-down, closed field, failure) shows for this long.
    pub notice: Duration,
    /// The screen returns to Vietnamese when nobody has touched it for this long.
    pub language_idle: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            cool_down_any: Duration::from_secs(3),
            cool_down_same_field: Duration::from_secs(10),
            confirm: Duration::from_secs(8),
            priority: Duration::from_secs(30),
            notice: Duration::from_secs(5),
            language_idle: Duration::from_secs(30),
        }
    }
}

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
    /// The grid of fields.
    Home,
    /// Regular or one of the priority classes, for the chosen field.
    Priority,
    /// The issued number.
    Confirm,
}

/// Whether a field takes tickets now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldState {
    /// Issuing.
    Open,
    /// Closed by the office for now.
    Closed,
    /// No number left today (range or daily limit).
    Full,
}

/// A field as the kiosk shows it; the app refreshes these from the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInfo {
    /// Code, e.g. `VL`.
    pub code: FieldCode,
    /// Vietnamese name.
    pub name: String,
    /// English name (the Vietnamese one when the office gave none).
    pub name_en: String,
    /// Whether it takes tickets.
    pub state: FieldState,
    /// Tickets waiting.
    pub waiting: u32,
    /// Estimated wait for a new ticket, when known.
    pub wait_minutes: Option<u32>,
}

impl FieldInfo {
    /// The field as configured: open, nobody waiting, wait unknown until the hub says.
    pub fn from_config(field: &FieldConfig) -> Self {
        FieldInfo {
            code: field.code.clone(),
            name: field.name.clone(),
            name_en: field.name_en.clone(),
            state: FieldState::Open,
            waiting: 0,
            wait_minutes: None,
        }
    }
}

/// What pressing a field did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// The priority screen shows; the citizen chooses a class next.
    ChoosePriority,
    /// The field takes no tickets now (or the kiosk cannot reach the office system).
    Closed(Failure),
    /// A ticket was just issued here; presses are refused for `left`.
    CoolingDown {
        /// Time until presses are accepted again.
        left: Duration,
    },
    /// Nothing happened: a request is in flight, another screen shows, or no such field.
    Ignored,
}

/// A ticket to ask the hub for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    /// Field.
    pub field: FieldCode,
    /// Class chosen.
    pub class: PriorityClass,
}
