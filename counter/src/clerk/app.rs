//! The counter app: the clerk's window wired to the hub.
//!
//! Slint runs on the main thread and owns the controller; the connection runs on a Tokio
//! runtime and reports through a channel that a 50 ms timer drains on the UI thread. The
//! screen is redrawn from the mirrored office on every tick, so the clock, the waiting
//! times and what other counters did are always current.
//!
//! The app holds no office file. Until it has a credential it shows its pairing code
//! ([`shared::gate`]); with one, it waits for the hub's welcome, which brings the office
//! (without secrets), and only then shows the login. A withdrawn pairing brings the
//! pairing screen back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use shared::client::Credential;
use shared::gate::{Again, Enrolment, Gate};
use slint::ComponentHandle;

use super::adapter;
use super::controller::{
    Action, ClerkController, DeskAction, KeyPress, Language, LoginFocus, Press,
};
use super::desk::{Desk, News, Tagged};
use crate::{ClerkAdapter, ClerkWindow};

/// How the counter app starts.
pub struct Options {
    /// Its credential file, and what it asks to be if it must pair.
    pub enrolment: Enrolment,
    /// Window size, e.g. 1366x768; maximised when absent.
    pub size: Option<(u32, u32)>,
    /// Language on start.
    pub language: Language,
}

/// Runs the counter app until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let _enter = runtime.enter();
    let ui = ClerkWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_maximized(true),
    }
    let running = Running::start(o, &ui);
    let timer = slint::Timer::default();
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(50),
        move || running.pump(),
    );
    ui.run()?;
    Ok(())
}

/// The app wired to its window, pumped by the app's timer (or a test). Needs a Tokio
/// runtime entered on this thread.
pub struct Running {
    app: Rc<App>,
    stepped: Receiver<Step>,
    inbox: Receiver<Tagged>,
}

impl Running {
    /// Starts the enrolment (the gate shows at once) and wires the window's callbacks.
    pub fn start(o: Options, ui: &ClerkWindow) -> Running {
        tracing::info!(credential = %o.enrolment.path.display(), "counter app starting");
        let (news, inbox) = channel();
        let (steps, stepped) = channel();
        let app = Rc::new(App {
            ui: ui.as_weak(),
            controller: RefCell::new(None),
            desk: RefCell::new(None),
            gate: RefCell::new(Gate::Connecting),
            named: RefCell::new((
                o.enrolment.request.device.clone(),
                o.enrolment.request.counter.map(|c| c.0),
            )),
            language: Cell::new(o.language),
            generation: Cell::new(0),
            news,
            steps,
            enrolment: o.enrolment,
        });
        app.enrol(None);
        app.wire(ui);
        app.show();
        Running {
            app,
            stepped,
            inbox,
        }
    }

    /// Applies what happened since the last call, and redraws.
    pub fn pump(&self) {
        self.app.pump(&self.stepped, &self.inbox);
    }
}

/// What the enrolment tells the UI thread.
enum Step {
    /// What the gate shows now.
    Gate(Gate),
    /// The device's credential: connect with it.
    Ready(Credential),
}

/// The UI thread's side of the counter app.
struct App {
    ui: slint::Weak<ClerkWindow>,
    /// Made from the office the hub sent, once it has.
    controller: RefCell<Option<ClerkController>>,
    desk: RefCell<Option<Desk>>,
    gate: RefCell<Gate>,
    /// The device's name and counter as the gate shows them: those asked for, then those
    /// approved.
    named: RefCell<(String, Option<u16>)>,
    language: Cell<Language>,
    generation: Cell<u64>,
    news: Sender<Tagged>,
    steps: Sender<Step>,
    enrolment: Enrolment,
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

    /// Obtains the credential in the background (pairing if there is none), then connects.
    fn enrol(&self, again: Option<Again>) {
        *self.gate.borrow_mut() = match again {
            Some(_) => Gate::pairing(again),
            None => Gate::Connecting,
        };
        let (enrolment, steps) = (self.enrolment.clone(), self.steps.clone());
        tokio::spawn(async move {
            let report = |gate| {
                let _ = steps.send(Step::Gate(gate));
            };
            let credential = shared::gate::enrol(&enrolment, again, report).await;
            let _ = steps.send(Step::Ready(credential));
        });
    }

    fn key(&self, press: KeyPress) {
        self.act(|c, engine, at| c.key(press, engine, at));
    }

    fn press(&self, press: Press) {
        self.act(|c, engine, at| c.press(press, engine, at));
    }

