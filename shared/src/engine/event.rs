//! What happened: the only input that changes engine state, stored in order forever.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};

use super::rating::{Score, Via};

/// An event with its place in the log and its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number, from 1, without gaps.
    pub seq: u64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// How a no-show came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoShowCause {
    /// The clerk marked it.
    Clerk,
    /// Recalled the configured number of times without an answer.
    Recalls,
}

/// The kinds of event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum EventKind {
    /// A new business day: numbering restarts, counters close, open tickets expire.
    DayStarted {
        /// The new business day.
        day: NaiveDate,
        /// Tickets of the old day that were still open.
        expired: Vec<TicketId>,
    },
    /// A ticket was issued.
    TicketIssued {
        /// New ticket.
        ticket: TicketId,
        /// Field.
        field: FieldCode,
        /// Number in the range.
        number: u32,
        /// Number as shown.
        display: String,
        /// Priority class.
        class: PriorityClass,
        /// Where.
        source: Source,
    },
    /// A ticket was called to a counter.
    TicketCalled {
        /// Ticket.
        ticket: TicketId,
        /// Counter.
        counter: CounterId,
        /// Clerk at the counter.
        clerk: ClerkId,
        /// Called out of turn by the clerk rather than by the policy.
        specific: bool,
    },
    /// A called ticket was announced again.
    TicketRecalled {
        /// Ticket.
        ticket: TicketId,
        /// Counter.
        counter: CounterId,
        /// Recalls so far, from 1.
        recall: u32,
    },
    /// The citizen arrived and service began.
    ServiceStarted {
        /// Ticket.
        ticket: TicketId,
        /// Counter.
        counter: CounterId,
    },
    /// Service ended.
    TicketFinished {
        /// Ticket.
        ticket: TicketId,
        /// Counter.
        counter: CounterId,
    },
    /// The citizen did not come.
    TicketNoShow {
        /// Ticket.
        ticket: TicketId,
        /// Counter that called.
        counter: CounterId,
        /// How.
        cause: NoShowCause,
    },
    /// A no-show went back in line.
    TicketBroughtBack {
        /// Ticket.
        ticket: TicketId,
    },
    /// A ticket moved to another field.
    TicketTransferred {
        /// Ticket.
        ticket: TicketId,
        /// Field it left.
        from: FieldCode,
        /// Field it joined.
        to: FieldCode,
        /// Kept its arrival time.
        keep_place: bool,
        /// Counter that held it, if any.
        counter: Option<CounterId>,
    },
    /// A ticket was cancelled.
    TicketCancelled {
        /// Ticket.
        ticket: TicketId,
        /// Counter that held it, if any.
        counter: Option<CounterId>,
    },
    /// A clerk logged in.
    CounterOpened {
        /// Counter.
        counter: CounterId,
        /// Clerk.
        clerk: ClerkId,
        /// Fields served, in order.
        fields: Vec<FieldCode>,
    },
    /// An open counter changed its fields.
    CounterFieldsChanged {
        /// Counter.
        counter: CounterId,
        /// Fields served, in order.
        fields: Vec<FieldCode>,
    },
    /// The clerk logged out.
    CounterClosed {
        /// Counter.
        counter: CounterId,
    },
    /// The counter paused.
    CounterPaused {
        /// Counter.
        counter: CounterId,
        /// Why.
        reason: String,
    },
    /// The counter resumed.
    CounterResumed {
        /// Counter.
        counter: CounterId,
    },
    /// A field accepts tickets again.
    FieldOpened {
        /// Field.
        field: FieldCode,
    },
    /// A field stopped issuing tickets.
    FieldClosed {
        /// Field.
        field: FieldCode,
    },
    /// A device has a problem staff must fix, or it was fixed (`problem: None`).
    DeviceReported {
        /// The device.
        device: String,
        /// What is wrong; None when fixed.
        problem: Option<String>,
    },
    /// A device with a problem disconnected (at the event's time).
    DeviceDisconnected {
        /// The device.
        device: String,
    },
    /// A device shown as disconnected is connected again.
    DeviceReconnected {
        /// The device.
        device: String,
    },
    /// A citizen rated a served ticket.
    TicketRated {
        /// The ticket.
        ticket: TicketId,
        /// The face chosen.
        score: Score,
        /// Why, if given (trimmed, never empty).
        reason: Option<String>,
        /// Where it was given.
        via: Via,
    },
}
