//! Devices that need staff while they are away: a device with a problem that disconnects
//! is shown as disconnected since then, and once it has been gone for [`GONE_AFTER`] its
//! alert clears by itself (a kiosk shut down for the night leaves no alert behind).

use chrono::{DateTime, Duration, Utc};

use super::{Engine, EventKind};

/// How long a device with a problem may stay disconnected before its alert clears.
pub const GONE_AFTER: Duration = Duration::minutes(10);

/// The events of `device` connecting (`online`) or disconnecting: only a device with a
/// problem is followed, so ordinary reconnects write nothing.
pub fn link(engine: &Engine, device: &str, online: bool) -> Vec<EventKind> {
    let state = engine.state();
    let device = device.to_string();
    let shown_offline = state.device_offline.contains_key(&device);
    if online && shown_offline {
        vec![EventKind::DeviceReconnected { device }]
    } else if !online && !shown_offline && state.device_problems.contains_key(&device) {
        vec![EventKind::DeviceDisconnected { device }]
    } else {
        vec![]
    }
}

/// Clears the problem of every device disconnected for [`GONE_AFTER`] or longer at `now`.
pub fn forget_gone(engine: &Engine, now: DateTime<Utc>) -> Vec<EventKind> {
    let state = engine.state();
    state
        .device_offline
        .iter()
        .filter(|(device, since)| {
            now - **since >= GONE_AFTER && state.device_problems.contains_key(*device)
        })
        .map(|(device, _)| EventKind::DeviceReported {
            device: device.clone(),
            problem: None,
        })
        .collect()
}
