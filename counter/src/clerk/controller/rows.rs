//! The rows of the screen's lists and its ticket, as plain data mirroring the Slint
//! adapter's structs, and how the ticket and a dialog's options are put in words.

use chrono::{DateTime, Utc};
use shared::config::Config;
use shared::model::{Ticket, TicketState};

use super::refusals::field_name;
use super::texts::{self, PAUSE_REASONS};
use super::{Dialog, Language};

/// A choice on the login form: a clerk or a field (the adapter's `Toggle`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToggleView {
    /// Name in the shown language.
    pub label: String,
    /// Second line: the clerk's login, or the field's code.
    pub detail: String,
    /// Chosen.
    pub on: bool,
    /// Under the arrow keys' cursor.
    pub cursor: bool,
}

/// The counter's ticket (the adapter's `ticket-*` properties).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketView {
    /// `A023`; empty when the counter has none.
    pub number: String,
    /// Its field's name.
    pub field: String,
    /// `regular`, `elderly`, `disability`, `pregnancy` or `meritorious`.
    pub class: &'static str,
    /// `none`, `called` or `serving`.
    pub state: &'static str,
    /// How long it waited before it was called, `mm:ss`.
    pub waited: String,
    /// How long it has been served, `mm:ss` (serving only).
    pub served: String,
    /// How long since it was called, `mm:ss` (called only).
    pub called_ago: String,
    /// Times recalled.
    pub recalls: i32,
}

/// A desk button (the adapter's `DeskButton`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonView {
    /// What it does: [`DeskAction::id`], or `resume` for the pause button when paused.
    pub action: &'static str,
    /// Its shortcuts, from the shortcut table.
    pub hint: String,
    /// Whether it can be done now.
    pub enabled: bool,
}

/// Waiting in one served field (the adapter's `WaitingRow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingView {
    /// Field name.
    pub name: String,
    /// Tickets waiting.
    pub waiting: i32,
}

/// One of the next calls (the adapter's `NextRow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextView {
    /// `A024`.
    pub number: String,
    /// Field name.
    pub field: String,
    /// In the priority line.
    pub priority: bool,
    /// Waiting for, `mm:ss`.
    pub waited: String,
}

/// An option of the open dialog (the adapter's `DialogOption`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionView {
    /// What it is, in the shown language.
    pub label: String,
    /// Its key: a digit.
    pub hint: String,
    /// Chosen (in the field list: ticked).
    pub selected: bool,
    /// Under the arrow keys.
    pub cursor: bool,
}

impl TicketView {
    /// The ticket as the desk shows it at `now`.
    pub fn of(t: &Ticket, office: &Config, lang: Language, now: DateTime<Utc>) -> TicketView {
        let called = t.called_at.unwrap_or(now);
        TicketView {
            number: t.display.clone(),
            field: field_name(office, lang, &t.field),
            class: t.class.as_str(),
            state: match t.state {
                TicketState::Called => "called",
                TicketState::Serving => "serving",
                _ => "none",
            },
            waited: texts::span(called - t.issued_at),
            served: t
                .started_at
                .map(|s| texts::span(now - s))
                .unwrap_or_default(),
            called_ago: match t.state {
                TicketState::Called => texts::span(now - called),
                _ => String::new(),
            },
            recalls: i32::try_from(t.recalls).unwrap_or(i32::MAX),
        }
    }
}

impl OptionView {
    /// The options of `dialog`, numbered, in `lang`.
    pub fn list(dialog: &Dialog, office: &Config, lang: Language) -> Vec<OptionView> {
        let labels: Vec<String> = match dialog {
            Dialog::Transfer { options, .. } => options
                .iter()
                .map(|f| field_name(office, lang, f))
                .collect(),
            Dialog::Fields { options, .. } => options
                .iter()
                .map(|(f, _)| field_name(office, lang, f))
                .collect(),
            Dialog::CallNumber { no_shows, .. } => no_shows
                .iter()
                .map(|n| {
                    let local = n.at.with_timezone(&office.time_zone).naive_local();
                    let (at, field) = (texts::clock(&local), field_name(office, lang, &n.field));
                    let counter = n.counter.map_or(String::new(), |c| match lang {
                        Language::Vi => format!(", quầy {c}"),
                        Language::En => format!(", counter {c}"),
                    });
                    match lang {
                        Language::Vi => {
                            format!("{} · {field} · vắng mặt lúc {at}{counter}", n.display)
                        }
                        Language::En => {
                            format!("{} · {field} · no-show at {at}{counter}", n.display)
                        }
                    }
                })
                .collect(),
            Dialog::Pause { text, .. } => {
                let mut labels: Vec<String> = PAUSE_REASONS
                    .iter()
                    .map(|(vi, en)| match lang {
                        Language::Vi => vi.to_string(),
                        Language::En => en.to_string(),
                    })
                    .collect();
                labels.push(if text.is_empty() {
                    match lang {
                        Language::Vi => "Lý do khác: gõ để nhập…".into(),
                        Language::En => "Another reason: type it…".into(),
                    }
                } else {
                    text.clone()
                });
                labels
            }
        };
        let selected = dialog.selected_option();
        let ticked = |i: usize| match dialog {
            Dialog::Fields { options, .. } => options.get(i).is_some_and(|(_, on)| *on),
            _ => selected == Some(i),
        };
        labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| OptionView {
                label,
                // 1 to 9, then 0 for the tenth; none beyond, and none where digits are
                // typed (a ticket's number).
                hint: match i {
                    _ if matches!(dialog, Dialog::CallNumber { .. }) => String::new(),
                    0..=8 => (i + 1).to_string(),
                    9 => "0".into(),
                    _ => String::new(),
                },
                selected: ticked(i),
                cursor: selected == Some(i),
            })
            .collect()
    }
}
