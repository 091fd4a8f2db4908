//! Support for the whole-system tests and load generators: a real hub on a random port
//! over a real database file, offices of any size, and raw WebSocket access for tests that
//! must send what a well-behaved client never would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use shared::client::{Client, Identity, Update};
use shared::config::Config;
use shared::hub::RunningHub;
use shared::model::CounterId;
use shared::protocol::Role;
use shared::store::{Store, devices};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;

pub mod sse;

/// The default office's key (for the JSON API; it opens no device's connection).
pub const OFFICE_KEY: &str = "doi-khoa-nay-truoc-khi-dung";

/// Tokens of the devices enrolled in each test database, by database, name, role and
/// counter: a test asking twice for a device gets the same credential.
type Enrolled = HashMap<(PathBuf, String, Role, Option<u16>), String>;
static TOKENS: Mutex<Option<Enrolled>> = Mutex::new(None);

/// The token of device `device` in the database at `db`, enrolled the first time it is
/// asked for through the store function `kiosk devices add` uses (the hub may be running on
/// the file). A name enrolled before as something else is enrolled again, as this.
pub fn device_token(db: &Path, role: Role, device: &str, counter: Option<u16>) -> String {
    let mut tokens = TOKENS.lock().unwrap_or_else(|e| e.into_inner());
    let key = (db.to_path_buf(), device.to_string(), role, counter);
    if let Some(token) = tokens.get_or_insert_default().get(&key) {
        return token.clone();
    }
    let conn = shared::store::open_file(db).expect("open the database");
    let counter_id = counter.map(CounterId);
    let now = chrono::Utc::now();
    let token = match devices::add(&conn, device, role, counter_id, now) {
        Ok(token) => token,
        Err(devices::DeviceError::NameTaken(_)) => {
            devices::reissue(&conn, device, role, counter_id, now).expect("enrol again")
        }
        Err(e) => panic!("enrolling {device}: {e}"),
    };
    tokens.get_or_insert_default().insert(key, token.clone());
    token
}

/// Path of the default office file.
pub fn default_office_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/config/office.toml")
}

/// The default office with `counters` counters (all fields, in rotating order of
/// preference) instead of its own six, and a clerk `clerk-N` (PIN 1111) for each.
pub fn office(counters: u16) -> Arc<Config> {
    let mut config = Config::load(&default_office_path()).expect("default office");
    let pin_hash = config.clerks[0].pin_hash.clone();
    config
        .clerks
        .extend((1..=counters).map(|n| shared::config::ClerkConfig {
            id: shared::model::ClerkId::new(&format!("clerk-{n}")),
            name: format!("Cán bộ {n}"),
            pin_hash: pin_hash.clone(),
            admin: false,
        }));
    let fields: Vec<_> = config.fields.iter().map(|f| f.code.clone()).collect();
    config.counters = (1..=counters)
        .map(|n| {
            let mut order = fields.clone();
            order.rotate_left(usize::from(n - 1) % fields.len());
            shared::config::CounterConfig {
                id: CounterId(n),
                fields: order,
            }
        })
        .collect();
    Arc::new(config)
}

/// The default office as shipped.
pub fn default_office() -> Arc<Config> {
    Arc::new(Config::load(&default_office_path()).expect("default office"))
}

/// A hub on `127.0.0.1` over a database in its own temporary folder.
pub struct TestHub {
    /// The running hub.
    pub hub: RunningHub,
    /// The database file.
    pub db: PathBuf,
    /// The office.
    pub config: Arc<Config>,
    dir: tempfile::TempDir,
}

impl TestHub {
    /// Starts a hub on a free port over a new database.
    pub async fn start(config: Arc<Config>) -> TestHub {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("office.db");
        let hub = spawn(&db, config.clone(), "127.0.0.1:0").await;
        TestHub {
            hub,
            db,
            config,
            dir,
        }
    }

    /// Stops the hub and starts it again on the same database and port.
    pub async fn restart(self) -> TestHub {
        self.stop().await.start().await
    }

