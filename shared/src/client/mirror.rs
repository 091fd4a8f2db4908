//! A device's copy of the office state, kept by applying the hub's updates with the same
//! engine code the hub runs, so devices and hub can never disagree on what an event means.

use std::sync::Arc;

use crate::config::Config;
use crate::engine::Engine;

use super::Update;

/// The office as this device last heard it.
#[derive(Default)]
pub struct Mirror {
    office: Option<Arc<Config>>,
    links_key: Option<String>,
    engine: Option<Engine>,
    online: bool,
}

impl Mirror {
    /// Applies an update. Returns whether the state changed.
    pub fn apply(&mut self, update: Update) -> bool {
        match update {
            Update::Connected(office) => {
                self.office = Some(Arc::new(*office));
                self.online = true;
                false
            }
            Update::Snapshot(state) => match &self.office {
                Some(office) => {
                    self.engine = Some(Engine::from_state(office.clone(), *state));
                    true
                }
                None => false,
            },
            Update::Event(event) => match &mut self.engine {
                Some(engine) if event.seq == engine.state().last_seq + 1 => {
                    engine.evolve(&event);
                    true
                }
                Some(engine) => {
                    tracing::warn!(
                        got = event.seq,
                        have = engine.state().last_seq,
                        "event out of order; ignored"
                    );
                    false
                }
                None => false,
            },
            Update::LinksKey(key) => {
                self.links_key = Some(key);
                false
            }
            Update::Disconnected(_) | Update::Withdrawn(_) => {
                self.online = false;
                false
            }
        }
    }

    /// The mirrored engine, once a snapshot has arrived.
    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_ref()
    }

    /// The office, once connected.
    pub fn office(&self) -> Option<&Arc<Config>> {
        self.office.as_ref()
    }

    /// The key of the links a kiosk prints, once the hub sent it (to kiosks only).
    pub fn links_key(&self) -> Option<&str> {
        self.links_key.as_deref()
    }

    /// Whether the last word from the connection was that it is up.
    pub fn online(&self) -> bool {
        self.online
    }

    /// Sequence number of the last event applied.
    pub fn last_seq(&self) -> Option<u64> {
        self.engine.as_ref().map(|e| e.state().last_seq)
    }
}
