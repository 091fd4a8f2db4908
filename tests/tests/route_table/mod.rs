//! The rows of the route table, the requests each attempt sends, and the answers as the
//! table writes them (tests/tests/hub_routes.rs, docs/routes.md).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use serde_json::json;
use shared::model::TicketId;
use shared::store::api_keys::Scope;
use tests::{MANAGER, OFFICE_KEY, Raw, TestHub, hello_json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Where the table starts in docs/routes.md.
pub const BEGIN: &str = "<!-- route table: tests/tests/hub_routes.rs -->";
/// Where it ends.
pub const END: &str = "<!-- end of route table -->";

/// Every route pattern as the hub's source declares it (`.route("…"`), so a route added
/// without a row fails the tests that list routes instead of going unchecked.
pub fn declared_routes() -> BTreeSet<String> {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("the hub's source") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("source");
                for after in source.split(".route(").skip(1) {
                    let pattern = after
                        .trim_start()
                        .strip_prefix('"')
                        .and_then(|s| s.split_once('"').map(|(p, _)| p.to_string()));
                    found.insert(pattern.expect("a route pattern in quotes"));
                }
            }
        }
    }
    let hub = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/src/hub");
    let mut found = BTreeSet::new();
    walk(&hub, &mut found);
    found
}

/// What a request carries, in the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// No credential at all.
    Without,
    /// A wrong one: the shipped office key, a guessed cookie or token.
    Wrong,
    /// A real credential that is not enough: another scope or kind, or a link forged from
    /// the shipped office key.
    NotEnough,
    /// The right one.
    Right,
}

/// The table's columns, in order.
pub const ATTEMPTS: [Attempt; 4] = [
    Attempt::Without,
    Attempt::Wrong,
    Attempt::NotEnough,
    Attempt::Right,
];

/// What opens a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// Nothing: anyone on the office network.
    Anyone,
    /// A JSON API key with this scope.
    Api(Scope),
    /// The manager's sign-in at the reports (a session cookie).
    Manager,
    /// The sign-in itself: a manager's login and PIN.
    SignIn,
    /// A ticket's link, `/t/{id}.{token}`.
    Ticket,
    /// A counter's tablet link, `/rate/{counter}?k={token}`.
    Tablet,
    /// A number called today at that counter (the display's call sound).
    CallSound,
}

/// One route of the table.
pub struct Row {
    /// The pattern as the router declares it.
    pub pattern: &'static str,
    /// The method asked with.
    pub method: &'static str,
    /// What opens it.
    pub door: Door,
    /// Who may read or do it, as the docs say.
    pub who: &'static str,
}

const fn row(pattern: &'static str, method: &'static str, door: Door, who: &'static str) -> Row {
    Row {
        pattern,
        method,
        door,
        who,
    }
}

const ANYONE: &str = "anyone on the office network";
const PAGE_FILES: &str = "anyone (the pages' files)";
const MANAGER_ONLY: &str = "the office manager, signed in at /reports";
const TICKET: &str = "whoever holds the ticket (its QR code)";
const TABLET: &str = "the counter's rating tablet (its link)";

