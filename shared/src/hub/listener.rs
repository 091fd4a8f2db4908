//! The hub's one port, serving plain HTTP and TLS (HTTPS, WSS) side by side: the first
//! byte a client sends tells them apart (`0x16` starts a TLS ClientHello; no HTTP method
//! does). Phones open the ticket pages over plain HTTP without a certificate warning;
//! devices and staff come over TLS ([`super::transport`] says who must).
//!
//! Each new connection is sniffed, and shaken hands with, in a task of its own with a time
//! limit, so a client that connects and says nothing, or stops half-way through its
//! handshake, holds up no one else; at most [`MAX_HANDSHAKES`] are in progress at once,
//! and [`MAX_HANDSHAKES_PER_ADDRESS`] from one address, so one phone cannot take them all.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_rustls::TlsAcceptor;

use super::peer::Peer;

/// Time a new connection has to send its first byte and finish a TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// New connections sniffed or shaking hands at once; more are closed at once. Each costs
/// a task and a socket's buffers, a few kilobytes.
pub const MAX_HANDSHAKES: usize = 1024;
/// New connections from one address sniffed or shaking hands at once; more are closed.
/// As many as one address may hold open ([`super::connections::MAX_PER_ADDRESS`]), so a
/// device or browser opening its connections together is never cut short.
pub const MAX_HANDSHAKES_PER_ADDRESS: usize = super::connections::MAX_PER_ADDRESS;
/// The first byte of a TLS record carrying a handshake (the ClientHello).
const TLS_HANDSHAKE: u8 = 0x16;

/// A connection to the hub, plain or TLS.
pub enum Stream {
    /// Plain TCP (HTTP, WS).
    Plain(TcpStream),
    /// TLS over TCP (HTTPS, WSS).
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
}

/// The hub's listener: plain and TLS on one port, handshakes off the accept loop.
pub struct Sniffing {
    local: SocketAddr,
    ready: mpsc::Receiver<(Stream, Peer)>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Sniffing {
    /// Serves `tcp`, TLS connections with `tls`.
    pub fn new(tcp: TcpListener, tls: Arc<rustls::ServerConfig>) -> io::Result<Sniffing> {
        let local = tcp.local_addr()?;
        let (done, ready) = mpsc::channel(MAX_HANDSHAKES);
        let accepting = tokio::spawn(accept_loop(tcp, TlsAcceptor::from(tls), done));
        Ok(Sniffing {
            local,
            ready,
            accepting,
        })
    }
}

impl Drop for Sniffing {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

async fn accept_loop(mut tcp: TcpListener, tls: TlsAcceptor, done: mpsc::Sender<(Stream, Peer)>) {
    let pending = Arc::new(Semaphore::new(MAX_HANDSHAKES));
    let starting = Starting::default();
    loop {
        // axum's accept waits out errors such as too many open files.
        let (stream, addr) = Listener::accept(&mut tcp).await;
        let Some(from) = starting.enter(addr.ip()) else {
            tracing::debug!(%addr, "too many connections starting at once from one address; closed one");
            continue;
        };
        let Ok(permit) = pending.clone().try_acquire_owned() else {
            tracing::warn!(%addr, "too many connections starting at once; closed one");
            continue;
        };
        let (tls, done) = (tls.clone(), done.clone());
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, open(stream, &tls)).await {
                Ok(Ok(stream)) => {
                    let tls = matches!(stream, Stream::Tls(_));
                    let _ = done.send((stream, Peer { addr, tls })).await;
                }
                Ok(Err(e)) => tracing::debug!(%addr, error = %e, "connection not opened"),
                Err(_) => tracing::debug!(%addr, "connection said nothing in time; closed"),
            }
            drop((permit, from));
        });
    }
}

/// Connections starting (sniffed or shaking hands) now, by address.
#[derive(Clone, Default)]
struct Starting(Arc<std::sync::Mutex<std::collections::HashMap<IpAddr, usize>>>);

/// One starting connection's place among its address's; given back when dropped.
struct Place(Starting, IpAddr);

impl Starting {
    /// A place for a connection from `ip`, unless that address has all of its own.
    fn enter(&self, ip: IpAddr) -> Option<Place> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(ip).or_default();
        if *n >= MAX_HANDSHAKES_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(Place(self.clone(), ip))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut map = (self.0).0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.1);
            }
        }
    }
}

/// Reads the first byte without taking it, and shakes hands if it starts TLS.
async fn open(stream: TcpStream, tls: &TlsAcceptor) -> io::Result<Stream> {
    let mut first = [0u8; 1];
    if stream.peek(&mut first).await? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    if first[0] == TLS_HANDSHAKE {
        Ok(Stream::Tls(Box::new(tls.accept(stream).await?)))
    } else {
        Ok(Stream::Plain(stream))
    }
}

impl Stream {
    /// Sends small writes at once: replies are small and must not wait for the client's
    /// delayed acknowledgement.
    pub fn no_delay(&mut self) {
        let tcp = match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        };
        let _ = tcp.set_nodelay(true);
    }
}

impl Listener for Sniffing {
    type Io = Stream;
    type Addr = Peer;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accept loop never ends on its own; if it was stopped, nothing comes.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(Peer {
            addr: self.local,
            tls: false,
        })
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Plain(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
