//! The kiosk app: the touchscreen wired to the office. By default the kiosk hosts the hub
//! itself, so one machine is a whole office; with `--hub URL` it joins a hub elsewhere.
//!
//! Slint runs on the main thread and owns the controller; everything else (hub, client,
//! printing) runs on a Tokio runtime and reports back through a channel that a 50 ms
//! timer drains on the UI thread.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use kiosk::controller::{FieldInfo, KioskController, Language, Note, PrinterProblem, Timing};
use kiosk::joining::{Joining, Welcomed};
use kiosk::station::{Issued, Station};
use kiosk::{KioskAdapter, KioskWindow, adapter};
use shared::client::{Client, ClientError, Identity, Mirror, PairRequest, Update};
use shared::config::{Config, PrinterConnection};
use shared::gate::Enrolment;
use shared::hub::public_url::{self, HubAt};
use shared::model::PriorityClass;
use shared::printer::{PrintError, VirtualPrinter};
use shared::protocol::Role;
use slint::ComponentHandle;

mod hosting;
mod tasks;

use hosting::{find_hub, host};
use tasks::{failure, follow_link, follow_office, watch_printer};

/// How the kiosk app starts.
pub struct Options {
    /// The office file (read only by a kiosk that hosts the hub).
    pub config: PathBuf,
    /// The database of the embedded hub.
    pub db: PathBuf,
    /// Join this hub instead of hosting one.
    pub hub: Option<String>,
    /// Address the embedded hub listens on (default `hub.listen`).
    pub listen: Option<String>,
    /// This kiosk's name in the office (asked for when it pairs).
    pub device: String,
    /// A joining kiosk's credential file.
    pub credential: PathBuf,
    /// Window size, e.g. 1080x1920; full screen when absent.
    pub size: Option<(u32, u32)>,
    /// Print to a virtual printer saving tickets in this folder instead.
    pub virtual_printer: Option<PathBuf>,
}

/// What the background tasks tell the UI thread.
enum News {
    Fields(Vec<FieldInfo>),
    Online(bool),
    Issued(Result<Issued, ClientError>),
    Printer(Option<PrintError>),
    /// The office manager withdrew this (joining) kiosk's pairing.
    Revoked,
}

/// Runs the kiosk until its window closes.
pub fn run(o: Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let join = match o.hub.as_deref() {
        Some("auto") => Some(find_hub()?),
        Some(url) => Some(url.to_string()),
        None => None,
    };
    // Only a kiosk that hosts the hub reads the office file (it is the hub); one that
    // joins runs from what the hub sends, unless the file names the hub to join.
    let office = match &join {
        Some(_) => None,
        None => Some(Arc::new(Config::load(&o.config)?)),
    };
    let join = join.or_else(|| office.as_ref().and_then(|f| f.hub.url.clone()));
    let _enter = runtime.enter();
    let ui = KioskWindow::new()?;
    match o.size {
        Some((w, h)) => ui.window().set_size(slint::PhysicalSize::new(w, h)),
        None => ui.window().set_fullscreen(true),
    }
    let shell = Rc::new(Shell {
        ui: ui.as_weak(),
        app: RefCell::new(None),
        joining: RefCell::new(None),
        virtual_printer: o.virtual_printer.clone(),
    });
    let _hub = match (join, office) {
        (Some(url), _) => {
            let enrolment = Enrolment {
                path: o.credential.clone(),
                hub: Some(url.clone()),
                default_hub: url,
                request: PairRequest {
                    device: o.device.clone(),
                    role: Role::Kiosk,
                    counter: None,
                },
            };
            *shell.joining.borrow_mut() = Some(Joining::start(enrolment));
            None
        }
        (None, Some(office)) => {
            let (hub, token) = host(&runtime, &o, &office)?;
            let hub_url = format!("http://127.0.0.1:{}", hub.addr.port());
            let identity = Identity {
                url: hub_url.clone(),
                role: Role::Kiosk,
                device: o.device.clone(),
                token,
                counter: None,
                manager: None,
                hub_certificate: None,
                from: None,
            };
            let (client, updates) = Client::start(identity);
            let welcomed = Welcomed {
                client,
                updates,
                office,
                hub: hub_url,
            };
            shell.open(&ui, welcomed, HubAt::Hosted(hub.addr))?;
            Some(hub)
        }
        (None, None) => unreachable!("an office file is read unless joining"),
    };
    shell.show();
    let timer = slint::Timer::default();
    let pump = shell.clone();
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_millis(50),
        move || pump.pump(),
    );
    ui.run()?;
    Ok(())
}

