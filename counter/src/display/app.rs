//! The wall display app: the screen and the voice wired to the office's hub.
//!
//! Slint runs on the main thread and owns the controller. The hub connection runs on a
//! Tokio runtime: a task keeps the [`Feed`], hands each call to the voice player (its own
//! thread) and reports to the UI thread through a channel that a 50 ms timer drains. A
//! 1 s timer moves the clock and lets a lit call give way to the next.
//!
//! The display holds no office file: until it has a credential it shows its pairing code
//! ([`shared::gate`]); with one it waits for the hub's welcome, whose office (without
//! secrets) sets its time zone, voice and words. A withdrawn pairing shows the code again.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use chrono::Utc;
use shared::board::{Announcement, Board};
use shared::client::{Client, Credential, Update};
use shared::config::Config;
use shared::gate::{Again, Enrolment, Gate};
use shared::voice::Pack;
use slint::ComponentHandle;

use super::texts::Language;
use super::voice::{Output, VoicePlayer, find_pack};
use super::{DisplayController, DisplayView, Feed, Settings, adapter};
use crate::{DisplayAdapter, DisplayWindow};

/// Where the display pairs when `--hub` does not say: the kiosk on this machine.
pub const DEFAULT_HUB: &str = "http://127.0.0.1:8080";

/// How the display starts.
pub struct Options {
    /// Its credential file, and what it asks to be if it must pair.
    pub enrolment: Enrolment,
    /// Window size, e.g. 1920x1080; full screen when absent.
    pub size: Option<(u32, u32)>,
    /// Write each call as a WAV file in this folder instead of playing it.
    pub voice_out: Option<PathBuf>,
    /// The language of the screen.
    pub language: Language,
}

/// What the enrolment and the hub task tell the UI thread.
enum News {
    /// What the gate shows now.
    Gate(Gate),
    /// The device's credential: connect with it.
    Ready(Credential),
    /// The office the hub welcomed the display with.
    Office(Arc<Config>),
    Board(Box<Board>),
    Call(Announcement),
    Online(bool),
    /// The office manager withdrew this display's pairing.
    Revoked,
}

/// Runs the display until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let _enter = runtime.enter();
    let ui = DisplayWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_fullscreen(true),
    }
    let running = Rc::new(Running::start(o, &ui));
    let drain = slint::Timer::default();
    let pump = running.clone();
    drain.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(50),
        move || pump.pump(),
    );
    let clock = slint::Timer::default();
    let ticker = running.clone();
    clock.start(
        slint::TimerMode::Repeated,
        Duration::from_secs(1),
        move || ticker.tick(),
    );
    ui.run()?;
    running.app.client.borrow_mut().take();
    Ok(())
}

/// The display wired to its window, pumped by the app's timers (or a test). Needs a Tokio
/// runtime entered on this thread.
pub struct Running {
    app: App,
    inbox: Receiver<(u64, News)>,
}

impl Running {
    /// Starts the enrolment; the gate shows at once.
    pub fn start(o: Options, ui: &DisplayWindow) -> Running {
        tracing::info!(credential = %o.enrolment.path.display(), "wall display starting");
        let (news, inbox) = channel();
        let app = App {
            ui: ui.as_weak(),
            controller: RefCell::new(None),
            shown: RefCell::new(None),
            gate: RefCell::new(Gate::Connecting),
            named: RefCell::new(o.enrolment.request.device.clone()),
            client: RefCell::new(None),
            generation: Cell::new(0),
            news,
            options: o,
        };
        app.enrol(None);
        app.tick();
        Running { app, inbox }
    }

    /// Applies what the enrolment and the hub reported (the 50 ms timer).
    pub fn pump(&self) {
        self.app.pump(&self.inbox);
    }

    /// The passing of time (the 1 s timer).
    pub fn tick(&self) {
        self.app.tick();
    }
}

/// The voice player as the hub's office says. The pack is found from the working
/// directory up (the app runs from its install folder).
fn start_voice(office: &Config, voice_out: Option<&Path>) -> VoicePlayer {
    if !office.voice.enabled {
        tracing::info!("voice disabled in the office");
        return VoicePlayer::silent();
    }
    let here = std::env::current_dir().unwrap_or_default().join("office");
    let pack = match find_pack(&office.voice.pack, &here).map(|dir| Pack::open(&dir)) {
        Some(Ok(pack)) => Some(pack),
        Some(Err(e)) => {
            tracing::warn!("voice pack unusable, calls are not said: {e}");
            None
        }
        None => {
            tracing::warn!(pack = %office.voice.pack, "voice pack not found, calls are not said");
            None
        }
    };
    let output = match voice_out {
        Some(dir) => match std::fs::create_dir_all(dir) {
            Ok(()) => Output::Folder(dir.to_path_buf()),
            Err(e) => {
                tracing::warn!("cannot create {}: {e}; playing instead", dir.display());
                Output::Speakers
            }
        },
        None => Output::Speakers,
    };
    VoicePlayer::start(&office.voice, pack, output)
}

/// The UI thread's side of the display.
struct App {
    ui: slint::Weak<DisplayWindow>,
    /// Made from the office the hub sent, once it has.
    controller: RefCell<Option<DisplayController>>,
    shown: RefCell<Option<DisplayView>>,
    gate: RefCell<Gate>,
    /// The display's name as the gate shows it: asked for, then approved.
    named: RefCell<String>,
    client: RefCell<Option<Client>>,
    /// News from an earlier connection (before a withdrawal) is not this one's.
    generation: Cell<u64>,
    news: Sender<(u64, News)>,
    options: Options,
}

