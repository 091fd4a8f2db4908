//! The client the apps use to talk to the hub: one WebSocket, kept alive for them.
//!
//! It reconnects by itself with backoff and jitter, says hello with the last event it has
//! (so it receives exactly what it missed, or a snapshot), and hands every update to the
//! app through a channel. A command sent while offline fails at once with
//! [`ClientError::Offline`]; it is never queued and replayed later by surprise. A command
//! in flight when the connection drops fails with [`ClientError::ConnectionLost`]: resend it
//! with the same key and the hub applies it at most once.
//!
//! A device proves who it is with its own [`Credential`] (a file), got once by [`pair`]ing.

mod backoff;
mod connection;
pub mod credential;
mod mirror;
pub mod pairing;
pub mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot, watch};

use crate::config::Config;
use crate::engine::{Command, Event, Refusal, State};
use crate::model::{ClerkId, FieldCode};
use crate::protocol::{ErrorCode, Role};

pub use credential::{Credential, CredentialError};
pub use mirror::Mirror;
pub use pairing::{PairError, PairRequest, pair};

/// Who the client is, for its hello.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Hub URL, e.g. `https://192.168.1.20:8080` (turned into its WebSocket URL; plain
    /// only to this machine, see [`connection::ws_url`]).
    pub url: String,
    /// Role of the device.
    pub role: Role,
    /// Device name, unique in the office.
    pub device: String,
    /// The device's own credential (from pairing, or `kiosk devices add`).
    pub token: String,
    /// For a counter: its number.
    pub counter: Option<crate::model::CounterId>,
    /// For the admin role: the office manager's login and PIN.
    pub manager: Option<(ClerkId, String)>,
    /// SHA-256 (hex) of the hub's TLS certificate, pinned at pairing: a `wss://` (or
    /// `https://`) hub must show exactly this certificate.
    pub hub_certificate: Option<String>,
    /// The local address to connect from (`None`: the system's choice). A load generator
    /// stands for many machines from one by giving each device its own loopback address.
    pub from: Option<std::net::IpAddr>,
}

/// What the app hears from the hub.
#[derive(Debug, Clone)]
pub enum Update {
    /// Connected (again); the office as the hub knows it.
    Connected(Box<Config>),
    /// The key of the links a kiosk prints (ticket pages), sent to kiosks before
    /// [`Update::Connected`].
    LinksKey(String),
    /// The whole state: replace what you had.
    Snapshot(Box<State>),
    /// One event, in order.
    Event(Box<Event>),
    /// The connection dropped or could not be made; the client keeps trying.
    Disconnected(String),
    /// The hub no longer accepts this device's credential: the office manager withdrew its
    /// pairing. The device must pair again (`crate::gate`); the words are for the log.
    Withdrawn(String),
}

/// Whether the client is connected right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Connected and caught up.
    Online,
    /// Not connected; trying again.
    Offline,
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// Not connected to the hub; nothing was sent.
    #[error("not connected to the hub")]
    Offline,
    /// Sent, but the connection dropped before the answer: it may or may not have been
    /// applied. Resend with the same key to find out without applying it twice.
    #[error("the connection to the hub was lost before it answered")]
    ConnectionLost,
    /// The engine refused it.
    #[error("{0}")]
    Refused(Refusal),
    /// The hub refused it (forbidden, wrong PIN, malformed, ...).
    #[error("{message}")]
    Rejected {
        /// What kind.
        code: ErrorCode,
        /// For people.
        message: String,
    },
    /// The clerk's sign-in is locked after repeated wrong PINs.
    #[error("sign-in locked; try again in {} s", retry_after.as_secs())]
    SignInLocked {
        /// How long until it may be tried again.
        retry_after: std::time::Duration,
    },
    /// The client has been stopped.
    #[error("the client has stopped")]
    Stopped,
}

/// A request for the connection task.
pub(crate) enum Request {
    Command {
        command: Command,
        key: String,
        reply: oneshot::Sender<Result<Vec<Event>, ClientError>>,
    },
    Login {
        clerk: ClerkId,
        pin: String,
        fields: Vec<FieldCode>,
        key: String,
        reply: oneshot::Sender<Result<Vec<Event>, ClientError>>,
    },
}

/// A handle to the hub connection; cheap to clone, usable from any thread.
#[derive(Clone)]
pub struct Client {
    requests: mpsc::Sender<Request>,
    link: watch::Receiver<Link>,
    keys: Arc<(u64, AtomicU64)>,
}

impl Client {
    /// Starts connecting on the current Tokio runtime. Updates arrive on the receiver;
    /// dropping every `Client` stops the connection.
    pub fn start(identity: Identity) -> (Client, mpsc::Receiver<Update>) {
        let (requests, requests_rx) = mpsc::channel(256);
        let (updates, updates_rx) = mpsc::channel(4096);
        let (link_tx, link) = watch::channel(Link::Offline);
        tokio::spawn(connection::run(identity, requests_rx, updates, link_tx));
        let client = Client {
            requests,
            link,
            keys: Arc::new((rand::random(), AtomicU64::new(1))),
        };
        (client, updates_rx)
    }

    /// A fresh idempotency key, unique to this client.
    pub fn new_key(&self) -> String {
        format!(
            "{:016x}-{}",
            self.keys.0,
            self.keys.1.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Whether connected now.
    pub fn link(&self) -> Link {
        *self.link.borrow()
    }

    /// Watches the connection state.
    pub fn watch_link(&self) -> watch::Receiver<Link> {
        self.link.clone()
    }

    /// Sends a command with a fresh key and waits for its outcome.
    pub async fn command(&self, command: Command) -> Result<Vec<Event>, ClientError> {
        self.command_keyed(command, self.new_key()).await
    }

    /// Sends a command with the given key (resend a lost one with its key).
    pub async fn command_keyed(
        &self,
        command: Command,
        key: String,
    ) -> Result<Vec<Event>, ClientError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(Request::Command {
                command,
                key,
                reply,
            })
            .await
            .map_err(|_| ClientError::Stopped)?;
        answer.await.map_err(|_| ClientError::Stopped)?
    }

    /// Logs a clerk in at this counter.
    pub async fn login(
        &self,
        clerk: ClerkId,
        pin: String,
        fields: Vec<FieldCode>,
    ) -> Result<Vec<Event>, ClientError> {
        let (reply, answer) = oneshot::channel();
        let key = self.new_key();
        self.requests
            .send(Request::Login {
                clerk,
                pin,
                fields,
                key,
                reply,
            })
            .await
            .map_err(|_| ClientError::Stopped)?;
        answer.await.map_err(|_| ClientError::Stopped)?
    }
}
