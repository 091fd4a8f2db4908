//! The room the display tests play in: a hub's real engine on one side, a display's feed
//! and controller on the other, and a clock moved by hand. Included by `display_controller`
//! `display_feed` and `display_voice` (`#[path]`); built alone it is an empty test target.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use counter::display::{DisplayController, Feed, Language, Settings};
use shared::board::Announcement;
use shared::client::Update;
use shared::config::Config;
use shared::engine::{Command, Engine, Event};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};

/// The default office's highlight time.
pub const HIGHLIGHT: Duration = Duration::from_secs(8);

/// A hub's engine on one side, a display (feed and controller) on the other, and a clock
/// the test moves by hand: `now` for the display, `wall` for both.
pub struct Room {
    /// The hub's engine.
    pub engine: Engine,
    /// The display's copy of the office.
    pub feed: Feed,
    /// The display's screen.
    pub display: DisplayController,
    /// The display's monotonic clock.
    pub now: Instant,
    /// Wall-clock time, the same for hub and display.
    pub wall: DateTime<Utc>,
    /// Events made while the display was away, to replay when it comes back.
    pub missed: Vec<Event>,
    /// The display is cut off from the hub.
    pub away: bool,
    /// Every call the feed gave to announce, in order.
    pub said: Vec<Announcement>,
}

/// The default office.
pub fn office() -> Arc<Config> {
    tests::default_office()
}

impl Room {
    /// A display connected to an office at 14:00 in Hà Nội, with counters 1..=`open` open
    /// for Việc làm and `waiting` tickets in that field.
    pub fn new(language: Language, open: u16, waiting: usize) -> Room {
        let office = office();
        let mut room = Room {
            engine: Engine::new(office.clone()),
            feed: Feed::new(),
            display: DisplayController::new(office.clone(), Settings::of(&office, language)),
            now: Instant::now(),
            wall: "2026-11-23T07:00:00Z".parse().expect("time"),
            missed: Vec::new(),
            away: true,
            said: Vec::new(),
        };
        for _ in 0..waiting {
            room.act(Command::IssueTicket {
                field: FieldCode::new("VL"),
                class: PriorityClass::Regular,
                source: Source::Kiosk("k".into()),
            });
        }
        for n in 1..=open {
            let clerk = ["lan", "hung", "mai", "dung", "huong", "tuan"][usize::from(n) - 1];
            room.act(Command::OpenCounter {
                counter: CounterId(n),
                clerk: ClerkId::new(clerk),
                fields: vec![FieldCode::new("VL")],
            });
        }
        room.missed.clear();
        room.away = false;
        room.connect();
        room
    }

    /// The display connects: the hub welcomes it and sends a snapshot.
    pub fn connect(&mut self) {
        self.hear(Update::Connected(Box::new(
            (**self.engine.config()).clone(),
        )));
        let state = self
            .engine
            .state()
            .for_devices(shared::protocol::SNAPSHOT_ENDED);
        self.hear(Update::Snapshot(Box::new(state)));
    }

    /// The display hears an update now.
    pub fn hear(&mut self, update: Update) {
        let heard = self.feed.apply(update, self.now, self.wall);
        if let Some(online) = heard.online {
            self.display.set_online(online, self.wall);
        }
        if heard.changed {
            self.display
                .set_board(self.feed.board().expect("a board after a change"));
        }
        for call in heard.announcements {
            self.said.push(call.clone());
            self.display.announce(call, self.now);
        }
        self.display.tick(self.now, self.wall);
    }

    /// The hub applies a command; the display hears its events (unless it is away).
    pub fn act(&mut self, command: Command) {
        let events = self.engine.apply(&command, self.wall).expect("applied");
        for event in events {
            if self.away {
                self.missed.push(event);
            } else {
                self.hear(Update::Event(Box::new(event)));
            }
        }
    }

    /// The clerk at `counter` calls the next ticket.
    pub fn call(&mut self, counter: u16) {
        self.act(Command::CallNext {
            counter: CounterId(counter),
        });
    }

    /// The citizen called to `counter` has arrived: the clerk starts serving.
    pub fn arrive(&mut self, counter: u16) {
        self.act(Command::StartServing {
            counter: CounterId(counter),
        });
    }

    /// The clerk at `counter` calls the same ticket again.
    pub fn recall(&mut self, counter: u16) {
        self.act(Command::Recall {
            counter: CounterId(counter),
        });
    }

    /// Time passes for everyone.
    pub fn wait(&mut self, d: Duration) {
        self.now += d;
        self.wall += chrono::Duration::from_std(d).expect("duration");
        self.display.tick(self.now, self.wall);
    }

    /// The link drops.
    pub fn drop_link(&mut self) {
        self.away = true;
        self.hear(Update::Disconnected("the hub closed the connection".into()));
    }

    /// The link comes back and the hub replays what was missed.
    pub fn resume(&mut self) {
        self.away = false;
        self.hear(Update::Connected(Box::new(
            (**self.engine.config()).clone(),
        )));
        for event in std::mem::take(&mut self.missed) {
            self.hear(Update::Event(Box::new(event)));
        }
    }

    /// The big panel: (number, counter, lit).
    pub fn panel(&self) -> (String, String, bool) {
        let v = self.display.view();
        (v.call.number, v.call.counter, v.call.lit)
    }

    /// The recent list as (number, counter).
    pub fn recent(&self) -> Vec<(String, String)> {
        self.display
            .view()
            .recent
            .into_iter()
            .map(|r| (r.number, r.counter))
            .collect()
    }
}

/// A recent-list line.
pub fn s(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}
