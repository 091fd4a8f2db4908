//! What the screen shows, as plain data mirroring the Slint `ClerkAdapter` property by
//! property, so the app copies it across in one place.

use chrono::{DateTime, Utc};
use shared::engine::Engine;

use super::keys::DeskAction;
use super::refusals::{clerk_name, field_name};
use super::rows::{ButtonView, NextView, OptionView, TicketView, ToggleView, WaitingView};
use super::texts;
use super::{ClerkController, Dialog, Language, LoginFocus, Screen, office, office_of};

/// How many of the next calls the desk lists.
const NEXT_SHOWN: usize = 6;

/// Every adapter property (see `ui/clerk/adapter.slint`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkView {
    /// `vi` or `en`.
    pub language: &'static str,
    /// Office name in the shown language.
    pub office_name: String,
    /// `08:15`.
    pub clock: String,
    /// `Thứ Hai, 23/11/2026`.
    pub date: String,
    /// The hub can be reached.
    pub online: bool,
    /// Connected, but the office's state has not arrived yet.
    pub loading: bool,
    /// `login` or `desk`.
    pub screen: &'static str,
    /// The counter's number.
    pub counter: i32,
    /// A request waits for its answer.
    pub busy: bool,
    /// A notice; empty for none.
    pub message: String,
    /// `error` or `info`.
    pub message_kind: &'static str,
    /// Devices needing staff (e.g. a kiosk's printer), for every counter to see.
    pub staff_alert: String,
    /// The counter number as typed on the login form.
    pub login_counter: String,
    /// The counter is the device's own: the form offers no other.
    pub login_counter_fixed: bool,
    /// `counter`, `clerk`, `pin` or `fields`.
    pub login_focus: &'static str,
    /// The clerk's login as typed.
    pub login_clerk: String,
    /// The office's clerks; `on` is the one the login points to.
    pub clerks: Vec<ToggleView>,
    /// One dot per PIN digit.
    pub pin_mask: String,
    /// Every field, ticked if served.
    pub login_fields: Vec<ToggleView>,
    /// A word about the counter on the login form (e.g. still open for someone).
    pub login_note: String,
    /// The login button works.
    pub can_login: bool,
    /// The logged-in clerk's full name.
    pub clerk_name: String,
    /// The fields served, in order, by name.
    pub served_fields: String,
    /// Why the counter is paused; empty when it is not.
    pub paused_reason: String,
    /// The counter's ticket.
    pub ticket: TicketView,
    /// The big buttons, in order.
    pub buttons: Vec<ButtonView>,
    /// The log-out shortcut.
    pub log_out_hint: String,
    /// The language shortcut.
    pub language_hint: String,
    /// The change-fields shortcut.
    pub fields_hint: String,
    /// The change-fields button works.
    pub fields_enabled: bool,
    /// Waiting per served field.
    pub waiting: Vec<WaitingView>,
    /// The next calls in order.
    pub next: Vec<NextView>,
    /// `""`, `transfer`, `call-number`, `pause` or `fields`.
    pub dialog: &'static str,
    /// The ticket a transfer moves.
    pub dialog_ticket: String,
    /// In the transfer dialog: the ticket keeps its place in line (else: to the back).
    pub dialog_keep_place: bool,
    /// What was typed in the dialog.
    pub dialog_text: String,
    /// The dialog's options.
    pub dialog_options: Vec<OptionView>,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl ClerkController {
    /// What the screen shows at `now`, from the mirrored office (`None` before it arrives).
    pub fn view(&self, engine: Option<&Engine>, now: DateTime<Utc>) -> ClerkView {
        let lang = self.language;
        let office = office_of(&self.office, engine).as_ref();
        let pick = |vi: &str, en: &str| match lang {
            Language::Vi => vi.to_string(),
            Language::En => en.to_string(),
        };
        let local = now.with_timezone(&office.time_zone).naive_local();
        let busy = self.busy();
        let counter_state = engine.and_then(|e| office::counter(e, self.counter));
        let ticket = engine.and_then(|e| office::current(e, self.counter));
        let form = &self.form;
        let matched = form.matched_clerk(office);
        let clerks = office
            .clerks
            .iter()
            .enumerate()
            .map(|(i, c)| ToggleView {
                label: c.name.clone(),
                detail: c.id.to_string(),
                on: matched == Some(i),
                cursor: false,
            })
            .collect();
        let login_fields = form
            .fields
            .iter()
            .enumerate()
            .map(|(i, (code, on))| ToggleView {
                label: field_name(office, lang, code),
                detail: code.to_string(),
                on: *on,
                cursor: form.focus == LoginFocus::Fields && form.cursor == i,
            })
            .collect();
        let open_for = form
            .counter()
            .and_then(|c| engine.and_then(|e| office::counter(e, c)))
            .and_then(|c| c.clerk.as_ref());
        let login_note = match open_for {
            Some(clerk) => {
                let name = clerk_name(office, clerk);
                pick(
                    &format!("Quầy đang mở cho {name}: nhập mã PIN của {name} để làm tiếp."),
                    &format!("The counter is open for {name}: type {name}'s PIN to carry on."),
                )
            }
            None => String::new(),
        };
        let can = |a: DeskAction| office::check(a, engine, self.counter, self.online, busy).is_ok();
        let paused = counter_state.and_then(|c| c.paused.clone());
        let buttons = DeskAction::BUTTONS
            .into_iter()
            .map(|a| ButtonView {
                action: if a == DeskAction::Pause && paused.is_some() {
                    "resume"
                } else {
                    a.id()
                },
                hint: a.hint(),
                enabled: self.screen == Screen::Desk && self.dialog.is_none() && can(a),
            })
            .collect();
        let served = counter_state.map(|c| c.fields.clone()).unwrap_or_default();
        let waiting = served
            .iter()
            .map(|f| WaitingView {
                name: field_name(office, lang, f),
                waiting: count(engine.map_or(0, |e| e.state().lines.waiting(f))),
            })
            .collect();
        let next = engine
            .map(|e| office::next_calls(e, self.counter, now, NEXT_SHOWN))
            .unwrap_or_default()
            .into_iter()
            .map(|t| NextView {
                number: t.display.clone(),
                field: field_name(office, lang, &t.field),
                priority: t.class.is_priority(),
                waited: texts::span(now - t.issued_at),
            })
            .collect();
        let staff_alert = engine
            .map(|e| {
                e.state()
                    .device_problems
                    .iter()
                    .map(|(device, problem)| {
                        let (words, _) = shared::protocol::problem_lines(problem);
                        let words = texts::device_problem(lang, words);
                        match e.state().device_offline.get(device) {
                            Some(t) => {
                                let at = t.with_timezone(&office.time_zone).naive_local();
                                let gone = texts::disconnected_at(lang, &at);
                                format!("{device}: {words} ({gone})")
                            }
                            None => format!("{device}: {words}"),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default();
        // A lock on the chosen clerk's sign-in, with the time left, over any notice.
        let locked = self.locked.as_ref().filter(|(clerk, until)| {
            self.screen == Screen::Login
                && *until > now
                && form.clerk(office).as_ref() == Some(clerk)
        });
        let (message, message_kind) = match &self.notice {
            _ if locked.is_some() => {
                let left = locked.map_or(0, |(_, until)| (*until - now).num_seconds().max(1));
                let text =
                    shared::hub::sign_in::locked_text(lang == Language::En, left.unsigned_abs());
                (text, "error")
            }
            Some((n, _)) if !n.outlived(self.online, engine.is_some()) => {
                (n.text(office, lang), n.kind())
            }
            _ => (String::new(), ""),
        };
        let can_login = self.online
            && locked.is_none()
            && !busy
            && form.clerk(office).is_some()
            && !form.pin.is_empty()
            && !form.chosen_fields(office).is_empty();
        ClerkView {
            language: match lang {
                Language::Vi => "vi",
                Language::En => "en",
            },
            office_name: pick(&office.name, &office.name_en),
            clock: texts::clock(&local),
            date: texts::date(lang, &local),
            online: self.online,
            loading: self.online && engine.is_none(),
            screen: match self.screen {
                Screen::Login => "login",
                Screen::Desk => "desk",
            },
            counter: i32::from(self.counter.0),
            busy,
            message,
            message_kind,
            staff_alert,
            login_counter: form.counter_text.clone(),
            login_counter_fixed: form.counter_fixed,
            login_focus: form.focus.id(),
            login_clerk: form.clerk_text.clone(),
            clerks,
            pin_mask: "●".repeat(form.pin.chars().count()),
            login_fields,
            login_note,
            can_login,
            clerk_name: self
                .clerk
                .as_ref()
                .map(|c| clerk_name(office, c))
                .unwrap_or_default(),
            served_fields: served
                .iter()
                .map(|f| field_name(office, lang, f))
                .collect::<Vec<_>>()
                .join(", "),
            paused_reason: paused
                .map(|r| texts::pause_reason(lang, &r))
                .unwrap_or_default(),
            ticket: ticket
                .map(|t| TicketView::of(t, office, lang, now))
                .unwrap_or_else(|| TicketView {
                    class: "regular",
                    state: "none",
                    ..TicketView::default()
                }),
            buttons,
            log_out_hint: DeskAction::LogOut.hint(),
            language_hint: DeskAction::Language.hint(),
            fields_hint: DeskAction::Fields.hint(),
            fields_enabled: self.screen == Screen::Desk
                && self.dialog.is_none()
                && can(DeskAction::Fields),
            waiting,
            next,
            dialog: self.dialog.as_ref().map_or("", Dialog::id),
            dialog_ticket: match &self.dialog {
                Some(Dialog::Transfer { display, .. }) => display.clone(),
                _ => String::new(),
            },
            dialog_keep_place: matches!(
                self.dialog,
                Some(Dialog::Transfer {
                    keep_place: true,
                    ..
                })
            ),
            dialog_text: self
                .dialog
                .as_ref()
                .map(|d| d.text().to_string())
                .unwrap_or_default(),
            dialog_options: self
                .dialog
                .as_ref()
                .map(|d| OptionView::list(d, office, lang))
                .unwrap_or_default(),
        }
    }
}
