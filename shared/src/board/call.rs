//! A call as the wall display lists it, what became of it, and the announcement an event
//! causes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::VoiceConfig;
use crate::engine::{Engine, Event, EventKind};
use crate::model::{CounterId, FieldCode, TicketId, TicketState};
use crate::voice::spoken;

/// What became of a call, as the room reads it; see the rule in [`super`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Called; the citizen is on the way.
    Calling,
    /// The citizen came: being served, or served.
    Came,
    /// The citizen did not come (a no-show); that counter can call them back for a while.
    Missed,
    /// The ticket was cancelled (or the day ended with it open).
    Cancelled,
}

impl Outcome {
    /// The outcome of a ticket's latest call; `None` for a ticket back in line (transferred
    /// or brought back), whose call no longer stands anywhere.
    pub fn of(state: TicketState) -> Option<Outcome> {
        match state {
            TicketState::Waiting => None,
            TicketState::Called => Some(Outcome::Calling),
            TicketState::Serving | TicketState::Done => Some(Outcome::Came),
            TicketState::NoShow => Some(Outcome::Missed),
            TicketState::Cancelled | TicketState::Expired => Some(Outcome::Cancelled),
        }
    }

    /// Whether the call still stands: the big panel may show it.
    pub fn stands(self) -> bool {
        matches!(self, Outcome::Calling | Outcome::Came)
    }
}

/// A ticket called to a counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Ticket.
    pub ticket: TicketId,
    /// Number as shown, e.g. `A023`.
    pub display: String,
    /// Counter it was called to.
    pub counter: CounterId,
    /// Field it is in.
    pub field: FieldCode,
    /// When it was called to this counter.
    pub at: DateTime<Utc>,
    /// Times it was called again.
    pub recalls: u32,
    /// Where it is now (called, serving, done, no-show, ...).
    pub state: TicketState,
    /// What became of the call: what the displays show for it.
    pub outcome: Outcome,
}

/// A call to announce on the screen and by voice: a first call or a recall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// Sequence number of the event, so a call is announced once however it arrives.
    pub seq: u64,
    /// Ticket.
    pub ticket: TicketId,
    /// Number as shown.
    pub display: String,
    /// The prefix of the number's field, to read the letters apart from the digits.
    pub prefix: String,
    /// Counter.
    pub counter: CounterId,
    /// 0 for the first call, then the recall count.
    pub recall: u32,
    /// When the hub made the call, to measure how soon screens show it.
    pub at: DateTime<Utc>,
}

impl Announcement {
    /// What is said: the call's words, "Xin mời lại …" for a recall.
    pub fn words(&self, voice: &VoiceConfig) -> Vec<&'static str> {
        spoken(
            &self.display,
            &self.prefix,
            self.counter.0,
            self.recall > 0,
            voice,
        )
    }
}

/// The announcement an event causes, read against the engine after the event is applied.
pub fn announcement(engine: &Engine, event: &Event) -> Option<Announcement> {
    let (ticket, counter, recall) = match &event.kind {
        EventKind::TicketCalled {
            ticket, counter, ..
        } => (*ticket, *counter, 0),
        EventKind::TicketRecalled {
            ticket,
            counter,
            recall,
        } => (*ticket, *counter, *recall),
        _ => return None,
    };
    let t = engine.ticket(ticket)?;
    let prefix = engine
        .config()
        .field(&t.issued_field)
        .map(|f| f.prefix.clone())
        .unwrap_or_default();
    Some(Announcement {
        seq: event.seq,
        ticket,
        display: t.display.clone(),
        prefix,
        counter,
        recall,
        at: event.at,
    })
}
