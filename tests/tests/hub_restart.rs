//! A hub stopped and started again on the same database: every acknowledged ticket and call
//! is there, numbering continues, and devices reconnect and catch up by themselves.

use std::time::{Duration, Instant};

use shared::client::{ClientError, Link};
use shared::engine::{Command, EventKind};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};
use shared::protocol::Role;
use tests::{TestHub, default_office, device_view, eventually, hub_device_view, mirror};

fn issue() -> Command {
    Command::IssueTicket {
        field: FieldCode::new("VL"),
        class: PriorityClass::Regular,
        source: Source::Kiosk(String::new()),
    }
}

fn shown(events: &[shared::engine::Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TicketIssued { display, .. } => Some(display.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_ride_through_a_hub_restart_without_a_person_touching_them() {
    let hub = TestHub::start(default_office()).await;
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-1", None);
    let (counter, _) = hub.client(Role::Counter, "quay-1", Some(1));
    let (display, updates) = hub.client(Role::Display, "tv-hall", None);
    let seen = mirror(updates);
    for c in [&kiosk, &counter, &display] {
        eventually("online", Duration::from_secs(5), || {
            c.link() == Link::Online
        })
        .await;
    }
    counter
        .login(ClerkId::new("lan"), "1111".into(), vec![])
        .await
        .expect("log in");
    let mut acknowledged = Vec::new();
    for _ in 0..5 {
        acknowledged.extend(shown(&kiosk.command(issue()).await.expect("issue")));
    }
    counter
        .command(Command::CallNext {
            counter: CounterId(1),
        })
        .await
        .expect("call A001");
    assert_eq!(acknowledged, ["A001", "A002", "A003", "A004", "A005"]);

    let stopped = hub.stop().await;
    eventually("devices notice", Duration::from_secs(5), || {
        kiosk.link() == Link::Offline
    })
    .await;
    let started = Instant::now();
    let offline = kiosk.command(issue()).await;
    assert_eq!(
        offline,
        Err(ClientError::Offline),
        "offline commands fail, never queue"
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "and fail fast: {:?}",
        started.elapsed()
    );

    let hub = stopped.start().await;
    for c in [&kiosk, &counter, &display] {
        eventually("back online", Duration::from_secs(10), || {
            c.link() == Link::Online
        })
        .await;
    }
    // The clerk is still logged in and A001 still called; numbering goes on from A006.
    assert_eq!(
        shown(&kiosk.command(issue()).await.expect("issue")),
        ["A006"]
    );
    let events = counter
        .command(Command::CallNext {
            counter: CounterId(1),
        })
        .await;
    let refusal = events.expect_err("A001 is called and not yet started");
    assert!(
        matches!(refusal, ClientError::Refused(shared::engine::Refusal::CounterBusy { ref ticket, .. }) if ticket == "A001")
    );
    counter
        .command(Command::StartServing {
            counter: CounterId(1),
        })
        .await
        .expect("start A001");
    counter
        .command(Command::CallNext {
            counter: CounterId(1),
        })
        .await
        .expect("call A002");

    let (want, seq) = hub_device_view(&hub).await;
    eventually("display caught up", Duration::from_secs(5), || {
        seen.lock().expect("lock").last_seq() == Some(seq)
    })
    .await;
    let guard = seen.lock().expect("lock");
    assert_eq!(device_view(guard.engine().expect("state").state()), want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_display_that_missed_events_gets_exactly_those_on_reconnect() {
    let hub = TestHub::start(default_office()).await;
    let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-1", None);
    eventually("online", Duration::from_secs(5), || {
        kiosk.link() == Link::Online
    })
    .await;
    for _ in 0..3 {
        kiosk.command(issue()).await.expect("issue");
    }
    // A raw display that has everything up to event 2 asks to resume from there.
    let mut raw = tests::Raw::connect(&hub).await;
    let mut hello = tests::hello_json(&hub, "display", "tv", None);
    hello["last_seq"] = 2.into();
    raw.send_json(&hello).await;
    let welcome = raw.recv().await.expect("welcome");
    assert_eq!(welcome["resume"], "replay");
    let seqs: Vec<u64> = raw
        .events()
        .await
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(seqs, [3, 4], "the day start is 1; tickets are 2, 3, 4");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_of_different_devices_and_the_api_never_collide() {
    let hub = TestHub::start(default_office()).await;
    let auth = format!("Bearer {}", tests::OFFICE_KEY);
    let (status, body) = tests::http(
        &hub,
        "POST",
        "/api/tickets",
        &[("Authorization", &auth), ("Idempotency-Key", "x")],
        r#"{"field":"VL"}"#,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    // Devices named so that a naive "device/key" join would read the same.
    for (device, key, field, want) in [
        ("api", "x", "BHTN", "B001"),
        ("a/b", "c", "NCC", "H001"),
        ("a", "b/c", "NCC", "H002"),
    ] {
        let mut raw = tests::Raw::hello(&hub, "kiosk", device, None).await;
        let command = serde_json::json!({"command": "issue_ticket", "field": field, "class": "regular", "source": {"kind": "kiosk", "name": ""}});
        raw.send_json(
            &serde_json::json!({"type": "command", "id": 1, "key": key, "command": command}),
        )
        .await;
        let reply = raw.reply().await.expect("reply");
        assert_eq!(
            reply["events"][0]["display"], want,
            "{device} with key {key}: {reply}"
        );
    }
}
