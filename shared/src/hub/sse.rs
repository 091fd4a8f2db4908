//! Server-sent events for integrations: `GET /events`, resumable with `Last-Event-ID`.
//!
//! It streams the whole state (ratings with the reasons citizens typed, pause reasons), so
//! it is only for a JSON API key with scope `read`, like `/api/state` ([`super::api`]); the
//! office's pages each follow their own stream, which carries only what the page shows.
//!
//! The stream opens with `event: snapshot` (the state) or the missed `event: queue` events,
//! then one `event: queue` per event, each with `id:` its sequence number, and a heartbeat
//! comment every 15 seconds so a page can tell a quiet office from a dead stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use super::Shared;
use super::catchup::{CatchUp, catch_up, state_json};
use crate::store::api_keys::Scope;

/// `GET /events`; `401`/`403` without a `read` API key, `400` when `Last-Event-ID` or
/// `?last=` is not an event's number.
pub async fn events(
    State(hub): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(refused) = super::api::require(&hub, &headers, Scope::Read).await {
        return refused;
    }
    // `?last=N`, for clients that cannot set headers.
    let last = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("last="));
    let header = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("?").trim());
    let after = match header.or(last).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match v.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let why = format!(
                    "Last-Event-ID (or ?last=) must be the number of the last event received, not {v:?}; leave it out to start from a snapshot"
                );
                return (StatusCode::BAD_REQUEST, why).into_response();
            }
        },
    };
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(feed(hub, after, tx));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx))
    });
    Sse::new(stream)
        .keep_alive(
            KeepAlive::new()
                .interval(Duration::from_secs(15))
                .text("heartbeat"),
        )
        .into_response()
}

fn queue_event(seq: u64, json: &str) -> SseEvent {
    SseEvent::default()
        .event("queue")
        .id(seq.to_string())
        .data(json)
}

/// Sends the catch-up, then every event, until the browser leaves or the hub stops.
async fn feed(hub: Arc<Shared>, after: Option<u64>, tx: mpsc::Sender<SseEvent>) {
    hub.metrics.sse(1);
    let mut events = hub.events.subscribe();
    let mut shutdown = hub.shutdown.clone();
    let mut seq = after;
    'stream: loop {
        let Ok(catch) = catch_up(&hub.writer, &hub.snapshot, seq).await else {
            break;
        };
        let at = catch.seq(seq);
        let opening: Vec<SseEvent> = match catch {
            CatchUp::Replay(list) => list.iter().map(|p| queue_event(p.seq, &p.json)).collect(),
            CatchUp::Snapshot { message, .. } => {
                let json = state_json(&message);
                vec![
                    SseEvent::default()
                        .event("snapshot")
                        .id(at.to_string())
                        .data(json),
                ]
            }
        };
        for e in opening {
            if tx.send(e).await.is_err() {
                break 'stream;
            }
        }
        seq = Some(at);
        loop {
            tokio::select! {
                published = events.recv() => match published {
                    Ok(p) if Some(p.seq) > seq => {
                        seq = Some(p.seq);
                        if tx.send(queue_event(p.seq, &p.json)).await.is_err() {
                            break 'stream;
                        }
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => continue 'stream,
                    Err(RecvError::Closed) => break 'stream,
                },
                _ = tx.closed() => break 'stream,
                _ = shutdown.changed() => break 'stream,
            }
        }
    }
    hub.metrics.sse(-1);
}
