//! The wall display as a web page (`/display`), over real HTTP from a real hub: the page,
//! its event stream (board, live calls and recalls, no replay after a restart), and the
//! call's sound rendered from the shipped voice pack; and the page itself in headless
//! Chromium working through a burst of calls.

#[path = "page_support/mod.rs"]
mod page_support;
#[path = "web_display_support/mod.rs"]
mod web_display_support;

use serde_json::{Value, json};
use shared::voice::{GAP, Pack, SAMPLE_RATE};
use tests::sse::Stream;
use tests::{TestHub, default_office, http, settled_seq};
use web_display_support::{Counter, get, issue, office_with, pack_dir, recent, wav_samples};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_stream_calls_sound_and_restart() {
    let config = office_with(|_| {});
    let hub = TestHub::start(config.clone()).await;
    let day = settled_seq(&hub).await;

    let (status, head, page) = get(&hub, "/display").await;
    let page = String::from_utf8(page).expect("UTF-8 page");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(page.contains(&config.name), "the office's name: {page}");
    assert!(page.contains(r#"<html lang="vi""#), "Vietnamese by default");
    let (_, _, english) = get(&hub, "/display?lang=en").await;
    let english = String::from_utf8(english).expect("UTF-8 page");
    assert!(english.contains(r#"<html lang="en""#) && english.contains(&config.name_en));
    for (path, kind) in [
        ("/display/display.js", "text/javascript"),
        ("/display/display.css", "text/css"),
        ("/display/NotoSans-Bold.ttf", "font/ttf"),
    ] {
        let (status, head, body) = get(&hub, path).await;
        assert_eq!(status, 200, "{path}: {head}");
        assert!(head.contains(kind) && !body.is_empty(), "{path}: {head}");
    }

    let mut tv = Stream::open(&hub).await;
    let hello = tv.next().await;
    assert_eq!(hello.event, "hello");
    assert_eq!(hello.data["highlight_seconds"], 8, "{:?}", hello.data);
    assert_eq!(
        hello.data["offset_minutes"], 420,
        "Asia/Ho_Chi_Minh is UTC+7"
    );
    let opening = tv.next().await;
    assert_eq!(opening.event, "board", "{opening:?}");
    assert_eq!(opening.data["seq"], day);
    assert_eq!(opening.data["office"], config.name.as_str());
    assert_eq!(
        opening.data["notice_en"],
        config.display.notice_en.as_str(),
        "an English page has the English notice to show"
    );
    assert!(
        opening.data["notice_en"]
            .as_str()
            .is_some_and(|n| n.starts_with("Opening hours"))
    );
    assert!(recent(&opening.data).is_empty(), "nobody called yet");

    assert_eq!(issue(&hub).await, "A001");
    assert_eq!(issue(&hub).await, "A002");
    let mut lan = Counter::login(&hub, 1, "lan", "1111").await;
    lan.command("call_next").await;
    let (board, call) = tv.call().await;
    let board = board.expect("the board changes before the call is announced");
    let want = json!({"display": "A001", "counter": 1, "recall": 0,
        "words": "xin mời khách hàng số a không không một đến quầy số một",
        "audio": "/display/call.wav?number=A001&counter=1"});
    let keys = ["display", "counter", "recall", "words", "audio"];
    let got: Value = keys
        .iter()
        .map(|k| (k.to_string(), call[k].clone()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(recent(&board), ["A001"]);
    assert_eq!(board["counters"][0]["current"], "A001");
    assert_eq!(board["waiting"][0]["waiting"], 1, "A002 waits");

    lan.command("recall").await;
    let (board, again) = tv.call().await;
    assert_eq!(
        (&again["display"], &again["recall"]),
        (&json!("A001"), &json!(1))
    );
    assert!(again["seq"].as_u64() > call["seq"].as_u64());
    assert_eq!(
        (&again["words"], &again["audio"]),
        (
            &json!("xin mời lại khách hàng số a không không một đến quầy số một"),
            &json!("/display/call.wav?number=A001&counter=1&recall=1")
        ),
        "a recall says Mời lại"
    );
    let board = board.expect("the recall count changes the board");
    assert_eq!(recent(&board), ["A001"], "a recall adds no line");
    assert_eq!(board["recent"][0]["recalls"], 1);

    // The sound: the chime and the clips of the words, joined by gaps.
    let (status, head, wav) = get(&hub, "/display/call.wav?number=A001&counter=1").await;
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: audio/wav"), "{head}");
    let pack = Pack::open(&pack_dir()).expect("the shipped pack");
    let words = shared::voice::call("A001", "A", 1, &config.voice);
    assert_eq!(words.join(" "), want["words"]);
    let clips = pack.clips_for(&words).expect("every word has a clip");
    let clip_samples: usize = clips
        .iter()
        .map(|c| wav_samples(&std::fs::read(pack_dir().join(format!("{c}.wav"))).expect("clip")))
        .sum();
    let gap = (SAMPLE_RATE as u128 * GAP.as_millis() / 1000) as usize;
    assert_eq!(wav_samples(&wav), clip_samples + gap * (clips.len() - 1));

    // Bad questions get a 400 that names what is wrong. Only a number called today at that
    // counter is said (404 otherwise): not one still waiting, not one never issued, not a
    // called one at another counter.
    let (bad, uncalled) = ((400, "bad_message"), (404, "not_found"));
    #[rustfmt::skip]
    let refused = [
        ("", bad, "number is missing"),
        ("?counter=1", bad, "number is missing"),
        ("?number=Z001&counter=1", bad, "number \"Z001\" is not a ticket number"),
        ("?number=A0x1&counter=1", bad, "number \"A0x1\" is not a ticket number"),
        ("?number=%C4%90001&counter=1", bad, "number \"Đ001\" is not a ticket number"),
        ("?number=A001&number=A002&counter=1", bad, "the query cannot be read"),
        ("?number=A00000000000000000001&counter=1", bad, "number \"A00000000000000000001\" is not"),
        ("?number=A001", bad, "counter is missing"),
        ("?number=A001&counter=tu", bad, "counter \"tu\" is not a counter number"),
        ("?number=A001&counter=99", bad, "counter 99 is not a counter of this office"),
        ("?number=A001&counter=1&recall=2", bad, "recall \"2\" is not 0 or 1"),
        ("?number=A002&counter=1", uncalled, "A002 has not been called at counter 1 today"),
        ("?number=A009&counter=1", uncalled, "A009 has not been called at counter 1 today"),
        ("?number=A001&counter=2", uncalled, "A001 has not been called at counter 2 today"),
        ("?number=A001&counter=2&recall=1", uncalled, "A001 has not been called at counter 2"),
    ];
    for (query, (want, code), message) in refused {
        let (status, body) = http(&hub, "GET", &format!("/display/call.wav{query}"), &[], "").await;
        let body: Value = serde_json::from_str(&body).expect("a JSON error");
        assert_eq!((status, &body["error"]), (want, &json!(code)), "{query}");
        let text = body["message"].as_str().unwrap_or_default();
        assert!(text.starts_with(message), "{query}: {text:?}");
    }

    // The hub restarts: the page's stream ends (its watchdog reconnects), and a new stream
    // shows the same board without announcing anyone again.
    let before = board;
    let stopped = hub.stop().await;
    assert!(tv.ends().await);
    let hub = stopped.start().await;
    let mut tv = Stream::open(&hub).await;
    assert_eq!(tv.next().await.event, "hello");
    let after = tv.next().await;
    assert_eq!(after.event, "board");
    assert_eq!(after.data, before, "the same board after a restart");
    assert_eq!(issue(&hub).await, "A003");
    let next = tv.next().await;
    assert_eq!(next.event, "board", "no call is replayed: {next:?}");
    assert_eq!(next.data["waiting"][0]["waiting"], 2, "A002 and A003 wait");
    hub.hub.stop().await.expect("hub stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_offices_send_no_sound() {
    let off = office_with(|v| v.enabled = false);
    let missing = office_with(|v| v.pack = "/nonexistent/voice/pack".into());
    for (config, status) in [(off, 404), (missing, 503)] {
        let hub = TestHub::start(config).await;
        let mut tv = Stream::open(&hub).await;
        issue(&hub).await;
        let mut lan = Counter::login(&hub, 1, "lan", "1111").await;
        lan.command("call_next").await;
        let (_, call) = tv.call().await;
        assert_eq!(call["display"], "A001");
        assert_eq!(call["audio"], Value::Null, "no sound to fetch");
        let path = "/display/call.wav?number=A001&counter=1";
        let (got, body) = http(&hub, "GET", path, &[], "").await;
        assert_eq!(got, status, "{body}");
        let page = get(&hub, "/display").await;
        assert_eq!(page.0, 200, "the page works without sound");
        hub.hub.stop().await.expect("hub stops");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_a_burst_skips_calls_whose_citizen_already_arrived() {
    let hub = TestHub::start(default_office()).await;
    let mut counters = Vec::new();
    for (n, clerk, pin) in &page_support::CLERKS[..4] {
        counters.push(Counter::login(&hub, *n, clerk, pin).await);
    }
    for field in ["VL", "VL", "GDNN", "ATLD"] {
        page_support::issue(&hub, field).await;
    }
    let mut page = page_support::Chromium::open(&format!("{}/display", hub.http_url())).await;
    page.shows("Quầy 4").await;
    // Every number the big panel lights, in order.
    page.eval(
        "window.panel = [];
         new MutationObserver(() => {
           if (document.getElementById('now').classList.contains('lit'))
             window.panel.push(document.getElementById('now-number').textContent);
         })
           .observe(document.getElementById('now-number'), { childList: true, characterData: true, subtree: true });
         true",
    )
    .await;
    for c in &mut counters {
        c.command("call_next").await;
    }
    // A002 and C001 reach their counters while A001 is still being announced.
    counters[1].command("start_serving").await;
    counters[2].command("start_serving").await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let lit = page
            .eval("document.getElementById('now').classList.contains('lit') && document.getElementById('now-number').textContent")
            .await;
        if lit == "E001" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "E001 never lit: {lit}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let panel = page.eval("window.panel").await;
    let mut shown: Vec<&str> = panel
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    shown.dedup();
    assert_eq!(shown, ["A001", "E001"], "A002 and C001 were not lit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_twenty_counters_fit_a_small_tv_and_a_large_one() {
    let hub = TestHub::start(tests::office(20)).await;
    let mut counters = Vec::new();
    for n in 1..=20u16 {
        counters.push(Counter::login(&hub, n, &format!("clerk-{n}"), "1111").await);
        issue(&hub).await;
    }
    for c in &mut counters {
        c.command("call_next").await;
    }
    let mut page = page_support::Chromium::start().await;
    for (width, height) in [(1366, 768), (1920, 1080)] {
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        page.goto(&format!("{}/display", hub.http_url())).await;
        page.shows("A020").await;
        // Each tile's name and number lie inside it, tiles do not overlap, and the numbers
        // are still large enough to read from the waiting room.
        let problems = page
            .eval(
                "(() => {
                   const out = [];
                   const tiles = [...document.querySelectorAll('#counters .tile')];
                   const boxes = tiles.map((t) => t.getBoundingClientRect());
                   tiles.forEach((t, i) => {
                     const b = boxes[i];
                     for (const part of t.children) {
                       const r = part.getBoundingClientRect();
                       if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.width > b.width + 1)
                         out.push(part.textContent + ' spills out of its tile');
                     }
                     boxes.forEach((o, j) => {
                       if (j > i && o.left < b.right && b.left < o.right && o.top < b.bottom && b.top < o.bottom)
                         out.push('tiles ' + (i + 1) + ' and ' + (j + 1) + ' overlap');
                     });
                     const px = parseFloat(getComputedStyle(t.querySelector('.current')).fontSize);
                     if (px < 24) out.push('tile ' + (i + 1) + ' number is ' + px + 'px');
                   });
                   if (tiles.length !== 20) out.push(tiles.length + ' tiles');
                   return out;
                 })()",
            )
            .await;
        assert_eq!(problems, json!([]), "at {width}x{height}");
    }
}
