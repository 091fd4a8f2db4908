//! The wall display page in headless Chromium, for what the room sees: the clock stays in
//! view and keeps ticking while the link is down (the banner covers nothing essential, and
//! is the one connection message), and the big panel and the history follow what the clerk
//! did with a call (no-show, cancel, transfer), as `shared::board` rules.
//!
//! `SCREENSHOTS=dir` also saves the offline screens for people to look at.

#[path = "page_support/mod.rs"]
mod page_support;

use std::sync::Arc;
use std::time::Duration;

use page_support::{CLERKS, Chromium, counter, issue};
use serde_json::{Value, json};
use shared::engine::Command;
use shared::model::{CounterId, FieldCode};
use tests::{TestHub, default_office};

/// Evaluates `expression` until it gives `wanted` (20 s at most); the last value otherwise.
async fn until(page: &mut Chromium, expression: &str, wanted: Value) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let got = page.eval(expression).await;
        if got == wanted || tokio::time::Instant::now() >= deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What is wrong with the screen while the offline banner shows: the office name, date and
/// clock must be in view and uncovered, and no part of the board may lie under the banner.
const OFFLINE_PROBLEMS: &str = "(() => {
  const out = [];
  const banner = document.getElementById('offline');
  const b = banner.getBoundingClientRect();
  if (banner.hidden || !b.height) out.push('no offline banner');
  const under = (r) => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom;
  for (const id of ['office', 'date', 'clock']) {
    const e = document.getElementById(id);
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || !e.textContent) out.push(id + ' is empty');
    if (r.bottom > innerHeight || r.right > innerWidth || r.top < 0) out.push(id + ' is off screen');
    if (under(r)) out.push(id + ' is under the banner');
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !e.contains(hit)) out.push(id + ' is covered by ' + (hit ? hit.id || hit.className : 'nothing'));
  }
  for (const id of ['now', 'recent', 'waiting', 'counters']) {
    if (under(document.getElementById(id).getBoundingClientRect())) out.push(id + ' is under the banner');
  }
  // One state, one message: nothing else on screen speaks of the connection.
  const said = [...document.querySelectorAll('body *')].filter((e) =>
    e.children.length === 0 && e.checkVisibility() && /kết nối|connect/i.test(e.textContent));
  if (said.length !== 1 || said[0] !== banner) out.push(said.length + ' connection messages');
  return out;
})()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_clock_stays_in_view_and_keeps_ticking() {
    let hub = TestHub::start(default_office()).await;
    let url = format!("{}/display", hub.http_url());
    let mut page = Chromium::start().await;
    page.goto(&url).await;
    page.shows("Quầy 1").await;
    let stopped = hub.stop().await;
    let offline = "!document.getElementById('offline').hidden";
    assert_eq!(until(&mut page, offline, json!(true)).await, true);
    page.shows("Mất kết nối").await;
    for (width, height) in [(1920, 1080), (1366, 768)] {
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        let problems = page.eval(OFFLINE_PROBLEMS).await;
        assert_eq!(problems, json!([]), "at {width}x{height}");
        // Every field's name whole, and at 1080p no smaller than the 27 px it had when long
        // names lost their ends.
        // The page lays itself out again on the resize event; wait for it.
        let settled = format!(
            "[...document.querySelectorAll('#waiting .name')].every((e) =>
               e.scrollWidth <= e.clientWidth
               && e.getBoundingClientRect().bottom
                  <= document.getElementById('waiting').getBoundingClientRect().bottom
               && ({height} < 1080 || parseFloat(getComputedStyle(e).fontSize) >= 27))"
        );
        until(&mut page, &settled, json!(true)).await;
        let names = page
            .eval(
                "[...document.querySelectorAll('#waiting .name')].map((e) =>
                   [e.textContent, parseFloat(getComputedStyle(e).fontSize),
                    e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().bottom
                      <= document.getElementById('waiting').getBoundingClientRect().bottom])",
            )
            .await;
        let names = names.as_array().expect("names");
        assert_eq!(names.len(), 10, "the default office's ten fields");
        for name in names {
            assert_eq!(name[2], true, "{name} is whole at {width}x{height}");
            let px = name[1].as_f64().unwrap_or_default();
            assert!(height < 1080 || px >= 27.0, "{name} at {width}x{height}");
        }
        let clock = page
            .eval("document.getElementById('clock').textContent")
            .await;
        let moved = format!("document.getElementById('clock').textContent !== {clock}");
        assert_eq!(
            until(&mut page, &moved, json!(true)).await,
            true,
            "the clock ticks"
        );
        if let Ok(dir) = std::env::var("SCREENSHOTS") {
            save(
                &mut page,
                &dir,
                &format!("web-display-offline-{width}x{height}.png"),
            )
            .await;
        }
    }
    // The hub is back: the page reconnects by itself and the banner goes.
    let hub = stopped.start().await;
    assert_eq!(until(&mut page, offline, json!(false)).await, false);
    let text = page.text().await;
    assert!(
        !text.contains("kết nối"),
        "no connection message left: {text}"
    );
    hub.hub.stop().await.expect("hub stops");
}

