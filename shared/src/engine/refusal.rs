//! Why the engine refused a command. Each says what a person can do about it.

use serde::{Deserialize, Serialize};

use crate::model::{ClerkId, CounterId, FieldCode, TicketId, TicketState};

/// A refused command; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "refusal")]
pub enum Refusal {
    /// No such field in the configuration.
    #[error("unknown field {field}")]
    UnknownField {
        /// Field asked for.
        field: FieldCode,
    },
    /// The field is not issuing tickets.
    #[error("field {field} is closed")]
    FieldClosed {
        /// Field.
        field: FieldCode,
    },
    /// The field is already open.
    #[error("field {field} is already open")]
    FieldAlreadyOpen {
        /// Field.
        field: FieldCode,
    },
    /// Every number of the range is in use or kept for a no-show who may still come back,
    /// or the range ended without wrap: the field is full.
    #[error("field {field} has no free number left today")]
    RangeExhausted {
        /// Field.
        field: FieldCode,
    },
    /// The field's daily limit is reached.
    #[error("field {field} has issued its {limit} tickets for today")]
    DailyLimitReached {
        /// Field.
        field: FieldCode,
        /// The limit.
        limit: u32,
    },
    /// No such counter in the configuration.
    #[error("unknown counter {counter}")]
    UnknownCounter {
        /// Counter.
        counter: CounterId,
    },
    /// No clerk is logged in at the counter.
    #[error("counter {counter} is closed")]
    CounterClosed {
        /// Counter.
        counter: CounterId,
    },
    /// A clerk is already logged in at the counter.
    #[error("counter {counter} is already open for {clerk}")]
    CounterAlreadyOpen {
        /// Counter.
        counter: CounterId,
        /// Clerk logged in there.
        clerk: ClerkId,
    },
    /// The counter is paused.
    #[error("counter {counter} is paused ({reason}); resume it first")]
    CounterPaused {
        /// Counter.
        counter: CounterId,
        /// Why it paused.
        reason: String,
    },
    /// The counter is not paused.
    #[error("counter {counter} is not paused")]
    CounterNotPaused {
        /// Counter.
        counter: CounterId,
    },
    /// The counter has called a ticket whose citizen has not arrived yet.
    #[error("counter {counter} has called {ticket}: start, recall or mark it no-show first")]
    CounterBusy {
        /// Counter.
        counter: CounterId,
        /// The ticket as shown.
        ticket: String,
    },
    /// The counter has no current ticket.
    #[error("counter {counter} has no current ticket")]
    CounterIdle {
        /// Counter.
        counter: CounterId,
    },
    /// The counter's ticket is already being served.
    #[error("{ticket} is already being served at counter {counter}")]
    AlreadyServing {
        /// Counter.
        counter: CounterId,
        /// The ticket as shown.
        ticket: String,
    },
    /// Nobody waits in the counter's fields.
    #[error("nobody is waiting for counter {counter}")]
    NoneWaiting {
        /// Counter.
        counter: CounterId,
    },
    /// The counter does not serve that field.
    #[error("counter {counter} does not serve field {field}")]
    FieldNotServed {
        /// Counter.
        counter: CounterId,
        /// Field.
        field: FieldCode,
    },
    /// A counter must serve at least one field, each once.
    #[error("a counter must serve at least one field, each listed once")]
    BadFieldList,
    /// No such clerk in the configuration.
    #[error("unknown clerk {clerk}")]
    UnknownClerk {
        /// Clerk.
        clerk: ClerkId,
    },
    /// The clerk is logged in at another counter.
    #[error("{clerk} is already logged in at counter {counter}")]
    ClerkElsewhere {
        /// Clerk.
        clerk: ClerkId,
        /// Where.
        counter: CounterId,
    },
    /// No such ticket today.
    #[error("no ticket {ticket} today")]
    UnknownTicket {
        /// Ticket.
        ticket: TicketId,
    },
    /// The ticket is not in the state the command needs.
    #[error("{ticket} is {state:?}, not {needed}")]
    WrongTicketState {
        /// The ticket as shown.
        ticket: String,
        /// Its state.
        state: TicketState,
        /// What the command needs.
        needed: String,
    },
    /// Too late to bring a no-show back.
    #[error("{ticket} missed its turn more than {minutes} minutes ago")]
    ReturnWindowPassed {
        /// The ticket as shown.
        ticket: String,
        /// The window.
        minutes: u32,
    },
    /// Transfer to the field the ticket is in.
    #[error("{ticket} is already in field {field}")]
    SameField {
        /// The ticket as shown.
        ticket: String,
        /// Field.
        field: FieldCode,
    },
    /// A pause needs a reason of 1 to 200 characters.
    #[error("a pause needs a reason of 1 to 200 characters")]
    BadReason,
    /// An idempotency key sent again with a different command.
    #[error("the request key {key} was already used for another command")]
    KeyReused {
        /// The key.
        key: String,
    },
    /// A device problem report that is empty or too long.
    #[error("a device report names the device (1 to 64 characters) and a problem of at most 200")]
    BadReport,
    /// Only a served ticket can be rated (not one still waiting, a no-show or cancelled).
    #[error("{ticket} has not been served, so it cannot be rated")]
    NotServed {
        /// The ticket as shown.
        ticket: String,
    },
    /// The ticket already has its rating.
    #[error("{ticket} has already been rated")]
    AlreadyRated {
        /// The ticket as shown.
        ticket: String,
    },
    /// Too long after service to rate.
    #[error("{ticket} can only be rated within {minutes} minutes of its service")]
    RatingClosed {
        /// The ticket as shown.
        ticket: String,
        /// The window.
        minutes: u32,
    },
    /// A counter's tablet may rate only tickets finished at that counter.
    #[error("{ticket} was not served at counter {counter}")]
    WrongCounter {
        /// The ticket as shown.
        ticket: String,
        /// The tablet's counter.
        counter: CounterId,
    },
    /// A rating's reason is too long.
    #[error("a rating's reason has at most 300 characters")]
    BadRatingReason,
}
