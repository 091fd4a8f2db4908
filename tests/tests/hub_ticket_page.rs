//! The citizen's ticket page over real HTTP from a real hub: the page and its assets, a
//! wrong link's 404, the live view over server-sent events, and the page itself in headless
//! Chromium following the ticket from "waiting" to "your turn at counter 1" and a rating,
//! without a reload.

mod page_support;

use std::time::Duration;

use page_support::{Chromium, counter, issue};
use serde_json::{Value, json};
use shared::client::Link;
use shared::engine::Command;
use shared::hub::links::ticket_path;
use shared::model::{CounterId, TicketId};
use shared::protocol::Role;
use tests::{TestHub, default_office, eventually, http, hub_state};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_assets_are_served_and_a_wrong_link_is_not_found() {
    let hub = TestHub::start(default_office()).await;
    let ticket = issue(&hub, "BHTN").await;
    let path = ticket_path(&hub.links_key(), ticket);
    let (status, page) = http(&hub, "GET", &path, &[], "").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"vi\">"), "Vietnamese by default");
    assert!(page.contains("Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội"));
    assert!(page.contains("\"number\":\"B001\"") && page.contains("Bảo hiểm thất nghiệp"));
    let (_, english) = http(&hub, "GET", &format!("{path}?lang=en"), &[], "").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Unemployment insurance"));

    for asset in [
        "/web/ticket.css",
        "/web/ticket-live.js",
        "/web/ticket.js",
        "/web/rate.js",
    ] {
        let (status, body) = http(&hub, "GET", asset, &[], "").await;
        assert_eq!(status, 200, "{asset}");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{asset}: no outside URL"
        );
    }

    let wrong = format!("/t/{}.{}", ticket.0, "f".repeat(32));
    for bad in [wrong.as_str(), "/t/1", "/t/abc.def", "/t/1.2/events"] {
        let (status, page) = http(&hub, "GET", bad, &[], "").await;
        assert_eq!(status, 404, "{bad}");
        assert!(page.contains("Không tìm thấy phiếu"), "{bad}: {page}");
    }
}

/// A streaming GET, read as it comes: the server-sent `view` events so far.
struct Events {
    tcp: TcpStream,
    raw: String,
}

impl Events {
    async fn open(hub: &TestHub, path: &str) -> Events {
        let mut tcp = TcpStream::connect(hub.hub.addr).await.expect("connect");
        let request = format!("GET {path} HTTP/1.1\r\nHost: hub\r\n\r\n");
        tcp.write_all(request.as_bytes()).await.expect("write");
        Events {
            tcp,
            raw: String::new(),
        }
    }

    /// The views received so far (chunk framing lines are not JSON and are skipped).
    fn views(&self) -> Vec<Value> {
        self.raw
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .filter(|v| v.is_object())
            .collect()
    }

