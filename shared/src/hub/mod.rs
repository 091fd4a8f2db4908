//! The hub: the office's one writer, served over one HTTP port.
//!
//! Who may read or do what is in docs/routes.md, whose table `tests/tests/hub_routes.rs`
//! checks against a running hub.
//!
//! - `/ws`: WebSocket for the kiosk, counter and display apps ([`crate::protocol`]), each
//!   with its own credential (`credentials`); new devices pair there ([`pairing`]) and the
//!   hub follows approvals and revocations in the file ([`registry`]).
//! - `/api/...`: a small JSON API for integrations, opened by named API keys with one
//!   scope each ([`api`]); `/events` streams the whole state to a `read` key (`sse`).
//! - `/display`: the wall display as a web page, live by server-sent events; anyone.
//! - `/reports`: the office's reports for its head (sign-in, page, CSV exports).
//! - `/t/{id}.{token}`, `/rate/{counter}`, `/overview`: the ticket page (whoever holds the
//!   ticket), the counter's rating tablet (its link) and the manager's overview (the
//!   manager's sign-in) (`pages`; links in [`links`], keyed by a secret in the store).
//! - `/health` and `/metrics` (Prometheus text): anyone; counts only, no names.
//! - [`peer`]: who is at the other end of a connection (address, TLS); [`connections`]
//!   caps connections per address and in all.
//! - One port serves plain HTTP and TLS ([`listener`]) with the hub's certificate
//!   ([`tls`]); [`transport`] is the rule of which pages need TLS.
//! - [`public_url`]: the hub's address as phones open it (the QR codes on tickets).
//!
//! Every answer carries the security headers of one layer (`headers`).
//!
//! [`serve`] takes a bound listener and a shutdown future, so the kiosk binds the office
//! port while tests bind `127.0.0.1:0`.

pub mod api;
mod auth;
mod catchup;
pub mod connections;
mod credentials;
mod devices;
mod display;
mod fanout;
mod headers;
mod limits;
pub mod links;
pub mod listener;
pub mod metrics;
mod pages;
pub mod pairing;
pub mod peer;
pub mod public_url;
pub mod registry;
mod reports;
mod session;
pub mod sign_in;
mod sse;
pub mod tls;
pub mod transport;
mod writer;
#[cfg(test)]
mod writer_failure;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, DefaultBodyLimit, State, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};

use crate::config::Config;
use chrono::Utc;

use crate::engine::Command;
use crate::store::Store;

pub use auth::{authorise, command_name};
pub use metrics::Metrics;
pub use writer::{HubError, Published, Writer};

/// Events kept for subscribers that fall behind before they must catch up afresh.
const FANOUT_BUFFER: usize = 1024;
/// How often the hub checks whether a new business day has begun.
const DAY_CHECK: Duration = Duration::from_secs(20);

/// What every connection of the hub shares.
pub struct Shared {
    config: Arc<Config>,
    public: Config,
    /// The key of the links (ticket pages, rating tablets), kept in the store.
    links: String,
    writer: Writer,
    events: broadcast::Sender<Arc<Published>>,
    metrics: Arc<Metrics>,
    shutdown: watch::Receiver<bool>,
    started: Instant,
    snapshot: catchup::SnapshotCache,
    snapshot_sends: tokio::sync::Semaphore,
    /// The office manager's sign-ins (reports and overview); a restart forgets them.
    sessions: std::sync::Mutex<reports::Sessions>,
    /// The devices connected now, one connection per name.
    live: devices::Live,
    /// The one gate of every PIN check: limits per address, a queue, a few checks at once.
    sign_ins: sign_in::Gate,
    /// The paired devices and approved pairing codes, as the database file holds them.
    registry: watch::Receiver<Arc<registry::Registry>>,
    /// The pairing requests waiting for the manager.
    pairing: pairing::Waiting,
}

/// Serves the hub on `listener` until `shutdown` completes, then closes every connection
/// and lets the writer finish what it has before returning.
///
/// If the writer stops on its own (a batch could not be saved, or it panicked), the hub
/// stops too, with an error: it must not answer from a state the file may not hold. The
/// process exits non-zero and its service manager starts it again from the file.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, store, shutdown, |_| {}).await
}

