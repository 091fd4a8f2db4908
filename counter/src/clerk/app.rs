//! The counter app: the clerk's window wired to the hub.
//!
//! Slint runs on the main thread and owns the controller; the connection runs on a Tokio
//! runtime and reports through a channel that a 50 ms timer drains on the UI thread. The
//! screen is redrawn from the mirrored office on every tick, so the clock, the waiting
//! times and what other counters did are always current.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use shared::client::Identity;
use shared::config::Config;
use shared::model::CounterId;
use shared::protocol::Role;
use slint::ComponentHandle;

use super::adapter;
use super::controller::{
    Action, ClerkController, DeskAction, KeyPress, Language, LoginFocus, Press,
};
use super::desk::{Desk, Tagged};
use crate::{ClerkAdapter, ClerkWindow};

/// How the counter app starts.
pub struct Options {
    /// The office (from its file; the hub's copy replaces it once connected).
    pub office: Arc<Config>,
    /// The hub's URL.
    pub hub: String,
    /// The counter the login form offers first.
    pub counter: CounterId,
    /// This device's name in the office (default `quay-N` for counter N).
    pub device: Option<String>,
    /// Window size, e.g. 1366x768; maximised when absent.
    pub size: Option<(u32, u32)>,
    /// Language on start.
    pub language: Language,
    /// The device's own credential.
    pub token: String,
    /// The hub's certificate as pinned at pairing (SHA-256 hex).
    pub hub_certificate: Option<String>,
}

/// Runs the counter app until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let office = o.office.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let _enter = runtime.enter();
    let (news, inbox) = channel();
    let connect = Connect {
        url: o.hub.clone(),
        device: o.device.clone(),
        token: o.token.clone(),
        hub_certificate: o.hub_certificate.clone(),
    };
    tracing::info!(hub = %o.hub, counter = %o.counter, "counter app starting");
    let desk = Desk::connect(connect.identity(o.counter), 0, news.clone());

    let ui = ClerkWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_maximized(true),
    }
    let mut controller = ClerkController::new(office, o.counter);
    if o.language == Language::En {
        controller.toggle_language();
    }
    let app = Rc::new(App {
        ui: ui.as_weak(),
        controller: RefCell::new(controller),
        desk: RefCell::new(desk),
        generation: Cell::new(0),
        news,
        connect,
    });
    app.wire(&ui);
    app.show();
    let timer = slint::Timer::default();
    let pump = app.clone();
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(50),
        move || pump.pump(&inbox),
    );
    ui.run()?;
    Ok(())
}

/// What the app needs to connect as a counter.
struct Connect {
    url: String,
    device: Option<String>,
    token: String,
    hub_certificate: Option<String>,
}

impl Connect {
    fn identity(&self, counter: CounterId) -> Identity {
        Identity {
            url: self.url.clone(),
            role: Role::Counter,
            device: self
                .device
                .clone()
                .unwrap_or_else(|| format!("quay-{counter}")),
            token: self.token.clone(),
            counter: Some(counter),
            manager: None,
            hub_certificate: self.hub_certificate.clone(),
        }
    }
}

/// The UI thread's side of the counter app.
struct App {
    ui: slint::Weak<ClerkWindow>,
    controller: RefCell<ClerkController>,
    desk: RefCell<Desk>,
    generation: Cell<u64>,
    news: Sender<Tagged>,
    connect: Connect,
}

impl App {
    fn wire(self: &Rc<Self>, ui: &ClerkWindow) {
        let a = ui.global::<ClerkAdapter>();
        let app = self.clone();
        a.on_key(
            move |text, ctrl, shift| match adapter::key_press(&text, ctrl, shift) {
                Some(press) => {
                    app.key(press);
                    true
                }
                None => false,
            },
        );
        let on = |app: &Rc<Self>, press: Press| {
            let app = app.clone();
            move || app.press(press)
        };
        let app = self.clone();
        a.on_desk_pressed(move |id| {
            // The pause button reads "resume" while paused; it is the same action.
            let action = match id.as_str() {
                "resume" => Some(DeskAction::Pause),
                id => DeskAction::from_id(id),
            };
            if let Some(action) = action {
                app.press(Press::Desk(action));
            }
        });
        let app = self.clone();
        a.on_option_pressed(move |i| app.press(Press::Option(index(i))));
        a.on_confirm_dialog(on(self, Press::ConfirmDialog));
        a.on_close_dialog(on(self, Press::CloseDialog));
        let app = self.clone();
        a.on_place_pressed(move |keep| app.press(Press::Place(keep)));
        let app = self.clone();
        a.on_login_focus_pressed(move |id| {
            if let Some(focus) = LoginFocus::from_id(&id) {
                app.press(Press::Focus(focus));
            }
        });
        let app = self.clone();
        a.on_clerk_pressed(move |i| app.press(Press::Clerk(index(i))));
        let app = self.clone();
        a.on_field_pressed(move |i| app.press(Press::Field(index(i))));
        let app = self.clone();
        a.on_counter_step(move |by| app.press(Press::CounterStep(by)));
        a.on_login_pressed(on(self, Press::Login));
        a.on_toggle_language(on(self, Press::Desk(DeskAction::Language)));
        a.on_log_out(on(self, Press::Desk(DeskAction::LogOut)));
    }

    fn key(&self, press: KeyPress) {
        let at = Instant::now();
        self.controller.borrow_mut().set_clock(chrono::Utc::now());
        let action = self
            .desk
            .borrow()
            .with_office(|engine| self.controller.borrow_mut().key(press, engine, at));
        self.carry_out(action);
    }

    fn press(&self, press: Press) {
        let at = Instant::now();
        self.controller.borrow_mut().set_clock(chrono::Utc::now());
        let action = self
            .desk
            .borrow()
            .with_office(|engine| self.controller.borrow_mut().press(press, engine, at));
        self.carry_out(action);
    }

    /// Sends the action, first connecting as the counter it is for if that changed.
    fn carry_out(&self, action: Option<Action>) {
        if let Some(action) = action {
            if let Action::Login { counter, .. } = &action
                && *counter != self.desk.borrow().counter()
            {
                let generation = self.generation.get() + 1;
                self.generation.set(generation);
                tracing::info!(%counter, "connecting as another counter");
                let desk = Desk::connect(
                    self.connect.identity(*counter),
                    generation,
                    self.news.clone(),
                );
                *self.desk.borrow_mut() = desk;
            }
            self.desk.borrow().carry_out(action);
        }
        self.show();
    }

    /// Applies what the connection reported, and the passing of time.
    fn pump(&self, inbox: &Receiver<Tagged>) {
        let at = Instant::now();
        let generation = self.desk.borrow().generation();
        let mut follow = Vec::new();
        {
            let mut c = self.controller.borrow_mut();
            c.set_clock(chrono::Utc::now());
            for tagged in inbox.try_iter().filter(|t| t.generation == generation) {
                follow.extend(tagged.news.deliver(&mut c, at));
            }
        }
        for action in follow {
            self.desk.borrow().carry_out(action);
        }
        self.desk
            .borrow()
            .with_office(|engine| self.controller.borrow_mut().tick(engine, at));
        self.show();
    }

    fn show(&self) {
        let Some(ui) = self.ui.upgrade() else { return };
        let now = chrono::Utc::now();
        let view = self
            .desk
            .borrow()
            .with_office(|engine| self.controller.borrow().view(engine, now));
        adapter::show(&ui, &view);
    }
}

/// A Slint model index as a Rust one (negative ones never come from a `for`).
fn index(i: i32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}
