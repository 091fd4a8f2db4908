//! `GET /display/events`: what a TV's browser needs, as server-sent events.
//!
//! - `hello` first: the page's build, highlight time, voice volume, heartbeat period, clock.
//! - `board`: the whole [`Board`], on connect and after every change (events that arrive
//!   together give one board).
//! - `call`: an [`Announcement`] with its words and audio URL, for calls and recalls made
//!   while the page listens. Never replayed: a TV that reconnects must not call anyone again.
//! - `heartbeat` every [`HEARTBEAT`] with the hub's clock: a named event, because comments
//!   are invisible to a page's script and its watchdog must see the stream alive.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event as SseEvent, Sse};
use chrono::{Offset, Utc};
use futures_util::Stream;
use serde::Serialize;
use serde_json::json;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, mpsc};

use crate::board::{Announcement, Board, announcement};
use crate::config::Config;
use crate::engine::Event;

use super::super::Shared;
use super::super::writer::Published;
use super::voice::{Voice, audio_url};

/// How often a quiet stream says it is alive; the page gives up after three missed.
const HEARTBEAT: Duration = Duration::from_secs(5);

/// Calls remembered for pages that read the board after another page did.
const REMEMBERED_CALLS: usize = 64;

/// The board as last read for any web display, with the announcements of the latest calls:
/// twenty TVs cost the writer thread one read per change, not twenty.
#[derive(Default)]
pub struct Latest(tokio::sync::Mutex<Option<(Arc<Board>, Vec<Announcement>)>>);

impl Latest {
    /// The board at `seq` or later and the announcements of `calls`, read from the store only
    /// when no page has read them yet. `u64::MAX` always reads: a page that has just
    /// subscribed needs the board as it is now, not as another page last saw it.
    async fn read(
        &self,
        hub: &Shared,
        seq: u64,
        calls: Vec<Event>,
    ) -> Result<(Arc<Board>, Vec<Announcement>), Gone> {
        let mut latest = self.0.lock().await;
        let said = |known: &[Announcement]| -> Option<Vec<Announcement>> {
            calls
                .iter()
                .map(|e| known.iter().find(|a| a.seq == e.seq).cloned())
                .collect()
        };
        if let Some((board, known)) = latest.as_ref()
            && board.seq >= seq
            && let Some(found) = said(known)
        {
            return Ok((board.clone(), found));
        }
        let wanted = calls.clone();
        let (board, new) = hub
            .writer
            .read(move |store| {
                let engine = store.engine();
                let said: Vec<Announcement> = wanted
                    .iter()
                    .filter_map(|e| announcement(engine, e))
                    .collect();
                (Board::of(engine), said)
            })
            .await
            .map_err(|_| Gone)?;
        let mut known = latest.take().map(|(_, k)| k).unwrap_or_default();
        known.retain(|k| !new.iter().any(|n| n.seq == k.seq));
        known.extend(new.iter().cloned());
        let drop = known.len().saturating_sub(REMEMBERED_CALLS);
        known.drain(..drop);
        let board = Arc::new(board);
        *latest = Some((board.clone(), known));
        Ok((board, new))
    }
}

/// `GET /display/events`
pub async fn events(
    State(hub): State<Arc<Shared>>,
    voice: Arc<Voice>,
    latest: Arc<Latest>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // Subscribed before the page hears anything: a call made once it is connected is announced.
    let events = hub.events.subscribe();
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        hub.metrics.sse(1);
        let _ = feed(&hub, &voice, &latest, events, &tx).await;
        hub.metrics.sse(-1);
    });
    Sse::new(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok(e), rx))
    }))
}

/// The browser left or the hub is stopping.
struct Gone;

async fn send(tx: &mpsc::Sender<SseEvent>, name: &str, data: impl Serialize) -> Result<(), Gone> {
    let event = SseEvent::default()
        .event(name)
        .json_data(data)
        .map_err(|_| Gone)?;
    tx.send(event).await.map_err(|_| Gone)
}

