//! A cap on connections, per client address and in all, around any listener of the hub
//! (after mini-redis's `MAX_CONNECTIONS`): beyond either, a new connection is closed at
//! once, so one phone or one script cannot hold every socket, file handle and buffer of
//! the office's hub. The first refusal is logged, not each one; `/metrics` counts them
//! (`queue_connections_refused_total`).
//!
//! The figures: an office has a few hundred devices (counters, displays, kiosks, tablets,
//! each with one WebSocket or a page and its stream) and a waiting room of phones, each
//! with a ticket page open (a page and its event stream; browsers open up to six
//! connections to a host). A phone behind the office's guest network's router shares one
//! address with the others, which is why the limit per address is well above one device's
//! needs (docs/sign-in.md).

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::metrics::Metrics;
use super::peer::Peer;

/// Connections open at once in all.
pub const MAX_CONNECTIONS: usize = 2048;
/// Connections open at once from one client address.
pub const MAX_PER_ADDRESS: usize = 64;

/// A listener whose connections are capped per address and in all.
pub struct Capped<L> {
    inner: L,
    open: Arc<Open>,
}

/// The connections open now.
struct Open {
    counts: Mutex<Counts>,
    metrics: Arc<Metrics>,
    max_total: usize,
    max_per_address: usize,
}

#[derive(Default)]
struct Counts {
    total: usize,
    /// Open connections per address, and whether a refusal of that address was logged
    /// (an address leaves the map with its last connection).
    by_address: HashMap<IpAddr, (usize, bool)>,
    /// Whether a refusal for the total was logged since the hub was last well under it.
    total_logged: bool,
}

impl<L: Listener<Addr = Peer>> Capped<L> {
    /// Caps `inner` at [`MAX_CONNECTIONS`] and [`MAX_PER_ADDRESS`].
    pub fn new(inner: L, metrics: Arc<Metrics>) -> Self {
        Self::with_limits(inner, metrics, MAX_CONNECTIONS, MAX_PER_ADDRESS)
    }

    /// Caps `inner` at `max_total` connections, `max_per_address` from one address.
    pub fn with_limits(
        inner: L,
        metrics: Arc<Metrics>,
        max_total: usize,
        max_per_address: usize,
    ) -> Self {
        Capped {
            inner,
            open: Arc::new(Open {
                counts: Mutex::default(),
                metrics,
                max_total,
                max_per_address,
            }),
        }
    }
}

impl Open {
    /// Counts a new connection from `ip` in, or says which cap it would pass.
    fn enter(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, bool> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let here = counts.by_address.get(&ip).map_or(0, |(n, _)| *n);
        let per_address = here >= self.max_per_address;
        if per_address || counts.total >= self.max_total {
            let logged = match counts.by_address.get_mut(&ip) {
                Some((_, logged)) if per_address => logged,
                _ => &mut counts.total_logged,
            };
            let first = !std::mem::replace(logged, true);
            drop(counts);
            self.metrics.connection_refused(per_address);
            if first && per_address {
                tracing::warn!(
                    address = %ip,
                    limit = self.max_per_address,
                    "too many connections from one address: refusing more from it until some close (counted in /metrics, not logged again)"
                );
            } else if first {
                tracing::warn!(
                    limit = self.max_total,
                    "the hub has as many connections as it takes: refusing new ones until some close (counted in /metrics, not logged again)"
                );
            }
            return Err(per_address);
        }
        counts.by_address.entry(ip).or_insert((0, false)).0 += 1;
        counts.total += 1;
        Ok(Slot {
            open: self.clone(),
            ip,
        })
    }

    fn leave(&self, ip: IpAddr) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.total = counts.total.saturating_sub(1);
        if counts.total < self.max_total * 3 / 4 && counts.total_logged {
            counts.total_logged = false;
            tracing::info!("the hub's connections are back under its cap");
        }
        if let Some(entry) = counts.by_address.get_mut(&ip) {
            entry.0 = entry.0.saturating_sub(1);
            if entry.0 == 0 {
                counts.by_address.remove(&ip);
            }
        }
    }
}

/// One connection's place under the caps, given back when it closes.
struct Slot {
    open: Arc<Open>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.leave(self.ip);
    }
}

impl<L: Listener<Addr = Peer>> Listener for Capped<L> {
    type Io = Counted<L::Io>;
    type Addr = Peer;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (io, peer) = self.inner.accept().await;
            if let Ok(slot) = self.open.enter(peer.addr.ip()) {
                return (Counted { io, _slot: slot }, peer);
            }
            // Refused: closed at once by dropping it.
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// Every request through a capped listener knows its [`Peer`] (`ConnectInfo<Peer>`).
impl<L: Listener<Addr = Peer>> Connected<IncomingStream<'_, Capped<L>>> for Peer {
    fn connect_info(stream: IncomingStream<'_, Capped<L>>) -> Self {
        *stream.remote_addr()
    }
}

/// A connection counted under the caps until it is dropped.
pub struct Counted<T> {
    io: T,
    _slot: Slot,
}

impl<T: AsyncRead + Unpin> AsyncRead for Counted<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Counted<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}
