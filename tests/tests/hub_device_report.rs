//! A kiosk whose printer needs staff tells the hub, and every counter sees it under the
//! kiosk's real name; the report clears when the printer is back. A kiosk that is shut down
//! shows as gone (and clears after a while, see `engine_rules`), and the manager dismisses
//! its alert from the overview, which shows staff words first and the technical detail
//! as a smaller second line.

mod page_support;

use std::time::Duration;

use std::sync::{Arc, Mutex};

use shared::client::{Client, Link, Mirror};
use shared::engine::Command;
use shared::protocol::Role;
use tests::{MANAGER, TestHub, default_office, eventually, https_with_head, mirror};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printer_problem_reaches_the_counters_and_clears() {
    let (_hub, kiosk, _counter, seen) = office_with_kiosk().await;
    let problem = |p: Option<&str>| Command::ReportDevice {
        device: "someone-else".into(),
        problem: p.map(str::to_string),
    };
    kiosk
        .command(problem(Some("out of paper")))
        .await
        .expect("report");
    let problems = || {
        seen.lock()
            .expect("lock")
            .engine()
            .map(|e| e.state().device_problems.clone())
            .unwrap_or_default()
    };
    eventually(
        "the counter sees the kiosk's problem",
        Duration::from_secs(5),
        || problems().get("kiosk-sanh").map(String::as_str) == Some("out of paper"),
    )
    .await;
    assert!(
        !problems().contains_key("someone-else"),
        "a kiosk reports only for itself"
    );
    kiosk.command(problem(None)).await.expect("fixed");
    eventually("cleared", Duration::from_secs(5), || problems().is_empty()).await;
}

/// Signs the manager in at `/reports`; returns the session cookie.
async fn manager_cookie(hub: &TestHub) -> String {
    let form = format!("clerk={}&pin={}&next=%2Foverview", MANAGER.0, MANAGER.1);
    let (status, head, body) = https_with_head(hub, "POST", "/reports/login", &[], &form).await;
    assert_eq!(status, 303, "{body}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_string()
}

/// Dismisses `device`'s alert from the overview with `headers`; the status and location.
async fn dismiss(hub: &TestHub, device: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let form = format!("device={device}");
    let (status, head, _) = https_with_head(hub, "POST", "/overview/dismiss", headers, &form).await;
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_default();
    (status, location.to_string())
}

/// A hub, a kiosk online on it, and a counter's copy of the office.
async fn office_with_kiosk() -> (TestHub, Client, Client, Arc<Mutex<Mirror>>) {
    let hub = TestHub::start(default_office()).await;
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    let (counter, updates) = hub.client(Role::Counter, "quay-1", Some(1));
    let seen = mirror(updates);
    eventually("online", Duration::from_secs(5), || {
        kiosk.link() == Link::Online
    })
    .await;
    (hub, kiosk, counter, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gone_kiosk_shows_when_it_left_and_the_manager_dismisses_its_alert() {
    let (hub, kiosk, _counter, seen) = office_with_kiosk().await;
    let out_of_paper = Command::ReportDevice {
        device: String::new(),
        problem: Some("Máy in hết giấy".into()),
    };
    kiosk.command(out_of_paper.clone()).await.expect("report");
    let state = || {
        seen.lock()
            .expect("lock")
            .engine()
            .map(|e| e.state().clone())
    };
    let gone = || state().is_some_and(|s| s.device_offline.contains_key("kiosk-sanh"));
    let alert = || state().is_some_and(|s| s.device_problems.contains_key("kiosk-sanh"));
    eventually(
        "the counter sees the problem",
        Duration::from_secs(5),
        alert,
    )
    .await;
    assert!(!gone());

    // The kiosk is shut down: the counter sees since when it is gone.
    drop(kiosk);
    eventually(
        "the counter sees the kiosk gone",
        Duration::from_secs(5),
        gone,
    )
    .await;
    // It comes back: no longer gone, the problem still shown.
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    eventually("back", Duration::from_secs(5), || !gone()).await;
    assert!(alert());
    drop(kiosk);
    eventually("gone again", Duration::from_secs(5), gone).await;

    // The manager dismisses it from the overview; a page of another site cannot.
    let (status, to) = dismiss(&hub, "kiosk-sanh", &[]).await;
    assert_eq!(status, 303, "without a session: to the sign-in");
    assert!(to.starts_with("/reports?next="), "{to}");
    let cookie = manager_cookie(&hub).await;
    let session = ("Cookie", cookie.as_str());
    let elsewhere = [session, ("Origin", "http://evil.example")];
    assert_eq!(dismiss(&hub, "kiosk-sanh", &elsewhere).await.0, 403);
    let cross_site = [session, ("Sec-Fetch-Site", "cross-site")];
    assert_eq!(dismiss(&hub, "kiosk-sanh", &cross_site).await.0, 403);
    assert!(alert(), "nothing dismissed yet");
    let own = [
        session,
        ("Origin", "https://hub"),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    let done = dismiss(&hub, "kiosk-sanh", &own).await;
    assert_eq!(done, (303, "/overview".to_string()));
    eventually(
        "every device sees it dismissed",
        Duration::from_secs(5),
        || !alert() && !gone(),
    )
    .await;
}

/// The overview's device rows: the problem's text (with the gone note, without the detail),
/// and the detail line.
const DEVICE_ROWS: &str = r#"Array.from(document.querySelectorAll(".devices li .problem")).map(function (p) {
  var detail = p.querySelector(".detail");
  var words = p.cloneNode(true);
  var d = words.querySelector(".detail");
  if (d) { d.remove(); }
  return [words.textContent.trim(), detail ? detail.textContent : null];
})"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_shows_a_gone_kiosk_in_words_and_dismisses_it() {
    let (hub, kiosk, _counter, seen) = office_with_kiosk().await;
    let report = Command::ReportDevice {
        device: String::new(),
        problem: Some(
            "Máy in không phản hồi — nhân viên đang được báo\nConnection refused (os error 111)"
                .into(),
        ),
    };
    kiosk.command(report).await.expect("report");
    drop(kiosk);
    let gone = || {
        seen.lock()
            .expect("lock")
            .engine()
            .is_some_and(|e| e.state().device_offline.contains_key("kiosk-sanh"))
    };
    eventually("gone", Duration::from_secs(5), gone).await;

    let mut page = page_support::Chromium::start().await;
    page.desktop().await;
    page.goto(&format!("{}/overview", hub.http_url())).await;
    page.sign_in(MANAGER.0, MANAGER.1).await;
    page.shows("máy đã ngắt kết nối lúc").await;
    let rows = page.eval(DEVICE_ROWS).await;
    let words = rows[0][0].as_str().unwrap_or_default();
    assert!(
        words.starts_with(
            "kiosk-sanh: Máy in không phản hồi — nhân viên đang được báo (máy đã ngắt kết nối lúc "
        ),
        "{rows}"
    );
    assert!(!words.contains("os error"), "{rows}");
    assert_eq!(rows[0][1], "Connection refused (os error 111)", "{rows}");
    page.eval(r#"document.getElementById("devices").scrollIntoView(); true"#)
        .await;
    page.screenshot("overview-gone-device.png").await;

    page.eval(r#"document.querySelector(".devices button").click(); true"#)
        .await;
    page.shows("Không có sự cố.").await;
    let alert = || {
        seen.lock()
            .expect("lock")
            .engine()
            .is_some_and(|e| e.state().device_problems.contains_key("kiosk-sanh"))
    };
    eventually(
        "the counter sees it dismissed",
        Duration::from_secs(5),
        || !alert(),
    )
    .await;
}
