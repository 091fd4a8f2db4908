//! One device's WebSocket session: hello, catch-up, then commands in and events out.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket};
use tokio::sync::{broadcast::error::RecvError, mpsc, oneshot};

use crate::engine::{Command, devices};
use crate::model::ClerkId;
use crate::protocol::{
    ClientMessage, ErrorCode, Hello, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, Pair, Resume, Role,
    ServerMessage,
};

use super::Shared;
use super::auth::authorise;
use super::catchup::{CatchUp, catch_up};
use super::fanout;
use super::limits::{Bucket, HELLO_TIMEOUT, PING_EVERY, SILENCE_LIMIT};
use super::peer::Peer;
use super::sign_in::{PinCheck, check_pin};
use super::writer::HubError;
use super::{credentials, pairing};

/// Runs a device's session until it leaves, falls silent or the hub stops.
pub async fn run(mut socket: WebSocket, hub: Arc<Shared>, peer: Peer) {
    let (hello, checked) = match read_hello(&mut socket, &hub).await {
        Ok(First::Hello(hello, checked)) => (hello, checked),
        Ok(First::Pair(asked)) => return pairing::run(socket, hub, peer, asked).await,
        Err(refusal) => {
            hub.metrics.rejected();
            let _ = socket.send(Message::text(refusal.to_json())).await;
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    tracing::info!(device = %hello.device, role = hello.role.as_str(), "device connected");
    let joined = hub.live.join(&hello.device);
    if joined.took_over {
        tracing::warn!(device = %hello.device, "a new connection replaced the device's earlier one");
    }
    hub.metrics.connection(hello.role, 1);
    link(&hub, &hello.device, true).await;
    let session = Session {
        hub: hub.clone(),
        hello: hello.clone(),
        checked,
        socket,
    };
    if let Err(e) = session.serve(joined.replaced).await {
        tracing::info!(device = %hello.device, reason = %e, "session ended");
    }
    if hub.live.leave(&hello.device, joined.id) {
        link(&hub, &hello.device, false).await;
    }
    hub.metrics.connection(hello.role, -1);
}

/// Tells the engine that `device` connected or is gone, when that means anything to it (it
/// follows devices with a problem); other connections cost no command.
pub async fn link(hub: &Shared, device: &str, online: bool) {
    let name = device.to_string();
    let news = hub
        .writer
        .read(move |store| !devices::link(store.engine(), &name, online).is_empty())
        .await
        .unwrap_or(false);
    if !news {
        return;
    }
    let command = Command::DeviceLink {
        device: device.to_string(),
        online,
    };
    if let Err(e) = hub.writer.submit(command, None).await {
        tracing::warn!(error = %e, device, "could not record the device's link");
    }
}

/// A connection's first message: a paired device's hello, or a new device's request.
enum First {
    /// With when its credential was found good.
    Hello(Hello, Instant),
    Pair(Pair),
}

async fn read_hello(socket: &mut WebSocket, hub: &Shared) -> Result<First, ServerMessage> {
    let bad = |code, msg: &str| ServerMessage::error(None, code, msg);
    let first = tokio::time::timeout(HELLO_TIMEOUT, socket.recv())
        .await
        .map_err(|_| bad(ErrorCode::BadHello, "no hello within 5 seconds"))?;
    let text = match first {
        Some(Ok(Message::Text(t))) => t,
        _ => {
            return Err(bad(
                ErrorCode::BadHello,
                "the first message must be a hello as JSON text",
            ));
        }
    };
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(bad(ErrorCode::TooLarge, "the hello is larger than 64 KiB"));
    }
    let hello = match serde_json::from_str::<ClientMessage>(&text) {
        Ok(ClientMessage::Hello(h)) => h,
        Ok(ClientMessage::Pair(asked)) => return Ok(First::Pair(asked)),
        Ok(_) => {
            return Err(bad(
                ErrorCode::BadHello,
                "the first message must be a hello, or a pair request from a new device",
            ));
        }
        Err(e) => return Err(bad(ErrorCode::BadHello, &format!("not a valid hello: {e}"))),
    };
    if hello.protocol != PROTOCOL_VERSION {
        let msg = format!(
            "this hub speaks protocol {PROTOCOL_VERSION}, the device {}; update the device",
            hello.protocol
        );
        return Err(bad(ErrorCode::ProtocolVersion, &msg));
    }
    crate::store::devices::check_name(&hello.device)
        .map_err(|e| bad(ErrorCode::BadHello, &e.to_string()))?;
    if hello.role == Role::Counter {
        match hello.counter {
            Some(c) if hub.config.counter(c).is_some() => {}
            Some(c) => {
                return Err(bad(
                    ErrorCode::BadHello,
                    &format!("counter {c} is not in this office"),
                ));
            }
            None => {
                return Err(bad(
                    ErrorCode::BadHello,
                    "a counter device must say which counter it is",
                ));
            }
        }
    }
    let checked = Instant::now();
    credentials::check(hub, &hello).await?;
    if hello.role == Role::Admin {
        match manager_pin(hub, &hello).await {
            PinCheck::Accepted => {}
            PinCheck::Locked(until) => {
                let left = PinCheck::seconds_left(until, chrono::Utc::now());
                let clerk = hello.clerk.clone().unwrap_or_else(|| ClerkId::new(""));
                return Err(ServerMessage::locked(None, &clerk, left));
            }
            PinCheck::Wrong | PinCheck::Unavailable => {
                return Err(bad(
                    ErrorCode::Unauthorized,
                    "the admin role needs the login and PIN of an office manager",
                ));
            }
        }
    }
    Ok(First::Hello(hello, checked))
}

/// Whether the hello carries the PIN of a clerk with `admin = true` (counted against that
/// clerk like any sign-in).
async fn manager_pin(hub: &Shared, hello: &Hello) -> PinCheck {
    let manager = hello
        .clerk
        .as_ref()
        .filter(|c| hub.config.clerk(c).is_some_and(|c| c.admin));
    match (manager, hello.pin.clone()) {
        (Some(manager), Some(pin)) => check_pin(hub, manager, pin).await,
        _ => {
            // As slow as a wrong PIN.
            tokio::time::sleep(Duration::from_millis(500)).await;
            PinCheck::Wrong
        }
    }
}

struct Session {
    hub: Arc<Shared>,
    hello: Hello,
    /// When the hello's credential was found good.
    checked: Instant,
    socket: WebSocket,
}

impl Session {
    async fn send(&mut self, message: &ServerMessage) -> Result<(), axum::Error> {
        self.socket.send(Message::text(message.to_json())).await
    }

    /// Sends the catch-up and returns the sequence number the device is at.
    async fn catch_up(&mut self, after: Option<u64>, welcome: bool) -> Result<u64, String> {
        let catch = catch_up(&self.hub.writer, &self.hub.snapshot, after)
            .await
            .map_err(|e| e.to_string())?;
        let seq = catch.seq(after);
        if welcome {
            let resume = if matches!(catch, CatchUp::Replay(_)) {
                Resume::Replay
            } else {
                Resume::Snapshot
            };
            let office = Box::new(self.hub.public.clone());
            self.send(&ServerMessage::Welcome {
                protocol: PROTOCOL_VERSION,
                office,
                resume,
            })
            .await
            .map_err(|e| e.to_string())?;
        }
        match catch {
            CatchUp::Replay(events) => {
                for chunk in fanout::chunks(&events) {
                    self.socket
                        .send(Message::text(fanout::wire(chunk)))
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
            CatchUp::Snapshot { message, .. } => {
                // A snapshot is copied into the socket's buffer while it is sent: a few at a
                // time keeps the whole office reconnecting at once from costing its size each.
                let _permit = self
                    .hub
                    .snapshot_sends
                    .acquire()
                    .await
                    .map_err(|e| e.to_string())?;
                self.socket
                    .send(Message::Text(message))
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(seq)
    }

    async fn serve(mut self, mut replaced: oneshot::Receiver<()>) -> Result<(), String> {
        // Subscribe before catching up, so nothing committed in between is missed.
        let mut events = self.hub.events.subscribe();
        let mut seq = self.catch_up(self.hello.last_seq, true).await?;
        let (out_tx, mut out_rx) = mpsc::channel::<ServerMessage>(256);
        let mut bucket = Bucket::new();
        let mut ping = tokio::time::interval(PING_EVERY);
        let mut heard = Instant::now();
        let mut shutdown = self.hub.shutdown.clone();
        let mut registry = self.hub.registry.clone();
        let own = crate::store::devices::token_hash(&self.hello.token);
        loop {
            tokio::select! {
                incoming = self.socket.recv() => match incoming {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Ok(()),
                    Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                        heard = Instant::now();
                        // Every message spends a token, whatever it is, so floods of junk
                        // are slowed like floods of commands.
                        let reply = if !bucket.take() {
                            let id = if let Message::Text(text) = &message { request_id(text) } else { None };
                            Some(ServerMessage::error(id, ErrorCode::RateLimited, "too many messages; slow down"))
                        } else if let Message::Text(text) = message {
                            self.handle(&text, &out_tx).await
                        } else {
                            Some(ServerMessage::error(None, ErrorCode::BadMessage, "messages are JSON text, not binary"))
                        };
                        if let Some(reply) = reply {
                            if matches!(reply, ServerMessage::Error { .. }) {
                                self.hub.metrics.rejected();
                            }
                            self.send(&reply).await.map_err(|e| e.to_string())?;
                        }
                    }
                    Some(Ok(_)) => heard = Instant::now(),
                },
                published = events.recv() => match published {
                    Ok(p) => {
                        let (batch, lagged) = fanout::gather(p, seq, &mut events);
                        if let Some(last) = batch.last() {
                            seq = last.seq;
                            self.socket.send(Message::text(fanout::wire(&batch))).await.map_err(|e| e.to_string())?;
                        }
                        if lagged {
                            seq = self.catch_up(Some(seq), false).await?;
                        }
                    }
                    Err(RecvError::Lagged(_)) => seq = self.catch_up(Some(seq), false).await?,
                    Err(RecvError::Closed) => return Err("the hub stopped".into()),
                },
                Some(reply) = out_rx.recv() => self.send(&reply).await.map_err(|e| e.to_string())?,
                _ = ping.tick() => {
                    if heard.elapsed() > SILENCE_LIMIT {
                        return Err("silent for too long".into());
                    }
                    self.socket.send(Message::Ping(Default::default())).await.map_err(|e| e.to_string())?;
                }
                _ = &mut replaced => {
                    let why = format!(
                        "another connection said hello as {:?} and took its place; if two devices share this name, give each its own",
                        self.hello.device
                    );
                    let _ = self.send(&ServerMessage::error(None, ErrorCode::Replaced, why)).await;
                    let _ = self.socket.send(Message::Close(None)).await;
                    return Err("replaced by a newer connection with the same name".into());
                }
                Ok(()) = registry.changed() => {
                    if !registry.borrow_and_update().allows(&self.hello.device, &own, self.checked) {
                        let why = "this device's pairing was withdrawn by the office manager; pair it again";
                        let _ = self.send(&ServerMessage::error(None, ErrorCode::Revoked, why)).await;
                        let _ = self.socket.send(Message::Close(None)).await;
                        return Err("its pairing was withdrawn".into());
                    }
                }
                _ = shutdown.changed() => {
                    let _ = self.socket.send(Message::Close(None)).await;
                    return Ok(());
                }
            }
        }
    }

    /// Handles one text message. Returns an immediate error reply, if any; command outcomes
    /// arrive later through `out`.
    async fn handle(
        &mut self,
        text: &str,
        out: &mpsc::Sender<ServerMessage>,
    ) -> Option<ServerMessage> {
        if text.len() > MAX_MESSAGE_BYTES {
            return Some(ServerMessage::error(
                None,
                ErrorCode::TooLarge,
                "message larger than 64 KiB",
            ));
        }
        let message = match serde_json::from_str::<ClientMessage>(text) {
            Ok(m) => m,
            Err(e) => {
                // Only a message that failed to parse is read a second time, for its id.
                return Some(ServerMessage::error(
                    request_id(text),
                    ErrorCode::BadMessage,
                    format!("not a valid message: {e}"),
                ));
            }
        };
        match message {
            ClientMessage::Hello(_) | ClientMessage::Pair(_) => Some(ServerMessage::error(
                None,
                ErrorCode::BadMessage,
                "hello was already said",
            )),
            ClientMessage::Ping { id } => Some(ServerMessage::Pong { id }),
            ClientMessage::Command {
                id,
                key,
                mut command,
            } => {
                let signed_in = clerk_at_own_counter(&self.hub, &self.hello).await;
                if let Err(why) = authorise(
                    self.hello.role,
                    &self.hello.device,
                    self.hello.counter,
                    signed_in,
                    &mut command,
                ) {
                    return Some(ServerMessage::error(Some(id), ErrorCode::Forbidden, why));
                }
                submit(&self.hub, &self.hello.device, id, key, command, out).await
            }
            ClientMessage::Login {
                id,
                key,
                clerk,
                pin,
                fields,
            } => {
                let Some(counter) = self
                    .hello
                    .counter
                    .filter(|_| self.hello.role == Role::Counter)
                else {
                    return Some(ServerMessage::error(
                        Some(id),
                        ErrorCode::Forbidden,
                        "only a counter device logs a clerk in",
                    ));
                };
                match check_pin(&self.hub, &clerk, pin).await {
                    PinCheck::Accepted => {}
                    PinCheck::Wrong => {
                        return Some(ServerMessage::error(
                            Some(id),
                            ErrorCode::WrongPin,
                            format!("wrong PIN for {clerk}"),
                        ));
                    }
                    PinCheck::Locked(until) => {
                        let left = PinCheck::seconds_left(until, chrono::Utc::now());
                        return Some(ServerMessage::locked(Some(id), &clerk, left));
                    }
                    PinCheck::Unavailable => {
                        return Some(ServerMessage::error(
                            Some(id),
                            ErrorCode::Unavailable,
                            "the hub cannot check sign-ins now; try again",
                        ));
                    }
                }
                submit(
                    &self.hub,
                    &self.hello.device,
                    id,
                    key,
                    Command::OpenCounter {
                        counter,
                        clerk,
                        fields,
                    },
                    out,
                )
                .await
            }
        }
    }
}

/// Whether a clerk is logged in at a counter device's counter now (false for other roles,
/// and when the state cannot be read).
async fn clerk_at_own_counter(hub: &Shared, hello: &Hello) -> bool {
    let Some(own) = hello.counter.filter(|_| hello.role == Role::Counter) else {
        return false;
    };
    hub.writer
        .read(move |store| {
            store
                .engine()
                .state()
                .counters
                .get(&own)
                .is_some_and(|c| c.is_open())
        })
        .await
        .unwrap_or(false)
}

/// The `id` of a message, if it is JSON with a numeric one (to address an error to it).
fn request_id(text: &str) -> Option<u64> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("id")?.as_u64())
}

/// Queues a device's command in order and answers through `out` once it is on disk.
async fn submit(
    hub: &Shared,
    device: &str,
    id: u64,
    key: Option<String>,
    command: Command,
    out: &mpsc::Sender<ServerMessage>,
) -> Option<ServerMessage> {
    if let Some(k) = &key
        && !(1..=64).contains(&k.chars().count())
    {
        return Some(ServerMessage::error(
            Some(id),
            ErrorCode::BadMessage,
            "an idempotency key has 1 to 64 characters",
        ));
    }
    // The device name's length makes keys of different devices distinct whatever they hold.
    let key = key.map(|k| format!("ws:{}:{device}:{k}", device.len()));
    let answer = match hub.writer.enqueue(command, key).await {
        Ok(answer) => answer,
        Err(e) => return Some(reply(id, Err(e))),
    };
    let out = out.clone();
    tokio::spawn(async move {
        let _ = out.send(reply(id, answer.await)).await;
    });
    None
}

/// The reply to a command's outcome.
pub fn reply(id: u64, outcome: Result<crate::store::Outcome, HubError>) -> ServerMessage {
    match outcome {
        Ok(Ok(events)) => ServerMessage::Reply { id, events },
        Ok(Err(refusal)) => ServerMessage::Error {
            id: Some(id),
            code: ErrorCode::Refused,
            message: refusal.to_string(),
            refusal: Some(refusal),
            retry_after: None,
        },
        Err(e) => ServerMessage::error(Some(id), ErrorCode::Unavailable, e.to_string()),
    }
}