/// Every route, in the order of the table.
pub const ROWS: [Row; 35] = [
    row("/health", "GET", Door::Anyone, ANYONE),
    row("/metrics", "GET", Door::Anyone, ANYONE),
    row(
        "/ws",
        "GET",
        Door::Anyone,
        "anyone may connect; the hello decides (below)",
    ),
    row(
        "/api/state",
        "GET",
        Door::Api(Scope::Read),
        "an API key with scope read",
    ),
    row(
        "/events",
        "GET",
        Door::Api(Scope::Read),
        "an API key with scope read",
    ),
    row(
        "/api/tickets",
        "POST",
        Door::Api(Scope::Issue),
        "an API key with scope issue",
    ),
    row(
        "/api/counters/{counter}/call-next",
        "POST",
        Door::Api(Scope::Call),
        "an API key with scope call",
    ),
    row(
        "/display",
        "GET",
        Door::Anyone,
        "anyone (the wall display shows it to the room)",
    ),
    row(
        "/display/events",
        "GET",
        Door::Anyone,
        "anyone (the board: numbers, counters, waiting counts)",
    ),
    row(
        "/display/call.wav",
        "GET",
        Door::CallSound,
        "anyone, for a number called today at that counter",
    ),
    row("/display/display.js", "GET", Door::Anyone, PAGE_FILES),
    row("/display/display.css", "GET", Door::Anyone, PAGE_FILES),
    row(
        "/display/NotoSans-Regular.ttf",
        "GET",
        Door::Anyone,
        PAGE_FILES,
    ),
    row(
        "/display/NotoSans-Bold.ttf",
        "GET",
        Door::Anyone,
        PAGE_FILES,
    ),
    row("/t/{link}", "GET", Door::Ticket, TICKET),
    row("/t/{link}/events", "GET", Door::Ticket, TICKET),
    row(
        "/t/{link}/rating",
        "POST",
        Door::Ticket,
        "whoever holds the ticket, once served",
    ),
    row("/rate/{counter}", "GET", Door::Tablet, TABLET),
    row("/rate/{counter}/events", "GET", Door::Tablet, TABLET),
    row("/rate/{counter}/rating", "POST", Door::Tablet, TABLET),
    row("/web/fonts.css", "GET", Door::Anyone, PAGE_FILES),
    row("/web/ticket.css", "GET", Door::Anyone, PAGE_FILES),
    row("/web/overview.css", "GET", Door::Anyone, PAGE_FILES),
    row("/web/ticket-live.js", "GET", Door::Anyone, PAGE_FILES),
    row("/web/ticket.js", "GET", Door::Anyone, PAGE_FILES),
    row("/web/rate.js", "GET", Door::Anyone, PAGE_FILES),
    row("/web/overview.js", "GET", Door::Anyone, PAGE_FILES),
    row(
        "/reports/login",
        "POST",
        Door::SignIn,
        "anyone may try; a manager's login and PIN sign in",
    ),
    row(
        "/reports",
        "GET",
        Door::Manager,
        "the office manager (others get the sign-in form)",
    ),
    row("/reports.csv", "GET", Door::Manager, MANAGER_ONLY),
    row("/reports/tickets.csv", "GET", Door::Manager, MANAGER_ONLY),
    row("/overview", "GET", Door::Manager, MANAGER_ONLY),
    row("/overview/events", "GET", Door::Manager, MANAGER_ONLY),
    row("/overview/dismiss", "POST", Door::Manager, MANAGER_ONLY),
    row("/reports/logout", "POST", Door::Manager, MANAGER_ONLY),
];

/// A request to send.
pub struct Request {
    /// Path and query.
    pub path: String,
    /// Header lines, without their line ends.
    pub headers: Vec<String>,
    /// The body.
    pub body: String,
}

/// The real credentials of the hub under test, and the links forged from the office key.
pub struct Credentials {
    /// `/t/{id}.{token}` of a served ticket.
    pub ticket: String,
    /// The same ticket's link keyed with the shipped office key.
    pub forged_ticket: String,
    /// `/rate/1?k={token}`.
    pub tablet: String,
    /// Counter 1's tablet link keyed with the shipped office key.
    pub forged_tablet: String,
    /// The ticket counter 1's tablet offers for rating.
    pub tablet_ticket: TicketId,
    /// An API key of each scope.
    pub keys: Vec<(Scope, String)>,
    /// `reports_session=…` of the signed-in manager.
    pub cookie: String,
}

const UPGRADE: [&str; 4] = [
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
];

impl Credentials {
    fn key(&self, scope: Scope) -> String {
        let (_, key) = self.keys.iter().find(|(s, _)| *s == scope).expect("a key");
        format!("Authorization: Bearer {key}")
    }

