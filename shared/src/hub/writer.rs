//! The writer: one thread that owns the store and applies every command in order.
//!
//! It takes whatever requests have queued up, commits the commands among them in one
//! transaction (group commit), publishes the events to subscribers, and only then replies.
//! Reads (snapshots, catch-up, queries) run between batches, so they see committed state.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::engine::{Command, Event};
use crate::store::{Outcome, Store, Submission};

use super::metrics::{Counted, Metrics};

/// Most requests taken into one batch.
const MAX_BATCH: usize = 512;

/// An event as sent to every subscriber, serialised once.
#[derive(Debug)]
pub struct Published {
    /// Its sequence number.
    pub seq: u64,
    /// The event as JSON.
    pub json: String,
}

impl Published {
    pub(super) fn new(event: &Event) -> Arc<Published> {
        Arc::new(Published {
            seq: event.seq,
            json: serde_json::to_string(event).unwrap_or_default(),
        })
    }
}

/// The hub could not apply a command.
#[derive(Debug, Clone, thiserror::Error)]
pub enum HubError {
    /// The database failed; nothing was applied.
    #[error("the hub could not save: {0}")]
    Unavailable(String),
    /// The hub is shutting down.
    #[error("the hub is stopping")]
    Stopped,
}

type Read = Box<dyn FnOnce(&Store) + Send>;

enum Request {
    Submit {
        command: Command,
        key: Option<String>,
        reply: oneshot::Sender<Result<Outcome, HubError>>,
    },
    Read(Read),
}

/// A handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Request>,
}

impl Writer {
    /// Starts the writer thread over `store`. It stops when every handle is dropped.
    pub fn start(
        store: Store,
        events: broadcast::Sender<Arc<Published>>,
        metrics: Arc<Metrics>,
    ) -> (Writer, std::thread::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(16 * 1024);
        let thread = std::thread::Builder::new()
            .name("hub-writer".into())
            .spawn(move || run(store, rx, events, metrics))
            .unwrap_or_else(|e| panic!("cannot start the hub's writer thread: {e}"));
        (Writer { tx }, thread)
    }

    /// Applies a command; the answer comes after it is on disk.
    pub async fn submit(&self, command: Command, key: Option<String>) -> Result<Outcome, HubError> {
        self.enqueue(command, key).await?.await
    }

    /// Queues a command behind those already queued, and returns the wait for its answer.
    /// Queuing in the caller's order is what keeps one device's commands in order.
    pub async fn enqueue(
        &self,
        command: Command,
        key: Option<String>,
    ) -> Result<impl Future<Output = Result<Outcome, HubError>> + Send + 'static, HubError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Request::Submit {
                command,
                key,
                reply,
            })
            .await
            .map_err(|_| HubError::Stopped)?;
        Ok(async move { answer.await.map_err(|_| HubError::Stopped)? })
    }

    /// Runs `f` on the store between batches and returns its result.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> Result<T, HubError> {
        let (reply, answer) = oneshot::channel();
        let job: Read = Box::new(move |store| {
            let _ = reply.send(f(store));
        });
        self.tx
            .send(Request::Read(job))
            .await
            .map_err(|_| HubError::Stopped)?;
        answer.await.map_err(|_| HubError::Stopped)
    }
}

fn run(
    mut store: Store,
    mut rx: mpsc::Receiver<Request>,
    events: broadcast::Sender<Arc<Published>>,
    metrics: Arc<Metrics>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        let mut commands = Vec::new();
        for request in batch.drain(..) {
            match request {
                Request::Submit {
                    command,
                    key,
                    reply,
                } => commands.push((command, key, reply)),
                Request::Read(f) => {
                    commit(&mut store, std::mem::take(&mut commands), &events, &metrics);
                    f(&store);
                }
            }
        }
        commit(&mut store, commands, &events, &metrics);
    }
    tracing::info!("hub writer stopped");
}

type Pending = Vec<(
    Command,
    Option<String>,
    oneshot::Sender<Result<Outcome, HubError>>,
)>;

fn commit(
    store: &mut Store,
    commands: Pending,
    events: &broadcast::Sender<Arc<Published>>,
    metrics: &Metrics,
) {
    if commands.is_empty() {
        return;
    }
    let started = Instant::now();
    let now = Utc::now();
    let result = store.apply_batch(commands.iter().map(|(command, key, _)| Submission {
        command,
        now,
        key: key.as_deref(),
    }));
    metrics.batch(commands.len(), started.elapsed());
    match result {
        Ok(outcomes) => {
            for outcome in &outcomes {
                let mut fresh = false;
                for event in outcome.iter().flatten() {
                    // A keyed retry returns events already published; publish each seq once.
                    if metrics.publish(event.seq) {
                        fresh = true;
                        let _ = events.send(Published::new(event));
                    }
                }
                match outcome {
                    Ok(list) if list.is_empty() => {}
                    Ok(_) => metrics.outcome(if fresh {
                        Counted::Applied
                    } else {
                        Counted::Repeated
                    }),
                    Err(_) => metrics.outcome(Counted::Refused),
                }
            }
            for ((_, _, reply), outcome) in commands.into_iter().zip(outcomes) {
                let _ = reply.send(Ok(outcome));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, commands = commands.len(), "batch not saved");
            metrics.failed(commands.len());
            for (_, _, reply) in commands {
                let _ = reply.send(Err(HubError::Unavailable(e.to_string())));
            }
        }
    }
}
