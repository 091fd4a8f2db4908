//! Bringing a (re)connecting device up to date: exactly the events it missed, or a snapshot
//! of the state when that is shorter. A snapshot holds what devices need (see
//! [`crate::engine::State::for_devices`]); it is serialised once per sequence number and
//! shared by every device that connects at that point (the whole office at opening time).

use std::sync::{Arc, Mutex};

use axum::extract::ws::Utf8Bytes;

use crate::protocol::SNAPSHOT_ENDED;

use super::writer::{HubError, Published, Writer};

/// The last snapshot made: its sequence number and the snapshot message, ready to send.
pub type SnapshotCache = Arc<Mutex<Option<(u64, Utf8Bytes)>>>;

/// What a snapshot message starts with; the state's JSON follows, then `}`.
const SNAPSHOT_HEAD: &str = "{\"type\":\"snapshot\",\"state\":";

/// What a device gets after connecting.
pub enum CatchUp {
    /// The events after its last one, in order (possibly none).
    Replay(Vec<Arc<Published>>),
    /// The whole state at sequence number `seq`, as a `snapshot` message.
    Snapshot {
        /// Sequence number of the state.
        seq: u64,
        /// The message; shared, not copied, between devices.
        message: Utf8Bytes,
    },
}

/// The state's JSON inside a snapshot message (for server-sent events).
pub fn state_json(message: &Utf8Bytes) -> &str {
    let text: &str = message;
    text.get(SNAPSHOT_HEAD.len()..text.len().saturating_sub(1))
        .unwrap_or("{}")
}

impl CatchUp {
    /// Sequence number the device is at after this.
    pub fn seq(&self, after: Option<u64>) -> u64 {
        match self {
            CatchUp::Replay(events) => events.last().map(|e| e.seq).or(after).unwrap_or(0),
            CatchUp::Snapshot { seq, .. } => *seq,
        }
    }
}

/// The catch-up for a device whose last event is `after` (None: it has nothing).
pub async fn catch_up(
    writer: &Writer,
    cache: &SnapshotCache,
    after: Option<u64>,
) -> Result<CatchUp, HubError> {
    let cache = cache.clone();
    writer
        .read(move |store| {
            let state = store.engine().state();
            // A snapshot costs about one item per ticket in play, counter and field.
            let in_play = state.lines.in_play() as u64 + SNAPSHOT_ENDED as u64;
            let snapshot_size = in_play + (state.counters.len() + state.fields.len()) as u64;
            if let Some(a) =
                after.filter(|a| *a <= state.last_seq && state.last_seq - a <= snapshot_size)
            {
                match store.events_after(a, (state.last_seq - a) as usize) {
                    Ok(events) => {
                        return CatchUp::Replay(events.iter().map(Published::new).collect());
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot read the log; sending a snapshot"),
                }
            }
            let mut cached = cache.lock().unwrap_or_else(|e| e.into_inner());
            let message = match cached.as_ref() {
                Some((seq, message)) if *seq == state.last_seq => message.clone(),
                _ => {
                    let json = serde_json::to_string(&state.for_devices(SNAPSHOT_ENDED))
                        .unwrap_or_default();
                    let message: Utf8Bytes = format!("{SNAPSHOT_HEAD}{json}}}").into();
                    *cached = Some((state.last_seq, message.clone()));
                    message
                }
            };
            CatchUp::Snapshot {
                seq: state.last_seq,
                message,
            }
        })
        .await
}
