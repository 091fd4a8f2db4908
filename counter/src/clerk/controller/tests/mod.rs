//! The controller driven like a clerk drives it, against the real engine of the default
//! office: its actions are applied to the engine as the hub would (PINs checked against
//! their real hashes), and the answers fed back. Time is passed in.

mod desk;
mod dialogs;
mod fields;
mod keys;
mod login;
mod no_shows;
mod offline;
mod plain_words;
mod transfer;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use shared::client::ClientError;
use shared::config::{Config, pin};
use shared::engine::{Command, Engine};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};
use shared::protocol::ErrorCode;

use super::*;

/// The default office as shipped.
pub fn office() -> Arc<Config> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
    Arc::new(Config::load(std::path::Path::new(path)).expect("the default office loads"))
}

/// A counter app and the office it works in.
pub struct Bench {
    pub engine: Engine,
    pub c: ClerkController,
    pub at: Instant,
    pub now: DateTime<Utc>,
}

impl Bench {
    /// Counter `n` on the login screen, online, with the business day started.
    pub fn new(n: u16) -> Bench {
        let office = office();
        let mut engine = Engine::new(office.clone());
        let now: DateTime<Utc> = "2026-11-23T01:30:00Z".parse().expect("time");
        engine.apply(&Command::Rollover, now).expect("day starts");
        let mut c = ClerkController::new(office, CounterId(n));
        c.set_online(true);
        c.set_clock(now);
        Bench {
            engine,
            c,
            at: Instant::now(),
            now,
        }
    }

    /// Counter `n` with `clerk` logged in serving its default fields.
    pub fn desk(n: u16, clerk: &str, pin: &str) -> Bench {
        let mut b = Bench::new(n);
        b.log_in(clerk, pin);
        assert_eq!(b.c.screen(), Screen::Desk, "{:?}", b.c.notice());
        b
    }

    /// Lets `secs` seconds pass.
    pub fn wait(&mut self, secs: u64) {
        self.at += Duration::from_secs(secs);
        self.now += chrono::Duration::seconds(secs as i64);
        self.c.set_clock(self.now);
        self.c.tick(Some(&self.engine), self.at);
    }

    /// A ticket issued at the kiosk now; its number.
    pub fn issue(&mut self, field: &str, class: PriorityClass) -> String {
        let events = self
            .engine
            .apply(
                &Command::IssueTicket {
                    field: FieldCode::new(field),
                    class,
                    source: Source::Kiosk("kiosk-1".into()),
                },
                self.now,
            )
            .expect("issued");
        match &events[0].kind {
            shared::engine::EventKind::TicketIssued { display, .. } => display.clone(),
            other => panic!("not an issue: {other:?}"),
        }
    }

    /// A key press; what it asks of the hub.
    pub fn key(&mut self, key: Key) -> Option<Action> {
        self.c
            .key(KeyPress::plain(key), Some(&self.engine), self.at)
    }

    /// A click; what it asks of the hub.
    pub fn press(&mut self, press: Press) -> Option<Action> {
        self.c.press(press, Some(&self.engine), self.at)
    }

    /// Types text, character by character.
    pub fn type_text(&mut self, text: &str) {
        for ch in text.chars() {
            assert_eq!(
                self.key(Key::Char(ch)),
                None,
                "typing {ch:?} sent something"
            );
        }
    }

    /// Does what the hub does with an action and feeds the answer back, and so on with
    /// the request that follows from it.
    pub fn run(&mut self, action: Option<Action>) {
        let action = action.expect("an action to run");
        let answer = match action {
            Action::Login {
                counter,
                clerk,
                pin,
                fields,
            } => {
                let hash = self
                    .engine
                    .config()
                    .clerk(&clerk)
                    .map(|c| c.pin_hash.clone())
                    .unwrap_or_default();
                if pin::verify(&pin, &hash) {
                    let open = Command::OpenCounter {
                        counter,
                        clerk,
                        fields,
                    };
                    self.engine
                        .apply(&open, self.now)
                        .map_err(ClientError::Refused)
                } else {
                    Err(ClientError::Rejected {
                        code: ErrorCode::WrongPin,
                        message: format!("wrong PIN for {clerk}"),
                    })
                }
            }
            Action::Command(command) => self
                .engine
                .apply(&command, self.now)
                .map_err(ClientError::Refused),
        };
        let next = self.c.answered(answer, self.at);
        self.c.tick(Some(&self.engine), self.at);
        if next.is_some() {
            self.run(next);
        }
    }

    /// Presses a key and runs what it asks for.
    pub fn act(&mut self, key: Key) {
        let action = self.key(key);
        self.run(action);
    }

    /// Logs in from the keyboard alone: the clerk's login, the PIN, Enter.
    pub fn log_in(&mut self, clerk: &str, pin: &str) {
        self.c.tick(Some(&self.engine), self.at);
        self.type_text(clerk);
        self.type_text(pin);
        self.act(Key::Enter);
    }

    /// Another counter acting on the same office (as another device would).
    pub fn elsewhere(&mut self, command: Command) {
        self.engine.apply(&command, self.now).expect("applied");
    }

    /// Opens counter `n` for `clerk` serving `fields` (done at another desk).
    pub fn open_elsewhere(&mut self, n: u16, clerk: &str, fields: &[&str]) {
        self.elsewhere(Command::OpenCounter {
            counter: CounterId(n),
            clerk: ClerkId::new(clerk),
            fields: fields.iter().map(|f| FieldCode::new(f)).collect(),
        });
    }

    /// The screen now.
    pub fn view(&self) -> ClerkView {
        self.c.view(Some(&self.engine), self.now)
    }

    /// The notice shown.
    pub fn message(&self) -> String {
        self.view().message
    }

    /// The desk button for `action`.
    pub fn button(&self, action: DeskAction) -> ButtonView {
        let i = DeskAction::BUTTONS
            .iter()
            .position(|a| *a == action)
            .expect("a button");
        self.view().buttons[i].clone()
    }
}
