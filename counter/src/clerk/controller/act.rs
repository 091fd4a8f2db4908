//! What a desk action does: a command for the hub, or a dialog to open first; and what a
//! confirmed dialog sends. Every action is checked against the mirrored office before it
//! leaves, so a refusal the app can foresee is said at once, without a round trip.

use std::time::Instant;

use shared::engine::{Command, Engine};
use shared::model::{Ticket, TicketState};

use super::{
    Action, Blocked, ClerkController, DeskAction, Dialog, Notice, Request, no_shows, office, texts,
};

impl ClerkController {
    /// A desk action by key or button.
    pub(super) fn act(
        &mut self,
        action: DeskAction,
        engine: Option<&Engine>,
        at: Instant,
    ) -> Option<Action> {
        if action == DeskAction::Language {
            self.toggle_language();
            return None;
        }
        let checked = office::check(action, engine, self.counter, self.online, self.busy());
        if let Err(b) = checked {
            self.notify(Notice::Blocked(b), at);
            return None;
        }
        let engine = engine?;
        let counter = self.counter;
        let ticket = office::current(engine, counter);
        let command = match action {
            DeskAction::CallNext => Command::CallNext { counter },
            DeskAction::Recall => Command::Recall { counter },
            DeskAction::Start => Command::StartServing { counter },
            DeskAction::Finish => Command::Finish { counter },
            DeskAction::NoShow => Command::NoShow { counter },
            DeskAction::LogOut => Command::CloseCounter { counter },
            DeskAction::Pause if office::counter(engine, counter)?.paused.is_some() => {
                Command::Resume { counter }
            }
            DeskAction::Pause => {
                self.dialog = Some(Dialog::Pause {
                    selected: 0,
                    text: String::new(),
                });
                return None;
            }
            DeskAction::CallNumber => {
                self.dialog = Some(Dialog::CallNumber {
                    text: String::new(),
                    no_shows: no_shows::listed(engine, self.clock),
                    cursor: None,
                });
                return None;
            }
            DeskAction::Transfer => {
                let t = ticket?;
                let options = engine
                    .config()
                    .fields
                    .iter()
                    .map(|f| f.code.clone())
                    .filter(|f| *f != t.field)
                    .collect();
                self.dialog = Some(Dialog::Transfer {
                    ticket: t.id,
                    display: t.display.clone(),
                    options,
                    selected: 0,
                    keep_place: true,
                });
                return None;
            }
            DeskAction::Fields => {
                let served = office::counter(engine, counter)
                    .map(|c| c.fields.clone())
                    .unwrap_or_default();
                let options = engine
                    .config()
                    .fields
                    .iter()
                    .map(|f| (f.code.clone(), served.contains(&f.code)))
                    .collect();
                self.dialog = Some(Dialog::Fields { options, cursor: 0 });
                return None;
            }
            DeskAction::Language => return None,
        };
        let shown = ticket.map(|t| t.display.clone()).unwrap_or_default();
        self.send(command, shown, None)
    }

    /// Sends `command` about `ticket` (as shown); `then` follows once it went through.
    fn send(&mut self, command: Command, ticket: String, then: Option<Command>) -> Option<Action> {
        self.notice = None;
        self.in_flight = Some(Request::Command {
            command: command.clone(),
            ticket,
            then,
        });
        Some(Action::Command(command))
    }

    /// What the call-a-number dialog sends for `t`: a call if it waits; a no-show still
    /// within the time to return is brought back, then called if the counter serves its
    /// field. Otherwise why not.
    fn call_or_bring_back(
        &self,
        engine: &Engine,
        t: &Ticket,
    ) -> Result<(Command, Option<Command>), Blocked> {
        let (counter, ticket) = (self.counter, t.id);
        let call = Command::CallTicket { counter, ticket };
        match t.state {
            TicketState::Waiting => Ok((call, None)),
            TicketState::NoShow if no_shows::returnable(engine, t, self.clock) => {
                let served =
                    office::counter(engine, counter).is_some_and(|c| c.fields.contains(&t.field));
                Ok((Command::BringBack { ticket }, served.then_some(call)))
            }
            TicketState::NoShow => {
                let at = t.ended_at.unwrap_or(self.clock);
                let local = at.with_timezone(&engine.config().time_zone).naive_local();
                Err(Blocked::ReturnWindowPassed {
                    ticket: t.display.clone(),
                    at: texts::clock(&local),
                    minutes: engine.config().queue.no_show_return_minutes,
                })
            }
            _ => Err(Blocked::NotWaiting(t.display.clone())),
        }
    }

    pub(super) fn confirm_dialog(
        &mut self,
        engine: Option<&Engine>,
        at: Instant,
    ) -> Option<Action> {
        let dialog = self.dialog.clone()?;
        let counter = self.counter;
        let (action, command, shown, then) = match &dialog {
            Dialog::Transfer {
                ticket,
                display,
                options,
                selected,
                keep_place,
            } => {
                let to = options.get(*selected)?.clone();
                let command = Command::Transfer {
                    ticket: *ticket,
                    to,
                    keep_place: *keep_place,
                };
                (DeskAction::Transfer, command, display.clone(), None)
            }
            Dialog::CallNumber {
                text,
                no_shows,
                cursor,
            } => {
                let chosen = match cursor.and_then(|i| no_shows.get(i)) {
                    Some(n) if text.is_empty() => engine.and_then(|e| e.ticket(n.ticket)),
                    _ if text.is_empty() => return None,
                    _ => engine.and_then(|e| e.ticket_by_display(text)),
                };
                let (Some(e), Some(t)) = (engine, chosen) else {
                    self.notify(Notice::Blocked(Blocked::NotWaiting(text.clone())), at);
                    return None;
                };
                match self.call_or_bring_back(e, t) {
                    Ok((command, then)) => {
                        (DeskAction::CallNumber, command, t.display.clone(), then)
                    }
                    Err(b) => {
                        self.notify(Notice::Blocked(b), at);
                        return None;
                    }
                }
            }
            Dialog::Fields { .. } => {
                let fields = dialog.ticked();
                if fields.is_empty() {
                    // The dialog stays open: the clerk ticks one and tries again.
                    self.notify(Notice::Blocked(Blocked::NoFields), at);
                    return None;
                }
                (
                    DeskAction::Fields,
                    Command::ServeFields { counter, fields },
                    String::new(),
                    None,
                )
            }
            Dialog::Pause { .. } => {
                let reason = dialog.pause_reason()?;
                (
                    DeskAction::Pause,
                    Command::Pause { counter, reason },
                    String::new(),
                    None,
                )
            }
        };
        // The office may have changed while the dialog was open.
        if let Err(b) = office::check(action, engine, counter, self.online, self.busy()) {
            self.notify(Notice::Blocked(b), at);
            return None;
        }
        self.dialog = None;
        self.send(command, shown, then)
    }
}
