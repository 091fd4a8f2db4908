//! The counter app without its window against a real hub: its controller, connection and
//! inbox, pumped as the app's timer pumps them; and tickets issued through the hub.

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use counter::clerk::controller::{ClerkController, ClerkView, Key, KeyPress};
use counter::clerk::desk::{Desk, Tagged};
use shared::engine::State;
use shared::model::{CounterId, TicketState};
use shared::protocol::Role;
use tests::{OFFICE_KEY, TestHub, eventually, http, hub_state, identity};

pub const LIMIT: Duration = Duration::from_secs(15);

/// The counter app without its window: the controller, its connection and its inbox,
/// pumped as the app's timer does.
pub struct Counter {
    pub desk: Desk,
    pub c: ClerkController,
    inbox: Receiver<Tagged>,
}

impl Counter {
    pub fn start(hub: &TestHub, n: u16) -> Counter {
        let (news, inbox) = channel();
        let me = identity(
            &hub.db,
            &hub.http_url(),
            Role::Counter,
            &format!("quay-{n}"),
            Some(n),
        );
        Counter {
            desk: Desk::connect(me, 0, news),
            c: ClerkController::new(hub.config.clone(), CounterId(n)),
            inbox,
        }
    }

    /// One tick of the app's timer: news delivered, follow-ups sent, time passed.
    pub fn pump(&mut self) {
        self.pump_at(chrono::Utc::now());
    }

    /// [`Counter::pump`] with the time of day at `now`.
    pub fn pump_at(&mut self, now: chrono::DateTime<chrono::Utc>) {
        let at = Instant::now();
        self.c.set_clock(now);
        for tagged in self.inbox.try_iter() {
            if let Some(next) = tagged.news.deliver(&mut self.c, at) {
                self.desk.carry_out(next);
            }
        }
        let c = &mut self.c;
        self.desk.with_office(|engine| c.tick(engine, at));
    }

    /// Presses a key; whatever it asks for goes to the hub.
    pub fn key(&mut self, key: Key) {
        self.pump();
        let c = &mut self.c;
        let action = self
            .desk
            .with_office(|engine| c.key(KeyPress::plain(key), engine, Instant::now()));
        if let Some(action) = action {
            self.desk.carry_out(action);
        }
    }

    pub fn keys(&mut self, text: &str) {
        for ch in text.chars() {
            self.key(Key::Char(ch));
        }
    }

    pub fn view(&self) -> ClerkView {
        self.desk
            .with_office(|engine| self.c.view(engine, chrono::Utc::now()))
    }

    /// Pumps until the screen shows what `cond` wants.
    pub async fn until(&mut self, what: &str, cond: impl Fn(&ClerkView) -> bool) {
        eventually(what, LIMIT, || {
            self.pump();
            cond(&self.view())
        })
        .await;
    }
}

/// A ticket issued through the hub's JSON API (as an integration or the kiosk would).
pub async fn issue(hub: &TestHub, field: &str) -> String {
    let auth = format!("Bearer {OFFICE_KEY}");
    let body = format!(r#"{{"field":"{field}"}}"#);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let (status, reply) = http(hub, "POST", "/api/tickets", &headers, &body).await;
    assert_eq!(status, 201, "{reply}");
    let ticket: serde_json::Value = serde_json::from_str(&reply).expect("JSON");
    ticket["display"].as_str().expect("a number").to_string()
}

/// The hub's own state of the ticket shown as `number`.
pub async fn at_hub(hub: &TestHub, number: &str) -> (TicketState, Option<CounterId>) {
    let state: State = serde_json::from_value(hub_state(hub).await).expect("a state");
    let t = state
        .tickets
        .values()
        .find(|t| t.display == number)
        .expect("the ticket is at the hub");
    (t.state, t.counter)
}
