//! Server-sent event streams read over a raw socket, as a browser gets them: the hub's
//! `/events`, the web display's `/display/events` and the pages' streams.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::TestHub;

/// One server-sent event (comments, such as keep-alives, are skipped).
#[derive(Debug)]
pub struct Sse {
    /// The event's name.
    pub event: String,
    /// Its `id:`, if it has one.
    pub id: Option<u64>,
    /// Its data, as JSON (null when it is not JSON).
    pub data: Value,
}

/// A streaming `GET` of server-sent events, read as it comes.
pub struct Stream {
    tcp: TcpStream,
    raw: Vec<u8>,
    taken: usize,
}

impl Stream {
    /// Opens `GET /display/events`, the web display's stream.
    pub async fn open(hub: &TestHub) -> Stream {
        Stream::open_with(hub, "/display/events", "").await
    }

    /// Opens the stream at `path`, sending `headers` (each ending in `\r\n`), and checks
    /// it is one.
    pub async fn open_with(hub: &TestHub, path: &str, headers: &str) -> Stream {
        let mut tcp = TcpStream::connect(hub.hub.addr).await.expect("connect");
        let request = format!("GET {path} HTTP/1.1\r\nHost: hub\r\n{headers}\r\n");
        tcp.write_all(request.as_bytes()).await.expect("write");
        let mut stream = Stream {
            tcp,
            raw: Vec::new(),
            taken: 0,
        };
        while !stream.raw.windows(4).any(|w| w == b"\r\n\r\n") {
            assert!(stream.read().await, "no answer");
        }
        let head = String::from_utf8_lossy(&stream.raw).to_ascii_lowercase();
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-type: text/event-stream"), "{head}");
        stream
    }

    /// Reads more, for 10 s at most; false when the hub closed the stream.
    pub async fn read(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        self.read_until(deadline).await
    }

    /// Reads more until `deadline`; false when the hub closed the stream.
    pub async fn read_until(&mut self, deadline: tokio::time::Instant) -> bool {
        let mut buf = [0u8; 16 * 1024];
        let read = tokio::time::timeout_at(deadline, self.tcp.read(&mut buf)).await;
        let got = read.expect("nothing awaited came in 10 s").unwrap_or(0);
        self.raw.extend_from_slice(&buf[..got]);
        got > 0
    }

    /// The complete events in the de-chunked body so far.
    pub fn events(&self) -> Vec<Sse> {
        let Some(end) = self.raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            return Vec::new();
        };
        let (mut rest, mut body) = (&self.raw[end + 4..], Vec::new());
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = std::str::from_utf8(&rest[..eol]).ok();
            let Some(n) = size.and_then(|s| usize::from_str_radix(s.trim(), 16).ok()) else {
                break;
            };
            let data = &rest[eol + 2..];
            if n == 0 || data.len() < n + 2 {
                break;
            }
            body.extend_from_slice(&data[..n]);
            rest = &data[n + 2..];
        }
        let body = String::from_utf8(body).expect("UTF-8 events");
        let mut frames: Vec<&str> = body.split("\n\n").collect();
        frames.pop();
        frames
            .into_iter()
            .filter_map(|frame| {
                let (mut event, mut id, mut data) = (String::new(), None, String::new());
                for line in frame.lines() {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value);
                    match field {
                        "event" => event = value.trim().to_string(),
                        "id" => id = value.parse().ok(),
                        "data" => data.push_str(value),
                        _ => {}
                    }
                }
                let data = serde_json::from_str(&data).unwrap_or(Value::Null);
                (!event.is_empty()).then_some(Sse { event, id, data })
            })
            .collect()
    }

    /// Reads until at least `n` events have come (10 s at most); all of them so far.
    pub async fn until(&mut self, n: usize) -> Vec<Sse> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let events = self.events();
            if events.len() >= n {
                return events;
            }
            assert!(
                self.read_until(deadline).await,
                "the stream ended after {events:?}"
            );
        }
    }

    /// The next event that is not a heartbeat (within 10 s).
    pub async fn next(&mut self) -> Sse {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(e) = self.events().into_iter().nth(self.taken) {
                self.taken += 1;
                if e.event != "heartbeat" {
                    return e;
                }
                continue;
            }
            assert!(self.read_until(deadline).await, "the stream ended");
        }
    }

    /// Events up to and including the next `call`: the last board before it, and the call.
    pub async fn call(&mut self) -> (Option<Value>, Value) {
        let mut board = None;
        loop {
            let e = self.next().await;
            match e.event.as_str() {
                "board" => board = Some(e.data),
                "call" => return (board, e.data),
                "hello" => {}
                other => panic!("unexpected {other}: {}", e.data),
            }
        }
    }

    /// Whether the hub closes the stream (read to its end).
    pub async fn ends(&mut self) -> bool {
        while self.read().await {}
        true
    }
}