/// [`serve`], handing `started` a handle to the writer once it runs.
async fn serve_with(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
    started: impl FnOnce(Writer),
) -> std::io::Result<()> {
    let tls = tls::HubTls::load(store.connection(), &store.engine().config().hub)?;
    serve_tls(listener, store, tls, shutdown, started).await
}

/// [`serve_with`] with the hub's TLS already loaded.
async fn serve_tls(
    listener: TcpListener,
    store: Store,
    tls: tls::HubTls,
    shutdown: impl Future<Output = ()> + Send + 'static,
    started: impl FnOnce(Writer),
) -> std::io::Result<()> {
    let config = store.engine().config().clone();
    for warning in crate::config::pin::manager_warnings(&config.clerks) {
        tracing::warn!(%warning, "an office manager's PIN may be too short to sign in with (docs/sign-in.md)");
    }
    // The manager approves and revokes devices from another process: watch the file.
    let file = store
        .connection()
        .path()
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from);
    let registry = registry::watch(file).map_err(std::io::Error::other)?;
    let (events, _) = broadcast::channel(FANOUT_BUFFER);
    let metrics = Arc::new(Metrics::default());
    let (writer, thread) = Writer::start(store, events.clone(), metrics.clone());
    started(writer.clone());
    let links = match writer.read(|store| store.links_key()).await {
        Ok(Ok(key)) => key,
        Ok(Err(e)) => return Err(std::io::Error::other(format!("the links' key: {e}"))),
        Err(e) => return Err(std::io::Error::other(format!("the links' key: {e}"))),
    };
    let (stop, stopped) = watch::channel(false);
    let shared = Arc::new(Shared {
        public: config.public(),
        links,
        config,
        writer: writer.clone(),
        events,
        metrics,
        shutdown: stopped.clone(),
        started: Instant::now(),
        snapshot: Default::default(),
        snapshot_sends: tokio::sync::Semaphore::new(4),
        sessions: Default::default(),
        live: Default::default(),
        sign_ins: Default::default(),
        registry,
        pairing: Default::default(),
    });
    // Nothing is connected yet: a device with a problem counts as gone from now, so its
    // alert clears if it never comes back.
    let problems = writer
        .read(|store| store.engine().state().device_problems.clone())
        .await
        .unwrap_or_default();
    for device in problems.keys() {
        session::link(&shared, device, false).await;
    }
    let clock = tokio::spawn(day_clock(writer, stopped));
    let metrics = shared.metrics.clone();
    let app = router(shared);
    tracing::info!(
        address = %listener.local_addr()?,
        certificate_sha256 = %tls.fingerprint,
        "hub listening (plain HTTP and TLS)"
    );
    // Replies are small and must not wait for the device's delayed acknowledgement.
    let listener =
        listener::Sniffing::new(listener, tls.config)?.tap_io(listener::Stream::no_delay);
    let listener = connections::Capped::new(listener, metrics);
    let failure = thread.failure();
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<peer::Peer>(),
    )
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = shutdown => {}
                reason = failure => tracing::error!(
                    %reason,
                    "the hub is stopping: it can no longer save to its database; restart it to continue from the file"
                ),
            }
            let _ = stop.send(true);
        })
        .await;
    clock.abort();
    let _ = clock.await;
    // The writer thread ends once the last session lets go of it; it commits what it has.
    let ended = tokio::task::spawn_blocking(move || thread.join())
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    if let Err(reason) = ended {
        tracing::error!(%reason, "hub stopped: it could not save");
        return Err(std::io::Error::other(format!(
            "the hub stopped because it could not save: {reason}"
        )));
    }
    tracing::info!("hub stopped");
    served
}

/// A hub running in the background of this runtime (the kiosk's, or a test's).
pub struct RunningHub {
    /// Where it listens.
    pub addr: SocketAddr,
    /// SHA-256 of its TLS certificate (lower-case hex): what devices pin.
    pub certificate: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    failed: watch::Receiver<Option<String>>,
}

