//! Helpers shared by the counter app's UI tests: the window on Slint's testing backend,
//! element lookups, and the office's engine with counter 3's controller.
#![allow(dead_code)]

pub mod hub;

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use counter::ClerkWindow;
use counter::clerk::adapter;
use counter::clerk::controller::{Action, ClerkController, Key, KeyPress, Language};
use i_slint_backend_testing::{ElementHandle, ElementRoot};
use shared::config::Config;
use shared::engine::{Command, Engine};
use shared::model::{CounterId, FieldCode, PriorityClass, Source};

/// The default office as shipped.
pub fn office() -> Arc<Config> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
    Arc::new(Config::load(std::path::Path::new(path)).expect("the default office loads"))
}

/// A clerk window on the testing backend, in Vietnamese.
pub fn window() -> ClerkWindow {
    i_slint_backend_testing::init_no_event_loop();
    let ui = ClerkWindow::new().expect("the window builds");
    adapter::select_language(Language::Vi).expect("translations are bundled");
    ui
}

/// The one element with this accessible label.
pub fn find(ui: &ClerkWindow, label: &str) -> ElementHandle {
    let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label).collect();
    assert_eq!(found.len(), 1, "one element labelled {label:?}");
    found.into_iter().next().expect("found")
}

/// Every label, description and value the screen offers (what is seen or read aloud).
pub fn strings(ui: &ClerkWindow) -> Vec<String> {
    let mut out = Vec::new();
    for e in ui.root_element().query_descendants().find_all() {
        for s in [
            e.accessible_label(),
            e.accessible_description(),
            e.accessible_value(),
        ]
        .into_iter()
        .flatten()
        {
            if !s.is_empty() {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// The office's engine on a Monday morning, and counter 3's controller, online.
pub struct Office {
    pub engine: Engine,
    pub c: ClerkController,
    pub now: DateTime<Utc>,
}

impl Office {
    pub fn new() -> Office {
        let config = office();
        let mut engine = Engine::new(config.clone());
        let now: DateTime<Utc> = "2026-11-23T01:30:00Z".parse().expect("time");
        engine.apply(&Command::Rollover, now).expect("day");
        let mut c = ClerkController::new(config, CounterId(3));
        c.set_online(true);
        c.set_clock(now);
        Office { engine, c, now }
    }

    pub fn issue(&mut self, field: &str, class: PriorityClass) {
        let issue = Command::IssueTicket {
            field: FieldCode::new(field),
            class,
            source: Source::Kiosk("kiosk-1".into()),
        };
        self.engine.apply(&issue, self.now).expect("issued");
    }

    /// Applies what the controller asks, as the hub would (the PIN is not checked here),
    /// and so on with the request that follows from it.
    pub fn run(&mut self, action: Option<Action>) {
        let command = match action.expect("an action") {
            Action::Login {
                counter,
                clerk,
                fields,
                ..
            } => Command::OpenCounter {
                counter,
                clerk,
                fields,
            },
            Action::Command(c) => c,
        };
        let answer = self.engine.apply(&command, self.now);
        let next = self.c.answered(
            answer.map_err(shared::client::ClientError::Refused),
            Instant::now(),
        );
        if next.is_some() {
            self.run(next);
        }
    }

    pub fn key(&mut self, key: Key) -> Option<Action> {
        self.c
            .key(KeyPress::plain(key), Some(&self.engine), Instant::now())
    }

    pub fn log_in(&mut self) {
        for ch in "mai3333".chars() {
            self.key(Key::Char(ch));
        }
        let login = self.key(Key::Enter);
        self.run(login);
    }

    pub fn show(&self, ui: &ClerkWindow) {
        adapter::show(ui, &self.c.view(Some(&self.engine), self.now));
    }
}
