//! A new device asking to be paired: it gets a short-lived code to show, and waits on its
//! connection until the manager approves the code (`kiosk devices approve`) or it expires.
//!
//! The hub makes the device's token itself and keeps it in this connection's memory; the
//! store holds only its hash, which approval turns into the device's row. Codes are bounded
//! in number, in total and per address, so a phone on the office network cannot fill the
//! manager's list.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use chrono::Utc;

use super::Shared;
use super::limits::PING_EVERY;
use super::peer::Peer;
use crate::protocol::{ErrorCode, Pair, Role, ServerMessage};
use crate::store::{devices, pairing};

/// How long a pairing code waits for the manager.
pub const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Pairing requests open at once in the whole office.
pub const MAX_OPEN: usize = 32;
/// Pairing requests open at once from one address.
pub const MAX_PER_ADDRESS: usize = 3;

/// The pairing requests open now, counted in total and per address.
#[derive(Default)]
pub struct Waiting {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open request's place in [`Waiting`]; dropping it frees the place.
struct Place<'a> {
    waiting: &'a Waiting,
    ip: IpAddr,
}

impl Waiting {
    fn admit(&self, ip: IpAddr) -> Result<Place<'_>, &'static str> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.values().sum::<usize>() >= MAX_OPEN {
            return Err(
                "too many devices are waiting to be paired; approve them, or try again later",
            );
        }
        let here = open.entry(ip).or_default();
        if *here >= MAX_PER_ADDRESS {
            return Err(
                "too many devices from this address are waiting to be paired; try again later",
            );
        }
        *here += 1;
        Ok(Place { waiting: self, ip })
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        let mut open = self.waiting.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves a device's pairing request until it is approved, expires or the device leaves.
pub(super) async fn run(mut socket: WebSocket, hub: Arc<Shared>, peer: Peer, asked: Pair) {
    let outcome = match check(&asked) {
        Err(why) => Err(ServerMessage::error(None, ErrorCode::BadHello, why)),
        Ok(()) => match hub.pairing.admit(peer.addr.ip()) {
            Err(why) => Err(ServerMessage::error(None, ErrorCode::RateLimited, why)),
            Ok(place) => {
                let answer = wait(&mut socket, &hub, peer, &asked).await;
                drop(place);
                answer
            }
        },
    };
    let last = match outcome {
        Ok(paired) => paired,
        Err(refusal) => {
            hub.metrics.rejected();
            Some(refusal)
        }
    };
    if let Some(last) = last {
        let _ = socket.send(Message::text(last.to_json())).await;
    }
    let _ = socket.send(Message::Close(None)).await;
}

fn check(asked: &Pair) -> Result<(), String> {
    devices::check_name(&asked.device).map_err(|e| e.to_string())?;
    if asked.role == Role::Admin {
        return Err("the admin role is not paired from the network; the manager enrols it on the hub's machine with `kiosk devices add`".into());
    }
    devices::check_shape(asked.role, asked.counter).map_err(|e| e.to_string())
}

/// Opens the request, shows the code, and waits. `Ok(Some(paired))` once approved,
/// `Ok(None)` if the device left or the hub stops.
async fn wait(
    socket: &mut WebSocket,
    hub: &Shared,
    peer: Peer,
    asked: &Pair,
) -> Result<Option<ServerMessage>, ServerMessage> {
    let unavailable = |_| {
        ServerMessage::error(
            None,
            ErrorCode::Unavailable,
            "the hub cannot pair devices now; try again",
        )
    };
    let token = devices::new_token();
    let hash = devices::token_hash(&token);
    let expires = Utc::now() + chrono::Duration::from_std(CODE_LIFETIME).unwrap_or_default();
    let (request, address) = (asked.clone(), peer.addr.ip().to_string());
    let code = hub
        .writer
        .read(move |store| pairing::open(store.connection(), &request, &address, &hash, expires))
        .await
        .map_err(|e| unavailable(e.to_string()))?
        .map_err(|e| unavailable(e.to_string()))?;
    tracing::info!(code = %pairing::shown(&code), device = %asked.device, role = asked.role.as_str(), address = %peer.addr, "a device asks to be paired");
    let answer = answer(socket, hub, &code, token).await;
    let closing = code.clone();
    let _ = hub
        .writer
        .read(move |store| pairing::close(store.connection(), &closing))
        .await;
    answer
}

async fn answer(
    socket: &mut WebSocket,
    hub: &Shared,
    code: &str,
    token: String,
) -> Result<Option<ServerMessage>, ServerMessage> {
    let shown = ServerMessage::Pairing {
        code: pairing::shown(code),
    };
    if socket.send(Message::text(shown.to_json())).await.is_err() {
        return Ok(None);
    }
    let mut registry = hub.registry.clone();
    let mut shutdown = hub.shutdown.clone();
    let expiry = tokio::time::sleep(CODE_LIFETIME);
    tokio::pin!(expiry);
    let mut ping = tokio::time::interval(PING_EVERY);
    loop {
        let approved = registry.borrow_and_update().approved.get(code).cloned();
        if let Some(name) = approved {
            let probe = token.clone();
            let device = hub
                .writer
                .read(move |store| devices::by_token(store.connection(), &probe))
                .await;
            if let Ok(Ok(Some(device))) = device {
                tracing::info!(device = %device.name, role = device.role.as_str(), "device paired");
                return Ok(Some(ServerMessage::Paired {
                    device: device.name,
                    role: device.role,
                    counter: device.counter,
                    token,
                }));
            }
            tracing::warn!(%name, "an approved pairing's device is gone; was it revoked at once?");
        }
        tokio::select! {
            changed = registry.changed() => if changed.is_err() { return Ok(None) },
            () = &mut expiry => {
                return Err(ServerMessage::error(
                    None,
                    ErrorCode::PairingExpired,
                    "the pairing code was not approved within 10 minutes; ask for a new one",
                ));
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Ok(None),
                Some(Ok(Message::Text(_) | Message::Binary(_))) => {
                    let wait = ServerMessage::error(None, ErrorCode::BadMessage, "waiting for the manager to approve the pairing code; send nothing");
                    if socket.send(Message::text(wait.to_json())).await.is_err() { return Ok(None) }
                }
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => if socket.send(Message::Ping(Default::default())).await.is_err() { return Ok(None) },
            _ = shutdown.changed() => return Ok(None),
        }
    }
}
