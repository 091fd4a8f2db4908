//! The counter's connection to the hub: the client, the mirrored office, and carrying out
//! the controller's actions. No window here: the app and the tests use it alike.
//!
//! News goes to a std channel, for a UI thread to drain; each carries the generation of
//! the desk that sent it, because a clerk who types another counter number at login gets
//! a new connection (the counter is part of the device's hello) and the old one's late
//! news must not be mistaken for the new one's.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::client::{Client, ClientError, Identity, Link, Mirror, Update};
use shared::engine::{Engine, Event};
use shared::model::CounterId;

use super::controller::{Action, ClerkController};

/// How long a login waits for the link to come up (a new counter's connection).
const LOGIN_WAIT: Duration = Duration::from_secs(5);
/// How long a command whose connection dropped waits for it to come back, to be resent.
const RESEND_WAIT: Duration = Duration::from_secs(5);

/// What a desk tells the UI thread.
#[derive(Debug)]
pub enum News {
    /// The mirrored office changed.
    Office,
    /// The link went up (true) or down.
    Online(bool),
    /// The outcome of the action last carried out.
    Answer(Result<Vec<Event>, ClientError>),
    /// The office manager withdrew this device's pairing: the hub will not take it back.
    Revoked,
}

impl News {
    /// Hands the news to the controller, as the app does on every tick; the request that
    /// follows from an answer, for the desk to carry out.
    pub fn deliver(self, controller: &mut ClerkController, at: Instant) -> Option<Action> {
        match self {
            News::Office | News::Revoked => None,
            News::Online(online) => {
                controller.set_online(online);
                None
            }
            News::Answer(answer) => controller.answered(answer, at),
        }
    }
}

/// [`News`] from the desk of this generation.
#[derive(Debug)]
pub struct Tagged {
    /// The desk's generation.
    pub generation: u64,
    /// What happened.
    pub news: News,
}

/// One counter's connection to the hub.
pub struct Desk {
    client: Client,
    mirror: Arc<Mutex<Mirror>>,
    counter: CounterId,
    generation: u64,
    news: Sender<Tagged>,
}

impl Desk {
    /// Connects as `identity` (whose counter must be set) on the current Tokio runtime, and
    /// starts following the office and the link.
    pub fn connect(identity: Identity, generation: u64, news: Sender<Tagged>) -> Desk {
        let counter = identity.counter.unwrap_or(CounterId(0));
        let (client, updates) = Client::start(identity);
        let mirror = Arc::new(Mutex::new(Mirror::default()));
        tokio::spawn(follow_office(
            updates,
            mirror.clone(),
            generation,
            news.clone(),
        ));
        tokio::spawn(follow_link(client.clone(), generation, news.clone()));
        Desk {
            client,
            mirror,
            counter,
            generation,
            news,
        }
    }

    /// The counter this desk connects as.
    pub fn counter(&self) -> CounterId {
        self.counter
    }

    /// This desk's generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether connected now.
    pub fn link(&self) -> Link {
        self.client.link()
    }

    /// Runs `f` on the mirrored office (`None` before the first snapshot).
    pub fn with_office<R>(&self, f: impl FnOnce(Option<&Engine>) -> R) -> R {
        match self.mirror.lock() {
            Ok(m) => f(m.engine()),
            Err(_) => f(None),
        }
    }

    /// Sends `action` in the background; its outcome arrives as [`News::Answer`].
    pub fn carry_out(&self, action: Action) {
        let client = self.client.clone();
        let (news, generation) = (self.news.clone(), self.generation);
        tokio::spawn(async move {
            let answer = match action {
                Action::Login {
                    clerk, pin, fields, ..
                } => {
                    online(&client, LOGIN_WAIT).await;
                    client.login(clerk, pin, fields).await
                }
                Action::Command(command) => {
                    let key = client.new_key();
                    match client.command_keyed(command.clone(), key.clone()).await {
                        // Applied or not, the same key tells: the hub applies it at most once.
                        Err(ClientError::ConnectionLost) if online(&client, RESEND_WAIT).await => {
                            client.command_keyed(command, key).await
                        }
                        answer => answer,
                    }
                }
            };
            if let Err(e) = &answer {
                tracing::info!(error = %e, "request refused or failed");
            }
            let _ = news.send(Tagged {
                generation,
                news: News::Answer(answer),
            });
        });
    }
}

/// Waits until the link is up, for at most `within`; whether it is.
async fn online(client: &Client, within: Duration) -> bool {
    let mut link = client.watch_link();
    tokio::time::timeout(within, link.wait_for(|l| *l == Link::Online))
        .await
        .is_ok_and(|r| r.is_ok())
}

/// Keeps the mirror and says when it changed; ends when the client stops.
async fn follow_office(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
    mirror: Arc<Mutex<Mirror>>,
    generation: u64,
    news: Sender<Tagged>,
) {
    while let Some(update) = updates.recv().await {
        if shared::gate::withdrawn(&update) {
            let _ = news.send(Tagged {
                generation,
                news: News::Revoked,
            });
            return;
        }
        let changed = match mirror.lock() {
            Ok(mut m) => m.apply(update),
            Err(_) => return,
        };
        let sent = !changed
            || news
                .send(Tagged {
                    generation,
                    news: News::Office,
                })
                .is_ok();
        if !sent {
            return;
        }
    }
}

/// Reports the link's state and every change of it; ends when the client stops.
async fn follow_link(client: Client, generation: u64, news: Sender<Tagged>) {
    let mut link = client.watch_link();
    // Holding a client would keep the connection alive after the desk is dropped.
    drop(client);
    loop {
        let online = *link.borrow_and_update() == Link::Online;
        let tagged = Tagged {
            generation,
            news: News::Online(online),
        };
        if news.send(tagged).is_err() || link.changed().await.is_err() {
            return;
        }
    }
}
