//! The connection task: connect, hello, relay, and on any failure start again.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::engine::Event;
use crate::protocol::{ClientMessage, ErrorCode, Hello, PROTOCOL_VERSION, ServerMessage};

use super::tls::{self, Socket};
use super::{ClientError, Identity, Link, Request, Update, backoff};

/// No message from the hub for this long (it pings every 15 s) means the link is dead.
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// Time allowed to connect and be welcomed.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

type Pending = HashMap<u64, oneshot::Sender<Result<Vec<Event>, ClientError>>>;

/// Runs until every `Client` handle is dropped (the updates receiver may go earlier).
pub async fn run(
    identity: Identity,
    mut requests: mpsc::Receiver<Request>,
    updates: mpsc::Sender<Update>,
    link: watch::Sender<Link>,
) {
    let url = ws_url(&identity.url);
    let mut last_seq: Option<u64> = None;
    let mut attempt = 0u32;
    loop {
        let mut withdrawn = false;
        let trust = match &identity.hub_certificate {
            Some(pin) => tls::Trust::Pinned(pin),
            None => tls::Trust::FirstUse,
        };
        let connected = if url.starts_with("wss://") && identity.hub_certificate.is_none() {
            Ok(Err(tls::ConnectError::NotPinned(url.clone())))
        } else {
            tokio::time::timeout(
                CONNECT_TIMEOUT,
                tls::connect_from(&url, trust, identity.from),
            )
            .await
        };
        let reason = match connected {
            Ok(Ok((socket, _))) => {
                let hello = Hello {
                    protocol: PROTOCOL_VERSION,
                    role: identity.role,
                    device: identity.device.clone(),
                    token: identity.token.clone(),
                    counter: identity.counter,
                    last_seq,
                    clerk: identity.manager.as_ref().map(|(c, _)| c.clone()),
                    pin: identity.manager.as_ref().map(|(_, p)| p.clone()),
                };
                let outcome = session(
                    socket,
                    hello,
                    &mut requests,
                    &updates,
                    &link,
                    &mut last_seq,
                    &mut attempt,
                    &mut withdrawn,
                )
                .await;
                match outcome {
                    Ok(()) => return,
                    Err(reason) => reason,
                }
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("the hub at {url} did not answer"),
        };
        link.send_replace(Link::Offline);
        tracing::debug!(%reason, "offline");
        // Updates are for whoever listens; an app that only sends may have dropped them.
        let update = match withdrawn {
            true => Update::Withdrawn(reason),
            false => Update::Disconnected(reason),
        };
        let _ = updates.send(update).await;
        // Wait before the next attempt, answering requests with `Offline` meanwhile.
        let wake = Instant::now() + backoff::delay(attempt);
        attempt = attempt.saturating_add(1);
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(wake) => break,
                request = requests.recv() => match request {
                    Some(r) => refuse(r, ClientError::Offline),
                    None => return,
                },
            }
        }
    }
}

/// Hands an event to the app unless it already has it.
async fn forward(event: Event, last_seq: &mut Option<u64>, updates: &mpsc::Sender<Update>) {
    if last_seq.is_some_and(|s| event.seq <= s) {
        return;
    }
    *last_seq = Some(event.seq);
    let _ = updates.send(Update::Event(Box::new(event))).await;
}

fn refuse(request: Request, error: ClientError) {
    let reply = match request {
        Request::Command { reply, .. } | Request::Login { reply, .. } => reply,
    };
    let _ = reply.send(Err(error));
}

/// `http(s)://host:port` or `ws(s)://host:port` to the hub's WebSocket URL. A device's
/// token never crosses the LAN in clear: a plain URL to another machine is taken over TLS
/// (`wss://`, the same port; the hub's rule, `hub::transport`, refuses it plain anyway),
/// and only this machine is reached over plain `ws://`.
pub fn ws_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let (secure, rest) = match url.split_once("://") {
        Some(("https" | "wss", rest)) => (true, rest),
        Some((_, rest)) => (false, rest),
        None => (false, url),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let scheme = if secure || !crate::hub::peer::is_this_machine(host) {
        "wss"
    } else {
        "ws"
    };
    let url = format!("{scheme}://{rest}");
    if url.ends_with("/ws") {
        url
    } else {
        format!("{url}/ws")
    }
}

