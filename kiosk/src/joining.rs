//! A kiosk that joins another machine's hub holds no office file. Until it has a
//! credential it shows its pairing code ([`shared::gate`]); with one it connects and waits
//! for the hub's welcome, whose office (without secrets) it then runs from. After a
//! withdrawn pairing it starts again from the code.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use shared::client::{Client, Credential, Update};
use shared::config::Config;
use shared::gate::{Again, Enrolment, Gate, GateView};

/// A connection the hub has welcomed, with the office it sent.
pub struct Welcomed {
    /// The client, connected.
    pub client: Client,
    /// Its updates after the welcome (the snapshot comes next).
    pub updates: tokio::sync::mpsc::Receiver<Update>,
    /// The office as the hub sent it.
    pub office: Arc<Config>,
    /// The hub's address.
    pub hub: String,
}

enum Step {
    Gate(Gate),
    Welcomed(Welcomed),
    Revoked,
}

/// The way in of a joining kiosk; see the module doc.
pub struct Joining {
    enrolment: Enrolment,
    gate: Gate,
    device: String,
    generation: u64,
    steps: Sender<(u64, Step)>,
    stepped: Receiver<(u64, Step)>,
}

impl Joining {
    /// Starts obtaining the credential (pairing if there is none) on the current runtime.
    pub fn start(enrolment: Enrolment) -> Joining {
        let (steps, stepped) = channel();
        let mut joining = Joining {
            device: enrolment.request.device.clone(),
            enrolment,
            gate: Gate::Connecting,
            generation: 0,
            steps,
            stepped,
        };
        joining.enrol(None);
        joining
    }

    /// The kiosk's pairing was withdrawn: the code again, with words saying why.
    pub fn revoked(&mut self) {
        tracing::warn!("this kiosk's pairing was withdrawn; pairing again");
        self.generation += 1;
        self.enrol(Some(Again::Revoked));
    }

    /// What happened since the last call; the welcomed connection once there is one.
    pub fn poll(&mut self) -> Option<Welcomed> {
        let mut welcomed = None;
        let steps: Vec<_> = self.stepped.try_iter().collect();
        for (generation, step) in steps {
            if generation != self.generation {
                continue;
            }
            match step {
                Step::Gate(gate) => self.gate = gate,
                Step::Welcomed(w) => {
                    self.gate = Gate::Open;
                    welcomed = Some(w);
                }
                Step::Revoked => {
                    self.generation += 1;
                    self.enrol(Some(Again::Revoked));
                }
            }
        }
        welcomed
    }

    /// The gate as the screen shows it.
    pub fn view(&self, en: bool) -> GateView {
        shared::gate::view(&self.gate, en, &self.device, None)
    }

    fn enrol(&mut self, again: Option<Again>) {
        self.gate = match again {
            Some(_) => Gate::pairing(again),
            None => Gate::Connecting,
        };
        let (enrolment, steps, generation) =
            (self.enrolment.clone(), self.steps.clone(), self.generation);
        tokio::spawn(async move {
            let report = |gate| {
                let _ = steps.send((generation, Step::Gate(gate)));
            };
            let credential = shared::gate::enrol(&enrolment, again, report).await;
            report(Gate::Connecting);
            let step = welcome(&credential).await;
            let _ = steps.send((generation, step));
        });
    }
}

/// Connects with the credential and waits for the welcome (or the news of a withdrawal).
async fn welcome(credential: &Credential) -> Step {
    tracing::info!(hub = %credential.hub, device = %credential.device, "connecting");
    let (client, mut updates) = Client::start(credential.identity());
    while let Some(update) = updates.recv().await {
        match update {
            Update::Connected(office) => {
                return Step::Welcomed(Welcomed {
                    client,
                    updates,
                    office: Arc::new(*office),
                    hub: credential.hub.clone(),
                });
            }
            update if shared::gate::withdrawn(&update) => return Step::Revoked,
            _ => {}
        }
    }
    Step::Revoked
}
