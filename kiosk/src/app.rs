//! The kiosk app: the touchscreen wired to the office. By default the kiosk hosts the hub
//! itself, so one machine is a whole office; with `--hub URL` it joins a hub elsewhere.
//!
//! Slint runs on the main thread and owns the controller; everything else (hub, client,
//! printing) runs on a Tokio runtime and reports back through a channel that a 50 ms
//! timer drains on the UI thread.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use kiosk::controller::{
    Failure, FieldInfo, FieldState, KioskController, Language, Note, PrinterProblem, Timing,
};
use kiosk::station::{Issued, PRINTER_RECHECK, Station};
use kiosk::{KioskAdapter, KioskWindow, adapter};
use shared::client::{Client, ClientError, Credential, Identity, Link, Mirror, Update};
use shared::config::{Config, PrinterConnection};
use shared::engine::Refusal;
use shared::hub::RunningHub;
use shared::hub::public_url::{self, HubAt};
use shared::model::PriorityClass;
use shared::printer::{PrintError, VirtualPrinter};
use shared::protocol::Role;
use shared::store::{Store, devices};
use slint::ComponentHandle;

/// How the kiosk app starts.
pub struct Options {
    /// The office file.
    pub config: PathBuf,
    /// The database of the embedded hub.
    pub db: PathBuf,
    /// Join this hub instead of hosting one.
    pub hub: Option<String>,
    /// Address the embedded hub listens on (default `hub.listen`).
    pub listen: Option<String>,
    /// This kiosk's name in the office.
    pub device: String,
    /// Window size, e.g. 1080x1920; full screen when absent.
    pub size: Option<(u32, u32)>,
    /// Print to a virtual printer saving tickets in this folder instead.
    pub virtual_printer: Option<PathBuf>,
    /// This kiosk's credential, for joining a hub elsewhere.
    pub credential: PathBuf,
}

/// What the background tasks tell the UI thread.
enum News {
    Fields(Vec<FieldInfo>),
    Online(bool),
    Issued(Result<Issued, ClientError>),
    Printer(Option<PrintError>),
}

