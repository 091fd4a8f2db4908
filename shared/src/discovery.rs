//! Finding the hub on the office LAN with mDNS (DNS-SD), so a counter or display needs no
//! address typed in. A configured `hub.url` always wins over discovery.

use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};

use crate::protocol::PROTOCOL_VERSION;

/// The DNS-SD service type the hub advertises.
pub const SERVICE_TYPE: &str = "_queue-office._tcp.local.";

/// Where mDNS speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every network interface: the office LAN.
    Lan,
    /// Only 127.0.0.1: one machine (demos and tests).
    Loopback,
}

/// mDNS could not be used.
#[derive(Debug, thiserror::Error)]
#[error("mDNS: {0}")]
pub struct DiscoveryError(String);

fn daemon(scope: Scope) -> Result<ServiceDaemon, DiscoveryError> {
    let err = |e: mdns_sd::Error| DiscoveryError(e.to_string());
    let daemon = ServiceDaemon::new().map_err(err)?;
    if scope == Scope::Loopback {
        daemon.disable_interface(IfKind::All).map_err(err)?;
        daemon.enable_interface(IfKind::LoopbackV4).map_err(err)?;
    }
    Ok(daemon)
}

/// The hub's advertisement; withdrawn when dropped.
pub struct Advertisement {
    daemon: ServiceDaemon,
    fullname: String,
}

impl Advertisement {
    /// Advertises a hub listening on `port` for the office `office`.
    pub fn start(office: &str, port: u16, scope: Scope) -> Result<Advertisement, DiscoveryError> {
        let daemon = daemon(scope)?;
        let instance: String = format!("{} {port}", office.chars().take(40).collect::<String>());
        let host = format!("queue-hub-{port}.local.");
        let properties = [
            ("protocol", PROTOCOL_VERSION.to_string()),
            ("office", office.chars().take(100).collect()),
        ];
        let ip = if scope == Scope::Loopback {
            "127.0.0.1"
        } else {
            ""
        };
        let mut info = ServiceInfo::new(SERVICE_TYPE, &instance, &host, ip, port, &properties[..])
            .map_err(|e| DiscoveryError(e.to_string()))?;
        if scope == Scope::Lan {
            info = info.enable_addr_auto();
        }
        let fullname = info.get_fullname().to_string();
        daemon
            .register(info)
            .map_err(|e| DiscoveryError(e.to_string()))?;
        tracing::info!(%fullname, "hub advertised");
        Ok(Advertisement { daemon, fullname })
    }
}

impl Drop for Advertisement {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Looks for a hub of this protocol for up to `wait`; returns its `http://IP:PORT` URL.
/// Blocking: call it from a thread or `spawn_blocking`.
pub fn find_hub(scope: Scope, wait: Duration) -> Result<Option<String>, DiscoveryError> {
    let daemon = daemon(scope)?;
    let events = daemon
        .browse(SERVICE_TYPE)
        .map_err(|e| DiscoveryError(e.to_string()))?;
    let deadline = Instant::now() + wait;
    let mut found = None;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        if let ServiceEvent::ServiceResolved(service) = event {
            let ours =
                service.get_property_val_str("protocol") == Some(&PROTOCOL_VERSION.to_string());
            let addr = service.get_addresses_v4().into_iter().next();
            if let (true, Some(ip)) = (ours, addr) {
                found = Some(format!("http://{ip}:{}", service.get_port()));
                break;
            }
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    let _ = daemon.shutdown();
    Ok(found)
}
