//! The devices connected right now, one live connection per device name.
//!
//! A device that connects with a name already connected replaces the earlier connection,
//! which is told why and closed. That is what an office needs when a kiosk restarts after
//! a crash: its old TCP connection may be half-dead on the hub's side for up to 45 seconds,
//! and the kiosk must not wait that long. Two connections never share a name (and so
//! never share idempotency keys or answers); a second machine given the same name by
//! mistake takes the name over, and the first learns why it was dropped.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::oneshot;

/// The live connections by device name.
#[derive(Default)]
pub struct Live {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    next: u64,
    by_name: HashMap<String, (u64, oneshot::Sender<()>)>,
}

/// One connection's place in [`Live`].
pub struct Joined {
    /// Identifies this connection among the device's connections.
    pub id: u64,
    /// Completes when a newer connection takes the name over.
    pub replaced: oneshot::Receiver<()>,
    /// Whether an earlier connection with the name was replaced.
    pub took_over: bool,
}

impl Live {
    /// Registers a connection of `device`, replacing the earlier one, if any.
    pub fn join(&self, device: &str) -> Joined {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.next += 1;
        let id = inner.next;
        let (tell, replaced) = oneshot::channel();
        let earlier = inner.by_name.insert(device.to_string(), (id, tell));
        let took_over = earlier.is_some_and(|(_, tell)| tell.send(()).is_ok());
        Joined {
            id,
            replaced,
            took_over,
        }
    }

    /// Removes connection `id` of `device`; true if it was the device's live one (the
    /// device is now gone), false if a newer connection had taken its place.
    pub fn leave(&self, device: &str, id: u64) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner
            .by_name
            .get(device)
            .is_some_and(|(live, _)| *live == id)
        {
            inner.by_name.remove(device);
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_connection_replaces_the_first_and_the_first_leaving_changes_nothing() {
        let live = Live::default();
        let mut first = live.join("kiosk-1");
        assert!(!first.took_over);
        assert!(first.replaced.try_recv().is_err(), "not replaced yet");
        let second = live.join("kiosk-1");
        assert!(second.took_over);
        assert!(first.replaced.try_recv().is_ok(), "the first is told");
        assert!(!live.leave("kiosk-1", first.id), "the name is the second's");
        assert!(live.leave("kiosk-1", second.id));
        assert!(!live.leave("kiosk-1", second.id), "gone already");
    }
}