impl App {
    /// Obtains the credential in the background (pairing if there is none).
    fn enrol(&self, again: Option<Again>) {
        *self.gate.borrow_mut() = match again {
            Some(_) => Gate::pairing(again),
            None => Gate::Connecting,
        };
        let (enrolment, news) = (self.options.enrolment.clone(), self.news.clone());
        let generation = self.generation.get();
        tokio::spawn(async move {
            let report = |gate| {
                let _ = news.send((generation, News::Gate(gate)));
            };
            let credential = shared::gate::enrol(&enrolment, again, report).await;
            let _ = news.send((generation, News::Ready(credential)));
        });
    }

    /// Connects with the credential; the gate waits for the welcome.
    fn connect(&self, credential: &Credential) {
        tracing::info!(hub = %credential.hub, device = %credential.device, "connecting");
        let (client, updates) = Client::start(credential.identity());
        let voice_out = self.options.voice_out.clone();
        tokio::spawn(follow(
            updates,
            voice_out,
            self.generation.get(),
            self.news.clone(),
        ));
        *self.client.borrow_mut() = Some(client);
        *self.named.borrow_mut() = credential.device.clone();
        *self.gate.borrow_mut() = Gate::Connecting;
    }

    /// Applies what the enrolment and the hub task reported.
    fn pump(&self, inbox: &Receiver<(u64, News)>) {
        let now = Instant::now();
        let mut any = false;
        let mut calls = Vec::new();
        let generation = self.generation.get();
        for (_, news) in inbox.try_iter().filter(|(g, _)| *g == generation) {
            any = true;
            let mut controller = self.controller.borrow_mut();
            match (news, controller.as_mut()) {
                (News::Gate(gate), _) => *self.gate.borrow_mut() = gate,
                (News::Ready(credential), _) => self.connect(&credential),
                (News::Revoked, _) => {
                    tracing::warn!("this display's pairing was withdrawn; pairing again");
                    *controller = None;
                    self.client.borrow_mut().take();
                    self.generation.set(generation + 1);
                    self.enrol(Some(Again::Revoked));
                    break;
                }
                (News::Office(office), None) => {
                    let settings = Settings::of(&office, self.options.language);
                    let mut c = DisplayController::new(office, settings);
                    c.set_online(true, Utc::now());
                    *controller = Some(c);
                    *self.gate.borrow_mut() = Gate::Open;
                }
                (News::Office(_), Some(_)) => {}
                (News::Board(board), Some(c)) => c.set_board(*board),
                (News::Call(call), Some(c)) => {
                    calls.push((call.display.clone(), call.at));
                    c.announce(call, now);
                }
                (News::Online(online), Some(c)) => c.set_online(online, Utc::now()),
                (_, None) => {}
            }
        }
        if any {
            self.show();
        }
        // On one machine with the hub, this is the call-to-screen time (the frame is drawn
        // right after); a call queued behind others is lit later.
        let queued = self.controller.borrow().as_ref().map_or(0, |c| c.queued());
        for (number, at) in calls {
            let ms = (Utc::now() - at).num_milliseconds();
            tracing::info!(%number, since_call_ms = ms, queued, "call on screen");
        }
    }

    /// The passing of time.
    fn tick(&self) {
        if let Some(c) = self.controller.borrow_mut().as_mut() {
            c.tick(Instant::now(), Utc::now());
        }
        self.show();
    }

    /// Copies the view into the window when it changed, and the gate over it.
    fn show(&self) {
        let Some(ui) = self.ui.upgrade() else { return };
        if let Some(c) = self.controller.borrow().as_ref() {
            let view = c.view();
            if self.shown.borrow().as_ref() != Some(&view) {
                adapter::show(&ui, &view);
                *self.shown.borrow_mut() = Some(view);
            }
        }
        let en = self.options.language == Language::En;
        let gate = shared::gate::view(&self.gate.borrow(), en, &self.named.borrow(), None);
        ui.global::<DisplayAdapter>()
            .set_gate(crate::gate::slint_view(&gate));
    }
}

/// Keeps the feed from the hub's updates: the office once welcomed (the voice starts with
/// it), calls to the voice and the screen, the board to the screen once per batch of
/// updates that arrived together.
async fn follow(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
    voice_out: Option<PathBuf>,
    generation: u64,
    news: Sender<(u64, News)>,
) {
    let mut feed = Feed::new();
    let mut voice: Option<VoicePlayer> = None;
    while let Some(first) = updates.recv().await {
        let mut changed = false;
        let mut batch = vec![first];
        while let Ok(more) = updates.try_recv() {
            batch.push(more);
        }
        let mut out = Vec::new();
        for update in batch {
            if shared::gate::withdrawn(&update) {
                let _ = news.send((generation, News::Revoked));
                return;
            }
            let heard = feed.apply(update, Instant::now(), Utc::now());
            if voice.is_none()
                && let Some(office) = feed.office()
            {
                voice = Some(start_voice(office, voice_out.as_deref()));
                // Before anything else of this batch: the screen is made from it.
                if news
                    .send((generation, News::Office(office.clone())))
                    .is_err()
                {
                    return;
                }
            }
            changed |= heard.changed;
            if let Some(online) = heard.online {
                out.push(News::Online(online));
            }
            for call in heard.announcements {
                tracing::info!(number = %call.display, counter = call.counter.0, recall = call.recall, "call");
                out.push(News::Call(call));
            }
        }
        let Some(voice) = &voice else { continue };
        if changed && let Some(board) = feed.board() {
            voice.board(board.clone());
            out.insert(0, News::Board(Box::new(board)));
        }
        for n in &out {
            if let News::Call(call) = n {
                voice.say(call.clone());
            }
        }
        for n in out {
            if news.send((generation, n)).is_err() {
                return;
            }
        }
    }
}