/// Runs the kiosk until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let office = Arc::new(Config::load(&o.config)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let join = match o.hub.as_deref() {
        Some("auto") => Some(find_hub()?),
        Some(url) => Some(url.to_string()),
        None => office.hub.url.clone(),
    };
    let (hub_url, token, pinned, _hub): (String, String, Option<String>, Option<RunningHub>) =
        match join {
            Some(url) => {
                let credential = Credential::load(&o.credential)?.with_context(|| {
                format!(
                    "this kiosk is not paired with the office's hub: no credential at {}; on the hub's machine run `kiosk devices add {} --role kiosk --credential FILE` and copy FILE here (docs/devices.md)",
                    o.credential.display(),
                    o.device
                )
            })?;
                (url, credential.token, credential.hub_certificate, None)
            }
            None => {
                let store = Store::open(&o.db, office.clone())
                    .with_context(|| format!("opening {}", o.db.display()))?;
                // The kiosk hosting the hub is paired with itself: a fresh token each start,
                // held only in this process's memory.
                let token = devices::reissue(
                    store.connection(),
                    &o.device,
                    Role::Kiosk,
                    None,
                    chrono::Utc::now(),
                )
                .context("enrolling this kiosk with its own hub")?;
                let listen = o
                    .listen
                    .clone()
                    .unwrap_or_else(|| office.hub.listen.clone());
                let hub = runtime.block_on(async {
                    let listener = tokio::net::TcpListener::bind(&listen)
                        .await
                        .with_context(|| format!("listening on {listen}"))?;
                    anyhow::Ok(RunningHub::spawn(listener, store)?)
                })?;
                let port = hub.addr.port();
                tracing::info!(address = %hub.addr, "hub hosted by this kiosk");
                // A hub that can no longer save stops; the kiosk goes with it, so that its
                // service manager starts both again from the file (nothing unsaved is shown).
                let failed = hub.failed();
                runtime.spawn(async move {
                    let reason = failed.await;
                    tracing::error!(%reason, "the kiosk is stopping: its hub stopped");
                    std::process::exit(1);
                });
                // Its own hub, over loopback: plain, nothing crosses the LAN.
                (format!("http://127.0.0.1:{port}"), token, None, Some(hub))
            }
        };
    // The tickets' QR codes lead phones to the hub: say at once when they cannot.
    let at = match &_hub {
        Some(hub) => HubAt::Hosted(hub.addr),
        None => HubAt::Joined(hub_url.clone()),
    };
    let public = public_url::for_this_machine(&office.hub, &at);
    match &public.problem {
        None => {
            tracing::info!(url = %public.url, source = ?public.source, "ticket QR codes lead here")
        }
        Some(problem) => tracing::warn!(url = %public.url, "{problem}"),
    }
    let _enter = runtime.enter();
    let identity = Identity {
        url: hub_url,
        role: Role::Kiosk,
        device: o.device.clone(),
        token,
        counter: None,
        manager: None,
        hub_certificate: pinned,
    };
    let (client, updates) = Client::start(identity);
    let (printer, _virtual) = match &o.virtual_printer {
        None => (office.printer.connection.clone(), None),
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
            let printer = VirtualPrinter::start(listener, Some(dir.clone()))?;
            tracing::info!(address = %printer.address(), folder = %dir.display(), "printing to a virtual printer");
            (
                PrinterConnection::Network {
                    address: printer.address(),
                },
                Some(printer),
            )
        }
    };
    let mirror = Arc::new(Mutex::new(Mirror::default()));
    let station = Station::new(
        client.clone(),
        mirror.clone(),
        office.clone(),
        printer,
        public.url,
    )
    .with_setup_problem(public.problem.map(|p| p.vietnamese()));
    let (news, inbox) = channel();
    runtime.spawn(follow_office(updates, mirror, office.clone(), news.clone()));
    runtime.spawn(follow_link(client, news.clone()));
    runtime.spawn(watch_printer(station.clone(), news.clone()));
    let reporting = station.clone();
    runtime.spawn(async move { reporting.report_setup().await });

    let ui = KioskWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_fullscreen(true),
    }
    let mut controller = KioskController::new(Timing::default());
    controller.set_office(&office.name, &office.name_en);
    controller.set_fields(office.fields.iter().map(FieldInfo::from_config).collect());
    let app = Rc::new(App {
        ui: ui.as_weak(),
        controller: RefCell::new(controller),
        station,
        news,
        office,
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

/// The UI thread's side of the kiosk.
struct App {
    ui: slint::Weak<KioskWindow>,
    controller: RefCell<KioskController>,
    station: Station,
    news: Sender<News>,
    office: Arc<Config>,
}

impl App {
    fn wire(self: &Rc<Self>, ui: &KioskWindow) {
        let a = ui.global::<KioskAdapter>();
        let app = self.clone();
        a.on_field_pressed(move |code| {
            app.controller
                .borrow_mut()
                .press_field(&code, Instant::now());
            app.show();
        });
        let app = self.clone();
        a.on_priority_chosen(move |class| app.choose(&class));
        let app = self.clone();
        a.on_back(move || {
            app.controller.borrow_mut().back(Instant::now());
            app.show();
        });
        let app = self.clone();
        a.on_done(move || {
            app.controller.borrow_mut().done();
            app.show();
        });
        let app = self.clone();
        a.on_toggle_language(move || {
            app.controller.borrow_mut().toggle_language(Instant::now());
            app.show();
        });
    }

    fn choose(&self, class: &str) {
        let pressed = Instant::now();
        let class = PriorityClass::parse(class).unwrap_or(PriorityClass::Regular);
        let request = self.controller.borrow_mut().choose_priority(class, pressed);
        if let Some(request) = request {
            let language = match self.controller.borrow().language() {
                Language::Vi => shared::ticket::Language::Vi,
                Language::En => shared::ticket::Language::En,
            };
            let (station, news) = (self.station.clone(), self.news.clone());
            tokio::spawn(async move {
                let issued = station
                    .issue(request.field, request.class, language, pressed)
                    .await;
                if let Ok(i) = &issued {
                    tracing::info!(ticket = %i.ticket.display, press_to_printer_ms = i.press_to_printer.as_millis(), "ticket issued");
                }
                let _ = news.send(News::Printer(station.printer_problem()));
                let _ = news.send(News::Issued(issued));
            });
        }
        self.show();
    }

    /// Applies what the background tasks reported, and the passing of time.
    fn pump(&self, inbox: &Receiver<News>) {
        let now = Instant::now();
        let mut c = self.controller.borrow_mut();
        for news in inbox.try_iter() {
            match news {
                News::Fields(fields) => c.set_fields(fields),
                News::Online(online) => c.set_hub_online(online),
                News::Printer(problem) => {
                    c.set_printer_problem(problem.as_ref().map(PrinterProblem::of))
                }
                News::Issued(Ok(i)) => {
                    let note = i.printed.is_err().then_some(Note::NotPrinted);
                    let wait = i.ticket.estimated_wait_minutes.map(|m| m as u32);
                    c.issued(&i.ticket.display, i.ticket.people_ahead, wait, note, now);
                }
                News::Issued(Err(e)) => c.failed(failure(&e), now),
            }
        }
        let local = chrono::Utc::now()
            .with_timezone(&self.office.time_zone)
            .naive_local();
        c.set_clock(local);
        c.tick(now);
        drop(c);
        self.show();
    }

    fn show(&self) {
        if let Some(ui) = self.ui.upgrade() {
            adapter::show(&ui, &self.controller.borrow().view());
        }
    }
}

/// What a failed issue means for the citizen.
fn failure(e: &ClientError) -> Failure {
    match e {
        ClientError::Offline | ClientError::ConnectionLost | ClientError::Stopped => {
            Failure::Offline
        }
        ClientError::Refused(Refusal::FieldClosed { .. }) => Failure::Closed,
        ClientError::Refused(
            Refusal::RangeExhausted { .. } | Refusal::DailyLimitReached { .. },
        ) => Failure::Full,
        _ => Failure::Other,
    }
}

/// Keeps the mirror of the office and sends the fields as the kiosk shows them.
async fn follow_office(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
    mirror: Arc<Mutex<Mirror>>,
    office: Arc<Config>,
    news: Sender<News>,
) {
    while let Some(update) = updates.recv().await {
        let fields = {
            let Ok(mut m) = mirror.lock() else { return };
            if !m.apply(update) {
                continue;
            }
            m.engine().map(|engine| fields_of(engine, &office))
        };
        if let Some(fields) = fields
            && news.send(News::Fields(fields)).is_err()
        {
            return;
        }
    }
}

/// The fields with their state, queue and estimated wait for a ticket taken now.
fn fields_of(engine: &shared::engine::Engine, office: &Config) -> Vec<FieldInfo> {
    let state = engine.state();
    let now = chrono::Utc::now();
    office
        .fields
        .iter()
        .map(|f| {
            let live = state.fields.get(&f.code);
            let full = f
                .daily_limit
                .is_some_and(|l| live.is_some_and(|s| s.issued >= l));
            FieldInfo {
                state: match live.map(|s| s.open) {
                    Some(false) => FieldState::Closed,
                    _ if full => FieldState::Full,
                    _ => FieldState::Open,
                },
                waiting: state.lines.waiting(&f.code) as u32,
                wait_minutes: engine
                    .wait_for_new(&f.code, now)
                    .map(|d| d.as_secs().div_ceil(60) as u32),
                ..FieldInfo::from_config(f)
            }
        })
        .collect()
}

async fn follow_link(client: Client, news: Sender<News>) {
    let mut link = client.watch_link();
    loop {
        let online = *link.borrow_and_update() == Link::Online;
        if news.send(News::Online(online)).is_err() || link.changed().await.is_err() {
            return;
        }
    }
}

async fn watch_printer(station: Station, news: Sender<News>) {
    loop {
        tokio::time::sleep(PRINTER_RECHECK).await;
        if station.printer_problem().is_some() {
            station.recheck_printer().await;
            if news.send(News::Printer(station.printer_problem())).is_err() {
                return;
            }
        }
    }
}

/// The hub advertised on the office LAN, waiting up to 10 seconds.
fn find_hub() -> anyhow::Result<String> {
    tracing::info!("looking for the office hub on the LAN");
    shared::discovery::find_hub(shared::discovery::Scope::Lan, Duration::from_secs(10))?
        .context("no hub answered on the LAN; give its address with --hub http://HOST:PORT")
}