/// The window's owner: the kiosk at work once the hub has welcomed it, else the way in of
/// a joining kiosk (its pairing code, then waiting for the welcome).
struct Shell {
    ui: slint::Weak<KioskWindow>,
    app: RefCell<Option<Rc<App>>>,
    joining: RefCell<Option<Joining>>,
    virtual_printer: Option<PathBuf>,
}

impl Shell {
    /// The kiosk at work on the office the hub welcomed it with.
    fn open(&self, ui: &KioskWindow, w: Welcomed, at: HubAt) -> anyhow::Result<()> {
        let office = w.office;
        // The tickets' QR codes lead phones to the hub: say at once when they cannot.
        let public = public_url::for_this_machine(&office.hub, &at);
        match &public.problem {
            None => {
                tracing::info!(url = %public.url, source = ?public.source, "ticket QR codes lead here")
            }
            Some(problem) => tracing::warn!(url = %public.url, "{problem}"),
        }
        let (printer, virtual_printer) = match &self.virtual_printer {
            None => (office.printer.connection.clone(), None),
            Some(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
                listener.set_nonblocking(true)?;
                let listener = tokio::net::TcpListener::from_std(listener)?;
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
        if let Ok(mut m) = mirror.lock() {
            m.apply(Update::Connected(Box::new((*office).clone())));
        }
        let station = Station::new(
            w.client.clone(),
            mirror.clone(),
            office.clone(),
            printer,
            public.url,
        )
        .with_setup_problem(public.problem.map(|p| p.vietnamese()));
        let (news, inbox) = channel();
        tokio::spawn(follow_office(
            w.updates,
            mirror,
            office.clone(),
            news.clone(),
        ));
        tokio::spawn(follow_link(w.client, news.clone()));
        tokio::spawn(watch_printer(station.clone(), news.clone()));
        let reporting = station.clone();
        tokio::spawn(async move { reporting.report_setup().await });

        let mut controller = KioskController::new(Timing::default());
        controller.set_office(&office.name, &office.name_en);
        controller.set_fields(office.fields.iter().map(FieldInfo::from_config).collect());
        let app = Rc::new(App {
            ui: ui.as_weak(),
            controller: RefCell::new(controller),
            station,
            news,
            inbox,
            office,
            revoked: Cell::new(false),
            _virtual: virtual_printer,
        });
        app.wire(ui);
        *self.app.borrow_mut() = Some(app);
        Ok(())
    }

    /// The 50 ms timer: the kiosk at work, or the way in.
    fn pump(&self) {
        let app = self.app.borrow().clone();
        if let Some(app) = app {
            app.pump();
            if app.revoked.get() {
                *self.app.borrow_mut() = None;
                if let Some(j) = self.joining.borrow_mut().as_mut() {
                    j.revoked();
                }
            }
        } else {
            let welcomed = self.joining.borrow_mut().as_mut().and_then(Joining::poll);
            if let (Some(w), Some(ui)) = (welcomed, self.ui.upgrade()) {
                let at = HubAt::Joined(w.hub.clone());
                if let Err(e) = self.open(&ui, w, at) {
                    tracing::error!(error = %e, "the kiosk cannot start");
                }
            }
        }
        self.show();
    }

    /// The kiosk's screen, or the gate over it.
    fn show(&self) {
        let Some(ui) = self.ui.upgrade() else { return };
        let gate = match (self.app.borrow().as_ref(), self.joining.borrow().as_ref()) {
            (Some(app), _) => {
                app.show();
                shared::gate::GateView::default()
            }
            (None, Some(j)) => j.view(false),
            (None, None) => shared::gate::GateView::default(),
        };
        adapter::show_gate(&ui, &gate);
    }
}

/// The UI thread's side of the kiosk.
struct App {
    ui: slint::Weak<KioskWindow>,
    controller: RefCell<KioskController>,
    station: Station,
    news: Sender<News>,
    inbox: Receiver<News>,
    office: Arc<Config>,
    /// The hub said this kiosk's pairing was withdrawn.
    revoked: Cell<bool>,
    _virtual: Option<VirtualPrinter>,
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
    fn pump(&self) {
        let now = Instant::now();
        let mut c = self.controller.borrow_mut();
        for news in self.inbox.try_iter() {
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
                News::Revoked => self.revoked.set(true),
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
