//! The writer: one thread that owns the store and applies every command in order.
//!
//! It takes whatever requests have queued up, commits the commands among them in one
//! transaction (group commit), publishes the events to subscribers, and only then replies.
//! Reads (snapshots, catch-up, queries) run between batches, so they see committed state.
//!
//! A batch that cannot be saved stops the writer for good: after a failed commit nobody can
//! say what the file holds (a failed fsync may or may not have kept the batch; a failed
//! reload leaves the engine ahead of the file), so the only state to trust is the file as
//! reopened by a new process. The failing batch's callers get an error, every later one
//! [`HubError::Stopped`], and [`WriterThread::failure`] tells the hub to stop. A panic on
//! the thread ends it the same way.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use tokio::sync::{broadcast, mpsc, oneshot, watch};

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

/// How the writer thread ended: `None` while it runs, then `Ok` when every handle let go
/// of it, or why it failed.
type Ending = Option<Result<(), String>>;

/// The writer thread itself, to learn whether it failed and to wait for its end.
pub struct WriterThread {
    ended: watch::Receiver<Ending>,
    thread: std::thread::JoinHandle<()>,
}

impl WriterThread {
    /// Completes, with the reason, if the writer stops because a batch could not be saved
    /// or the thread panicked; never if it stops because every handle was dropped.
    pub fn failure(&self) -> impl Future<Output = String> + Send + 'static {
        let mut ended = self.ended.clone();
        async move {
            let failed = match ended.wait_for(Option::is_some).await.as_deref() {
                Ok(Some(Err(reason))) => Some(reason.clone()),
                _ => None,
            };
            match failed {
                Some(reason) => reason,
                None => std::future::pending().await,
            }
        }
    }

    /// Waits for the thread to end (blocking) and tells why it did.
    pub fn join(self) -> Result<(), String> {
        let _ = self.thread.join();
        let ended = self.ended.borrow().clone();
        ended.unwrap_or_else(|| Err("the writer thread ended without a word".into()))
    }
}

impl Writer {
    /// Starts the writer thread over `store`. It stops when every handle is dropped, or on
    /// its own when a batch cannot be saved.
    pub fn start(
        store: Store,
        events: broadcast::Sender<Arc<Published>>,
        metrics: Arc<Metrics>,
    ) -> (Writer, WriterThread) {
        let (tx, rx) = mpsc::channel(16 * 1024);
        let (report, ended) = watch::channel(None);
        let thread = std::thread::Builder::new()
            .name("hub-writer".into())
            .spawn(move || {
                // The store and the queue are dropped while unwinding, so no caller waits
                // on a panicked writer: each gets `Stopped`.
                let ending =
                    std::panic::catch_unwind(AssertUnwindSafe(|| run(store, rx, events, metrics)))
                        .unwrap_or_else(|panic| {
                            Err(format!("the writer panicked: {}", says(&*panic)))
                        });
                report.send_replace(Some(ending));
            })
            .unwrap_or_else(|e| panic!("cannot start the hub's writer thread: {e}"));
        (Writer { tx }, WriterThread { ended, thread })
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

/// What a panic said, if it said it in text.
fn says(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// Applies batches until every handle is dropped (`Ok`) or one cannot be saved (`Err`,
/// leaving the requests still queued unanswered, so their callers get `Stopped`).
fn run(
    mut store: Store,
    mut rx: mpsc::Receiver<Request>,
    events: broadcast::Sender<Arc<Published>>,
    metrics: Arc<Metrics>,
) -> Result<(), String> {
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
                    commit(&mut store, std::mem::take(&mut commands), &events, &metrics)?;
                    f(&store);
                }
            }
        }
        commit(&mut store, commands, &events, &metrics)?;
    }
    tracing::info!("hub writer stopped");
    Ok(())
}

type Pending = Vec<(
    Command,
    Option<String>,
    oneshot::Sender<Result<Outcome, HubError>>,
)>;

/// Commits one batch, publishes its events and answers its callers; an error if it could
/// not be saved (the callers are told so).
fn commit(
    store: &mut Store,
    commands: Pending,
    events: &broadcast::Sender<Arc<Published>>,
    metrics: &Metrics,
) -> Result<(), String> {
    if commands.is_empty() {
        return Ok(());
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
            Ok(())
        }
        Err(e) => {
            tracing::error!(error = %e, commands = commands.len(), "batch not saved");
            metrics.failed(commands.len());
            for (_, _, reply) in commands {
                let _ = reply.send(Err(HubError::Unavailable(e.to_string())));
            }
            Err(format!("a batch of commands could not be saved: {e}"))
        }
    }
}
