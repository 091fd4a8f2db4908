//! How the kiosk reaches its hub: hosting it on the office database, or finding one
//! advertised on the LAN.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use shared::config::Config;
use shared::hub::RunningHub;
use shared::protocol::Role;
use shared::store::{Store, devices};

use super::Options;

/// Starts the hub this kiosk hosts, on the office database; with the token the kiosk
/// says hello to it with.
pub(super) fn host(
    runtime: &tokio::runtime::Runtime,
    o: &Options,
    office: &Arc<Config>,
) -> anyhow::Result<(RunningHub, String)> {
    let store = Store::open(&o.db, office.clone())
        .with_context(|| format!("opening {}", o.db.display()))?;
    // The kiosk hosting the hub is paired with itself: a fresh token each start,
    // held only in this process's memory.
    let token = devices::reissue(
        store.connection(),
        &o.device,
        Role::Kiosk,
        None,
        chrono::Utc::now(),
    )
    .context("enrolling this kiosk with its own hub")?;
    let listen = o
        .listen
        .clone()
        .unwrap_or_else(|| office.hub.listen.clone());
    let hub = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        anyhow::Ok(RunningHub::spawn(listener, store)?)
    })?;
    tracing::info!(address = %hub.addr, "hub hosted by this kiosk");
    // A hub that can no longer save stops; the kiosk goes with it, so that its
    // service manager starts both again from the file (nothing unsaved is shown).
    let failed = hub.failed();
    runtime.spawn(async move {
        let reason = failed.await;
        tracing::error!(%reason, "the kiosk is stopping: its hub stopped");
        std::process::exit(1);
    });
    Ok((hub, token))
}

/// The hub advertised on the office LAN, waiting up to 10 seconds.
pub(super) fn find_hub() -> anyhow::Result<String> {
    tracing::info!("looking for the office hub on the LAN");
    shared::discovery::find_hub(shared::discovery::Scope::Lan, Duration::from_secs(10))?
        .context("no hub answered on the LAN; give its address with --hub http://HOST:PORT")
}