    /// Reads until a view satisfies `want` (5 s at most).
    async fn until(&mut self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(v) = self.views().into_iter().rev().find(|v| want(v)) {
                return v;
            }
            let mut buf = [0u8; 8192];
            let read = tokio::time::timeout_at(deadline, self.tcp.read(&mut buf)).await;
            let n = read
                .unwrap_or_else(|_| panic!("no view with {what}: {:?}", self.views()))
                .expect("read");
            assert!(n > 0, "the stream ended");
            self.raw.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ticket_view_follows_the_queue_live() {
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    issue(&hub, "VL").await;
    let ticket = issue(&hub, "VL").await;
    let mut events = Events::open(
        &hub,
        &format!("{}/events", ticket_path(&hub.links_key(), ticket)),
    )
    .await;
    let first = events.until("one ahead", |v| v["people_ahead"] == 1).await;
    assert_eq!(first["number"], "A002");
    assert_eq!(first["state"], "waiting");
    assert_eq!(first["field"]["vi"], "Việc làm");
    let counter = CounterId(1);
    one.command(Command::CallNext { counter })
        .await
        .expect("A001 called");
    events
        .until("nobody ahead", |v| v["people_ahead"] == 0)
        .await;
    one.command(Command::StartServing { counter })
        .await
        .expect("started");
    one.command(Command::CallNext { counter })
        .await
        .expect("A002 called");
    let called = events.until("called", |v| v["state"] == "called").await;
    assert_eq!(called["counter"], 1);
    one.command(Command::Finish { counter })
        .await
        .expect("finished");
    let done = events.until("done", |v| v["state"] == "done").await;
    assert_eq!(done["rating"], "open");
    assert!(done["rate_until_ms"].as_i64() > done["now_ms"].as_i64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_in_chromium_shows_the_call_live_and_takes_a_rating() {
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    issue(&hub, "VL").await;
    let ticket = issue(&hub, "VL").await;
    let url = format!(
        "{}{}",
        hub.http_url(),
        ticket_path(&hub.links_key(), ticket)
    );
    let mut page = Chromium::open(&url).await;
    page.shows("A002").await;
    page.shows("Trước bạn còn 1 người").await;
    page.shows("Chờ khoảng").await;
    // Anything the page keeps is lost on a reload: this mark shows there was none.
    page.eval("window.notReloaded = true").await;

    let counter = CounterId(1);
    one.command(Command::CallNext { counter })
        .await
        .expect("A001 called");
    page.shows("Bạn là người tiếp theo").await;
    one.command(Command::StartServing { counter })
        .await
        .expect("started");
    let called = std::time::Instant::now();
    one.command(Command::CallNext { counter })
        .await
        .expect("A002 called");
    page.shows("quầy 1").await;
    eprintln!("call to the phone page's screen: {:?}", called.elapsed());
    page.shows("Đến lượt bạn").await;
    assert_eq!(
        page.eval("window.notReloaded === true").await,
        true,
        "updated in place"
    );

    one.command(Command::Finish { counter })
        .await
        .expect("finished");
    page.shows("Rất hài lòng").await;
    page.eval(
        "document.querySelector('[data-score=satisfied]').click();
         document.getElementById('reason').value = 'Cán bộ hướng dẫn tận tình';
         document.getElementById('send').click()",
    )
    .await;
    page.shows("Cảm ơn quý khách đã đánh giá!").await;
    let state = hub_state(&hub).await;
    assert_eq!(state["rated"], json!([ticket.0]));
    assert_eq!(page.eval("window.notReloaded === true").await, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_hub_restart_the_page_follows_again_by_itself() {
    let hub = TestHub::start(default_office()).await;
    let ticket = issue(&hub, "VL").await;
    let url = format!(
        "{}{}",
        hub.http_url(),
        ticket_path(&hub.links_key(), ticket)
    );
    let mut page = Chromium::open(&url).await;
    page.shows("Bạn là người tiếp theo").await;
    page.eval("window.notReloaded = true").await;

    let restarted = std::time::Instant::now();
    let hub = hub.restart().await;
    let one = counter(&hub, 1, "lan", "1111").await;
    one.command(Command::CallNext {
        counter: CounterId(1),
    })
    .await
    .expect("A001 called");
    page.shows("quầy 1").await;
    eprintln!(
        "hub restart to the call on the page: {:?}",
        restarted.elapsed()
    );
    assert_eq!(page.eval("window.notReloaded === true").await, true);
}

/// Screenshots of every page at phone and desktop sizes, for people to look at:
/// `SCREENSHOTS=dir cargo test --workspace --test hub_ticket_page -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes screenshots for people to look at"]
async fn screenshots() {
    let out = std::path::PathBuf::from(
        std::env::var("SCREENSHOTS").unwrap_or_else(|_| "target/screenshots".into()),
    );
    std::fs::create_dir_all(&out).expect("screenshot folder");
    let hub = TestHub::start(default_office()).await;
    let mut counters = Vec::new();
    for (n, clerk, pin) in page_support::CLERKS {
        counters.push(counter(&hub, n, clerk, pin).await);
    }
    let mut tickets = Vec::new();
    for field in [
        "VL", "VL", "VL", "VL", "BHTN", "BHTN", "GDNN", "GDNN", "NCC", "ATLD", "VL",
    ] {
        tickets.push(issue(&hub, field).await);
    }
    let c = CounterId;
    let run = |i: usize, command: Command| {
        let client = counters[i].clone();
        async move { client.command(command).await.expect("applied") }
    };
    run(0, Command::CallNext { counter: c(1) }).await;
    run(0, Command::StartServing { counter: c(1) }).await;
    run(0, Command::Finish { counter: c(1) }).await;
    run(1, Command::CallNext { counter: c(2) }).await;
    run(1, Command::StartServing { counter: c(2) }).await;
    run(2, Command::CallNext { counter: c(3) }).await;
    run(3, Command::CallNext { counter: c(4) }).await;
    run(
        4,
        Command::Pause {
            counter: c(5),
            reason: "Họp giao ban".into(),
        },
    )
    .await;
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    eventually("kiosk online", Duration::from_secs(5), || {
        kiosk.link() == Link::Online
    })
    .await;
    kiosk
        .command(Command::ReportDevice {
            device: String::new(),
            problem: Some("Máy in hết giấy".into()),
        })
        .await
        .expect("reported");

    let base = hub.http_url();
    let page = |t: TicketId| format!("{base}{}", ticket_path(&hub.links_key(), t));
    let tablet = |n| {
        format!(
            "{base}{}",
            shared::hub::links::tablet_path(&hub.links_key(), c(n))
        )
    };
    let shots = [
        ("ticket-waiting", page(tickets[3]), "Trước bạn còn"),
        ("ticket-called", page(tickets[6]), "Đến lượt bạn"),
        ("ticket-rating", page(tickets[0]), "Rất hài lòng"),
        (
            "ticket-waiting-en",
            format!("{}?lang=en", page(tickets[3])),
            "ahead of you",
        ),
        (
            "ticket-missing",
            format!("{base}/t/1.{}", "0".repeat(32)),
            "Không tìm thấy phiếu",
        ),
        ("tablet-rating", tablet(1), "Rất hài lòng"),
        ("tablet-idle", tablet(2), "Đang phục vụ số"),
        ("overview", format!("{base}/overview"), "Họp giao ban"),
        (
            "reports",
            format!("{base}/reports?period=today"),
            "Báo cáo phục vụ",
        ),
    ];
    let mut browser = Chromium::start().await;
    browser.call("Network.enable", json!({})).await;
    // The overview is the manager's: sign in once, as the manager would.
    browser.goto(&format!("{base}/overview")).await;
    browser.sign_in("quanly", "999999").await;
    browser.shows("Họp giao ban").await;
    for (name, url, shows) in shots {
        for (size, w, h) in [("phone", 390, 844), ("desktop", 1366, 900)] {
            browser
                .call(
                    "Emulation.setDeviceMetricsOverride",
                    json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 600 }),
                )
                .await;
            browser.goto(&url).await;
            browser.shows(shows).await;
            browser
                .call(
                    "Runtime.evaluate",
                    json!({
                        "expression": "document.fonts.ready.then(() => true)",
                        "awaitPromise": true
                    }),
                )
                .await;
            let shot = browser
                .call("Page.captureScreenshot", json!({ "format": "png" }))
                .await;
            let png = {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(shot["data"].as_str().expect("image data"))
                    .expect("base64")
            };
            let file = out.join(format!("{name}-{size}.png"));
            std::fs::write(&file, png).expect("write screenshot");
            eprintln!("{}", file.display());
        }
    }
}