    /// The request of `attempt` at `row`; None where the column does not apply.
    pub fn request(&self, row: &Row, attempt: Attempt) -> Option<Request> {
        use Attempt::*;
        let mut headers: Vec<String> = Vec::new();
        let mut path = row.pattern.replace("{counter}", "1");
        let mut body = String::new();
        let (link, forged) = match row.door {
            Door::Ticket => (&self.ticket, &self.forged_ticket),
            _ => (&self.tablet, &self.forged_tablet),
        };
        let (base, query) = link.split_once('?').unwrap_or((link, ""));
        let id = base.split_once('.').map_or(base, |(id, _)| id);
        let tail = row.pattern.rsplit_once('}').map_or("", |(_, t)| t);
        let with_query = |base: &str, query: &str| match query {
            "" => format!("{base}{tail}"),
            q => format!("{base}{tail}?{q}"),
        };
        match (row.door, attempt) {
            (Door::Anyone, Without) => {}
            (Door::Anyone, Wrong) => headers.extend([
                format!("Authorization: Bearer {OFFICE_KEY}"),
                "Cookie: reports_session=guess".into(),
            ]),
            (Door::Anyone, NotEnough | Right) => return None,
            (Door::Api(_), Without) => {}
            (Door::Api(_), Wrong) => headers.push(format!("Authorization: Bearer {OFFICE_KEY}")),
            (Door::Api(scope), NotEnough) => headers.push(self.key(match scope {
                Scope::Read => Scope::Issue,
                _ => Scope::Read,
            })),
            (Door::Api(scope), Right) => headers.push(self.key(scope)),
            (Door::Manager, Without) => {}
            (Door::Manager, Wrong) => headers.push("Cookie: reports_session=guess".into()),
            (Door::Manager, NotEnough) => headers.push(self.key(Scope::Read)),
            (Door::Manager, Right) => headers.push(format!("Cookie: {}", self.cookie)),
            (Door::SignIn, attempt) => {
                headers.push("Content-Type: application/x-www-form-urlencoded".into());
                body = match attempt {
                    Without => String::new(),
                    Wrong => format!("clerk={}&pin=000000", MANAGER.0),
                    NotEnough => "clerk=lan&pin=1111".into(),
                    Right => format!("clerk={}&pin={}", MANAGER.0, MANAGER.1),
                };
            }
            (Door::Ticket | Door::Tablet, attempt) => {
                path = match attempt {
                    Without if row.door == Door::Ticket => format!("{id}{tail}"),
                    Without => with_query(base, ""),
                    Wrong if row.door == Door::Ticket => format!("{id}.{}{tail}", "0".repeat(32)),
                    Wrong => with_query(base, &format!("k={}", "0".repeat(32))),
                    NotEnough => {
                        let (fbase, fquery) = forged.split_once('?').unwrap_or((forged, ""));
                        with_query(fbase, fquery)
                    }
                    Right => with_query(base, query),
                };
            }
            (Door::CallSound, attempt) => {
                path = match attempt {
                    Without => "/display/call.wav".into(),
                    Wrong => "/display/call.wav?number=A099&counter=1".into(),
                    NotEnough => "/display/call.wav?number=A001&counter=2".into(),
                    _ => "/display/call.wav?number=A001&counter=1".into(),
                };
            }
        }
        if row.pattern == "/ws" {
            headers.extend(UPGRADE.map(str::to_string));
        }
        if row.pattern.ends_with("/rating") {
            let mut rating = json!({ "score": "satisfied", "reason": "nhanh" });
            if row.door == Door::Tablet {
                rating["ticket"] = self.tablet_ticket.0.into();
            }
            headers.push("Content-Type: application/json".into());
            body = rating.to_string();
        }
        match row.pattern {
            "/api/tickets" => {
                headers.push("Content-Type: application/json".into());
                body = json!({ "field": "VL" }).to_string();
            }
            "/reports.csv" => path.push_str("?from=2026-11-02&to=2026-11-08"),
            "/overview/dismiss" => {
                headers.push("Content-Type: application/x-www-form-urlencoded".into());
                body = "device=kiosk-9".into();
            }
            _ => {}
        }
        Some(Request {
            path,
            headers,
            body,
        })
    }
}

/// An answer as the table writes it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status (101 for a WebSocket upgrade).
    pub status: u16,
    /// Where a redirect leads, without its query.
    pub location: Option<String>,
    /// Whether the body is the manager's sign-in form.
    pub sign_in_form: bool,
    /// A cookie the answer set (name=value).
    pub cookie: Option<String>,
}

impl Answer {
    fn cell(&self) -> String {
        match (&self.location, self.sign_in_form) {
            (Some(to), _) => format!("{} → {to}", self.status),
            (None, true) => format!("{} sign-in form", self.status),
            (None, false) => self.status.to_string(),
        }
    }
}

/// Sends one request; reads the head, and the body unless the answer is a stream.
pub async fn ask(
    hub: &TestHub,
    method: &str,
    path: &str,
    headers: &[String],
    body: &str,
) -> Answer {
    // Over TLS: staff pages answer only there, and every other page there too (plain HTTP
    // is tests/tests/hub_tls.rs's).
    let mut tcp = tests::tls_to(hub.hub.addr).await;
    // A WebSocket upgrade says `Connection: Upgrade` instead.
    let close = match headers.iter().any(|h| h.starts_with("Connection:")) {
        true => "",
        false => "Connection: close\r\n",
    };
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: hub\r\n{close}Content-Length: {}\r\n",
        body.len()
    );
    for h in headers {
        request.push_str(&format!("{h}\r\n"));
    }
    request.push_str(&format!("\r\n{body}"));
    tcp.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        // A close without TLS's close_notify ends the answer too (`Connection: close`).
        let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("{method} {path}: an answer in time"))
            .unwrap_or(0);
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
        let head_read = text.contains("\r\n\r\n");
        let stream = text.contains("text/event-stream") || text.starts_with("http/1.1 101");
        if n == 0 || (head_read && stream) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let head = head.to_ascii_lowercase();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == name)
            .map(|(_, v)| v.trim().to_string())
    };
    Answer {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{method} {path}: no status in {head:?}")),
        location: header("location").map(|l| l.split('?').next().unwrap_or("").to_string()),
        sign_in_form: rest.contains("name=\"pin\""),
        cookie: header("set-cookie").and_then(|c| c.split(';').next().map(str::to_string)),
    }
}

