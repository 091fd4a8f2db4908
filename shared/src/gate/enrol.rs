//! How an app obtains its credential: the saved file if it has one, else pairing with the
//! hub (the code on its screen) until the office manager approves, then saving it before
//! going on. The apps share this so that every device pairs, retries and says so alike.

use std::path::PathBuf;
use std::time::Duration;

use crate::client::{Credential, PairError, PairRequest, pair};

use super::{Again, Gate};

/// How long to wait before asking an unreachable hub again.
const RETRY: Duration = Duration::from_secs(3);

/// Where a device keeps its credential and what it asks to be.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The credential file (`--credential`).
    pub path: PathBuf,
    /// The hub to pair with; a saved credential's own address is used when this is `None`.
    pub hub: Option<String>,
    /// The hub to pair with when none was given: the kiosk on this machine.
    pub default_hub: String,
    /// What the device asks to be approved as.
    pub request: PairRequest,
}

/// The device's credential: the saved one, else a new one from pairing, saved before it is
/// returned. `again` says why it pairs again; after a withdrawn pairing the old file is
/// removed first, so that a restart pairs too. Each stage goes to `report` for the screen.
pub async fn enrol(
    enrolment: &Enrolment,
    mut again: Option<Again>,
    report: impl Fn(Gate) + Send + Sync,
) -> Credential {
    let path = &enrolment.path;
    if again == Some(Again::Revoked)
        && let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(path = %path.display(), error = %e, "cannot remove the withdrawn credential");
    }
    let mut unreachable = false;
    loop {
        match Credential::load(path) {
            Ok(Some(mut credential)) => {
                if let Some(hub) = &enrolment.hub {
                    credential.hub = hub.clone();
                }
                return credential;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "pairing this device again"),
        }
        report(Gate::Pairing {
            code: None,
            because: again,
            unreachable,
        });
        let hub = enrolment.hub.as_deref().unwrap_or(&enrolment.default_hub);
        let show = |code: String| {
            tracing::info!(%code, "pairing code shown; waiting for the office manager");
            report(Gate::Pairing {
                code: Some(code),
                because: again,
                unreachable: false,
            });
        };
        match pair(hub, enrolment.request.clone(), show).await {
            Ok(credential) => {
                tracing::info!(device = %credential.device, "paired");
                if let Err(e) = credential.save(path) {
                    tracing::error!(path = %path.display(), error = %e,
                        "cannot save the credential; the device must pair again after a restart");
                }
                return credential;
            }
            Err(PairError::Expired) => {
                again = Some(Again::Expired);
                unreachable = false;
            }
            Err(e) => {
                tracing::warn!(%hub, error = %e, "pairing failed; trying again");
                unreachable = true;
                tokio::time::sleep(RETRY).await;
            }
        }
    }
}
