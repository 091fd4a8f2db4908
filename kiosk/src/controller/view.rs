//! What the screen shows, as plain data mirroring the Slint `KioskAdapter` property by
//! property, so the app copies it across in one place.

use super::{FieldState, KioskController, Language, PRIORITY_CLASSES, Screen, texts};

/// One field's button on the home screen (the adapter's `FieldTile`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileView {
    /// Code, passed back when pressed.
    pub code: String,
    /// Name in the shown language.
    pub name: String,
    /// `open`, `closed` or `full`.
    pub state: &'static str,
    /// Tickets waiting.
    pub waiting: i32,
    /// The estimated wait for a ticket taken now, as the ticket says it; empty when there
    /// is nothing to wait for or the kiosk cannot reach the office system.
    pub wait: String,
}

/// Every adapter property (see `ui/adapter.slint`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskView {
    /// Office name in the shown language.
    pub office_name: String,
    /// `08:15`; empty before the first clock.
    pub clock: String,
    /// `Thứ Hai, 23/11/2026`; empty before the first clock.
    pub date: String,
    /// The fields in order.
    pub fields: Vec<TileView>,
    /// `home`, `priority` or `confirm`.
    pub screen: &'static str,
    /// The chosen field's name (priority and confirm screens).
    pub chosen_field_name: String,
    /// The issued number, e.g. `A023`.
    pub ticket_number: String,
    /// People ahead of the ticket.
    pub ticket_ahead: i32,
    /// The ticket's priority class as it is printed (`Ưu tiên: Người cao tuổi`); empty
    /// for a regular ticket.
    pub ticket_class: String,
    /// The ticket's estimated wait, as it is printed.
    pub ticket_wait: String,
    /// A note under the number (e.g. not printed); empty for none.
    pub ticket_note: String,
    /// What is wrong with the printer, for citizens; empty when it works.
    pub printer_problem: String,
    /// Whether the office system is reachable.
    pub hub_online: bool,
    /// A short notice; empty for none.
    pub message: String,
    /// `vi` or `en`.
    pub language: &'static str,
    /// The priority classes offered, in the shown language, in [`PRIORITY_CLASSES`] order.
    pub class_names: Vec<String>,
    /// A ticket request is in flight.
    pub busy: bool,
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl KioskController {
    /// What the screen shows now.
    pub fn view(&self) -> KioskView {
        let lang = self.language;
        let pick = |vi: &str, en: &str| match lang {
            Language::Vi => vi.to_string(),
            Language::En => en.to_string(),
        };
        let name_of = |code| self.field(code).map(|f| pick(&f.name, &f.name_en));
        let fields = self
            .fields
            .iter()
            .map(|f| TileView {
                code: f.code.as_str().to_string(),
                name: pick(&f.name, &f.name_en),
                state: match f.state {
                    FieldState::Open => "open",
                    FieldState::Closed => "closed",
                    FieldState::Full => "full",
                },
                waiting: count(f.waiting),
                // Nothing to say about a line that is empty and called at once, nor
                // anything known while the office system is out of reach.
                wait: if !self.hub_online || (f.waiting == 0 && f.wait_minutes == Some(0)) {
                    String::new()
                } else {
                    texts::wait(lang, f.wait_minutes)
                },
            })
            .collect();
        let shown = self
            .shown
            .as_ref()
            .filter(|_| self.screen == Screen::Confirm);
        let chosen = match self.screen {
            Screen::Home => None,
            Screen::Priority => self.chosen.as_ref().map(|(code, _)| code),
            Screen::Confirm => shown.map(|s| &s.field),
        };
        KioskView {
            office_name: pick(&self.office.0, &self.office.1),
            clock: self.clock.as_ref().map(texts::clock).unwrap_or_default(),
            date: self
                .clock
                .as_ref()
                .map(|t| texts::date(lang, t))
                .unwrap_or_default(),
            fields,
            screen: match self.screen {
                Screen::Home => "home",
                Screen::Priority => "priority",
                Screen::Confirm => "confirm",
            },
            chosen_field_name: chosen.and_then(name_of).unwrap_or_default(),
            ticket_number: shown.map(|s| s.number.clone()).unwrap_or_default(),
            ticket_ahead: shown.map_or(0, |s| count(s.ahead)),
            ticket_class: shown
                .and_then(|s| texts::class_line(lang, s.class))
                .unwrap_or_default(),
            ticket_wait: shown
                .map(|s| texts::wait(lang, s.wait_minutes))
                .unwrap_or_default(),
            ticket_note: shown
                .and_then(|s| s.note.as_ref())
                .map(|n| texts::note(lang, n))
                .unwrap_or_default(),
            printer_problem: self
                .printer_problem
                .map(|p| p.for_citizens(lang).to_string())
                .unwrap_or_default(),
            hub_online: self.hub_online,
            message: self
                .notice
                .as_ref()
                .map(|(n, _)| {
                    let field = match n {
                        texts::Notice::Refused(_, code) => name_of(code).unwrap_or_default(),
                        texts::Notice::CoolingDown(_) => String::new(),
                    };
                    texts::notice(lang, n, &field)
                })
                .unwrap_or_default(),
            language: match lang {
                Language::Vi => "vi",
                Language::En => "en",
            },
            class_names: PRIORITY_CLASSES
                .iter()
                .filter_map(|c| texts::class_name(lang, *c))
                .map(str::to_string)
                .collect(),
            busy: self.in_flight.is_some(),
        }
    }
}
