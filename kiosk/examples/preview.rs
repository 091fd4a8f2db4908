//! Shows the kiosk's window with the default office and sample queue data, for looking at
//! and taking screenshots. Presses work against a pretend hub that issues numbers at once.
//!
//! ```sh
//! cargo run -p kiosk --example preview -- [home|priority|confirm] [vi|en] [WxH] \
//!     [offline] [printer] [note] [notice] [busy]
//! ```
//! e.g. `preview confirm en 1920x1080 note`. Defaults: home, vi, 1080x1920.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use kiosk::controller::{
    FieldInfo, FieldState, KioskController, Note, Press, PrinterProblem, Timing,
};
use kiosk::{KioskAdapter, KioskWindow, adapter};
use shared::config::Config;
use shared::model::{FieldCode, PriorityClass};
use slint::ComponentHandle;

/// Waiting, estimated minutes and state for the ten default fields, in order.
const SAMPLE: [(u32, Option<u32>, FieldState); 10] = [
    (6, Some(18), FieldState::Open),
    (2, Some(6), FieldState::Open),
    (0, Some(0), FieldState::Open),
    (3, None, FieldState::Closed),
    (11, Some(95), FieldState::Open),
    (1, Some(4), FieldState::Open),
    (4, Some(12), FieldState::Open),
    (0, None, FieldState::Full),
    (9, Some(27), FieldState::Open),
    (5, None, FieldState::Open),
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let screen = ["home", "priority", "confirm"]
        .into_iter()
        .find(|s| has(s))
        .unwrap_or("home");
    let (width, height) = match args.iter().find_map(|a| a.split_once('x')) {
        Some((w, h)) => (w.parse::<f32>()?, h.parse::<f32>()?),
        None => (1080.0, 1920.0),
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
    let config = Config::load(std::path::Path::new(path)).context("loading the default office")?;

    let mut k = KioskController::new(Timing::default());
    k.set_office(&config.name, &config.name_en);
    let mut fields: Vec<FieldInfo> = config.fields.iter().map(FieldInfo::from_config).collect();
    for (f, (waiting, minutes, state)) in fields.iter_mut().zip(SAMPLE) {
        (f.waiting, f.wait_minutes, f.state) = (waiting, minutes, state);
    }
    k.set_fields(fields);
    k.set_hub_online(true);
    k.set_clock(chrono::Local::now().naive_local());
    let now = Instant::now();
    if has("en") {
        k.toggle_language(now);
    }
    if has("printer") {
        k.set_printer_problem(Some(PrinterProblem::NoAnswer));
    }
    if has("notice") {
        k.press_field("LDNN", now);
    }
    if screen != "home" && k.press_field("ATLD", now) != Press::ChoosePriority {
        bail!("the sample field ATLD should be open");
    }
    if screen == "confirm" || has("busy") {
        k.choose_priority(PriorityClass::Elderly, now);
    }
    if screen == "confirm" {
        let note = has("note").then_some(Note::NotPrinted);
        k.issued("E012", 11, Some(35), note, now);
    }
    if has("offline") {
        k.set_hub_online(false);
    }

    let ui = KioskWindow::new()?;
    ui.window().set_size(slint::LogicalSize::new(width, height));
    adapter::show(&ui, &k.view());
    let k = Rc::new(RefCell::new(k));
    let prefixes = config
        .fields
        .iter()
        .map(|f| (f.code.clone(), f.prefix.clone()))
        .collect();
    let _ticking = wire(&ui, &k, prefixes, screen == "confirm");
    ui.run()?;
    Ok(())
}

/// Presses go to the controller; a pretend hub answers at once. `frozen` keeps the
/// confirm screen up for screenshots. The returned timer ticks the clock while it lives.
fn wire(
    ui: &KioskWindow,
    k: &Rc<RefCell<KioskController>>,
    prefixes: HashMap<FieldCode, String>,
    frozen: bool,
) -> slint::Timer {
    let a = ui.global::<KioskAdapter>();
    let refresh = {
        let (ui, k) = (ui.as_weak(), k.clone());
        move || {
            if let Some(ui) = ui.upgrade() {
                adapter::show(&ui, &k.borrow().view());
            }
        }
    };
    let on = |f: fn(&mut KioskController, Instant)| {
        let (k, refresh) = (k.clone(), refresh.clone());
        move || {
            f(&mut k.borrow_mut(), Instant::now());
            refresh();
        }
    };
    a.on_back(on(KioskController::back));
    a.on_done(on(|k, _| k.done()));
    a.on_toggle_language(on(KioskController::toggle_language));
    a.on_field_pressed({
        let (k, refresh) = (k.clone(), refresh.clone());
        move |code| {
            k.borrow_mut().press_field(&code, Instant::now());
            refresh();
        }
    });
    let issued = Rc::new(RefCell::new(12u32));
    a.on_priority_chosen({
        let (k, refresh) = (k.clone(), refresh.clone());
        move |class| {
            let mut k = k.borrow_mut();
            let class = PriorityClass::parse(&class).unwrap_or(PriorityClass::Regular);
            if let Some(request) = k.choose_priority(class, Instant::now()) {
                *issued.borrow_mut() += 1;
                let prefix = prefixes.get(&request.field).map_or("", String::as_str);
                let number = format!("{prefix}{:03}", issued.borrow());
                k.issued(&number, 3, Some(9), None, Instant::now());
            }
            drop(k);
            refresh();
        }
    });
    let timer = slint::Timer::default();
    let k = k.clone();
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(500),
        move || {
            let mut k = k.borrow_mut();
            k.set_clock(chrono::Local::now().naive_local());
            if !frozen {
                k.tick(Instant::now());
            }
            drop(k);
            refresh();
        },
    );
    timer
}