/// Saves the page as a PNG in `dir`.
async fn save(page: &mut Chromium, dir: &str, name: &str) {
    use base64::Engine as _;
    std::fs::create_dir_all(dir).expect("screenshot folder");
    let shot = page
        .call("Page.captureScreenshot", json!({ "format": "png" }))
        .await;
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().expect("image data"))
        .expect("base64");
    let file = std::path::Path::new(dir).join(name);
    std::fs::write(&file, png).expect("write screenshot");
    eprintln!("{}", file.display());
}

/// The big panel as (number, lit, label).
const PANEL: &str = "[document.getElementById('now-number').textContent,
  document.getElementById('now').classList.contains('lit'),
  document.getElementById('now-label').textContent]";

/// The history as [number, mark] pairs.
const HISTORY: &str = "[...document.querySelectorAll('#recent li[data-ticket]')].map((li) =>
  [li.querySelector('.no').textContent, (li.querySelector('.mark') || {}).textContent || ''])";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_no_show_or_a_transfer_puts_out_the_panel_at_once_and_history_says_so() {
    // A long highlight: the panel must go dark because of the clerk, not the timer.
    let mut office = (*default_office()).clone();
    office.display.highlight_seconds = 600;
    let hub = TestHub::start(Arc::new(office)).await;
    let mut desks = Vec::new();
    for (n, clerk, pin) in &CLERKS[..2] {
        desks.push(counter(&hub, *n, clerk, pin).await);
    }
    let a001 = issue(&hub, "VL").await;
    issue(&hub, "VL").await;
    let mut page = Chromium::open(&format!("{}/display", hub.http_url())).await;
    page.shows("Quầy 2").await;
    let c = CounterId;
    desks[0]
        .command(Command::CallNext { counter: c(1) })
        .await
        .expect("call");
    desks[1]
        .command(Command::CallNext { counter: c(2) })
        .await
        .expect("call");
    desks[1]
        .command(Command::Recall { counter: c(2) })
        .await
        .expect("recall");
    let recalled = json!(["A002", true, "Mời lại khách hàng số"]);
    assert_eq!(until(&mut page, PANEL, recalled.clone()).await, recalled);

    desks[1]
        .command(Command::NoShow { counter: c(2) })
        .await
        .expect("no-show");
    let resting = json!(["A001", false, "Số vừa gọi"]);
    assert_eq!(until(&mut page, PANEL, resting.clone()).await, resting);
    let history = json!([["A002", "Vắng mặt"], ["A001", ""]]);
    assert_eq!(until(&mut page, HISTORY, history.clone()).await, history);
    if let Ok(dir) = std::env::var("SCREENSHOTS") {
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        // After the panel's fade, so the picture shows where it settles.
        tokio::time::sleep(Duration::from_secs(1)).await;
        save(&mut page, &dir, "web-display-no-show-1920x1080.png").await;
    }

    // A001 is sent to another field: back in line, it leaves the panel and the history.
    let transfer = Command::Transfer {
        ticket: a001,
        to: FieldCode::new("BHTN"),
        keep_place: true,
    };
    desks[0].command(transfer).await.expect("transfer");
    let none = json!(["Chưa gọi số nào", false, ""]);
    assert_eq!(until(&mut page, PANEL, none.clone()).await, none);
    let history = json!([["A002", "Vắng mặt"]]);
    assert_eq!(until(&mut page, HISTORY, history.clone()).await, history);
    hub.hub.stop().await.expect("hub stops");
}