    /// Stops the hub, keeping its database and port for [`StoppedHub::start`].
    pub async fn stop(self) -> StoppedHub {
        let TestHub {
            hub,
            db,
            config,
            dir,
        } = self;
        let addr = hub.addr;
        hub.stop().await.expect("hub stops cleanly");
        StoppedHub {
            addr,
            db,
            config,
            dir,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn http_url(&self) -> String {
        format!("http://{}", self.hub.addr)
    }

    /// The folder holding the database (for files a test writes beside it).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The key of this hub's links (ticket pages, rating tablets), as the hub made it.
    pub fn links_key(&self) -> String {
        shared::store::secrets::links_key_file(&self.db).expect("the links' key")
    }

    /// A new key of the JSON API with `scope`, made as `kiosk api-keys add` makes it.
    pub fn api_key(&self, scope: shared::store::api_keys::Scope) -> String {
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let conn = shared::store::api_keys::open_file(&self.db).expect("the database");
        shared::store::api_keys::add(
            &conn,
            &format!("test-{scope}-{n}"),
            scope,
            chrono::Utc::now(),
        )
        .expect("a key")
    }

    /// `Bearer` and a new key with `scope`, for an `Authorization` header.
    pub fn bearer(&self, scope: shared::store::api_keys::Scope) -> String {
        format!("Bearer {}", self.api_key(scope))
    }

    /// A client of this hub.
    pub fn client(
        &self,
        role: Role,
        device: &str,
        counter: Option<u16>,
    ) -> (Client, tokio::sync::mpsc::Receiver<Update>) {
        Client::start(identity(&self.db, &self.http_url(), role, device, counter))
    }

    /// The token of a device of this hub's office, enrolled if it was not yet.
    pub fn token(&self, role: Role, device: &str, counter: Option<u16>) -> String {
        device_token(&self.db, role, device, counter)
    }
}

/// A stopped [`TestHub`]: its database and port, kept for starting it again.
pub struct StoppedHub {
    addr: std::net::SocketAddr,
    db: PathBuf,
    config: Arc<Config>,
    dir: tempfile::TempDir,
}

impl StoppedHub {
    /// Starts the hub again on the same database and port.
    pub async fn start(self) -> TestHub {
        let StoppedHub {
            addr,
            db,
            config,
            dir,
        } = self;
        let hub = spawn(&db, config.clone(), &addr.to_string()).await;
        TestHub {
            hub,
            db,
            config,
            dir,
        }
    }
}

/// Starts a hub over `db` listening on `addr`, retrying briefly while the port is released.
pub async fn spawn(db: &Path, config: Arc<Config>, addr: &str) -> RunningHub {
    let store = Store::open(db, config).expect("open store");
    let mut tries = 0;
    let listener = loop {
        match TcpListener::bind(addr).await {
            Ok(l) => break l,
            Err(_) if tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot bind {addr}: {e}"),
        }
    };
    RunningHub::spawn(listener, store).expect("hub starts")
}

/// `h:m` on 2 November 2026 in Ho Chi Minh City (UTC+7): the day of the reports' histories.
pub fn on_2_november(h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 2, h - 7, m, 0)
        .single()
        .expect("a time")
}

/// A database at `db` for the default office in which counter 1 opened for VL with clerk
/// `lan` at 07:55 on 2 November 2026, then `steps` happened (each at its `h:m` that day,
/// each accepted). Kiosk tickets in VL are `issue_vl()`.
pub fn vl_history(db: &Path, steps: &[(shared::engine::Command, u32, u32)]) {
    use shared::engine::Command;
    use shared::model::{ClerkId, FieldCode};
    let mut store = Store::open(db, default_office()).expect("open store");
    let open = Command::OpenCounter {
        counter: CounterId(1),
        clerk: ClerkId::new("lan"),
        fields: vec![FieldCode::new("VL")],
    };
    for (command, h, m) in std::iter::once(&(open, 7, 55)).chain(steps) {
        store
            .apply(command, on_2_november(*h, *m))
            .expect("saved")
            .expect("accepted");
    }
}

/// A regular VL ticket from kiosk `kiosk-1`.
pub fn issue_vl() -> shared::engine::Command {
    shared::engine::Command::IssueTicket {
        field: shared::model::FieldCode::new("VL"),
        class: shared::model::PriorityClass::Regular,
        source: shared::model::Source::Kiosk("kiosk-1".into()),
    }
}

/// A display's copy of the office, kept up to date in the background from `updates`.
pub fn mirror(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
) -> Arc<std::sync::Mutex<shared::client::Mirror>> {
    let mirror = Arc::new(std::sync::Mutex::new(shared::client::Mirror::default()));
    let keep = mirror.clone();
    tokio::spawn(async move {
        while let Some(update) = updates.recv().await {
            keep.lock().expect("mirror lock").apply(update);
        }
    });
    mirror
}

/// The hub's state as `/api/state` serves it.
pub async fn hub_state(hub: &TestHub) -> Value {
    let auth = hub.bearer(shared::store::api_keys::Scope::Read);
    let (status, body) = http(hub, "GET", "/api/state", &[("Authorization", &auth)], "").await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("state is JSON")
}

/// What devices are promised of a state (tickets in play and the latest ended), as JSON,
/// so that a device's copy can be compared with the hub's.
pub fn device_view(state: &shared::engine::State) -> Value {
    serde_json::to_value(state.for_devices(shared::protocol::SNAPSHOT_ENDED))
        .expect("state as JSON")
}

/// [`device_view`] of the hub's state as `/api/state` serves it, and its last event.
pub async fn hub_device_view(hub: &TestHub) -> (Value, u64) {
    let state: shared::engine::State =
        serde_json::from_value(hub_state(hub).await).expect("a state");
    (device_view(&state), state.last_seq)
}

/// The default office's manager (a clerk with `admin = true`) and PIN.
pub const MANAGER: (&str, &str) = ("quanly", "999999");

/// A client identity with the device's own token in the database at `db` (enrolled if it
/// was not yet), and for the admin role the office manager's login and PIN.
pub fn identity(db: &Path, url: &str, role: Role, device: &str, counter: Option<u16>) -> Identity {
    Identity {
        url: url.to_string(),
        role,
        device: device.to_string(),
        token: device_token(db, role, device, counter),
        counter: counter.map(CounterId),
        manager: (role == Role::Admin).then(|| {
            (
                shared::model::ClerkId::new(MANAGER.0),
                MANAGER.1.to_string(),
            )
        }),
        hub_certificate: None,
        from: None,
    }
}

/// Waits for `cond`, checking every 10 ms, for at most `limit`; panics with `what` if it never holds.
pub async fn eventually(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + limit;
    while !cond() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A hello as JSON from device `device` of `role` ("kiosk", "counter", ...) with its own
/// token (enrolled if it was not yet), and for the admin role the manager's login and PIN.
pub fn hello_json(hub: &TestHub, role: &str, device: &str, counter: Option<u16>) -> Value {
    let as_role: Role = serde_json::from_value(role.into()).expect("a role");
    let token = hub.token(as_role, device, counter);
    let mut hello = serde_json::json!({
        "type": "hello", "protocol": shared::protocol::PROTOCOL_VERSION, "role": role,
        "device": device, "token": token
    });
    if let Some(c) = counter {
        hello["counter"] = c.into();
    }
    if role == "admin" {
        hello["clerk"] = MANAGER.0.into();
        hello["pin"] = MANAGER.1.into();
    }
    hello
}

/// A raw WebSocket to the hub, for sending anything at all.
pub struct Raw {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Raw {
    /// Connects without saying anything.
    pub async fn connect(hub: &TestHub) -> Raw {
        let (socket, _) = tokio_tungstenite::connect_async(hub.hub.ws_url())
            .await
            .expect("connect");
        Raw { socket }
    }

    /// Connects and says hello as `role`; returns after the welcome and its catch-up message.
    pub async fn hello(hub: &TestHub, role: &str, device: &str, counter: Option<u16>) -> Raw {
        let mut raw = Raw::connect(hub).await;
        raw.send_json(&hello_json(hub, role, device, counter)).await;
        let welcome = raw.recv().await.expect("welcome");
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        let catch_up = raw.recv().await.expect("snapshot");
        assert_eq!(catch_up["type"], "snapshot", "{catch_up}");
        raw
    }

    /// Sends JSON text.
    pub async fn send_json(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    /// Sends any text.
    pub async fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::text(text.to_string()))
            .await
            .expect("send");
    }

    /// Sends a binary frame.
    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.socket
            .send(Message::binary(bytes))
            .await
            .expect("send");
    }

    /// The next JSON message (events included), or None if the hub closed or said nothing
    /// within 5 seconds.
    pub async fn recv(&mut self) -> Option<Value> {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(5), self.socket.next())
                .await
                .ok()??;
            match next {
                Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
    }

    /// The events of the next message, which must be an `event` or `events` message.
    pub async fn events(&mut self) -> Vec<Value> {
        let v = self.recv().await.expect("an event message");
        match v["type"].as_str() {
            Some("event") => vec![v["event"].clone()],
            Some("events") => v["events"].as_array().cloned().unwrap_or_default(),
            _ => panic!("expected events, got {v}"),
        }
    }

    /// The next message that is not an event.
    pub async fn reply(&mut self) -> Option<Value> {
        loop {
            let v = self.recv().await?;
            if v["type"] != "event" && v["type"] != "events" {
                return Some(v);
            }
        }
    }
}

/// The hub's `/health` document.
pub async fn health(hub: &TestHub) -> Value {
    let body = http(hub, "GET", "/health", &[], "").await.1;
    serde_json::from_str(&body).expect("health is JSON")
}

/// A plain HTTP/1.1 request to the hub; returns the status and body (read to the end).
pub async fn http(
    hub: &TestHub,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let (status, _, body) = http_with_head(hub, method, path, headers, body).await;
    (status, body)
}

/// [`http`], also returning the answer's head (status line and headers, lower-case).
pub async fn http_with_head(
    hub: &TestHub,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let stream = tokio::net::TcpStream::connect(hub.hub.addr)
        .await
        .expect("connect");
    exchange(stream, method, path, headers, body).await
}

/// An HTTPS/1.1 request to the hub (the staff pages are served over TLS only); returns the
/// status and body.
pub async fn https(
    hub: &TestHub,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let (status, _, body) = https_with_head(hub, method, path, headers, body).await;
    (status, body)
}

/// [`https`], also returning the answer's head (status line and headers, lower-case).
pub async fn https_with_head(
    hub: &TestHub,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    exchange(tls_to(hub.hub.addr).await, method, path, headers, body).await
}

/// A TLS connection to the hub at `addr` that accepts whatever certificate it shows (as
/// the page tests' Chromium does with `--ignore-certificate-errors`; `hub_tls` checks the
/// certificate itself).
pub async fn tls_to(
    addr: std::net::SocketAddr,
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    tls_over(tcp).await.expect("TLS handshake with the hub")
}

/// TLS on a TCP connection already made to the hub (from a chosen address, say),
/// accepting whatever certificate it shows, like [`tls_to`].
pub async fn tls_over(
    tcp: tokio::net::TcpStream,
) -> std::io::Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    let (config, _) = shared::client::tls::client_config(shared::client::tls::Trust::FirstUse);
    let ip = tcp.peer_addr()?.ip();
    let name = rustls::pki_types::ServerName::IpAddress(ip.into());
    tokio_rustls::TlsConnector::from(config)
        .connect(name, tcp)
        .await
}