/// The WebSocket roles, as their hello names them, and a new device asking to pair.
pub const ROLES: [&str; 5] = ["display", "kiosk", "counter", "admin", "pair"];

/// Says hello as `role` with the credentials of `attempt`; the hub's answer (`welcome`, or
/// the error's code), None where the column does not apply. Each device has its own token:
/// "not enough" is another device's real token (a counter's for another counter, or the
/// admin device's with a clerk who is not the manager).
pub async fn hello(hub: &TestHub, role: &str, attempt: Attempt) -> Option<String> {
    use Attempt::*;
    let device = format!("{role}-9");
    let mut hello = match role {
        "pair" => {
            if attempt != Without {
                return None;
            }
            // Anyone may ask; only the manager's approval makes it a device.
            json!({ "type": "pair", "device": "quay-moi", "role": "counter", "counter": 2 })
        }
        _ => {
            let counter = (role == "counter").then_some(6);
            let mut hello = hello_json(hub, role, &device, counter);
            match attempt {
                Without => hello["token"] = "".into(),
                Wrong => hello["token"] = "not-a-device-token".into(),
                NotEnough | Right => {}
            }
            hello
        }
    };
    match (role, attempt) {
        ("display" | "kiosk", NotEnough) => {
            // A real token, of the other one.
            let other = if role == "display" {
                "kiosk"
            } else {
                "display"
            };
            hello["token"] = hello_json(hub, other, &format!("{other}-9"), None)["token"].clone();
        }
        ("counter", NotEnough) => hello["counter"] = 5.into(),
        ("admin", NotEnough) => {
            hello["clerk"] = "lan".into();
            hello["pin"] = "1111".into();
        }
        _ => {}
    }
    let mut raw = Raw::connect(hub).await;
    raw.send_json(&hello).await;
    let answer = raw.recv().await.expect("an answer to the hello");
    Some(match answer["type"].as_str() {
        Some("error") => format!("error {}", answer["code"].as_str().unwrap_or("?")),
        // Only a kiosk prints links, so only a kiosk is given their key.
        Some("welcome") if answer.get("links_key").is_some() => "welcome with links_key".into(),
        Some("pairing") => "pairing code".into(),
        Some(other) => other.to_string(),
        None => answer.to_string(),
    })
}

/// The table as it is filled.
#[derive(Default)]
pub struct Table {
    lines: Vec<String>,
}

impl Table {
    /// Adds an HTTP route's answers.
    pub fn http(&mut self, row: &Row, answers: &[Option<Answer>]) {
        let cells: Vec<String> = answers
            .iter()
            .map(|a| a.as_ref().map_or("–".into(), Answer::cell))
            .collect();
        self.line(
            &format!("`{} {}`", row.method, row.pattern),
            row.who,
            &cells,
        );
    }

    /// Adds a WebSocket role's answers.
    pub fn ws(&mut self, role: &str, answers: &[Option<String>]) {
        let cells: Vec<String> = answers
            .iter()
            .map(|a| a.clone().unwrap_or("–".into()))
            .collect();
        let who = match role {
            "admin" => "a device enrolled as admin, with a manager's login and PIN",
            "counter" => "a device paired as that counter, with its own token",
            "pair" => "anyone may ask; the manager approves the code shown",
            _ => "a device paired in that role, with its own token",
        };
        let what = match role {
            "pair" => "WebSocket pair request".to_string(),
            _ => format!("WebSocket hello as `{role}`"),
        };
        self.line(&what, who, &cells);
    }

    fn line(&mut self, what: &str, who: &str, cells: &[String]) {
        self.lines
            .push(format!("| {what} | {who} | {} |", cells.join(" | ")));
    }

    /// The table in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| Route | Who may read or do it | Without | Wrong | Not enough | Right |\n\
             |---|---|---|---|---|---|\n",
        );
        out.push_str(&self.lines.join("\n"));
        out
    }
}
