//! Bringing a (re)connecting device up to date: exactly the events it missed, or a snapshot
//! of the state when that is shorter.

use std::sync::Arc;

use crate::engine::State;

use super::writer::{HubError, Published, Writer};

/// What a device gets after connecting.
pub enum CatchUp {
    /// The events after its last one, in order (possibly none).
    Replay(Vec<Arc<Published>>),
    /// The whole state.
    Snapshot(Box<State>),
}

impl CatchUp {
    /// Sequence number the device is at after this.
    pub fn seq(&self, after: Option<u64>) -> u64 {
        match self {
            CatchUp::Replay(events) => events.last().map(|e| e.seq).or(after).unwrap_or(0),
            CatchUp::Snapshot(state) => state.last_seq,
        }
    }
}

/// The catch-up for a device whose last event is `after` (None: it has nothing).
pub async fn catch_up(writer: &Writer, after: Option<u64>) -> Result<CatchUp, HubError> {
    writer
        .read(move |store| {
            let state = store.engine().state();
            // A snapshot costs about one item per ticket, counter and field.
            let snapshot_size =
                (state.tickets.len() + state.counters.len() + state.fields.len()) as u64;
            match after {
                Some(a) if a <= state.last_seq && state.last_seq - a <= snapshot_size => {
                    match store.events_after(a, (state.last_seq - a) as usize) {
                        Ok(events) => {
                            CatchUp::Replay(events.into_iter().map(Published::new).collect())
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "cannot read the log; sending a snapshot");
                            CatchUp::Snapshot(Box::new(state.clone()))
                        }
                    }
                }
                _ => CatchUp::Snapshot(Box::new(state.clone())),
            }
        })
        .await
}
