//! Who is at the other end of a connection: its address, and whether it came over TLS.
//!
//! The hub's listener ([`super::listener`]) hands every request a [`Peer`] (axum's
//! `ConnectInfo<Peer>`), so the limits per address and the choice between plain and
//! secure pages ([`super::transport`]) read one value.

use std::net::{IpAddr, SocketAddr};

/// The far end of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Peer {
    /// The client's address as the hub's socket sees it.
    pub addr: SocketAddr,
    /// Whether the connection is TLS (HTTPS or WSS).
    pub tls: bool,
}

impl Peer {
    /// A connection from this machine, which never crosses the LAN (an IPv4 client of a
    /// hub bound to `[::]` shows as `::ffff:127.0.0.1`, which is this machine too).
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().to_canonical().is_loopback()
    }
}

/// Whether `host` (a name or an address, as in a URL) is this machine, so that a
/// connection to it never crosses the LAN.
pub fn is_this_machine(host: &str) -> bool {
    let host = host.trim_matches(['[', ']']);
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_is_loopback_in_every_spelling() {
        for host in [
            "localhost",
            "127.0.0.1",
            "127.3.2.1",
            "[::1]",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_this_machine(host), "{host}");
        }
        for host in ["192.168.1.20", "hub.office", "[fe80::1]", "0.0.0.0"] {
            assert!(!is_this_machine(host), "{host}");
        }
        let mapped = Peer {
            addr: "[::ffff:127.0.0.1]:5000"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
            tls: false,
        };
        assert!(mapped.is_loopback());
    }
}