impl RunningHub {
    /// Starts a hub on `listener` in the background.
    pub fn spawn(listener: TcpListener, store: Store) -> std::io::Result<RunningHub> {
        let addr = listener.local_addr()?;
        let tls = tls::HubTls::load(store.connection(), &store.engine().config().hub)?;
        let certificate = tls.fingerprint.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (failure, failed) = watch::channel(None);
        let task = tokio::spawn(async move {
            let stopped = async move {
                let _ = stopped.await;
            };
            let served = serve_tls(listener, store, tls, stopped, |_| {}).await;
            if let Err(e) = &served {
                let _ = failure.send(Some(e.to_string()));
            }
            served
        });
        Ok(RunningHub {
            addr,
            certificate,
            stop: Some(stop),
            task,
            failed,
        })
    }

    /// Completes with the reason if the hub stops on its own (it could not save); never
    /// completes when it is stopped on purpose. An app hosting the hub must then stop too.
    pub fn failed(&self) -> impl Future<Output = String> + Send + 'static {
        let mut failed = self.failed.clone();
        async move {
            loop {
                if let Some(reason) = failed.borrow_and_update().clone() {
                    return reason;
                }
                if failed.changed().await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
        }
    }

    /// The WebSocket URL devices connect to.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// The WebSocket URL over TLS (devices pin [`RunningHub::certificate`]).
    pub fn wss_url(&self) -> String {
        format!("wss://{}/ws", self.addr)
    }

    /// Stops the hub and waits until the database is closed.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task)
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/ws", get(upgrade))
        .route("/events", get(sse::events))
        .route("/api/tickets", post(api::issue))
        .route("/api/counters/{counter}/call-next", post(api::call_next))
        .route("/api/state", get(api::state))
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .merge(pages::routes())
        .merge(display::routes())
        .merge(reports::routes())
        // Bodies up to 1 MiB are read so that over 64 KiB gets a JSON `too_large` answer.
        .layer(DefaultBodyLimit::max(1 << 20))
        // Which pages need TLS, before any handler; inside the security headers, so a
        // redirect carries them too.
        .layer(axum::middleware::from_fn(transport::enforce))
        // Outermost, so every answer (errors and unknown paths too) carries them.
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(shared)
}

async fn upgrade(
    State(hub): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<peer::Peer>,
    ws: WebSocketUpgrade,
) -> Response {
    // Frames up to 1 MiB are read so that anything over 64 KiB gets a clear `too_large`
    // reply; beyond 1 MiB the connection is dropped.
    // Small buffers: an office has a few hundred devices, each sending little.
    ws.read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .max_message_size(1 << 20)
        .max_frame_size(1 << 20)
        .on_upgrade(move |socket| session::run(socket, hub, peer))
}

async fn health(State(hub): State<Arc<Shared>>) -> Response {
    let state = hub
        .writer
        .read(|store| (store.engine().state().last_seq, store.engine().state().day))
        .await;
    match state {
        Ok((seq, day)) => Json(json!({
            "status": "ok",
            "office": hub.config.name,
            "last_seq": seq,
            "business_day": day,
            "devices": hub.metrics.connected(),
            "uptime_seconds": hub.started.elapsed().as_secs(),
        }))
        .into_response(),
        Err(e) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "down", "message": e.to_string() })),
        )
            .into_response(),
    }
}

async fn metrics_text(State(hub): State<Arc<Shared>>) -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        hub.metrics.render(),
    )
}

/// Starts the new business day on time even when nobody presses anything, and clears the
/// alerts of devices gone for a while.
async fn day_clock(writer: Writer, mut stopped: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(DAY_CHECK);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = writer.submit(Command::Rollover, None).await {
                    tracing::warn!(error = %e, "day check failed");
                }
                let gone = writer
                    .read(|store| !crate::engine::devices::forget_gone(store.engine(), Utc::now()).is_empty())
                    .await
                    .unwrap_or(false);
                if gone && let Err(e) = writer.submit(Command::ForgetGoneDevices, None).await {
                    tracing::warn!(error = %e, "clearing the alerts of gone devices failed");
                }
            }
            _ = stopped.changed() => return,
        }
    }
}
