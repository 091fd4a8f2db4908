//! The messages between the hub and devices, as JSON text over a WebSocket.
//! `docs/protocol.md` describes each with examples.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::engine::{Command, Event, Refusal, State};
use crate::model::{ClerkId, CounterId, FieldCode};

/// Version spoken by this build; the hub refuses any other.
pub const PROTOCOL_VERSION: u32 = 2;

/// Ended tickets (done, cancelled, expired) a snapshot carries, most recent first: enough
/// for a display's history of calls.
pub const SNAPSHOT_ENDED: usize = 50;

/// Largest message the hub reads; larger ones get `too_large` and change nothing.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// A device's problem report split into its words for staff (the first line) and the
/// technical detail for whoever fixes it (any further lines, trimmed), if any.
pub fn problem_lines(problem: &str) -> (&str, Option<&str>) {
    match problem.split_once('\n') {
        Some((words, detail)) => (words.trim(), Some(detail.trim()).filter(|d| !d.is_empty())),
        None => (problem.trim(), None),
    }
}

/// What a device is, and so what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Issues tickets.
    Kiosk,
    /// A clerk's counter: calls and serves tickets at its own counter.
    Counter,
    /// A wall display: only receives.
    Display,
    /// The office manager: everything (with the manager's login and PIN as well).
    Admin,
}

impl Role {
    /// Name used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Kiosk => "kiosk",
            Role::Counter => "counter",
            Role::Display => "display",
            Role::Admin => "admin",
        }
    }
}

/// The first message a device sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hello {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// What the device is.
    pub role: Role,
    /// A name unique in the office, e.g. `quay-3` (1 to 64 characters).
    pub device: String,
    /// The device's own credential, given when it was paired (`paired`) or enrolled
    /// (`kiosk devices add`); it is good only for the role, name and counter approved.
    pub token: String,
    /// For a counter: which counter it is.
    #[serde(default)]
    pub counter: Option<CounterId>,
    /// Sequence number of the last event the device has, to receive only what it missed.
    #[serde(default)]
    pub last_seq: Option<u64>,
    /// For the admin role: the office manager's login (a clerk with `admin = true`).
    #[serde(default)]
    pub clerk: Option<ClerkId>,
    /// For the admin role: that clerk's PIN.
    #[serde(default)]
    pub pin: Option<String>,
}

/// What a device with no credential asks to be, as its first message instead of a hello.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// The name it would like (1 to 64 characters); the manager may give another.
    pub device: String,
    /// What it is.
    pub role: Role,
    /// For a counter: the counter it would like to be.
    #[serde(default)]
    pub counter: Option<CounterId>,
}

/// A message from a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Opens the session; must come first.
    Hello(Hello),
    /// Asks to be paired (instead of a hello); the hub answers `pairing` with a code for
    /// the manager, then `paired` once approved.
    Pair(Pair),
    /// A command for the engine.
    Command {
        /// Request id, echoed in the reply.
        id: u64,
        /// Idempotency key: a retry with the same key is applied once (1 to 64 characters).
        #[serde(default)]
        key: Option<String>,
        /// The command.
        command: Command,
    },
    /// A clerk logs in at the device's counter with a PIN.
    Login {
        /// Request id.
        id: u64,
        /// Idempotency key.
        #[serde(default)]
        key: Option<String>,
        /// The clerk.
        clerk: ClerkId,
        /// The clerk's PIN.
        pin: String,
        /// Fields to serve (empty: the counter's defaults).
        #[serde(default)]
        fields: Vec<FieldCode>,
    },
    /// Checks that the hub answers.
    Ping {
        /// Request id.
        id: u64,
    },
}

/// How a device catches up after (re)connecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resume {
    /// Exactly the events after its `last_seq` follow.
    Replay,
    /// A snapshot of the whole state follows.
    Snapshot,
}

/// Why the hub did not do what a device asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, or not a message this protocol knows.
    BadMessage,
    /// Larger than [`MAX_MESSAGE_BYTES`].
    TooLarge,
    /// The first message was not a valid hello.
    BadHello,
    /// Another protocol version.
    ProtocolVersion,
    /// No valid credential for what the hello claims.
    Unauthorized,
    /// The device's role may not do this.
    Forbidden,
    /// Wrong clerk PIN.
    WrongPin,
    /// Too many messages; slow down.
    RateLimited,
    /// The engine refused the command (see `refusal`).
    Refused,
    /// The hub could not save; nothing was applied.
    Unavailable,
    /// Another connection said hello with this device's name and took its place; this one
    /// is closed.
    Replaced,
    /// The clerk's sign-in is locked after repeated wrong PINs (see `retry_after`).
    SignInLocked,
    /// The pairing code was not approved in time; ask again for a new one.
    PairingExpired,
    /// The manager withdrew this device's pairing; it is disconnected.
    Revoked,
}