/// The hub's clock for the page: its time and the office's offset from UTC now.
fn clock(config: &Config) -> serde_json::Value {
    let now = Utc::now();
    let offset = now.with_timezone(&config.time_zone).offset().fix();
    json!({
        "now_ms": now.timestamp_millis(),
        "offset_minutes": offset.local_minus_utc() / 60,
    })
}

/// A call as the page gets it: the announcement, its words, and where to fetch its sound.
fn call_data(config: &Config, voice: &Voice, a: &Announcement) -> serde_json::Value {
    let words = a.words(&config.voice).join(" ");
    let audio = voice
        .pack(config)
        .map(|_| audio_url(&a.display, a.counter.0, a.recall > 0));
    json!({
        "seq": a.seq,
        "ticket": a.ticket,
        "display": a.display,
        "counter": a.counter,
        "recall": a.recall,
        "words": words,
        "audio": audio,
    })
}

/// Whether two boards show the same (the sequence number aside).
fn same(a: &Board, b: &Board) -> bool {
    Board {
        seq: b.seq,
        ..a.clone()
    } == *b
}

/// Keeps one page up to date until it leaves or the hub stops.
/// `events` is subscribed before the board is read, so nothing falls between the two.
async fn feed(
    hub: &Shared,
    voice: &Voice,
    latest: &Latest,
    mut events: broadcast::Receiver<Arc<Published>>,
    tx: &mpsc::Sender<SseEvent>,
) -> Result<(), Gone> {
    let mut shutdown = hub.shutdown.clone();
    let config = &hub.config;
    let mut hello = clock(config);
    hello["build"] = super::build().into();
    hello["highlight_seconds"] = config.display.highlight_seconds.into();
    hello["heartbeat_seconds"] = HEARTBEAT.as_secs().into();
    // In hundredths: an f32 widened as it is would read 0.8999999761581421.
    hello["volume"] = ((f64::from(config.voice.volume) * 100.0).round() / 100.0).into();
    send(tx, "hello", hello).await?;
    let (mut board, _) = latest.read(hub, u64::MAX, Vec::new()).await?;
    send(tx, "board", board.as_ref()).await?;
    let start = tokio::time::Instant::now() + HEARTBEAT;
    let mut beat = tokio::time::interval_at(start, HEARTBEAT);
    loop {
        let first = tokio::select! {
            received = events.recv() => received,
            _ = beat.tick() => {
                send(tx, "heartbeat", clock(config)).await?;
                continue;
            }
            _ = tx.closed() => return Err(Gone),
            _ = shutdown.changed() => return Err(Gone),
        };
        let mut batch = Vec::new();
        let mut lagged = false;
        match first {
            Ok(p) => batch.push(p),
            Err(RecvError::Lagged(missed)) => {
                // The board below is whole again; only the missed calls go unannounced.
                tracing::warn!(missed, "a web display fell behind");
                lagged = true;
            }
            Err(RecvError::Closed) => return Err(Gone),
        }
        loop {
            match events.try_recv() {
                Ok(p) => batch.push(p),
                Err(TryRecvError::Lagged(_)) => lagged = true,
                Err(_) => break,
            }
        }
        // Every call received was made after the page connected, even one the first board
        // already shows; only older events can leave the board as it is.
        let calls: Vec<Event> = batch.iter().filter_map(|p| announced(p)).collect();
        batch.retain(|p| p.seq > board.seq);
        if batch.is_empty() && calls.is_empty() && !lagged {
            continue;
        }
        let seq = if lagged {
            u64::MAX
        } else {
            batch.iter().map(|p| p.seq).max().unwrap_or(board.seq)
        };
        let (next, said) = latest.read(hub, seq, calls).await?;
        if !same(&board, &next) {
            send(tx, "board", next.as_ref()).await?;
        }
        board = next;
        for a in &said {
            send(tx, "call", call_data(config, voice, a)).await?;
        }
    }
}

/// The event, if it is a call or a recall (the only events a display announces).
fn announced(p: &Published) -> Option<Event> {
    if !p.json.contains("\"ticket_called\"") && !p.json.contains("\"ticket_recalled\"") {
        return None;
    }
    serde_json::from_str(&p.json).ok()
}
