//! The security headers of a real hub on loopback: every route the hub's source declares is
//! asked for, without and with credentials, and every answer carries `nosniff`, a referrer
//! policy and a Content-Security-Policy (a strict one on pages); then headless Chromium
//! loads each page, which keeps working live with no CSP violation.

#[path = "page_support/mod.rs"]
mod page_support;
#[path = "route_table/mod.rs"]
mod route_table;

use std::collections::BTreeSet;
use std::time::Duration;

use page_support::{Chromium, counter, issue};
use route_table::declared_routes;
use serde_json::json;
use shared::engine::Command;
use shared::hub::links::{tablet_path, ticket_path};
use shared::model::{CounterId, TicketId};
use tests::{MANAGER, OFFICE_KEY, TestHub, default_office};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Routes asked for as written, with `GET`.
const PLAIN_GETS: [&str; 21] = [
    "/ws",
    "/events",
    "/api/state",
    "/health",
    "/metrics",
    "/overview",
    "/overview/events",
    "/web/fonts.css",
    "/web/ticket.css",
    "/web/overview.css",
    "/web/ticket-live.js",
    "/web/ticket.js",
    "/web/rate.js",
    "/web/overview.js",
    "/display",
    "/display/events",
    "/display/display.js",
    "/display/display.css",
    "/display/NotoSans-Regular.ttf",
    "/display/NotoSans-Bold.ttf",
    "/reports",
];

/// Routes asked for as written, with `POST` (without a body: the answer is a refusal,
/// which must carry the headers as much as a success).
const PLAIN_POSTS: [&str; 4] = [
    "/api/tickets",
    "/overview/dismiss",
    "/reports/login",
    "/reports/logout",
];

/// One request per route pattern: (pattern, method, path).
fn requests(hub: &TestHub, ticket: TicketId) -> Vec<(&'static str, &'static str, String)> {
    let t = ticket_path(&hub.links_key(), ticket);
    let tablet = tablet_path(&hub.links_key(), CounterId(1));
    let (rate, key) = tablet.split_once('?').expect("a tablet key");
    let wav = "/display/call.wav?number=A001&counter=1".to_string();
    let mut all = vec![
        (
            "/api/counters/{counter}/call-next",
            "POST",
            "/api/counters/1/call-next".into(),
        ),
        ("/t/{link}", "GET", t.clone()),
        ("/t/{link}/events", "GET", format!("{t}/events")),
        ("/t/{link}/rating", "POST", format!("{t}/rating")),
        ("/rate/{counter}", "GET", tablet.clone()),
        (
            "/rate/{counter}/events",
            "GET",
            format!("{rate}/events?{key}"),
        ),
        ("/rate/{counter}/rating", "POST", format!("{rate}/rating")),
        ("/display/call.wav", "GET", wav),
        (
            "/reports.csv",
            "GET",
            "/reports.csv?from=02/11/2026&to=08/11/2026".into(),
        ),
        ("/reports/tickets.csv", "GET", "/reports/tickets.csv".into()),
    ];
    all.extend(PLAIN_GETS.map(|p| (p, "GET", p.to_string())));
    all.extend(PLAIN_POSTS.map(|p| (p, "POST", p.to_string())));
    all
}

/// Sends one request and returns the answer's head only (status line and headers, lower
/// case), so streams and WebSocket upgrades are read as far as their headers.
async fn head(hub: &TestHub, method: &str, path: &str, extra: &str, body: &str) -> String {
    // Over TLS, where every route answers (staff pages over plain HTTP only redirect,
    // with the same headers: `hub_tls`).
    let mut tcp = tests::tls_to(hub.hub.addr).await;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: hub\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    );
    tcp.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf))
            .await
            .expect("an answer in time")
            .expect("read");
        assert!(n > 0, "{method} {path}: closed before a head");
        raw.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    text.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The value of header `name` in `head`, if present.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim())
}

