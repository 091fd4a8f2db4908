//! The counter app's screen keeps time through a hub restart and a device alert.
//!
//! The clerk's window is drawn by Slint's software renderer, which repaints only what
//! changed since the last frame. This test draws it the same way, frame after frame, into
//! one reused buffer (as the app's window does), while a real hub stops, starts again and
//! a kiosk reports its printer, and then lets a quarter of an hour pass. Then the frame on
//! screen must equal a frame drawn from scratch: a clock or a timer left unrepainted shows
//! as a difference.
//!
//! The renderer used to lose track of a text after about a thousand texts had changed (its
//! text cache swept the link between a text and its repaint), so the clock and the timers
//! froze some minutes into the day; a hub restart and an alert only add changes. The fix is
//! the patched `i-slint-core` in `shared/vendor/`.

mod clerk_support;

use std::rc::Rc;
use std::time::{Duration, Instant};

use clerk_support::hub::Counter;

use chrono::{DateTime, Utc};
use counter::ClerkWindow;
use counter::clerk::adapter;
use counter::clerk::controller::{ClerkView, Key, Language};
use shared::client::Link;
use shared::engine::Command;
use shared::protocol::Role;
use slint::ComponentHandle;
use slint::platform::software_renderer::{
    MinimalSoftwareWindow, PremultipliedRgbaColor, RepaintBufferType,
};
use slint::platform::{Platform, WindowAdapter};
use tests::{TestHub, default_office, http};

const WIDTH: u32 = 1366;
const HEIGHT: u32 = 768;
const LIMIT: Duration = Duration::from_secs(15);

/// One window, drawn on demand by the software renderer.
struct Offscreen {
    window: Rc<MinimalSoftwareWindow>,
    started: Instant,
}

impl Platform for Offscreen {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }

    fn duration_since_start(&self) -> Duration {
        self.started.elapsed()
    }
}

/// The counter app without its event loop: its window, controller, connection and inbox,
/// refreshed as the app's timer refreshes it, at a clock the test moves.
struct App {
    window: Rc<MinimalSoftwareWindow>,
    ui: ClerkWindow,
    screen: Vec<PremultipliedRgbaColor>,
    counter: Counter,
    now: DateTime<Utc>,
}

impl App {
    fn start(hub: &TestHub, n: u16) -> App {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::ReusedBuffer);
        slint::platform::set_platform(Box::new(Offscreen {
            window: window.clone(),
            started: Instant::now(),
        }))
        .expect("the first platform of this thread");
        let ui = ClerkWindow::new().expect("the window builds");
        adapter::select_language(Language::Vi).expect("translations are bundled");
        ui.show().expect("shown");
        window.set_size(slint::PhysicalSize::new(WIDTH, HEIGHT));
        App {
            window,
            ui,
            screen: vec![PremultipliedRgbaColor::default(); (WIDTH * HEIGHT) as usize],
            counter: Counter::start(hub, n),
            now: Utc::now(),
        }
    }

    /// One tick of the app's timer: news, the passing of time, and the screen redrawn.
    fn refresh(&mut self) {
        self.counter.pump_at(self.now);
        adapter::show(&self.ui, &self.view());
        slint::platform::update_timers_and_animations();
        let screen = &mut self.screen;
        self.window.draw_if_needed(|renderer| {
            renderer.render(screen, WIDTH as usize);
        });
    }

    fn view(&self) -> ClerkView {
        let c = &self.counter;
        c.desk.with_office(|engine| c.c.view(engine, self.now))
    }

    fn key(&mut self, key: Key) {
        self.refresh();
        self.counter.key(key);
    }

    /// Refreshes, with the clock running, until the screen shows what `cond` wants.
    async fn until(&mut self, what: &str, cond: impl Fn(&ClerkView) -> bool) {
        let deadline = Instant::now() + LIMIT;
        loop {
            self.now += chrono::Duration::milliseconds(50);
            self.refresh();
            if cond(&self.view()) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Lets `secs` seconds pass on the clock, a refresh every second.
    fn pass(&mut self, secs: i64) {
        for _ in 0..secs {
            self.now += chrono::Duration::seconds(1);
            self.refresh();
        }
    }

    /// Where the frame on screen differs from one drawn from scratch: the bounding box
    /// of the stale pixels, if any. Drawing from scratch resets the renderer's memory of
    /// the previous frame, so this is done at the points the test checks.
    fn stale(&mut self) -> Option<(u32, u32, u32, u32)> {
        let mut fresh = vec![PremultipliedRgbaColor::default(); self.screen.len()];
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.set_repaint_buffer_type(RepaintBufferType::NewBuffer);
            renderer.render(&mut fresh, WIDTH as usize);
            renderer.set_repaint_buffer_type(RepaintBufferType::ReusedBuffer);
        });
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        for (i, (a, b)) in self.screen.iter().zip(&fresh).enumerate() {
            if (a.red, a.green, a.blue, a.alpha) != (b.red, b.green, b.blue, b.alpha) {
                let (x, y) = (i as u32 % WIDTH, i as u32 / WIDTH);
                bounds = Some(match bounds {
                    None => (x, y, x, y),
                    Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
                });
            }
        }
        self.screen = fresh;
        bounds
    }
}

async fn issue(hub: &TestHub, field: &str) {
    let auth = hub.bearer(shared::store::api_keys::Scope::Issue);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let body = format!(r#"{{"field":"{field}"}}"#);
    let (status, reply) = http(hub, "POST", "/api/tickets", &headers, &body).await;
    assert_eq!(status, 201, "{reply}");
}

#[test]
fn the_clock_and_timers_keep_moving_after_a_hub_restart_and_a_device_alert() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let _enter = runtime.enter();
    runtime.block_on(async {
        let hub = TestHub::start(default_office()).await;
        for _ in 0..2 {
            issue(&hub, "BHTN").await;
        }
        let mut app = App::start(&hub, 2);
        app.until("online", |v| v.online && !v.loading).await;
        for ch in "mai3333".chars() {
            app.key(Key::Char(ch));
        }
        app.key(Key::Enter);
        app.until("logged in", |v| v.screen == "desk").await;
        app.key(Key::F(1));
        app.until("a ticket called", |v| v.ticket.state == "called")
            .await;
        app.pass(5);
        assert_eq!(app.stale(), None, "the desk before the restart");

        let stopped = hub.stop().await;
        app.until("offline", |v| !v.online).await;
        app.pass(3);
        let hub = stopped.start().await;
        app.until("back online", |v| v.online && !v.loading).await;
        issue(&hub, "VL").await;
        let (kiosk, _) = hub.client(Role::Kiosk, "kiosk-1", None);
        let mut link = kiosk.watch_link();
        link.wait_for(|l| *l == Link::Online)
            .await
            .expect("the kiosk connects");
        let report = Command::ReportDevice {
            device: String::new(),
            problem: Some("máy in hết giấy".into()),
        };
        kiosk.command(report).await.expect("reported");
        app.until("the alert shown", |v| !v.staff_alert.is_empty())
            .await;

        // A quarter of an hour: some thousand texts change, the clock fifteen times.
        let before = app.view();
        app.pass(900);
        let after = app.view();
        assert_ne!(before.clock, after.clock);
        assert_ne!(before.ticket.called_ago, after.ticket.called_ago);
        assert!(
            before
                .next
                .iter()
                .zip(&after.next)
                .all(|(b, a)| b.waited != a.waited),
            "every waiting time moves: {:?} then {:?}",
            before.next,
            after.next
        );
        assert_eq!(
            app.stale(),
            None,
            "the screen a quarter of an hour after the restart and the alert"
        );
    });
}
