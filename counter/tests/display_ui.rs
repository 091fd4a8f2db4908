//! The wall display's window under Slint's testing backend, at the TV's 1920x1080: the
//! called number is the biggest thing on screen, the lists and the banner show what the
//! controller says, and English replaces every fixed string.

use std::time::Instant;

use counter::display::view::{CallView, CounterView, RecentView, WaitingView};
use counter::display::{DisplayController, DisplayView, Language, Settings, adapter};
use counter::{DisplayAdapter, DisplayWindow};
use i_slint_backend_testing::ElementHandle;
use slint::{ComponentHandle, Model};

fn window() -> DisplayWindow {
    i_slint_backend_testing::init_no_event_loop();
    let ui = DisplayWindow::new().expect("the window builds");
    ui.window().set_size(slint::PhysicalSize::new(1920, 1080));
    ui.show().expect("shown");
    ui
}

/// A busy morning: A023 just called to counter 3.
fn view(language: Language) -> DisplayView {
    let words = language.words();
    let counter = |n: u16| words.counter(n);
    let fill = shared::board::Words::fill;
    DisplayView {
        office: "Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội".into(),
        clock: "14:05".into(),
        date: "Thứ Hai, 23/11/2026".into(),
        notice: "Vui lòng giữ phiếu và chú ý số được gọi.".into(),
        call: CallView {
            number: "A023".into(),
            counter: fill(words.to_counter, 3),
            lit: true,
            recall: false,
        },
        counters: (1..=6)
            .map(|n| CounterView {
                label: counter(n),
                number: match n {
                    3 => "A023".into(),
                    5 => "B007".into(),
                    _ => String::new(),
                },
                state: if n == 6 { "closed" } else { "open" },
                lit: n == 3,
            })
            .collect(),
        recent: vec![
            RecentView {
                number: "A023".into(),
                counter: fill(words.recent_counter, 3),
                lit: true,
                mark: "",
            },
            RecentView {
                number: "B007".into(),
                counter: fill(words.recent_counter, 5),
                lit: false,
                mark: "missed",
            },
        ],
        waiting: vec![
            WaitingView {
                name: "Việc làm".into(),
                waiting: 4,
                count: words.waiting_count(true, 4),
                open: true,
            },
            WaitingView {
                name: "An toàn lao động - Vệ sinh lao động".into(),
                waiting: 17,
                count: words.waiting_count(true, 17),
                open: true,
            },
        ],
        link: "online",
        link_message: String::new(),
        language: language.code(),
    }
}

/// Elements labelled `label`, with their heights in pixels.
fn heights(ui: &DisplayWindow, label: &str) -> Vec<f32> {
    ElementHandle::find_by_accessible_label(ui, label)
        .map(|e| e.size().height)
        .collect()
}

fn shows(ui: &DisplayWindow, label: &str) -> bool {
    !heights(ui, label).is_empty()
}

#[test]
fn the_called_number_is_the_biggest_text_on_the_screen() {
    let ui = window();
    adapter::show(&ui, &view(Language::Vi));
    let a023 = heights(&ui, "A023");
    assert_eq!(a023.len(), 3, "the panel, the counter and the recent list");
    let biggest = a023.iter().copied().fold(0.0, f32::max);
    // Over a fifth of the 1080-pixel screen: read from the back of the room.
    assert!(
        biggest >= 1080.0 / 5.0,
        "the big number is {biggest} px high"
    );
    let b007 = heights(&ui, "B007").into_iter().fold(0.0, f32::max);
    assert!(b007 < biggest / 2.0, "a counter's number is {b007} px high");
    for text in [
        "Mời khách hàng số",
        "đến Quầy 3",
        "14:05",
        "Thứ Hai, 23/11/2026",
        "Vừa gọi",
        "Đang chờ",
        "An toàn lao động - Vệ sinh lao động",
        "17 người",
        "Đóng",
        "Vắng mặt",
        "Vui lòng giữ phiếu và chú ý số được gọi.",
    ] {
        assert!(shows(&ui, text), "{text:?} is on screen");
    }
}

