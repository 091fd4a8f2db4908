//! The office's nouns: fields, counters, clerks, tickets. Plain data, no I/O.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Short code of a field (service), e.g. `VL` for "Việc làm".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldCode(String);

impl FieldCode {
    /// Wraps a code; the configuration has already checked its form.
    pub fn new(code: &str) -> Self {
        FieldCode(code.to_string())
    }
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// A counter's number, as painted above the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CounterId(pub u16);

impl fmt::Display for CounterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A clerk's login name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClerkId(String);

impl ClerkId {
    /// Wraps a login name.
    pub fn new(id: &str) -> Self {
        ClerkId(id.to_string())
    }
    /// The login as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClerkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Internal ticket identity, unique for the life of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub u64);

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Who is called first: regular, or one of the priority classes of the law on
/// administrative procedures (all priority classes share one line, first come first served).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityClass {
    /// No priority.
    Regular,
    /// Elderly citizen.
    Elderly,
    /// Person with a disability.
    Disability,
    /// Pregnant woman.
    Pregnancy,
    /// Person with meritorious services to the revolution ("người có công").
    Meritorious,
}

impl PriorityClass {
    /// Every class, regular first.
    pub const ALL: [PriorityClass; 5] = [
        PriorityClass::Regular,
        PriorityClass::Elderly,
        PriorityClass::Disability,
        PriorityClass::Pregnancy,
        PriorityClass::Meritorious,
    ];
    /// Whether this class goes in the priority line.
    pub fn is_priority(self) -> bool {
        self != PriorityClass::Regular
    }
    /// Name used in storage and the protocol.
    pub fn as_str(self) -> &'static str {
        match self {
            PriorityClass::Regular => "regular",
            PriorityClass::Elderly => "elderly",
            PriorityClass::Disability => "disability",
            PriorityClass::Pregnancy => "pregnancy",
            PriorityClass::Meritorious => "meritorious",
        }
    }
    /// Reads the storage name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where a ticket was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum Source {
    /// A kiosk, by device name.
    Kiosk(String),
    /// A counter issuing on behalf of a citizen.
    Counter(CounterId),
    /// The JSON API of an integration.
    Api(String),
}

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    /// In line.
    Waiting,
    /// Called to a counter; the citizen is on the way.
    Called,
    /// At the counter, being served.
    Serving,
    /// Served.
    Done,
    /// Did not come when called.
    NoShow,
    /// Cancelled by staff or the citizen.
    Cancelled,
    /// Still open when the day ended.
    Expired,
}

impl TicketState {
    /// Whether the ticket still holds its number (waiting, called or being served).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            TicketState::Waiting | TicketState::Called | TicketState::Serving
        )
    }
    /// Name used in storage and the protocol.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Done => "done",
            TicketState::NoShow => "no_show",
            TicketState::Cancelled => "cancelled",
            TicketState::Expired => "expired",
        }
    }
    /// Reads the storage name back.
    pub fn parse(s: &str) -> Option<Self> {
        [
            TicketState::Waiting,
            TicketState::Called,
            TicketState::Serving,
            TicketState::Done,
            TicketState::NoShow,
            TicketState::Cancelled,
            TicketState::Expired,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// One ticket of one business day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Identity.
    pub id: TicketId,
    /// Business day it was issued on.
    pub day: NaiveDate,
    /// Field it was issued for.
    pub issued_field: FieldCode,
    /// Field it is in now (differs after a transfer).
    pub field: FieldCode,
    /// Number within the field's range.
    pub number: u32,
    /// Number as shown and printed, e.g. `A023`.
    pub display: String,
    /// Priority class.
    pub class: PriorityClass,
    /// Where it was issued.
    pub source: Source,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Its place in line: issue time, kept across transfers unless told otherwise.
    pub queued_at: DateTime<Utc>,
    /// Where it is in its life.
    pub state: TicketState,
    /// Counter that called it last.
    pub counter: Option<CounterId>,
    /// Clerk at that counter.
    pub clerk: Option<ClerkId>,
    /// When it was first called to its current counter.
    pub called_at: Option<DateTime<Utc>>,
    /// When service began.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was done, a no-show, cancelled or expired.
    pub ended_at: Option<DateTime<Utc>>,
    /// Recalls at the current counter.
    pub recalls: u32,
    /// How many times it was transferred.
    pub transfers: u32,
}
