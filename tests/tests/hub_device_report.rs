//! A kiosk whose printer needs staff tells the hub, and every counter sees it under the
//! kiosk's real name; the report clears when the printer is back.

use std::time::Duration;

use shared::client::Link;
use shared::engine::Command;
use shared::protocol::Role;
use tests::{TestHub, default_office, eventually, mirror};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printer_problem_reaches_the_counters_and_clears() {
    let hub = TestHub::start(default_office()).await;
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    let (_counter, updates) = hub.client(Role::Counter, "quay-1", Some(1));
    let seen = mirror(updates);
    eventually("online", Duration::from_secs(5), || {
        kiosk.link() == Link::Online
    })
    .await;
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