#[test]
fn the_offline_banner_covers_the_notice_with_the_controllers_words() {
    let ui = window();
    let office = tests::default_office();
    let mut c = DisplayController::new(office.clone(), Settings::of(&office, Language::Vi));
    let wall = "2026-11-23T07:05:00Z".parse().expect("time");
    c.set_online(true, wall);
    c.set_online(false, wall);
    c.tick(Instant::now(), wall);
    let v = c.view();
    adapter::show(&ui, &v);
    let message = "Mất kết nối — đang kết nối lại… Cập nhật lần cuối lúc 14:05";
    assert_eq!(heights(&ui, message).len(), 1);
    assert!(shows(&ui, "Chưa gọi số nào"), "no call yet today");
    c.set_online(true, wall);
    adapter::show(&ui, &c.view());
    assert!(!shows(&ui, message));
}

#[test]
fn english_replaces_the_fixed_strings() {
    let ui = window();
    adapter::show(&ui, &view(Language::En));
    for text in [
        "Now calling",
        "to Counter 3",
        "Recent calls",
        "Waiting",
        "Closed",
        "Missed",
    ] {
        assert!(shows(&ui, text), "{text:?} is on screen");
    }
    assert!(!shows(&ui, "Vừa gọi"));
    adapter::show(&ui, &view(Language::Vi));
    assert!(shows(&ui, "Vừa gọi"));
}

#[test]
fn lists_follow_the_view_row_by_row() {
    let ui = window();
    let mut v = view(Language::Vi);
    adapter::show(&ui, &v);
    let a = ui.global::<DisplayAdapter>();
    let rows = a.get_recent();
    v.recent[0].lit = false;
    v.call.lit = false;
    adapter::show(&ui, &v);
    assert!(!a.get_recent().row_data(0).expect("row").lit);
    assert_eq!(a.get_recent().row_count(), rows.row_count());
    assert!(shows(&ui, "Số vừa gọi"));
}

/// An element's box as (left, top, right, bottom) in window pixels.
fn rect(e: &ElementHandle) -> (f32, f32, f32, f32) {
    let (p, s) = (e.absolute_position(), e.size());
    (p.x, p.y, p.x + s.width, p.y + s.height)
}

fn overlap(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

#[test]
fn offline_the_clock_stays_in_view_clear_of_the_banner_and_keeps_time() {
    let ui = window();
    let office = tests::default_office();
    let mut c = DisplayController::new(office.clone(), Settings::of(&office, Language::Vi));
    let wall: chrono::DateTime<chrono::Utc> = "2026-11-23T07:05:00Z".parse().expect("time");
    let now = Instant::now();
    c.set_online(true, wall);
    c.set_online(false, wall);
    for minute in 0..2u32 {
        let later = std::time::Duration::from_secs(60 * u64::from(minute));
        c.tick(now + later, wall + later);
        adapter::show(&ui, &c.view());
        let banners = ElementHandle::find_by_element_type_name(&ui, "Banner").collect::<Vec<_>>();
        assert_eq!(banners.len(), 1, "one banner");
        let banner = rect(&banners[0]);
        assert!(banner.3 - banner.1 > 0.0, "the banner shows");
        let clock = format!("14:0{}", 5 + minute);
        for text in [
            clock.as_str(),
            "Thứ Hai, 23/11/2026",
            office.name.as_str(),
            "Chưa gọi số nào",
        ] {
            let found: Vec<_> = ElementHandle::find_by_accessible_label(&ui, text).collect();
            assert_eq!(found.len(), 1, "{text:?} is on screen once");
            let r = rect(&found[0]);
            assert!(r.2 > r.0 && r.3 > r.1, "{text:?} has a size");
            assert!(
                r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= 1920.0 && r.3 <= 1080.0,
                "{text:?} is in view: {r:?}"
            );
            assert!(
                !overlap(r, banner),
                "{text:?} {r:?} is under the banner {banner:?}"
            );
        }
        // One state, one message: nothing says it is connecting while it says the link is lost.
        assert!(!shows(&ui, "Đang kết nối tới hệ thống…"));
    }
}
