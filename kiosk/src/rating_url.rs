//! `kiosk rating-url --counter 3`: the link an installer opens on a counter's rating tablet.
//! The link carries the counter's token (derived from the office key), so only that tablet
//! can rate the tickets finished at that counter.

use std::path::Path;

use anyhow::Context;
use shared::config::Config;
use shared::hub::links::tablet_path;
use shared::model::CounterId;

/// Prints the tablet link of `counter`, on the hub at `hub` (default: `hub.url`, else this
/// machine's LAN address and the port of `hub.listen`).
pub fn print(config: &Path, counter: u16, hub: Option<&str>) -> anyhow::Result<()> {
    let config = Config::load(config)?;
    let id = CounterId(counter);
    config
        .counter(id)
        .with_context(|| format!("the office has no counter {counter}"))?;
    let base = match hub.map(str::to_string).or_else(|| config.hub.url.clone()) {
        Some(url) => url,
        None => this_machine(&config.hub.listen)?,
    };
    println!(
        "{}{}",
        base.trim_end_matches('/'),
        tablet_path(&config.hub.office_key, id)
    );
    Ok(())
}

/// `http://LAN-ADDRESS:PORT` for a hub listening on `listen` on this machine.
fn this_machine(listen: &str) -> anyhow::Result<String> {
    let port = listen
        .parse::<std::net::SocketAddr>()
        .with_context(|| format!("hub.listen {listen:?} is not IP:PORT"))?
        .port();
    let ip = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .find_map(|i| match i.ip() {
            std::net::IpAddr::V4(ip) => Some(ip.to_string()),
            std::net::IpAddr::V6(_) => None,
        })
        .unwrap_or_else(|| "127.0.0.1".into());
    Ok(format!("http://{ip}:{port}"))
}
