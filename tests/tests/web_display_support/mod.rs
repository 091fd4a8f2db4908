//! What the web display's tests share: the office with the shipped voice pack, plain HTTP
//! requests, counters driven over the raw protocol, and WAV files measured.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};
use shared::config::Config;
use shared::voice::SAMPLE_RATE;
use tests::{Raw, TestHub, default_office, http};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The shipped voice pack (tests run in the `tests` folder, the office file names it from the
/// repository root).
pub fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/voice/vi")
}

/// The default office with its voice set by `voice`.
pub fn office_with(voice: impl FnOnce(&mut shared::config::VoiceConfig)) -> Arc<Config> {
    let mut config = (*default_office()).clone();
    config.voice.pack = pack_dir().display().to_string();
    voice(&mut config.voice);
    Arc::new(config)
}

/// A `GET` answered with its status, head and body as bytes.
pub async fn get(hub: &TestHub, path: &str) -> (u16, String, Vec<u8>) {
    let mut tcp = TcpStream::connect(hub.hub.addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
    tcp.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).await.expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[end + 4..].to_vec())
}

/// `POST /api/tickets` for field VL; returns the number.
pub async fn issue(hub: &TestHub) -> String {
    let bearer = hub.bearer(shared::store::api_keys::Scope::Issue);
    let headers = [("Authorization", bearer.as_str())];
    let (status, body) = http(hub, "POST", "/api/tickets", &headers, r#"{"field":"VL"}"#).await;
    assert_eq!(status, 201, "{body}");
    let view: Value = serde_json::from_str(&body).expect("a ticket");
    view["display"].as_str().expect("display").to_string()
}

/// A counter device with a clerk logged in.
pub struct Counter {
    raw: Raw,
    id: u64,
    counter: u16,
}

impl Counter {
    pub async fn login(hub: &TestHub, counter: u16, clerk: &str, pin: &str) -> Counter {
        let raw = Raw::hello(hub, "counter", &format!("quay-{counter}"), Some(counter)).await;
        let mut c = Counter {
            raw,
            id: 0,
            counter,
        };
        c.send(json!({"type": "login", "clerk": clerk, "pin": pin, "fields": []}))
            .await;
        c
    }

    pub async fn send(&mut self, mut message: Value) {
        self.id += 1;
        message["id"] = self.id.into();
        self.raw.send_json(&message).await;
        let reply = self.raw.reply().await.expect("an answer");
        assert_eq!(reply["type"], "reply", "{message} got {reply}");
    }

    pub async fn command(&mut self, name: &str) {
        let command = json!({"command": name, "counter": self.counter});
        self.send(json!({"type": "command", "command": command}))
            .await;
    }
}

/// The numbers in a board's recent calls.
pub fn recent(board: &Value) -> Vec<&str> {
    let list = board["recent"].as_array().expect("recent calls");
    list.iter().filter_map(|c| c["display"].as_str()).collect()
}

/// Samples in a 22 050 Hz mono 16-bit WAV file; panics on any other format.
pub fn wav_samples(bytes: &[u8]) -> usize {
    assert!(bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE");
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
        let body = &bytes[at + 8..(at + 8 + size).min(bytes.len())];
        if id == b"fmt " {
            let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
            let rate = u32::from_le_bytes(body[4..8].try_into().expect("4 bytes"));
            format = Some((u16_at(0), u16_at(2), rate, u16_at(14)));
        }
        if id == b"data" {
            assert_eq!(format, Some((1, 1, SAMPLE_RATE, 16)), "PCM mono 16-bit");
            assert_eq!(body.len(), size, "the whole sound is there");
            return size / 2;
        }
        at += 8 + size + size % 2;
    }
    panic!("no data chunk");
}
