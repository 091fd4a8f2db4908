//! The wall display app: the screen and the voice wired to the office's hub.
//!
//! Slint runs on the main thread and owns the controller. The hub connection runs on a
//! Tokio runtime: a task keeps the [`Feed`], hands each call to the voice player (its own
//! thread) and reports to the UI thread through a channel that a 50 ms timer drains. A
//! 1 s timer moves the clock and lets a lit call give way to the next.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use shared::board::{Announcement, Board};
use shared::client::{Client, Credential, Identity, Update};
use shared::config::Config;
use shared::voice::Pack;
use slint::ComponentHandle;

use super::texts::Language;
use super::voice::{Output, VoicePlayer, find_pack};
use super::{DisplayController, DisplayView, Feed, Settings, adapter};
use crate::DisplayWindow;

/// How the display starts.
pub struct Options {
    /// The office file (office key, time zone, voice, display settings).
    pub config: PathBuf,
    /// The hub's URL; default `hub.url`, else the one the credential names.
    pub hub: Option<String>,
    /// This display's name in the office.
    pub device: String,
    /// Window size, e.g. 1920x1080; full screen when absent.
    pub size: Option<(u32, u32)>,
    /// Write each call as a WAV file in this folder instead of playing it.
    pub voice_out: Option<PathBuf>,
    /// The language of the screen.
    pub language: Language,
    /// The device's own credential from pairing.
    pub credential: PathBuf,
}

/// What the hub task tells the UI thread.
enum News {
    Board(Box<Board>),
    Call(Announcement),
    Online(bool),
}

/// Runs the display until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let office = Arc::new(Config::load(&o.config)?);
    let credential = Credential::load(&o.credential)?.with_context(|| {
        format!(
            "this display is not paired with the office: no credential at {}; on the hub's machine run `kiosk devices add {} --role display --credential FILE` and copy FILE here (docs/devices.md)",
            o.credential.display(),
            o.device
        )
    })?;
    let url = o
        .hub
        .clone()
        .or_else(|| office.hub.url.clone())
        .unwrap_or_else(|| credential.hub.clone());
    tracing::info!(hub = %url, "wall display starting");
    let voice = start_voice(&office, &o);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let _enter = runtime.enter();
    let identity = Identity {
        url,
        ..credential.identity()
    };
    let (client, updates) = Client::start(identity);
    let (news, inbox) = channel();
    runtime.spawn(follow(updates, voice, news));

    let ui = DisplayWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_fullscreen(true),
    }
    let settings = Settings::of(&office, o.language);
    let app = Rc::new(App {
        ui: ui.as_weak(),
        controller: RefCell::new(DisplayController::new(office, settings)),
        shown: RefCell::new(None),
    });
    app.tick();
    let drain = slint::Timer::default();
    let pump = app.clone();
    drain.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(50),
        move || pump.pump(&inbox),
    );
    let clock = slint::Timer::default();
    let ticker = app.clone();
    clock.start(
        slint::TimerMode::Repeated,
        Duration::from_secs(1),
        move || ticker.tick(),
    );
    ui.run()?;
    drop(client);
    Ok(())
}

/// The voice player as the office file and the options say.
fn start_voice(office: &Config, o: &Options) -> VoicePlayer {
    if !office.voice.enabled {
        tracing::info!("voice disabled in the office file");
        return VoicePlayer::silent();
    }
    let pack = match find_pack(&office.voice.pack, &o.config).map(|dir| Pack::open(&dir)) {
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
    let output = match &o.voice_out {
        Some(dir) => match std::fs::create_dir_all(dir) {
            Ok(()) => Output::Folder(dir.clone()),
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
    controller: RefCell<DisplayController>,
    shown: RefCell<Option<DisplayView>>,
}

impl App {
    /// Applies what the hub task reported.
    fn pump(&self, inbox: &Receiver<News>) {
        let now = Instant::now();
        let mut any = false;
        let mut calls = Vec::new();
        {
            let mut c = self.controller.borrow_mut();
            for news in inbox.try_iter() {
                any = true;
                match news {
                    News::Board(board) => c.set_board(*board),
                    News::Call(call) => {
                        calls.push((call.display.clone(), call.at));
                        c.announce(call, now);
                    }
                    News::Online(online) => c.set_online(online, Utc::now()),
                }
            }
        }
        if any {
            self.show();
        }
        // On one machine with the hub, this is the call-to-screen time (the frame is drawn
        // right after); a call queued behind others is lit later.
        let queued = self.controller.borrow().queued();
        for (number, at) in calls {
            let ms = (Utc::now() - at).num_milliseconds();
            tracing::info!(%number, since_call_ms = ms, queued, "call on screen");
        }
    }

    /// The passing of time.
    fn tick(&self) {
        self.controller
            .borrow_mut()
            .tick(Instant::now(), Utc::now());
        self.show();
    }

    /// Copies the view into the window when it changed.
    fn show(&self) {
        let view = self.controller.borrow().view();
        if self.shown.borrow().as_ref() == Some(&view) {
            return;
        }
        if let Some(ui) = self.ui.upgrade() {
            adapter::show(&ui, &view);
        }
        *self.shown.borrow_mut() = Some(view);
    }
}

/// Keeps the feed from the hub's updates: calls go to the voice and the screen, the board
/// to the screen once per batch of updates that arrived together.
async fn follow(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
    voice: VoicePlayer,
    news: Sender<News>,
) {
    let mut feed = Feed::new();
    while let Some(first) = updates.recv().await {
        let mut changed = false;
        let mut batch = vec![first];
        while let Ok(more) = updates.try_recv() {
            batch.push(more);
        }
        let mut out = Vec::new();
        for update in batch {
            let heard = feed.apply(update, Instant::now(), Utc::now());
            changed |= heard.changed;
            if let Some(online) = heard.online {
                out.push(News::Online(online));
            }
            for call in heard.announcements {
                tracing::info!(number = %call.display, counter = call.counter.0, recall = call.recall, "call");
                out.push(News::Call(call));
            }
        }
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
            if news.send(n).is_err() {
                return;
            }
        }
    }
}
