//! The display's feed against a real hub on loopback: a clerk's call is announced once, a
//! recall again, and a hub restart (the display reconnects and catches up) neither repeats
//! an old call nor loses one made meanwhile.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use counter::display::Feed;
use shared::client::Client;
use shared::engine::Command;
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};
use shared::protocol::Role;
use tests::{TestHub, eventually, send_when_online};

const LIMIT: Duration = Duration::from_secs(20);

/// What the display announced, as `A001@1` (`+1` for a first recall), and each time its
/// link went up (`true`) or down (`false`).
#[derive(Default)]
struct Heard {
    calls: Vec<String>,
    links: Vec<bool>,
}

/// A display's feed running on its own task, as the app runs it.
fn display(hub: &TestHub) -> (Client, Arc<Mutex<Heard>>) {
    let (client, mut updates) = hub.client(Role::Display, "tv-1", None);
    let heard = Arc::new(Mutex::new(Heard::default()));
    let keep = heard.clone();
    tokio::spawn(async move {
        let mut feed = Feed::new();
        while let Some(update) = updates.recv().await {
            let h = feed.apply(update, Instant::now(), Utc::now());
            let mut heard = keep.lock().expect("lock");
            heard.links.extend(h.online);
            for a in h.announcements {
                let recall = if a.recall > 0 {
                    format!("+{}", a.recall)
                } else {
                    String::new()
                };
                heard
                    .calls
                    .push(format!("{}@{}{recall}", a.display, a.counter.0));
            }
        }
    });
    (client, heard)
}

fn calls(heard: &Arc<Mutex<Heard>>) -> Vec<String> {
    heard.lock().expect("lock").calls.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_are_announced_once_across_a_hub_restart() {
    let hub = TestHub::start(tests::default_office()).await;
    let (_tv, heard) = display(&hub);
    let (counter, _updates) = hub.client(Role::Counter, "quay-1", Some(1));
    eventually("the counter is online", LIMIT, || {
        counter.link() == shared::client::Link::Online
    })
    .await;
    counter
        .login(ClerkId::new("lan"), "1111".into(), vec![])
        .await
        .expect("lan logs in at counter 1");
    for _ in 0..2 {
        send_when_online(
            &counter,
            Command::IssueTicket {
                field: FieldCode::new("VL"),
                class: PriorityClass::Regular,
                source: Source::Kiosk("k".into()),
            },
        )
        .await;
    }
    let call_next = Command::CallNext {
        counter: CounterId(1),
    };
    send_when_online(&counter, call_next).await;
    eventually("the call is announced", LIMIT, || {
        calls(&heard) == ["A001@1"]
    })
    .await;

    let hub = hub.restart().await;
    send_when_online(
        &counter,
        Command::Recall {
            counter: CounterId(1),
        },
    )
    .await;
    eventually("the recall is announced", LIMIT, || {
        calls(&heard).len() == 2
    })
    .await;
    eventually("the display is back online", LIMIT, || {
        heard.lock().expect("lock").links.last() == Some(&true)
    })
    .await;
    assert_eq!(calls(&heard), ["A001@1", "A001@1+1"]);
    let links = heard.lock().expect("lock").links.clone();
    assert!(
        links.starts_with(&[true, false]),
        "the display noticed the hub went away: {links:?}"
    );
    drop(hub);
}
