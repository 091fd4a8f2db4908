//! Who is at the other end of a connection: its address, and whether it came over TLS.
//!
//! The hub's listener hands every request a [`Peer`] (axum's `ConnectInfo<Peer>`, through its impl for any listener's address), so the
//! limits per address and the choice between plain and secure pages read one value.

use std::net::SocketAddr;

use axum::serve::Listener;

/// The far end of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Peer {
    /// The client's address as the hub's socket sees it.
    pub addr: SocketAddr,
    /// Whether the connection is TLS (HTTPS or WSS).
    pub tls: bool,
}

impl Peer {
    /// A connection from this machine, which never crosses the LAN.
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().is_loopback()
    }
}

/// A TCP listener whose connections are plain (not TLS).
pub struct Plain(pub tokio::net::TcpListener);

impl Listener for Plain {
    type Io = tokio::net::TcpStream;
    type Addr = Peer;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = Listener::accept(&mut self.0).await;
        (io, Peer { addr, tls: false })
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(Peer {
            addr: self.0.local_addr()?,
            tls: false,
        })
    }
}
