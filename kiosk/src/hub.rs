//! `kiosk hub`: the hub without the touchscreen.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use shared::config::Config;
use shared::discovery::{Advertisement, Scope};
use shared::store::Store;

/// Where the hub advertises itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mdns {
    /// Every interface: counters and displays on the office LAN find the hub.
    Lan,
    /// Only this machine (a demo).
    Loopback,
    /// Not at all: devices use `hub.url`.
    Off,
}

/// Runs the hub on the office database until Ctrl-C or SIGTERM.
pub fn run(
    config: &Path,
    db: &Path,
    listen: Option<String>,
    mdns: Option<Mdns>,
) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Arc::new(Config::load(config)?);
    let store =
        Store::open(db, config.clone()).with_context(|| format!("opening {}", db.display()))?;
    let address = listen.unwrap_or_else(|| config.hub.listen.clone());
    let runtime = tokio::runtime::Runtime::new().context("starting the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .with_context(|| format!("listening on {address}"))?;
        let addr = listener.local_addr()?;
        println!("hub listening on {addr}");
        let scope = match mdns.unwrap_or(if config.hub.advertise {
            Mdns::Lan
        } else {
            Mdns::Off
        }) {
            Mdns::Lan => Some(Scope::Lan),
            Mdns::Loopback => Some(Scope::Loopback),
            Mdns::Off => None,
        };
        // Discovery is a convenience: without it devices still reach a configured URL.
        let _advert = scope.and_then(|s| {
            Advertisement::start(&config.name, addr.port(), s)
                .map_err(|e| tracing::warn!(error = %e, "not advertised on the LAN"))
                .ok()
        });
        shared::hub::serve(listener, store, stop_signal())
            .await
            .context("serving")
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
    }
    tracing::info!("stopping");
}
