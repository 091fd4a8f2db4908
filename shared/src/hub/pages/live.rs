//! Live views for the pages: one follower of the hub's events serves every open page.
//!
//! Hundreds of phones may each follow their own ticket. Rather than each asking the writer
//! for the state after every event, one task wakes per batch of events (and every
//! [`REFRESH`], for views that change with time alone), works out every watched view in one
//! read, and hands each to its pages through a `watch` channel when it changed. A view no
//! page watches any more is dropped at the next wake-up.
//!
//! Each page's stream sends `view` (JSON) on connect and after each change, and `ping`
//! every [`PING`]: a named event, because comments are invisible to a page's script and its
//! watchdog must see the stream alive.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::response::sse::{Event as SseEvent, Sse};
use chrono::Utc;
use futures_util::Stream;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{mpsc, watch};

use crate::engine::Engine;
use crate::model::{CounterId, TicketId};

use super::super::Shared;
use super::super::writer::HubError;
use super::views;

/// How often views are worked out again with no event (rating windows close, waits grow).
const REFRESH: Duration = Duration::from_secs(20);
/// How often a page's stream says it is alive; pages reconnect after about three missed.
pub const PING: Duration = Duration::from_secs(10);
/// How soon a browser reconnects a dropped stream by itself.
const RETRY: Duration = Duration::from_secs(1);

/// What a page watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A citizen's ticket.
    Ticket(TicketId),
    /// A counter's rating tablet.
    Tablet(CounterId),
    /// The manager's overview.
    Overview,
}

/// The view of `topic` as JSON (`null` for a ticket not of the current day).
pub fn view_json(engine: &Engine, topic: Topic) -> String {
    let now = Utc::now();
    let json = match topic {
        Topic::Ticket(id) => serde_json::to_string(&views::ticket_page(engine, id, now)),
        Topic::Tablet(c) => serde_json::to_string(&views::tablet(engine, c, now)),
        Topic::Overview => serde_json::to_string(&views::overview(engine, now)),
    };
    json.unwrap_or_else(|_| "null".into())
}

type Views = HashMap<Topic, watch::Sender<Arc<str>>>;

/// The watched views of one hub and the task that keeps them current.
#[derive(Default)]
pub struct Live {
    views: Mutex<Views>,
    following: Mutex<bool>,
}

impl Live {
    fn views(&self) -> std::sync::MutexGuard<'_, Views> {
        self.views.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Follows `topic`: the receiver holds its current view and sees each change.
    pub async fn watch(
        self: &Arc<Self>,
        hub: &Arc<Shared>,
        topic: Topic,
    ) -> Result<watch::Receiver<Arc<str>>, HubError> {
        self.follow(hub);
        if let Some(tx) = self.views().get(&topic) {
            return Ok(tx.subscribe());
        }
        // Added on the writer's thread, between batches: an event committed after this is
        // seen by the follower with the topic in place, one before is in the first view.
        let live = self.clone();
        hub.writer
            .read(move |store| {
                live.views()
                    .entry(topic)
                    .or_insert_with(|| watch::channel(view_json(store.engine(), topic).into()).0)
                    .subscribe()
            })
            .await
    }

    /// Starts the follower once per hub.
    fn follow(self: &Arc<Self>, hub: &Arc<Shared>) {
        let mut following = self.following.lock().unwrap_or_else(|e| e.into_inner());
        if !*following {
            *following = true;
            tokio::spawn(follow(self.clone(), hub.clone()));
        }
    }
}

/// Wakes per batch of events or every [`REFRESH`], and updates every watched view.
async fn follow(live: Arc<Live>, hub: Arc<Shared>) {
    let mut events = hub.events.subscribe();
    let mut shutdown = hub.shutdown.clone();
    let mut refresh = tokio::time::interval(REFRESH);
    loop {
        tokio::select! {
            got = events.recv() => match got {
                // Whatever else has come is covered by the same read.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    while let Ok(_) | Err(TryRecvError::Lagged(_)) = events.try_recv() {}
                }
                Err(RecvError::Closed) => break,
            },
            _ = refresh.tick() => {}
            _ = shutdown.changed() => break,
        }
        let topics: Vec<Topic> = {
            let mut views = live.views();
            views.retain(|_, tx| tx.receiver_count() > 0);
            views.keys().copied().collect()
        };
        if topics.is_empty() {
            continue;
        }
        let Ok(fresh) = hub
            .writer
            .read(move |store| {
                topics
                    .into_iter()
                    .map(|t| (t, view_json(store.engine(), t)))
                    .collect::<Vec<_>>()
            })
            .await
        else {
            break;
        };
        let views = live.views();
        for (topic, json) in fresh {
            if let Some(tx) = views.get(&topic) {
                tx.send_if_modified(|now| {
                    let changed = **now != *json;
                    if changed {
                        *now = json.into();
                    }
                    changed
                });
            }
        }
    }
    // Pages still open end with the hub; the follower lets go of it.
    live.views().clear();
    *live.following.lock().unwrap_or_else(|e| e.into_inner()) = false;
}

/// A page's event stream of one watched view, until the page leaves or the hub stops.
pub fn stream(
    hub: Arc<Shared>,
    mut view: watch::Receiver<Arc<str>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        hub.metrics.sse(1);
        let mut shutdown = hub.shutdown.clone();
        let mut ping = tokio::time::interval(PING);
        ping.tick().await;
        let mut next = Some(view.borrow_and_update().clone());
        // The first view also tells the browser to retry after a second, not its default
        // three, when the hub restarts.
        let mut retry = Some(RETRY);
        loop {
            if let Some(json) = next.take() {
                let mut event = SseEvent::default().event("view").data(&*json);
                if let Some(after) = retry.take() {
                    event = event.retry(after);
                }
                if tx.send(event).await.is_err() {
                    break;
                }
            }
            tokio::select! {
                changed = view.changed() => match changed {
                    Ok(()) => next = Some(view.borrow_and_update().clone()),
                    Err(_) => break,
                },
                _ = ping.tick() => {
                    let now = Utc::now().timestamp_millis().to_string();
                    if tx.send(SseEvent::default().event("ping").data(now)).await.is_err() {
                        break;
                    }
                }
                _ = tx.closed() => break,
                _ = shutdown.changed() => break,
            }
        }
        hub.metrics.sse(-1);
    });
    Sse::new(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok(e), rx))
    }))
}