/// Reads what the other side sends until it closes (over TLS, a close without its
/// `close_notify` counts as the end too: the answer is whole, `Connection: close`).
pub async fn read_all(stream: &mut (impl tokio::io::AsyncRead + Unpin)) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut response = Vec::new();
    match stream.read_to_end(&mut response).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {}
        Err(e) => panic!("read: {e}"),
    }
    response
}

/// Sends one HTTP/1.1 request on `stream` (`Host: hub` unless `headers` name one) and
/// reads the answer to the end: status, head (lower-case) and body.
pub async fn exchange(
    mut stream: impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    use tokio::io::AsyncWriteExt;
    let host = if headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        ""
    } else {
        "Host: hub\r\n"
    };
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\n{host}Connection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let response = read_all(&mut stream).await;
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let head = head.to_ascii_lowercase();
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head, body)
}

/// Joins the chunks of a chunked HTTP body.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// `/health` `last_seq`, once the hub's clock has started the business day (event 1).
pub async fn settled_seq(hub: &TestHub) -> u64 {
    for _ in 0..500 {
        let seq = health(hub).await["last_seq"].as_u64().expect("last_seq");
        if seq >= 1 {
            return seq;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the hub never started the business day");
}

/// A sample (name with labels) from `/metrics`.
pub async fn metric(hub: &TestHub, name: &str) -> u64 {
    let body = http(hub, "GET", "/metrics", &[], "").await.1;
    body.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics:\n{body}"))
}

/// Sends `command` from `client`, again while its link is still coming back (after a hub
/// restart), for 20 seconds at most; panics on any other failure.
pub async fn send_when_online(
    client: &Client,
    command: shared::engine::Command,
) -> Vec<shared::engine::Event> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match client.command(command.clone()).await {
            Ok(events) => return events,
            Err(
                shared::client::ClientError::Offline | shared::client::ClientError::ConnectionLost,
            ) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{command:?}: {e}"),
        }
    }
}