    /// Hands a key or a press to the controller (none before the office arrived).
    fn act(
        &self,
        f: impl FnOnce(&mut ClerkController, Option<&shared::engine::Engine>, Instant) -> Option<Action>,
    ) {
        let at = Instant::now();
        let action = {
            let desk = self.desk.borrow();
            let mut controller = self.controller.borrow_mut();
            let (Some(desk), Some(c)) = (desk.as_ref(), controller.as_mut()) else {
                return;
            };
            c.set_clock(chrono::Utc::now());
            desk.with_office(|engine| f(c, engine, at))
        };
        if let Some(action) = action
            && let Some(desk) = self.desk.borrow().as_ref()
        {
            desk.carry_out(action);
        }
        self.show();
    }

    /// Applies what the enrolment and the connection reported, and the passing of time.
    fn pump(&self, stepped: &Receiver<Step>, inbox: &Receiver<Tagged>) {
        for step in stepped.try_iter() {
            match step {
                Step::Gate(gate) => *self.gate.borrow_mut() = gate,
                Step::Ready(credential) => self.connect(&credential),
            }
        }
        let at = Instant::now();
        let generation = self.generation.get();
        let mut follow = Vec::new();
        let mut revoked = false;
        for tagged in inbox.try_iter().filter(|t| t.generation == generation) {
            match (tagged.news, self.controller.borrow_mut().as_mut()) {
                (News::Revoked, _) => revoked = true,
                (news, Some(c)) => follow.extend(news.deliver(c, at)),
                (_, None) => {}
            }
        }
        if revoked {
            self.revoked();
            self.show();
            return;
        }
        self.open_when_welcomed();
        if let Some(desk) = self.desk.borrow().as_ref() {
            for action in follow {
                desk.carry_out(action);
            }
            if let Some(c) = self.controller.borrow_mut().as_mut() {
                c.set_clock(chrono::Utc::now());
                desk.with_office(|engine| c.tick(engine, at));
            }
        }
        self.show();
    }

    /// Connects with the device's credential; the gate waits for the welcome.
    fn connect(&self, credential: &Credential) {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        tracing::info!(hub = %credential.hub, device = %credential.device, "connecting");
        let desk = Desk::connect(credential.identity(), generation, self.news.clone());
        *self.desk.borrow_mut() = Some(desk);
        *self.gate.borrow_mut() = Gate::Connecting;
        *self.named.borrow_mut() = (credential.device.clone(), credential.counter.map(|c| c.0));
    }

    /// The manager withdrew this device: everything goes, and it asks to pair again.
    fn revoked(&self) {
        tracing::warn!("this device's pairing was withdrawn; pairing again");
        self.generation.set(self.generation.get() + 1);
        if let Some(c) = self.controller.borrow_mut().take() {
            self.language.set(c.language());
        }
        *self.desk.borrow_mut() = None;
        self.enrol(Some(Again::Revoked));
    }

    /// Makes the controller from the office the hub sent, once it has arrived.
    fn open_when_welcomed(&self) {
        if self.controller.borrow().is_some() {
            return;
        }
        let desk = self.desk.borrow();
        let Some(desk) = desk.as_ref() else { return };
        let Some(office) = desk.with_office(|engine| engine.map(|e| e.config().clone())) else {
            return;
        };
        let mut controller = ClerkController::new(office, desk.counter());
        controller.keep_counter();
        if self.language.get() == Language::En {
            controller.toggle_language();
        }
        controller.set_online(desk.link() == shared::client::Link::Online);
        *self.controller.borrow_mut() = Some(controller);
        *self.gate.borrow_mut() = Gate::Open;
    }

    fn show(&self) {
        let Some(ui) = self.ui.upgrade() else { return };
        let now = chrono::Utc::now();
        let language = {
            let desk = self.desk.borrow();
            if let (Some(desk), Some(c)) = (desk.as_ref(), self.controller.borrow().as_ref()) {
                let view = desk.with_office(|engine| c.view(engine, now));
                adapter::show(&ui, &view);
            }
            self.controller
                .borrow()
                .as_ref()
                .map_or(self.language.get(), |c| c.language())
        };
        let (device, counter) = self.named.borrow().clone();
        let gate = shared::gate::view(
            &self.gate.borrow(),
            language == Language::En,
            &device,
            counter,
        );
        ui.global::<ClerkAdapter>()
            .set_gate(crate::gate::slint_view(&gate));
    }
}

/// A Slint model index as a Rust one (negative ones never come from a `for`).
fn index(i: i32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}