/// One connected session. `Ok` only when the app has gone (no more handles).
#[allow(clippy::too_many_arguments)]
async fn session(
    mut socket: Socket,
    hello: Hello,
    requests: &mut mpsc::Receiver<Request>,
    updates: &mpsc::Sender<Update>,
    link: &watch::Sender<Link>,
    last_seq: &mut Option<u64>,
    attempt: &mut u32,
    withdrawn: &mut bool,
) -> Result<(), String> {
    let text = serde_json::to_string(&ClientMessage::Hello(hello)).map_err(|e| e.to_string())?;
    socket
        .send(Message::text(text))
        .await
        .map_err(|e| e.to_string())?;
    let mut pending: Pending = HashMap::new();
    let mut next_id = 1u64;
    let mut heard = Instant::now();
    let mut welcomed = false;
    let result = loop {
        tokio::select! {
            incoming = socket.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Close(_))) | None => break Err("the hub closed the connection".to_string()),
                    Some(Err(e)) => break Err(format!("connection error: {e}")),
                    Some(Ok(_)) => { heard = Instant::now(); continue }
                };
                heard = Instant::now();
                // An app that only sends (it dropped its updates) need not pay to read events.
                if updates.is_closed() && text.starts_with("{\"type\":\"event") {
                    continue;
                }
                let message = match serde_json::from_str::<ServerMessage>(&text) {
                    Ok(m) => m,
                    Err(e) => { tracing::warn!(error = %e, "unreadable message from the hub"); continue }
                };
                match message {
                    ServerMessage::Welcome { office, links_key, .. } => {
                        welcomed = true;
                        *attempt = 0;
                        link.send_replace(Link::Online);
                        if let Some(key) = links_key {
                            let _ = updates.send(Update::LinksKey(key)).await;
                        }
                        let _ = updates.send(Update::Connected(office)).await;
                    }
                    ServerMessage::Snapshot { state } => {
                        *last_seq = Some(state.last_seq);
                        let _ = updates.send(Update::Snapshot(state)).await;
                    }
                    ServerMessage::Event { event } => forward(event, last_seq, updates).await,
                    ServerMessage::Events { events } => {
                        for event in events {
                            forward(event, last_seq, updates).await;
                        }
                    }
                    ServerMessage::Reply { id, events } => {
                        if let Some(reply) = pending.remove(&id) { let _ = reply.send(Ok(events)); }
                    }
                    ServerMessage::Error { id, code, message, refusal, retry_after } => {
                        let error = match (code, refusal) {
                            (ErrorCode::Refused, Some(r)) => ClientError::Refused(r),
                            (ErrorCode::SignInLocked, _) => ClientError::SignInLocked {
                                retry_after: Duration::from_secs(retry_after.unwrap_or(60)),
                            },
                            _ => ClientError::Rejected { code, message: message.clone() },
                        };
                        match id.and_then(|id| pending.remove(&id)) {
                            Some(reply) => { let _ = reply.send(Err(error)); }
                            // Another device uses this name, or the manager withdrew this
                            // one's pairing: wait the longest before trying again, and say why.
                            None if matches!(code, ErrorCode::Replaced | ErrorCode::Revoked) => {
                                *attempt = u32::MAX;
                                *withdrawn = code == ErrorCode::Revoked;
                                break Err(message);
                            }
                            None if !welcomed => break Err(format!("the hub refused this device: {message}")),
                            None => tracing::warn!(?code, %message, "error from the hub"),
                        }
                    }
                    ServerMessage::Pong { .. } | ServerMessage::Pairing { .. } | ServerMessage::Paired { .. } => {}
                }
            }
            request = requests.recv() => {
                let Some(request) = request else { break Ok(()) };
                if !welcomed { refuse(request, ClientError::Offline); continue }
                let id = next_id;
                next_id += 1;
                let (message, reply) = match request {
                    Request::Command { command, key, reply } => (ClientMessage::Command { id, key: Some(key), command }, reply),
                    Request::Login { clerk, pin, fields, key, reply } => (ClientMessage::Login { id, key: Some(key), clerk, pin, fields }, reply),
                };
                let text = serde_json::to_string(&message).unwrap_or_default();
                if let Err(e) = socket.send(Message::text(text)).await {
                    let _ = reply.send(Err(ClientError::ConnectionLost));
                    break Err(format!("connection error: {e}"));
                }
                pending.insert(id, reply);
            }
            _ = tokio::time::sleep_until(heard + SILENCE_LIMIT) => break Err("the hub stopped answering".to_string()),
        }
    };
    for (_, reply) in pending.drain() {
        let _ = reply.send(Err(ClientError::ConnectionLost));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::ws_url;

    #[test]
    fn urls_are_turned_into_the_websocket_endpoint() {
        assert_eq!(ws_url("http://127.0.0.1:8080"), "ws://127.0.0.1:8080/ws");
        assert_eq!(ws_url("http://localhost:8080/"), "ws://localhost:8080/ws");
        assert_eq!(ws_url("ws://127.0.0.1:9/ws"), "ws://127.0.0.1:9/ws");
        assert_eq!(ws_url("http://[::1]:9"), "ws://[::1]:9/ws");
        assert_eq!(ws_url("https://hub.office"), "wss://hub.office/ws");
        assert_eq!(ws_url("https://127.0.0.1:8080"), "wss://127.0.0.1:8080/ws");
        // Another machine only over TLS, whatever the URL says.
        assert_eq!(ws_url("http://10.0.0.5:8080"), "wss://10.0.0.5:8080/ws");
        assert_eq!(ws_url("ws://10.0.0.5:8080/ws"), "wss://10.0.0.5:8080/ws");
        assert_eq!(
            ws_url("http://hub.office:8080/"),
            "wss://hub.office:8080/ws"
        );
    }
}