/// A message from the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The hello was accepted.
    Welcome {
        /// Protocol version.
        protocol: u32,
        /// The office, without secrets.
        office: Box<Config>,
        /// How the device catches up.
        resume: Resume,
    },
    /// The whole current state (sent instead of a replay when that is shorter).
    Snapshot {
        /// The engine state; the device rebuilds its lines from it.
        state: Box<State>,
    },
    /// One event, in sequence order.
    Event {
        /// The event.
        event: Event,
    },
    /// Several events in sequence order, sent together because they were ready together.
    Events {
        /// The events.
        events: Vec<Event>,
    },
    /// A command or login succeeded; these events are its outcome (also broadcast).
    Reply {
        /// The request id.
        id: u64,
        /// Events the command caused.
        events: Vec<Event>,
    },
    /// Something failed; `id` names the request when there was one.
    Error {
        /// The request id, if the message had one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
        /// What kind of failure.
        code: ErrorCode,
        /// For people: what is wrong.
        message: String,
        /// The engine's reason, for `refused`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        refusal: Option<Refusal>,
        /// Seconds until it may be tried again, for `sign_in_locked`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// Answer to a ping.
    Pong {
        /// The request id.
        id: u64,
    },
    /// A pairing request is open: the device shows this code until the manager approves it
    /// (`kiosk devices approve CODE`).
    Pairing {
        /// Eight digits in two groups, e.g. `4829 1735`.
        code: String,
    },
    /// The manager approved the pairing: the device keeps this credential; the hub closes.
    Paired {
        /// The name the device was approved as.
        device: String,
        /// The role it was approved as.
        role: Role,
        /// For a counter: the counter it was approved as.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        counter: Option<CounterId>,
        /// The device's own secret, sent once; the hub keeps only its hash.
        token: String,
    },
}

impl ServerMessage {
    /// An error reply.
    pub fn error(id: Option<u64>, code: ErrorCode, message: impl Into<String>) -> Self {
        ServerMessage::Error {
            id,
            code,
            message: message.into(),
            refusal: None,
            retry_after: None,
        }
    }

    /// The error for a clerk whose sign-in is locked for `seconds` more.
    pub fn locked(id: Option<u64>, clerk: &ClerkId, seconds: u64) -> Self {
        ServerMessage::Error {
            id,
            code: ErrorCode::SignInLocked,
            message: format!(
                "sign-in for {clerk} is locked after repeated wrong PINs; try again in {seconds} s"
            ),
            refusal: None,
            retry_after: Some(seconds),
        }
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: all map keys are strings or integers.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::engine::Engine;
    use crate::model::{PriorityClass, Source};

    #[test]
    fn a_snapshot_with_tickets_and_counters_reads_back_identically() {
        let text = include_str!("../../assets/config/office.toml");
        let config = Arc::new(Config::parse("office.toml", text).expect("default office"));
        let mut engine = Engine::new(config.clone());
        let now: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().expect("time");
        let issue = Command::IssueTicket {
            field: FieldCode::new("VL"),
            class: PriorityClass::Elderly,
            source: Source::Kiosk("k".into()),
        };
        engine.apply(&issue, now).expect("issue");
        let open = Command::OpenCounter {
            counter: CounterId(1),
            clerk: ClerkId::new("lan"),
            fields: vec![],
        };
        engine.apply(&open, now).expect("open");
        engine
            .apply(
                &Command::CallNext {
                    counter: CounterId(1),
                },
                now,
            )
            .expect("call");
        let message = ServerMessage::Snapshot {
            state: Box::new(engine.state().clone()),
        };
        let back: ServerMessage = serde_json::from_str(&message.to_json()).expect("reads back");
        let ServerMessage::Snapshot { state } = back else {
            panic!("not a snapshot")
        };
        assert_eq!(Engine::from_state(config, *state).state(), engine.state());
    }

    #[test]
    fn a_welcome_carries_the_office_without_secrets() {
        let text = include_str!("../../assets/config/office.toml");
        let config = Config::parse("office.toml", text).expect("default office");
        let message = ServerMessage::Welcome {
            protocol: PROTOCOL_VERSION,
            office: Box::new(config.public()),
            resume: Resume::Snapshot,
        };
        let json = message.to_json();
        assert!(
            !json.contains("argon2") && !json.contains(&config.hub.office_key),
            "secrets leaked"
        );
        let back: ServerMessage = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, message);
    }
}
