//! The kiosk's window under Slint's testing backend: buttons reach the adapter's callbacks,
//! and switching the language changes every string on every screen.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use i_slint_backend_testing::{ElementHandle, ElementRoot};
use kiosk::controller::{
    FieldInfo, FieldState, KioskController, Note, Press, PrinterProblem, Timing,
};
use kiosk::{FieldTile, KioskAdapter, KioskWindow, adapter};
use shared::config::Config;
use shared::engine::wait::words::sentence;
use shared::model::{FieldCode, PriorityClass};
use slint::platform::PointerEventButton;
use slint::{ComponentHandle, ModelRc, VecModel};

fn office() -> Config {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
    Config::load(std::path::Path::new(path)).expect("the default office loads")
}

fn window() -> KioskWindow {
    i_slint_backend_testing::init_no_event_loop();
    let ui = KioskWindow::new().expect("the window builds");
    kiosk::language::select(kiosk::controller::Language::Vi).expect("translations are bundled");
    ui
}

/// The one element with this accessible label.
fn find(ui: &KioskWindow, label: &str) -> ElementHandle {
    let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label).collect();
    assert_eq!(found.len(), 1, "one element labelled {label:?}");
    found.into_iter().next().expect("found")
}

/// Every label, description and value the screen offers (what is seen or read aloud).
fn strings(ui: &KioskWindow) -> Vec<String> {
    let mut out = Vec::new();
    for e in ui.root_element().query_descendants().find_all() {
        for s in [
            e.accessible_label(),
            e.accessible_description(),
            e.accessible_value(),
        ]
        .into_iter()
        .flatten()
        {
            if !s.is_empty() {
                out.push(s.to_string());
            }
        }
    }
    out
}

#[test]
fn a_field_button_passes_its_code() {
    let ui = window();
    let tiles: Vec<FieldTile> = office()
        .fields
        .iter()
        .map(|f| FieldTile {
            code: f.code.as_str().into(),
            name: f.name.as_str().into(),
            state: "open".into(),
            waiting: 3,
            wait: sentence(Some(10), false).into(),
        })
        .collect();
    let adapter = ui.global::<KioskAdapter>();
    adapter.set_fields(ModelRc::new(VecModel::from(tiles)));
    let pressed = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = pressed.clone();
    adapter.on_field_pressed(move |code| sink.borrow_mut().push(code.to_string()));
    ui.show().unwrap();

    find(&ui, "Việc làm").invoke_accessible_default_action();
    find(&ui, "Phòng, chống tệ nạn xã hội").mock_single_click(PointerEventButton::Left);
    assert_eq!(*pressed.borrow(), ["VL", "PCTNXH"]);
    let tile = find(&ui, "An toàn lao động - Vệ sinh lao động");
    assert_eq!(
        tile.accessible_description().as_deref(),
        Some("3 người đang chờ. Chờ khoảng 10 phút")
    );
}

#[test]
fn a_long_wait_reads_in_hours_and_minutes() {
    let ui = window();
    let mut k = KioskController::new(Timing::default());
    k.set_hub_online(true);
    let tile = |code: &str, wait_minutes| FieldInfo {
        waiting: 30,
        wait_minutes,
        ..FieldInfo::from_config(office().field(&FieldCode::new(code)).expect("a field"))
    };
    k.set_fields(vec![
        tile("VL", Some(140)),
        tile("BHTN", Some(120)),
        tile("NCC", Some(59)),
        tile("TE", None),
    ]);
    adapter::show(&ui, &k.view());
    ui.show().unwrap();
    let said = |name: &str| {
        find(&ui, name)
            .accessible_description()
            .map(|s| s.to_string())
    };
    assert_eq!(
        said("Việc làm").as_deref(),
        Some("30 người đang chờ. Chờ khoảng 2 giờ 20 phút")
    );
    assert_eq!(
        said("Bảo hiểm thất nghiệp").as_deref(),
        Some("30 người đang chờ. Chờ khoảng 2 giờ")
    );
    assert_eq!(
        said("Người có công").as_deref(),
        Some("30 người đang chờ. Chờ khoảng 59 phút")
    );
    assert_eq!(
        said("Trẻ em").as_deref(),
        Some("30 người đang chờ. Chưa có quầy mở")
    );
}

#[test]
fn the_other_screens_call_back_with_their_choice() {
    let ui = window();
    let adapter = ui.global::<KioskAdapter>();
    let calls = Rc::new(RefCell::new(Vec::<String>::new()));
    let c = calls.clone();
    adapter.on_priority_chosen(move |class| c.borrow_mut().push(class.to_string()));
    let c = calls.clone();
    adapter.on_back(move || c.borrow_mut().push("back".into()));
    let c = calls.clone();
    adapter.on_done(move || c.borrow_mut().push("done".into()));

    adapter.set_screen("priority".into());
    for label in [
        "Không ưu tiên",
        "Người cao tuổi",
        "Người khuyết tật",
        "Phụ nữ mang thai",
        "Người có công với cách mạng",
        "‹ Quay lại",
    ] {
        find(&ui, label).invoke_accessible_default_action();
    }
    adapter.set_screen("confirm".into());
    find(&ui, "Xong").invoke_accessible_default_action();
    let expected = [
        "regular",
        "elderly",
        "disability",
        "pregnancy",
        "meritorious",
        "back",
        "done",
    ];
    assert_eq!(*calls.borrow(), expected);
    for class in &expected[..5] {
        assert!(
            PriorityClass::parse(class).is_some(),
            "{class} is a class the hub knows"
        );
    }
}

