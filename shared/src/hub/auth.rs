//! Who may do what: the commands each role may send, and secrets compared in constant time.
//!
//! A counter device acts only for its own counter, and only while a clerk is logged in at
//! it: a counter PC left on with nobody at it can call, cancel or move nothing. Ratings
//! come from the citizen (the ticket's page, the counter's rating tablet), never from the
//! counter's own app.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::engine::{Command, Via};
use crate::model::{CounterId, Source};
use crate::protocol::Role;

/// Whether the secret `given` in a request is the one the hub holds (`expected`: an office
/// key, a link's token, a session), in constant time. Both are hashed to 32 bytes first, so
/// neither their content nor their length shows in how long the answer takes, and `subtle`
/// compares the hashes without a branch or an early exit the optimiser could bring back.
pub fn key_matches(given: &str, expected: &str) -> bool {
    let (a, b) = (Sha256::digest(given), Sha256::digest(expected));
    bool::from(a.as_slice().ct_eq(b.as_slice()))
}

/// Checks that a device of `role` (at `own` counter, for a counter, where `signed_in` says
/// whether a clerk is logged in now) may send `command`, and stamps an issued ticket or a
/// problem report with where it really came from (the manager may clear any device's
/// report). The error is for people.
pub fn authorise(
    role: Role,
    device: &str,
    own: Option<CounterId>,
    signed_in: bool,
    command: &mut Command,
) -> Result<(), String> {
    use Command::*;
    let counter_of = |c: &Command| match c {
        CallNext { counter }
        | CallTicket { counter, .. }
        | Recall { counter }
        | StartServing { counter }
        | Finish { counter }
        | NoShow { counter }
        | ServeFields { counter, .. }
        | CloseCounter { counter }
        | Pause { counter, .. }
        | Resume { counter } => Some(*counter),
        RateTicket {
            via: Via::Tablet { counter },
            ..
        } => Some(*counter),
        _ => None,
    };
    let name = command_name(command);
    match role {
        Role::Admin => match command {
            IssueTicket { source, .. } => {
                *source = Source::Api(device.to_string());
                Ok(())
            }
            DeviceLink { .. } => Err("only the hub tells when a device connects".into()),
            _ => Ok(()),
        },
        Role::Display => Err("a display only receives; it sends no commands".into()),
        Role::Kiosk => match command {
            IssueTicket { source, .. } => {
                *source = Source::Kiosk(device.to_string());
                Ok(())
            }
            ReportDevice { device: about, .. } => {
                *about = device.to_string();
                Ok(())
            }
            _ => Err(format!(
                "a kiosk may only issue tickets and report its own problems, not {name}"
            )),
        },
        Role::Counter => {
            let own = own.ok_or("a counter device must name its counter in its hello")?;
            let clerk_needed = || {
                if signed_in {
                    Ok(())
                } else {
                    Err(format!(
                        "no clerk is logged in at counter {own}: a clerk logs in with a PIN before the counter may {name}"
                    ))
                }
            };
            match (counter_of(command), &mut *command) {
                (_, RateTicket { .. }) => Err(
                    "a counter may not rate tickets; ratings come from the citizen, on the ticket's page or the counter's rating tablet"
                        .into(),
                ),
                (Some(c), _) if c != own => {
                    Err(format!("counter {own} may not {name} for counter {c}"))
                }
                (Some(_), _) | (None, BringBack { .. } | Transfer { .. } | Cancel { .. }) => {
                    clerk_needed()
                }
                (None, IssueTicket { source, .. }) => {
                    *source = Source::Counter(own);
                    clerk_needed()
                }
                // Its own problems (a printer, a screen) whoever is at it.
                (None, ReportDevice { device: about, .. }) => {
                    *about = device.to_string();
                    Ok(())
                }
                (None, OpenCounter { .. }) => {
                    Err("a clerk opens a counter by logging in with a PIN".into())
                }
                (None, _) => Err(format!(
                    "a counter may not {name}; that is for the office manager"
                )),
            }
        }
    }
}

/// The command's name as in the protocol, e.g. `call_next`.
pub fn command_name(command: &Command) -> String {
    serde_json::to_value(command)
        .ok()
        .and_then(|v| {
            v.get("command")
                .and_then(|c| c.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}
