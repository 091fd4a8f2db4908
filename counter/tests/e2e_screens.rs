//! End to end on a real hub: a clerk's call reaches the native wall display (its feed and
//! controller, as the app runs them) and the web display's event stream; after the hub
//! restarts, both show the right state again and follow the next call, with nobody
//! touching them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use counter::display::{DisplayController, Feed, Language, Settings};
use serde_json::Value;
use shared::client::{Client, Link};
use shared::engine::Command;
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};
use shared::protocol::Role;
use tests::sse::Stream;
use tests::{TestHub, default_office, eventually, send_when_online};

const LIMIT: Duration = Duration::from_secs(20);

/// The native display: its feed and controller on a task, as the app runs them.
fn native_display(hub: &TestHub) -> (Client, Arc<Mutex<DisplayController>>) {
    let office = default_office();
    let screen = Arc::new(Mutex::new(DisplayController::new(
        office.clone(),
        Settings::of(&office, Language::Vi),
    )));
    let (client, mut updates) = hub.client(Role::Display, "tv-sanh", None);
    let keep = screen.clone();
    tokio::spawn(async move {
        let mut feed = Feed::new();
        while let Some(update) = updates.recv().await {
            let heard = feed.apply(update, Instant::now(), Utc::now());
            let mut screen = keep.lock().expect("screen");
            if let Some(online) = heard.online {
                screen.set_online(online, Utc::now());
            }
            if heard.changed
                && let Some(board) = feed.board()
            {
                screen.set_board(board);
            }
            for call in heard.announcements {
                screen.announce(call, Instant::now());
            }
        }
    });
    (client, screen)
}

/// What the native display's big panel and counter 1's tile show, and its link, after the
/// app's clock tick (which lights the next queued call).
fn native(screen: &Arc<Mutex<DisplayController>>) -> (String, String, bool, String, &'static str) {
    let mut screen = screen.lock().expect("screen");
    screen.tick(Instant::now(), Utc::now());
    let view = screen.view();
    let tile = view.counters[0].number.clone();
    (
        view.call.number,
        view.call.counter,
        view.call.lit,
        tile,
        view.link,
    )
}

fn issue() -> Command {
    Command::IssueTicket {
        field: FieldCode::new("VL"),
        class: PriorityClass::Regular,
        source: Source::Kiosk("kiosk-sanh".into()),
    }
}

/// Counter 1's number and the newest recent call on a web board.
fn web(board: &Value) -> (String, String) {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    (
        text(&board["counters"][0]["current"]),
        text(&board["recent"][0]["display"]),
    )
}

/// The next board on a web stream.
async fn next_board(stream: &mut Stream) -> Value {
    loop {
        let e = stream.next().await;
        if e.event == "board" {
            return e.data;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_reaches_both_displays_and_both_recover_from_a_hub_restart() {
    let hub = TestHub::start(default_office()).await;
    let (_tv, screen) = native_display(&hub);
    let mut page = Stream::open(&hub).await;
    // A second TV's browser: pages share one reading of the board per change.
    let mut other_page = Stream::open(&hub).await;
    let (counter, _updates) = hub.client(Role::Counter, "quay-1", Some(1));
    eventually("the counter is online", LIMIT, || {
        counter.link() == Link::Online
    })
    .await;
    counter
        .login(ClerkId::new("lan"), "1111".into(), vec![])
        .await
        .expect("lan logs in at counter 1");
    for _ in 0..2 {
        send_when_online(&counter, issue()).await;
    }
    let call_next = Command::CallNext {
        counter: CounterId(1),
    };
    send_when_online(&counter, call_next.clone()).await;

    // The web page hears the call with its words, after a board that shows it.
    let (board, call) = page.call().await;
    assert_eq!(call["display"], "A001");
    assert_eq!(call["counter"], 1);
    let board = board.expect("a board before the call");
    assert_eq!(web(&board), ("A001".into(), "A001".into()));
    let (other_board, other_call) = other_page.call().await;
    assert_eq!(other_call["display"], "A001");
    assert_eq!(
        other_board.map(|b| web(&b)),
        Some(("A001".into(), "A001".into()))
    );
    // The TV lights it up.
    eventually("the native display lights A001", LIMIT, || {
        native(&screen)
            == (
                "A001".into(),
                "đến Quầy 1".into(),
                true,
                "A001".into(),
                "online",
            )
    })
    .await;

    // The hub restarts. Nobody touches either display.
    let seq_before = board["seq"].as_u64().expect("seq");
    let hub = hub.restart().await;
    assert!(
        page.ends().await,
        "the page's stream ended with the old hub"
    );
    eventually("the native display says it lost the hub", LIMIT, || {
        native(&screen).4 != "online"
    })
    .await;
    // The page's watchdog opens the stream again: the same board as before.
    let mut page = Stream::open(&hub).await;
    let again = next_board(&mut page).await;
    assert_eq!(again["seq"].as_u64(), Some(seq_before));
    assert_eq!(web(&again), ("A001".into(), "A001".into()));
    eventually(
        "the native display is back with A001 at counter 1",
        LIMIT,
        || {
            let (_, _, _, tile, link) = native(&screen);
            tile == "A001" && link == "online"
        },
    )
    .await;

    // The next call after the restart reaches both, as a call, not a replay of the old one.
    send_when_online(
        &counter,
        Command::Finish {
            counter: CounterId(1),
        },
    )
    .await;
    send_when_online(&counter, call_next).await;
    let (_, call) = page.call().await;
    assert_eq!(call["display"], "A002");
    eventually("the native display lights A002", LIMIT, || {
        let (number, counter, lit, tile, _) = native(&screen);
        (number.as_str(), counter.as_str(), lit, tile.as_str())
            == ("A002", "đến Quầy 1", true, "A002")
    })
    .await;
    drop(hub);
}