/// Whether `s` holds a letter that English does not use.
fn has_vietnamese(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

#[test]
fn switching_the_language_changes_every_string_on_every_screen() {
    let ui = window();
    let config = office();
    let mut k = KioskController::new(Timing::default());
    k.set_office(&config.name, &config.name_en);
    let mut fields: Vec<FieldInfo> = config.fields.iter().map(FieldInfo::from_config).collect();
    fields[1].state = FieldState::Closed;
    fields[2].state = FieldState::Full;
    fields[3].waiting = 1;
    fields[3].wait_minutes = Some(1);
    fields[4].waiting = 7;
    // Waits that run into lunch read in hours.
    fields[5].waiting = 30;
    fields[5].wait_minutes = Some(140);
    fields[6].waiting = 25;
    fields[6].wait_minutes = Some(120);
    k.set_fields(fields);
    k.set_clock(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(8, 15, 0)
            .unwrap(),
    );
    k.set_printer_problem(Some(PrinterProblem::PaperOut));
    let toggled = Rc::new(RefCell::new(0));
    let t = toggled.clone();
    ui.global::<KioskAdapter>()
        .on_toggle_language(move || *t.borrow_mut() += 1);

    let now = Instant::now();
    let mut screens: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    // The screen's strings in Vietnamese and in English; `switch` presses the on-screen
    // language button first (only the home screen has one).
    let mut both = |k: &mut KioskController, switch: Option<&str>| {
        adapter::show(&ui, &k.view());
        let vi = strings(&ui);
        if let Some(label) = switch {
            find(&ui, label).invoke_accessible_default_action();
        }
        k.toggle_language(now);
        adapter::show(&ui, &k.view());
        let en = strings(&ui);
        k.toggle_language(now);
        adapter::show(&ui, &k.view());
        screens.push((vi, en));
    };
    // Home, offline, with a notice about a closed field.
    assert!(matches!(k.press_field("BHTN", now), Press::Closed(_)));
    both(&mut k, Some("English"));
    // Home, online, with the estimated waits.
    k.set_hub_online(true);
    both(&mut k, None);
    // Priority.
    assert_eq!(k.press_field("VL", now), Press::ChoosePriority);
    k.choose_priority(PriorityClass::Regular, now);
    both(&mut k, None);
    // Confirm, with the printer's note.
    k.issued("A023", 4, Some(12), Some(Note::NotPrinted), now);
    both(&mut k, None);
    assert_eq!(*toggled.borrow(), 1);

    for (vi, en) in &screens {
        let leftover: Vec<_> = en
            .iter()
            .filter(|s| has_vietnamese(s) && *s != "Tiếng Việt")
            .collect();
        assert!(
            leftover.is_empty(),
            "Vietnamese left in English: {leftover:?}\nall: {en:?}"
        );
        let untranslated: Vec<_> = vi
            .iter()
            .filter(|s| has_vietnamese(s) && en.contains(s))
            .collect();
        assert!(untranslated.is_empty(), "same in both: {untranslated:?}");
        assert!(
            vi.iter().filter(|s| has_vietnamese(s)).count() >= 3,
            "{vi:?}"
        );
    }
    let all_en: Vec<&String> = screens.iter().flat_map(|(_, en)| en).collect();
    for expected in [
        "Please choose a service",
        "Temporarily closed",
        "No tickets left",
        "1 person waiting. Wait about 1 min",
        "The printer needs staff attention",
        "Getting your number…",
        "Wait about 12 min",
        "Monday, 23/11/2026",
        "Occupational safety and health",
    ] {
        assert!(
            all_en.iter().any(|s| s.contains(expected)),
            "{expected:?} not in {all_en:?}"
        );
    }
}

#[test]
fn the_confirm_screen_shows_the_class_and_the_next_citizen_finds_vietnamese() {
    let ui = window();
    let config = office();
    let mut k = KioskController::new(Timing::default());
    k.set_office(&config.name, &config.name_en);
    k.set_fields(config.fields.iter().map(FieldInfo::from_config).collect());
    k.set_hub_online(true);
    let t = Instant::now();
    // A citizen switches to English and takes an elderly person's ticket.
    k.toggle_language(t);
    adapter::show(&ui, &k.view());
    ui.show().unwrap();
    find(&ui, "Employment").invoke_accessible_default_action();
    assert_eq!(k.press_field("VL", t), Press::ChoosePriority);
    adapter::show(&ui, &k.view());
    find(&ui, "Elderly person").invoke_accessible_default_action();
    k.choose_priority(PriorityClass::Elderly, t);
    k.issued("A001", 0, Some(6), None, t);
    adapter::show(&ui, &k.view());
    let confirm = strings(&ui);
    for shown in ["Priority: Elderly person", "Wait about 6 min", "Done"] {
        assert!(
            confirm.iter().any(|s| s == shown),
            "{shown:?} not in {confirm:?}"
        );
    }
    // The confirm screen goes home by itself: the next citizen reads Vietnamese.
    k.tick(t + Timing::default().confirm);
    adapter::show(&ui, &k.view());
    let home = strings(&ui);
    for shown in ["Xin mời chọn lĩnh vực", "Việc làm", "English"] {
        assert!(home.iter().any(|s| s == shown), "{shown:?} not in {home:?}");
    }
    assert!(!home.iter().any(|s| s == "Please choose a service"));
}
