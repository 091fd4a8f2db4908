//! Events on the wire: what is pending for a device goes out as one message, so a busy
//! office costs each device one write per wake-up rather than one per event.

use std::sync::Arc;

use tokio::sync::broadcast::{Receiver, error::TryRecvError};

use super::writer::Published;

/// Most events put in one message.
const MAX_EVENTS: usize = 256;
/// Bytes of events after which a message is sent without waiting for more.
const MAX_BYTES: usize = 48 * 1024;

/// `{"type":"event",…}` for one event, `{"type":"events",…}` for several; built from the
/// events' JSON without parsing or serialising again.
pub fn wire(events: &[Arc<Published>]) -> String {
    if let [one] = events {
        return format!("{{\"type\":\"event\",\"event\":{}}}", one.json);
    }
    let mut out =
        String::with_capacity(events.iter().map(|e| e.json.len() + 1).sum::<usize>() + 32);
    out.push_str("{\"type\":\"events\",\"events\":[");
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&e.json);
    }
    out.push_str("]}");
    out
}

/// `first` and whatever else is already waiting after it, newer than `seq`, up to the
/// limits. `true` as second value when the receiver fell behind and must catch up afresh.
pub fn gather(
    first: Arc<Published>,
    seq: u64,
    rx: &mut Receiver<Arc<Published>>,
) -> (Vec<Arc<Published>>, bool) {
    let mut batch: Vec<Arc<Published>> = Vec::new();
    let mut bytes = 0;
    let mut next = Some(first);
    while let Some(p) = next.take() {
        if p.seq > batch.last().map_or(seq, |l| l.seq) {
            bytes += p.json.len();
            batch.push(p);
        }
        if batch.len() >= MAX_EVENTS || bytes >= MAX_BYTES {
            break;
        }
        match rx.try_recv() {
            Ok(p) => next = Some(p),
            Err(TryRecvError::Lagged(_)) => return (batch, true),
            Err(_) => break,
        }
    }
    (batch, false)
}

/// Splits a replay into messages within the same limits.
pub fn chunks(events: &[Arc<Published>]) -> impl Iterator<Item = &[Arc<Published>]> {
    events.chunks(MAX_EVENTS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ServerMessage;

    fn published(seq: u64) -> Arc<Published> {
        let event = crate::engine::Event {
            seq,
            at: "2026-11-23T02:00:00Z".parse().expect("time"),
            kind: crate::engine::EventKind::FieldOpened {
                field: crate::model::FieldCode::new("VL"),
            },
        };
        Published::new(&event)
    }

    #[test]
    fn the_wire_form_is_the_protocol_message() {
        let one: ServerMessage = serde_json::from_str(&wire(&[published(5)])).expect("one event");
        assert!(matches!(one, ServerMessage::Event { event } if event.seq == 5));
        let two: ServerMessage =
            serde_json::from_str(&wire(&[published(5), published(6)])).expect("two events");
        assert!(
            matches!(two, ServerMessage::Events { events } if events.iter().map(|e| e.seq).eq([5, 6]))
        );
    }

    #[test]
    fn gathering_takes_what_is_waiting_and_skips_what_the_device_has() {
        let (tx, mut rx) = tokio::sync::broadcast::channel(16);
        for seq in 3..=6 {
            tx.send(published(seq)).expect("send");
        }
        let first = rx.try_recv().expect("first");
        let (batch, lagged) = gather(first, 4, &mut rx);
        assert_eq!(batch.iter().map(|p| p.seq).collect::<Vec<_>>(), [5, 6]);
        assert!(!lagged);
    }
}
