//! The wall display's two faces show the same words for the same board: the native window
//! (Slint's testing backend) and the web page (headless Chromium), in Vietnamese and in
//! English, Sunday's date included. Both take them from `shared::board::words`.

#[path = "../../tests/tests/page_support/mod.rs"]
mod page_support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use counter::DisplayWindow;
use counter::display::{DisplayController, DisplayView, Language, Settings, adapter};
use i_slint_backend_testing::{AccessibleRole, ElementQuery};
use page_support::{CLERKS, Chromium, counter, issue};
use serde_json::json;
use shared::board::Board;
use shared::client::Link;
use shared::engine::Command;
use shared::model::{CounterId, FieldCode};
use shared::protocol::Role;
use slint::ComponentHandle;
use tests::sse::Stream;
use tests::{TestHub, default_office, eventually};

/// Every text of the web page that is shown, once each, the clock aside (it shows seconds).
const WEB_TEXTS: &str = "(() => {
  const out = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const text = node.data.trim();
    const parent = node.parentElement;
    if (text && parent.id !== 'clock' && parent.checkVisibility()) out.add(text);
  }
  return [...out].sort();
})()";

/// Every text of the native window for `view`, once each, the clock aside.
fn native_texts(view: DisplayView) -> BTreeSet<String> {
    std::thread::spawn(move || {
        i_slint_backend_testing::init_no_event_loop();
        let ui = DisplayWindow::new().expect("the window builds");
        ui.window().set_size(slint::PhysicalSize::new(1920, 1080));
        ui.show().expect("shown");
        adapter::show(&ui, &view);
        ElementQuery::from_root(&ui)
            .match_descendants()
            .match_accessible_role(AccessibleRole::Text)
            .find_all()
            .iter()
            .filter_map(|e| e.accessible_label())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && *s != view.clock)
            .collect()
    })
    .join()
    .expect("the native display draws")
}

/// The native display's view of `board` at `wall`, online.
fn native_view(board: &Board, language: Language, wall: DateTime<Utc>) -> DisplayView {
    let office = default_office();
    let mut c = DisplayController::new(office.clone(), Settings::of(&office, language));
    c.set_board(board.clone());
    c.set_online(true, wall);
    c.tick(Instant::now(), wall);
    c.view()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_faces_show_the_same_words_for_the_same_board() {
    let hub = TestHub::start(default_office()).await;
    let mut desks = Vec::new();
    for (n, clerk, pin) in &CLERKS[..4] {
        desks.push(counter(&hub, *n, clerk, pin).await);
    }
    for field in ["VL", "VL", "VL", "VL", "BHTN"] {
        issue(&hub, field).await;
    }
    let c = CounterId;
    let run = |i: usize, command: Command| {
        let desk = &desks[i];
        async move { desk.command(command).await.expect("the command is applied") }
    };
    run(0, Command::CallNext { counter: c(1) }).await;
    run(1, Command::CallNext { counter: c(2) }).await;
    run(1, Command::NoShow { counter: c(2) }).await;
    run(1, Command::CallNext { counter: c(2) }).await;
    run(0, Command::StartServing { counter: c(1) }).await;
    let reason = "Nghỉ giữa giờ".to_string();
    run(
        3,
        Command::Pause {
            counter: c(4),
            reason,
        },
    )
    .await;
    let (manager, _updates) = hub.client(Role::Admin, "manager", None);
    eventually("manager online", Duration::from_secs(5), || {
        manager.link() == Link::Online
    })
    .await;
    let field = FieldCode::new("GDNN");
    let closed = manager.command(Command::CloseField { field }).await;
    closed.expect("the field is closed");

    // The board as every display reads it now.
    let mut stream = Stream::open(&hub).await;
    let board = loop {
        let e = stream.next().await;
        if e.event == "board" {
            break serde_json::from_value::<Board>(e.data).expect("a board");
        }
    };
    assert!(board.recent.len() >= 3, "calls, one of them missed");

    let mut page = Chromium::start().await;
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": false}),
    )
    .await;
    let sunday: DateTime<Utc> = "2026-11-29T03:00:00Z".parse().expect("time");
    for (language, lang, missed, stopped, sunday_text) in [
        (
            Language::Vi,
            "vi",
            "Vắng mặt",
            "Ngừng nhận",
            "Chủ Nhật, 29/11/2026",
        ),
        (
            Language::En,
            "en",
            "Missed",
            "No more tickets",
            "Sunday, 29/11/2026",
        ),
    ] {
        page.goto(&format!("{}/display?lang={lang}", hub.http_url()))
            .await;
        page.shows(missed).await;
        let web: BTreeSet<String> =
            serde_json::from_value(page.eval(WEB_TEXTS).await).expect("the page's texts");
        let native = native_texts(native_view(&board, language, Utc::now()));
        assert_eq!(web, native, "{lang}: the web page and the native display");
        for word in [missed, stopped, language.words().paused] {
            assert!(native.contains(word), "{lang}: {word:?} is on screen");
        }

        // A Sunday, as each face writes it.
        let view = native_view(&board, language, sunday);
        assert_eq!(view.date, sunday_text);
        assert!(native_texts(view).contains(sunday_text), "{lang}: native");
        let expression = format!("displayDate({})", sunday.timestamp_millis());
        assert_eq!(
            page.eval(&expression).await,
            json!(sunday_text),
            "{lang}: web"
        );
    }
    hub.hub.stop().await.expect("hub stops");
}
