//! A hello's credential: the device's own token, good only for the role, name and counter
//! it was approved as. The office key opens no device's connection.

use super::Shared;
use super::auth::key_matches;
use crate::protocol::{ErrorCode, Hello, ServerMessage};
use crate::store::devices;

/// Checks the hello's token against the paired devices; the refusal says what is wrong in
/// words an installer can act on.
pub(super) async fn check(hub: &Shared, hello: &Hello) -> Result<(), ServerMessage> {
    let refuse = |why: String| Err(ServerMessage::error(None, ErrorCode::Unauthorized, why));
    if hello.token.is_empty() || hello.token.len() > 256 {
        return refuse("this device has no credential; pair it with the office first".into());
    }
    let token = hello.token.clone();
    let found = hub
        .writer
        .read(move |store| devices::by_token(store.connection(), &token))
        .await;
    let device = match found {
        Ok(Ok(device)) => device,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "cannot read the paired devices");
            return Err(ServerMessage::error(
                None,
                ErrorCode::Unavailable,
                "the hub cannot check devices now; try again",
            ));
        }
        Err(e) => {
            return Err(ServerMessage::error(
                None,
                ErrorCode::Unavailable,
                e.to_string(),
            ));
        }
    };
    let Some(device) = device else {
        if key_matches(&hello.token, &hub.config.hub.office_key) {
            return refuse(
                "the office key no longer opens a device's connection; pair this device (docs/devices.md)"
                    .into(),
            );
        }
        return refuse("this device is not paired with the office; pair it again".into());
    };
    if device.revoked_at.is_some() {
        // Its own code, so the device knows to pair again rather than retry.
        return Err(ServerMessage::error(
            None,
            ErrorCode::Revoked,
            "this device's pairing was withdrawn; pair it again",
        ));
    }
    let name = &device.name;
    if *name != hello.device {
        return refuse(format!(
            "this token belongs to {name}, not {}",
            hello.device
        ));
    }
    if device.role != hello.role {
        return refuse(format!(
            "this token belongs to {name}, a {}, not a {}",
            device.role.as_str(),
            hello.role.as_str()
        ));
    }
    if device.counter != hello.counter {
        let at = |c: Option<crate::model::CounterId>| {
            c.map_or("no counter".to_string(), |c| format!("counter {c}"))
        };
        return refuse(format!(
            "this token belongs to {name} at {}, not {}",
            at(device.counter),
            at(hello.counter)
        ));
    }
    Ok(())
}
