//! What people and devices ask the engine to do.

use serde::{Deserialize, Serialize};

use crate::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};

use super::rating::{Score, Via};

/// The source of an issue sent without one; the hub replaces it with the sender.
fn stamped_by_the_hub() -> Source {
    Source::Api(String::new())
}

/// A request to change the queue. Counter actions act on the counter's current ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "command")]
pub enum Command {
    /// Issue a ticket in a field.
    IssueTicket {
        /// Field asked for.
        field: FieldCode,
        /// Priority class.
        class: PriorityClass,
        /// Who asks. The hub stamps it with the sending device, so a device may leave it out.
        #[serde(default = "stamped_by_the_hub")]
        source: Source,
    },
    /// Call the next ticket by the calling policy (finishing a ticket being served).
    CallNext {
        /// Calling counter.
        counter: CounterId,
    },
    /// Call one waiting ticket out of turn (finishing a ticket being served).
    CallTicket {
        /// Calling counter.
        counter: CounterId,
        /// Ticket to call.
        ticket: TicketId,
    },
    /// Announce the counter's called ticket again.
    Recall {
        /// Counter.
        counter: CounterId,
    },
    /// The called citizen has arrived at the counter.
    StartServing {
        /// Counter.
        counter: CounterId,
    },
    /// The counter's ticket is done.
    Finish {
        /// Counter.
        counter: CounterId,
    },
    /// The called citizen did not come.
    NoShow {
        /// Counter.
        counter: CounterId,
    },
    /// Put a no-show ticket back in line at its old place.
    BringBack {
        /// Ticket.
        ticket: TicketId,
    },
    /// Move a ticket to another field.
    Transfer {
        /// Ticket.
        ticket: TicketId,
        /// Destination field.
        to: FieldCode,
        /// Keep the original arrival time (its place in line); false puts it last.
        keep_place: bool,
    },
    /// Cancel a ticket that is still in the queue.
    Cancel {
        /// Ticket.
        ticket: TicketId,
    },
    /// A clerk logs in at a counter; empty `fields` means the configured defaults.
    OpenCounter {
        /// Counter.
        counter: CounterId,
        /// Clerk (PIN already checked by the hub).
        clerk: ClerkId,
        /// Fields served, in order of preference.
        fields: Vec<FieldCode>,
    },
    /// Change the fields an open counter serves.
    ServeFields {
        /// Counter.
        counter: CounterId,
        /// Fields served, in order of preference.
        fields: Vec<FieldCode>,
    },
    /// The clerk logs out.
    CloseCounter {
        /// Counter.
        counter: CounterId,
    },
    /// Stop calling for a while.
    Pause {
        /// Counter.
        counter: CounterId,
        /// Why, shown to the manager.
        reason: String,
    },
    /// Call again after a pause.
    Resume {
        /// Counter.
        counter: CounterId,
    },
    /// Accept tickets in a field again.
    OpenField {
        /// Field.
        field: FieldCode,
    },
    /// Stop issuing tickets in a field until reopened or the day ends.
    CloseField {
        /// Field.
        field: FieldCode,
    },
    /// Start the new business day if its time has come (sent by the hub's clock).
    Rollover,
    /// A device reports a problem staff must fix (e.g. its printer is out of paper), or that
    /// it is fixed (`problem: None`).
    ReportDevice {
        /// The device (the hub stamps the sender's name).
        device: String,
        /// What is wrong, for staff; None when it is fixed.
        problem: Option<String>,
    },
    /// The hub tells that a device's connection ended (`online: false`) or began again. A
    /// device with a problem that has gone is shown as disconnected since then.
    DeviceLink {
        /// The device.
        device: String,
        /// Whether it is connected now.
        online: bool,
    },
    /// Clears the problems of devices disconnected for longer than
    /// [`super::devices::GONE_AFTER`] (sent by the hub's clock).
    ForgetGoneDevices,
    /// A citizen rates a served ticket (once, within the configured time after service).
    RateTicket {
        /// The served ticket.
        ticket: TicketId,
        /// The face chosen.
        score: Score,
        /// Why, optionally (trimmed; at most 300 characters).
        #[serde(default)]
        reason: Option<String>,
        /// Where the rating comes from (the hub stamps it).
        via: Via,
    },
}