/// Checks the security headers of one answer; returns whether it was an HTML page.
fn check(what: &str, head: &str) -> bool {
    assert_eq!(
        header(head, "x-content-type-options"),
        Some("nosniff"),
        "{what}\n{head}"
    );
    assert_eq!(
        header(head, "referrer-policy"),
        Some("no-referrer"),
        "{what}\n{head}"
    );
    assert_eq!(
        header(head, "x-frame-options"),
        Some("deny"),
        "{what}\n{head}"
    );
    let csp = header(head, "content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no content-security-policy\n{head}"));
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe"), "{what}: {csp}");
    assert!(!csp.contains("http"), "{what}: no outside address: {csp}");
    let html = header(head, "content-type").is_some_and(|t| t.starts_with("text/html"));
    if html {
        for directive in [
            "default-src 'none'",
            "script-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{what}: {directive} in {csp}");
        }
    }
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_with_the_security_headers() {
    let hub = TestHub::start(default_office()).await;
    let ticket = issue(&hub, "VL").await;
    let table = requests(&hub, ticket);
    let listed: BTreeSet<String> = table.iter().map(|(p, _, _)| p.to_string()).collect();
    assert_eq!(
        declared_routes(),
        listed,
        "every route of the hub has a request in this table"
    );

    let signed_in = head(
        &hub,
        "POST",
        "/reports/login",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        &format!("clerk={}&pin={}", MANAGER.0, MANAGER.1),
    )
    .await;
    let cookie = header(&signed_in, "set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let bearer = format!("Authorization: Bearer {OFFICE_KEY}\r\n");
    let credentials = format!("Cookie: {cookie}\r\n{bearer}");
    let upgrade = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
                   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    let mut pages = BTreeSet::new();
    for (who, extra) in [("nobody", ""), ("manager", credentials.as_str())] {
        for (pattern, method, path) in &table {
            let extra = if *pattern == "/ws" {
                format!("{extra}{upgrade}")
            } else {
                extra.to_string()
            };
            let answer = head(&hub, method, path, &extra, "").await;
            if check(&format!("{who}: {method} {path}"), &answer) {
                pages.insert(format!("{who} {pattern}"));
            }
        }
    }
    // The pages a person opens are HTML and so were held to the page policy above.
    for page in [
        "nobody /display",
        "nobody /t/{link}",
        "nobody /rate/{counter}",
        "nobody /reports",
        "manager /reports",
        "manager /overview",
    ] {
        assert!(pages.contains(page), "{page} is a page: {pages:?}");
    }
    // Answers no route gives: a path that does not exist, a method a route does not take.
    for (method, path) in [("GET", "/nothing-here"), ("DELETE", "/display")] {
        check(
            &format!("{method} {path}"),
            &head(&hub, method, path, "", "").await,
        );
    }
}

/// Records the page's CSP violations in `window.cspViolations`, from before its first line.
const RECORD_VIOLATIONS: &str = "window.cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});";

/// Checks that the page loaded with no CSP violation and that its policy is in force (an
/// inline script added now is refused, and heard: so the recorder is listening).
async fn no_violation(page: &mut Chromium, what: &str) {
    // Whatever the page loads late (fonts, sound, the stream) has had time to be refused.
    page.call(
        "Runtime.evaluate",
        json!({ "expression": "document.fonts.ready.then(() => true)", "awaitPromise": true }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = page.eval("window.cspViolations").await;
    assert_eq!(seen, json!([]), "{what}: CSP violations");
    page.eval(
        "var s = document.createElement('script'); s.textContent = 'window.ran = true;';
         document.head.appendChild(s); true",
    )
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while page.eval("window.cspViolations.length").await != json!(1) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: an inline script was not refused (no policy in force?)"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(page.eval("window.ran === true").await, false, "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_live_in_chromium_with_no_csp_violation() {
    let hub = TestHub::start(default_office()).await;
    let base = hub.http_url();
    let one = counter(&hub, 1, "lan", "1111").await;
    let two = counter(&hub, 2, "hung", "2222").await;
    issue(&hub, "VL").await;
    let second = issue(&hub, "VL").await;
    let mut page = Chromium::start().await;
    page.call("Page.enable", json!({})).await;
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_VIOLATIONS }),
    )
    .await;
    if let Ok(dir) = std::env::var("SHOTS_DIR") {
        let _ = std::fs::create_dir_all(dir);
    }
    let (c1, c2) = (CounterId(1), CounterId(2));

    page.goto(&format!("{base}/display")).await;
    page.shows("Quầy 1").await;
    one.command(Command::CallNext { counter: c1 })
        .await
        .expect("A001 called");
    page.shows("A001").await;
    page.screenshot("headers-display.png").await;
    no_violation(&mut page, "/display").await;

    page.goto(&format!("{base}{}", ticket_path(&hub.links_key(), second)))
        .await;
    page.shows("Bạn là người tiếp theo").await;
    two.command(Command::CallNext { counter: c2 })
        .await
        .expect("A002 called");
    page.shows("Đến lượt bạn").await;
    page.screenshot("headers-ticket.png").await;
    no_violation(&mut page, "/t/{id}.{token}").await;

    one.command(Command::StartServing { counter: c1 })
        .await
        .expect("serving A001");
    page.goto(&format!("{base}{}", tablet_path(&hub.links_key(), c1)))
        .await;
    page.shows("Đang phục vụ số A001").await;
    one.command(Command::Finish { counter: c1 })
        .await
        .expect("A001 finished");
    page.shows("Rất hài lòng").await;
    page.screenshot("headers-tablet.png").await;
    no_violation(&mut page, "/rate/N").await;

    page.desktop().await;
    page.goto(&format!("{base}/reports")).await;
    page.shows("Đăng nhập").await;
    page.screenshot("headers-sign-in.png").await;
    no_violation(&mut page, "/reports sign-in").await;
    page.sign_in(MANAGER.0, MANAGER.1).await;
    page.shows("Thời gian chờ theo lĩnh vực").await;
    page.screenshot("headers-reports.png").await;
    no_violation(&mut page, "/reports").await;

    page.goto(&format!("{base}/overview")).await;
    page.shows("Quầy 1").await;
    issue(&hub, "VL").await;
    one.command(Command::CallNext { counter: c1 })
        .await
        .expect("A003 called");
    page.shows("A003").await;
    page.screenshot("headers-overview.png").await;
    no_violation(&mut page, "/overview").await;
}
