//! Requests to a hub from a chosen loopback address (127.0.0.2 is another machine to the
//! hub), for the tests of the limits per client address.
#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A loopback address other than 127.0.0.1: `127.0.a.b`.
pub fn loopback(a: u8, b: u8) -> IpAddr {
    IpAddr::from([127, 0, a, b])
}

/// A TCP connection to `hub` from `from` (any free port).
pub async fn connect_from(hub: SocketAddr, from: IpAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(hub).await
}

/// An answer: its status (0 when the hub closed the connection without one) and the rest.
#[derive(Debug)]
pub struct Answer {
    /// The status code, or 0 if the connection was closed without an answer.
    pub status: u16,
    /// Status line and headers, lower-case.
    pub head: String,
    /// The body.
    pub body: String,
}

/// `POST /reports/login` with `form`, from `from`, on a TLS connection of its own.
pub async fn sign_in_from(hub: SocketAddr, from: IpAddr, form: &str) -> Answer {
    let request = format!(
        "POST /reports/login HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    // Staff pages answer only over TLS.
    let Ok(tcp) = connect_from(hub, from).await else {
        return closed();
    };
    let Ok(mut stream) = tests::tls_over(tcp).await else {
        return closed();
    };
    exchange(&mut stream, &request, true).await
}

/// `GET /health` on `stream`, keeping the connection open; status 0 if the hub closed it.
pub async fn health_on(stream: &mut TcpStream) -> u16 {
    exchange(stream, "GET /health HTTP/1.1\r\nHost: hub\r\n\r\n", false)
        .await
        .status
}

fn closed() -> Answer {
    Answer {
        status: 0,
        head: String::new(),
        body: String::new(),
    }
}

/// Sends `request` and reads one answer: to the end when `to_end`, else its head and a
/// body of the `content-length` given.
async fn exchange(
    stream: &mut (impl AsyncReadExt + AsyncWriteExt + Unpin),
    request: &str,
    to_end: bool,
) -> Answer {
    if stream.write_all(request.as_bytes()).await.is_err() {
        return closed();
    }
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        bytes.extend_from_slice(&buf[..n]);
        if !to_end && complete(&bytes) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&bytes).to_string();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return closed();
    };
    Answer {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// Whether `bytes` hold a whole answer with a `content-length`.
fn complete(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| {
            l.strip_prefix("content-length:")?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .unwrap_or(0);
    body.len() >= length
}

/// A sample (name with labels) from the hub's `/metrics`, asked from 127.0.0.9 (so that
/// a flood from elsewhere does not stand in the way).
pub async fn metric(hub: SocketAddr, name: &str) -> u64 {
    let mut stream = connect_from(hub, loopback(0, 9)).await.expect("connect");
    let answer = exchange(
        &mut stream,
        "GET /metrics HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n",
        true,
    )
    .await;
    answer
        .body
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics:\n{}", answer.body))
}
