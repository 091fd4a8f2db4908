//! The counter app's controller and connection against a real hub on a loopback port: a
//! clerk logs in with a PIN the hub checks, calls the next ticket and the hub has it
//! called; the hub goes away and comes back, and the desk follows by itself.

mod clerk_support;

use clerk_support::hub::{Counter, at_hub, issue};
use counter::clerk::controller::Key;
use shared::engine::State;
use shared::model::{CounterId, TicketState};
use tests::{TestHub, default_office, hub_state};

async fn logged_in(hub: &TestHub) -> Counter {
    let mut counter = Counter::start(hub, 3);
    counter
        .until("online with the office", |v| v.online && !v.loading)
        .await;
    counter.keys("mai3333");
    counter.key(Key::Enter);
    counter.until("logged in", |v| v.screen == "desk").await;
    counter
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_logs_in_and_calls_the_next_ticket_at_the_hub() {
    let hub = TestHub::start(default_office()).await;
    let number = issue(&hub, "GDNN").await;
    let mut counter = logged_in(&hub).await;
    assert_eq!(counter.view().clerk_name, "Lê Thị Mai");
    counter
        .until("the ticket waits for counter 3", |v| {
            v.next.first().is_some_and(|n| n.number == number)
        })
        .await;

    counter.key(Key::F(1));
    counter
        .until("the ticket is called on screen", |v| {
            v.ticket.number == number && v.ticket.state == "called"
        })
        .await;
    assert_eq!(
        at_hub(&hub, &number).await,
        (TicketState::Called, Some(CounterId(3)))
    );

    counter.key(Key::Char('s'));
    counter
        .until("serving", |v| v.ticket.state == "serving")
        .await;
    assert_eq!(at_hub(&hub, &number).await.0, TicketState::Serving);
    counter.key(Key::F(4));
    counter
        .until("finished", |v| v.ticket.state == "none")
        .await;
    assert_eq!(at_hub(&hub, &number).await.0, TicketState::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_checks_the_pin() {
    let hub = TestHub::start(default_office()).await;
    let mut counter = Counter::start(&hub, 3);
    counter
        .until("online with the office", |v| v.online && !v.loading)
        .await;
    counter.keys("mai1234");
    counter.key(Key::Enter);
    counter
        .until("the PIN refused", |v| v.message == "Sai mã PIN.")
        .await;
    assert_eq!(counter.view().screen, "login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_waits_while_the_hub_is_away_and_carries_on_when_it_is_back() {
    let hub = TestHub::start(default_office()).await;
    let number = issue(&hub, "LDNN").await;
    let mut counter = logged_in(&hub).await;
    counter.key(Key::F(1));
    counter
        .until("called", |v| v.ticket.state == "called")
        .await;

    let stopped = hub.stop().await;
    counter.until("offline", |v| !v.online).await;
    let v = counter.view();
    assert_eq!(
        (v.screen, v.ticket.number.as_str()),
        ("desk", number.as_str())
    );
    assert!(v.buttons.iter().all(|b| !b.enabled), "nothing can be sent");
    counter.key(Key::F(3));
    assert!(!counter.view().busy, "nothing was sent");
    assert_eq!(
        counter.view().message,
        "Chưa kết nối được hệ thống: xin chờ kết nối lại."
    );

    let hub = stopped.start().await;
    counter.until("back online", |v| v.online).await;
    // Connected: nothing beside the header's "connected" says otherwise.
    assert_eq!(counter.view().message, "");
    counter
        .until("still at the desk", |v| {
            v.screen == "desk" && v.buttons.iter().any(|b| b.enabled)
        })
        .await;
    counter.key(Key::F(3));
    counter
        .until("serving after the reconnection", |v| {
            v.ticket.state == "serving"
        })
        .await;
    assert_eq!(at_hub(&hub, &number).await.0, TicketState::Serving);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_changes_the_fields_served_and_the_hub_has_them() {
    let hub = TestHub::start(default_office()).await;
    issue(&hub, "VL").await;
    let mut counter = logged_in(&hub).await;
    // Untick GDNN and LDNN (3, 4), tick Việc làm (1).
    counter.key(Key::F(9));
    counter.keys("341");
    counter.key(Key::Enter);
    counter
        .until("the desk counts Việc làm", |v| {
            v.served_fields == "Việc làm"
                && v.waiting.len() == 1
                && v.waiting[0].name == "Việc làm"
                && v.waiting[0].waiting == 1
        })
        .await;
    let state: State = serde_json::from_value(hub_state(&hub).await).expect("a state");
    let fields: Vec<&str> = state.counters[&CounterId(3)]
        .fields
        .iter()
        .map(|f| f.as_str())
        .collect();
    assert_eq!(fields, ["VL"]);
    assert_eq!(counter.view().screen, "desk", "still logged in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_no_show_who_comes_back_is_called_again_at_f7() {
    let hub = TestHub::start(default_office()).await;
    let number = issue(&hub, "GDNN").await;
    let mut counter = logged_in(&hub).await;
    counter.key(Key::F(1));
    counter
        .until("called", |v| v.ticket.state == "called")
        .await;
    counter.key(Key::F(5));
    counter
        .until("a no-show", |v| v.ticket.state == "none")
        .await;
    assert_eq!(at_hub(&hub, &number).await.0, TicketState::NoShow);

    counter.key(Key::F(7));
    counter.keys(&number);
    counter.key(Key::Enter);
    counter
        .until("brought back and called", |v| {
            v.ticket.number == number && v.ticket.state == "called"
        })
        .await;
    assert_eq!(
        at_hub(&hub, &number).await,
        (TicketState::Called, Some(CounterId(3)))
    );
}
