//! What the page tests share: an office with clerks at their counters, tickets issued over
//! the API, and headless Chromium driven over its DevTools protocol.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use shared::client::{Client, Link};
use shared::model::{ClerkId, TicketId};
use shared::protocol::Role;
use tests::{TestHub, eventually, http};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

/// The default office's first five counters with a clerk for each and the clerk's PIN.
pub const CLERKS: [(u16, &str, &str); 5] = [
    (1, "lan", "1111"),
    (2, "hung", "2222"),
    (3, "mai", "3333"),
    (4, "dung", "4444"),
    (5, "huong", "5555"),
];

/// Counter `n` with its clerk logged in.
pub async fn counter(hub: &TestHub, n: u16, clerk: &str, pin: &str) -> Client {
    let (client, _updates) = hub.client(Role::Counter, &format!("quay-{n}"), Some(n));
    eventually("counter online", Duration::from_secs(5), || {
        client.link() == Link::Online
    })
    .await;
    client
        .login(ClerkId::new(clerk), pin.into(), vec![])
        .await
        .expect("logged in");
    client
}

/// Issues a ticket in `field` over the API; its id.
pub async fn issue(hub: &TestHub, field: &str) -> TicketId {
    let auth = hub.bearer(shared::store::api_keys::Scope::Issue);
    let body = json!({ "field": field }).to_string();
    let (status, text) = http(
        hub,
        "POST",
        "/api/tickets",
        &[("Authorization", &auth)],
        &body,
    )
    .await;
    assert_eq!(status, 201, "{text}");
    let view: Value = serde_json::from_str(&text).expect("a view");
    TicketId(view["id"].as_u64().expect("an id"))
}

/// Headless Chromium driven over its DevTools protocol, killed when dropped.
pub struct Chromium {
    child: Child,
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>,
    session: String,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Chromium {
    /// Starts Chromium and opens `url` in a 390x844 window (a phone).
    pub async fn open(url: &str) -> Chromium {
        let mut chromium = Chromium::start().await;
        chromium.goto(url).await;
        chromium
    }

    /// Starts Chromium with an empty page, attached.
    pub async fn start() -> Chromium {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Process::new("chromium")
            .args([
                "--headless",
                // Staff pages are served over HTTPS with the hub's own certificate; only
                // these tests' browser takes it without asking.
                "--ignore-certificate-errors",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--window-size=390,844",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium runs (./scripts/setup installs it)");
        let stderr = child.stderr.take().expect("stderr");
        let (found, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = found.send(url.trim().to_string());
                }
            }
        });
        let browser =
            tokio::task::spawn_blocking(move || address.recv_timeout(Duration::from_secs(30)))
                .await
                .expect("join")
                .expect("Chromium prints its DevTools address");
        let (socket, _) = tokio_tungstenite::connect_async(&browser)
            .await
            .expect("DevTools");
        let mut chromium = Chromium {
            child,
            socket,
            session: String::new(),
            next: 0,
            _profile: profile,
        };
        let target = chromium
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let target = target["targetId"].as_str().expect("a target").to_string();
        let attached = chromium
            .call(
                "Target.attachToTarget",
                json!({ "targetId": target, "flatten": true }),
            )
            .await;
        chromium.session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        chromium
    }

    /// Opens `url` in the page.
    pub async fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url })).await;
    }

    /// Sends a DevTools command (to the page once attached) and returns its result.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            message["sessionId"] = self.session.clone().into();
        }
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("send to Chromium");
        loop {
            let next = tokio::time::timeout(Duration::from_secs(20), self.socket.next())
                .await
                .expect("Chromium answers")
                .expect("Chromium is there")
                .expect("a message");
            let Message::Text(text) = next else { continue };
            let answer: Value = serde_json::from_str(&text).expect("JSON");
            if answer["id"] == id {
                assert!(answer["error"].is_null(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// Evaluates a JavaScript expression in the page.
    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true }),
            )
            .await;
        result["result"]["value"].clone()
    }

    /// The page's visible text.
    pub async fn text(&mut self) -> String {
        let text = self
            .eval("document.body ? document.body.innerText : ''")
            .await;
        text.as_str().unwrap_or("").to_string()
    }

    /// Signs in on the sign-in page the browser was sent to, as a person would: waits for
    /// the form, fills it in and sends it.
    pub async fn sign_in(&mut self, clerk: &str, pin: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while self
            .eval("!!document.querySelector('input[name=pin]')")
            .await
            != true
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no sign-in form; the page shows:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let fill = format!(
            "document.querySelector('input[name=clerk]').value = {clerk:?};\
             document.querySelector('input[name=pin]').value = {pin:?};\
             document.querySelector('form[action=\"/reports/login\"]').submit(); true"
        );
        self.eval(&fill).await;
    }

    /// Saves a PNG screenshot of the page as `$SHOTS_DIR/name`, when the variable is set
    /// (to look at a page by eye; the tests' checks never depend on it).
    pub async fn screenshot(&mut self, name: &str) {
        use base64::Engine as _;
        let Ok(dir) = std::env::var("SHOTS_DIR") else {
            return;
        };
        let png = self
            .call("Page.captureScreenshot", json!({ "format": "png" }))
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png["data"].as_str().unwrap_or_default())
            .expect("base64");
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("screenshot saved");
    }

    /// Shows the page at 1366x900, as on an office PC's screen.
    pub async fn desktop(&mut self) {
        let screen =
            json!({ "width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": false });
        self.call("Emulation.setDeviceMetricsOverride", screen)
            .await;
    }

    /// Waits until the page's text contains `wanted` (20 s at most, checked every 10 ms).
    pub async fn shows(&mut self, wanted: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.text().await;
            if text.contains(wanted) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the page never showed {wanted:?}; it shows:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
