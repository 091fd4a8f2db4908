//! One live connection per device name: a device that says hello with a name already
//! connected (a kiosk restarted after a crash, its old connection half-dead) replaces the
//! earlier connection, which is told why and closed. Two connections never act under one
//! name at once, so they never share keys or answers.

use std::time::Duration;

use serde_json::json;
use shared::client::{Link, Update};
use shared::protocol::Role;
use tests::{Raw, TestHub, default_office, eventually, health};

/// An issue without `source`: the hub stamps it with the sending device.
fn issue(id: u64) -> serde_json::Value {
    json!({"type": "command", "id": id, "key": "same-key",
           "command": {"command": "issue_ticket", "field": "VL", "class": "regular"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_connection_with_a_name_replaces_the_first() {
    let hub = TestHub::start(default_office()).await;
    let mut first = Raw::hello(&hub, "kiosk", "kiosk-sanh", None).await;
    first.send_json(&issue(1)).await;
    let issued = first.reply().await.expect("first kiosk's ticket");
    assert_eq!(issued["type"], "reply", "{issued}");
    let source = json!({"kind": "kiosk", "name": "kiosk-sanh"});
    assert_eq!(issued["events"][0]["source"], source, "{issued}");

    // The kiosk restarts; its old connection is still open on the hub's side.
    let mut second = Raw::hello(&hub, "kiosk", "kiosk-sanh", None).await;
    let told = first.reply().await.expect("the first connection is told");
    assert_eq!(told["code"], "replaced", "{told}");
    assert!(
        told["message"]
            .as_str()
            .unwrap_or("")
            .contains("kiosk-sanh"),
        "{told}"
    );
    assert!(
        first.recv().await.is_none(),
        "the first connection is closed"
    );
    let devices = || async { health(&hub).await["devices"].as_u64() };
    for _ in 0..500 {
        if devices().await == Some(1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(devices().await, Some(1), "one connection for the name");

    // The name's commands carry on on the new connection, keys included.
    second.send_json(&issue(1)).await;
    let again = second.reply().await.expect("answer");
    assert_eq!(
        again["events"], issued["events"],
        "a resend under the same name"
    );
    let mut fresh = issue(2);
    fresh["key"] = "other-key".into();
    second.send_json(&fresh).await;
    assert_eq!(second.reply().await.expect("answer")["type"], "reply");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_pushed_out_by_its_name_says_why() {
    let hub = TestHub::start(default_office()).await;
    let (first, mut updates) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    eventually("online", Duration::from_secs(5), || {
        first.link() == Link::Online
    })
    .await;
    let _second = Raw::hello(&hub, "kiosk", "kiosk-sanh", None).await;
    let reason = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(update) = updates.recv().await {
            if let Update::Disconnected(reason) = update {
                return reason;
            }
        }
        String::new()
    })
    .await
    .expect("the client hears it was replaced");
    assert!(
        reason.contains("kiosk-sanh") && reason.contains("took its place"),
        "{reason}"
    );
}
