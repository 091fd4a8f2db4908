//! What the hub's answers mean for the screen, and what the passing of time and of the
//! office does: logged in or out, a notice for what is worth a word, notices expiring.

use std::time::Instant;

use shared::client::ClientError;
use shared::engine::{Command, Engine, Event, EventKind, NoShowCause, Refusal};
use shared::model::ClerkId;
use shared::protocol::ErrorCode;

use super::{
    Action, ClerkController, Done, LoginFocus, LoginForm, NOTICE_ERROR, NOTICE_INFO, Notice,
    Request, Screen, office,
};

impl ClerkController {
    /// The outcome of the request last sent; the request that follows from it, if any
    /// (a no-show brought back is then called).
    pub fn answered(
        &mut self,
        outcome: Result<Vec<Event>, ClientError>,
        at: Instant,
    ) -> Option<Action> {
        let request = self.in_flight.take()?;
        let last_seq = |events: &[Event]| events.iter().map(|e| e.seq).max().unwrap_or(0);
        match (request, outcome) {
            (Request::Login(clerk), Ok(events)) => self.logged_in(clerk, last_seq(&events)),
            // The hub checks the PIN before it opens the counter: this clerk is back at a
            // counter still open for them (the app was restarted), so carry on.
            (
                Request::Login(clerk),
                Err(ClientError::Refused(Refusal::CounterAlreadyOpen { clerk: open, .. })),
            ) if open == clerk => self.logged_in(clerk, 0),
            // The hub locked this clerk's sign-in: the login says so, counting down, for as
            // long as it lasts.
            (Request::Login(clerk), Err(ClientError::SignInLocked { retry_after })) => {
                let left = chrono::Duration::from_std(retry_after).unwrap_or_default();
                self.locked = Some((clerk, self.clock + left));
                self.form.pin.clear();
                self.form.focus = LoginFocus::Pin;
                self.notice = None;
            }
            (Request::Login(_), Err(e)) => {
                if matches!(
                    &e,
                    ClientError::Rejected {
                        code: ErrorCode::WrongPin,
                        ..
                    }
                ) {
                    self.form.pin.clear();
                    self.form.focus = LoginFocus::Pin;
                }
                self.notify(Notice::Failed(e), at);
            }
            (
                Request::Command {
                    ticket,
                    then: Some(next),
                    ..
                },
                Ok(events),
            ) => {
                self.opened_seq = self.opened_seq.max(last_seq(&events));
                self.in_flight = Some(Request::Command {
                    command: next.clone(),
                    ticket,
                    then: None,
                });
                return Some(Action::Command(next));
            }
            (
                Request::Command {
                    command, ticket, ..
                },
                Ok(events),
            ) => {
                self.opened_seq = self.opened_seq.max(last_seq(&events));
                if let Some(done) = self.done(&command, &ticket, &events) {
                    self.notify(Notice::Done(done), at);
                }
                if matches!(command, Command::CloseCounter { .. }) {
                    self.log_out();
                }
            }
            (Request::Command { .. }, Err(e)) => self.notify(Notice::Failed(e), at),
        }
        None
    }

    /// What is worth saying about a command that went through.
    fn done(&self, command: &Command, ticket: &str, events: &[Event]) -> Option<Done> {
        let by_recalls = events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::TicketNoShow {
                    cause: NoShowCause::Recalls,
                    ..
                }
            )
        });
        match command {
            Command::Transfer { to, keep_place, .. } => Some(Done::Transferred {
                ticket: ticket.into(),
                to: to.clone(),
                keep_place: *keep_place,
            }),
            Command::NoShow { .. } => Some(Done::NoShow(ticket.into())),
            Command::BringBack { .. } => Some(Done::BroughtBack(ticket.into())),
            Command::Recall { .. } if by_recalls => Some(Done::NoShowAfterRecalls(
                ticket.into(),
                self.office.queue.max_recalls,
            )),
            Command::ServeFields { .. } => Some(Done::FieldsChanged),
            Command::CloseCounter { .. } => Some(Done::LoggedOut),
            _ => None,
        }
    }

    fn logged_in(&mut self, clerk: ClerkId, seq: u64) {
        self.locked = None;
        self.screen = Screen::Desk;
        self.clerk = Some(clerk);
        self.opened_seq = seq;
        self.form.pin.clear();
        self.dialog = None;
        self.notice = None;
    }

    fn log_out(&mut self) {
        self.screen = Screen::Login;
        self.clerk = None;
        self.dialog = None;
        let fixed = self.form.counter_fixed;
        self.form = LoginForm::new(&self.office, self.counter);
        self.form.counter_fixed = fixed;
        self.prefilled = false;
    }

    /// The passing of time and of the office: notices expire; a counter closed from
    /// elsewhere goes back to the login; a counter still open offers its clerk at login.
    pub fn tick(&mut self, engine: Option<&Engine>, at: Instant) {
        if let Some((n, since)) = &self.notice {
            let lasts = if n.kind() == "info" {
                NOTICE_INFO
            } else {
                NOTICE_ERROR
            };
            if at >= *since + lasts {
                self.notice = None;
            }
        }
        let Some(engine) = engine else { return };
        let open_for = office::counter(engine, self.counter).and_then(|c| c.clerk.clone());
        match self.screen {
            // Only once the mirror has caught up with the login: before, it is old news.
            Screen::Desk
                if engine.state().last_seq >= self.opened_seq && open_for != self.clerk =>
            {
                self.log_out();
                self.notify(Notice::Done(Done::ClosedElsewhere), at);
            }
            Screen::Login if !self.prefilled && self.form.clerk_text.is_empty() => {
                if let Some(clerk) = open_for {
                    self.form.clerk_text = clerk.as_str().to_string();
                    self.form.focus = LoginFocus::Pin;
                    self.prefilled = true;
                }
            }
            _ => {}
        }
    }
}
