//! What a wall display shows, worked out from the office state: each counter's current
//! number, the recent calls (one line per ticket, so a recall never adds a line), and how
//! many wait in each field. The native display and the web display (`/display`) both draw
//! this, so a TV shows the same thing whichever way it is connected.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Event, EventKind};
use crate::model::{CounterId, FieldCode, TicketId, TicketState};

/// A ticket called to a counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// Ticket.
    pub ticket: TicketId,
    /// Number as shown, e.g. `A023`.
    pub display: String,
    /// Counter it was called to.
    pub counter: CounterId,
    /// Field it is in.
    pub field: FieldCode,
    /// When it was called to this counter.
    pub at: DateTime<Utc>,
    /// Times it was called again.
    pub recalls: u32,
    /// Where it is now (called, serving, done, no-show, ...).
    pub state: TicketState,
}

/// One counter's line on the display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterLine {
    /// Counter.
    pub counter: CounterId,
    /// Whether a clerk is logged in.
    pub open: bool,
    /// Whether it is paused.
    pub paused: bool,
    /// The number called or being served there.
    pub current: Option<String>,
}

/// How many wait in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLine {
    /// Field code.
    pub code: FieldCode,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Tickets waiting.
    pub waiting: u32,
    /// Whether the field issues tickets today.
    pub open: bool,
}

/// Everything on the wall display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// Sequence number of the last event it reflects.
    pub seq: u64,
    /// Office name, Vietnamese.
    pub office: String,
    /// Office name, English.
    pub office_en: String,
    /// The scrolling notice (may be empty).
    pub notice: String,
    /// The notice in English (empty: English displays show `notice`).
    #[serde(default)]
    pub notice_en: String,
    /// Recent calls, newest first, one per ticket.
    pub recent: Vec<Call>,
    /// Every configured counter, in number order.
    pub counters: Vec<CounterLine>,
    /// Every configured field, in configuration order.
    pub waiting: Vec<FieldLine>,
}

impl Board {
    /// The board of the engine's current state.
    pub fn of(engine: &Engine) -> Board {
        let config = engine.config();
        let state = engine.state();
        let mut recent: Vec<Call> = state
            .tickets
            .values()
            .filter_map(|t| {
                Some(Call {
                    ticket: t.id,
                    display: t.display.clone(),
                    counter: t.counter?,
                    field: t.field.clone(),
                    at: t.called_at?,
                    recalls: t.recalls,
                    state: t.state,
                })
            })
            .collect();
        recent.sort_by(|a, b| b.at.cmp(&a.at).then(b.ticket.cmp(&a.ticket)));
        recent.truncate(config.display.recent_calls as usize);
        let counters = config
            .counters
            .iter()
            .map(|c| {
                let s = state.counters.get(&c.id);
                CounterLine {
                    counter: c.id,
                    open: s.is_some_and(|s| s.is_open()),
                    paused: s.is_some_and(|s| s.paused.is_some()),
                    current: s
                        .and_then(|s| s.current)
                        .and_then(|id| state.tickets.get(&id))
                        .map(|t| t.display.clone()),
                }
            })
            .collect();
        let waiting = config
            .fields
            .iter()
            .map(|f| FieldLine {
                code: f.code.clone(),
                name: f.name.clone(),
                name_en: f.name_en.clone(),
                waiting: state.lines.waiting(&f.code) as u32,
                open: state.fields.get(&f.code).is_none_or(|s| s.open),
            })
            .collect();
        Board {
            seq: state.last_seq,
            office: config.name.clone(),
            office_en: config.name_en.clone(),
            notice: config.display.notice.clone(),
            notice_en: config.display.notice_en.clone(),
            recent,
            counters,
            waiting,
        }
    }

    /// The newest call, if any.
    pub fn latest(&self) -> Option<&Call> {
        self.recent.first()
    }

    /// Whether `call` is still worth announcing: its ticket is still called at that
    /// counter, the citizen not yet there. A display working through a burst of calls
    /// skips those whose citizen has already arrived (or whose counter has moved on), so
    /// the screen and the voice catch up with the room. A board older than the call knows
    /// nothing of it yet, and keeps it.
    pub fn still_called(&self, call: &Announcement) -> bool {
        if self.seq < call.seq {
            return true;
        }
        let at_counter = self
            .counters
            .iter()
            .any(|c| c.counter == call.counter && c.current.as_deref() == Some(&call.display));
        let state = self
            .recent
            .iter()
            .find(|c| c.ticket == call.ticket)
            .map(|c| c.state);
        at_counter && state.is_none_or(|s| s == TicketState::Called)
    }
}

/// A call to announce on the screen and by voice: a first call or a recall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// Sequence number of the event, so a call is announced once however it arrives.
    pub seq: u64,
    /// Ticket.
    pub ticket: TicketId,
    /// Number as shown.
    pub display: String,
    /// The prefix of the number's field, to read the letters apart from the digits.
    pub prefix: String,
    /// Counter.
    pub counter: CounterId,
    /// 0 for the first call, then the recall count.
    pub recall: u32,
    /// When the hub made the call, to measure how soon screens show it.
    pub at: DateTime<Utc>,
}

/// The announcement an event causes, read against the engine after the event is applied.
pub fn announcement(engine: &Engine, event: &Event) -> Option<Announcement> {
    let (ticket, counter, recall) = match &event.kind {
        EventKind::TicketCalled {
            ticket, counter, ..
        } => (*ticket, *counter, 0),
        EventKind::TicketRecalled {
            ticket,
            counter,
            recall,
        } => (*ticket, *counter, *recall),
        _ => return None,
    };
    let t = engine.ticket(ticket)?;
    let prefix = engine
        .config()
        .field(&t.issued_field)
        .map(|f| f.prefix.clone())
        .unwrap_or_default();
    Some(Announcement {
        seq: event.seq,
        ticket,
        display: t.display.clone(),
        prefix,
        counter,
        recall,
        at: event.at,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::engine::Command;
    use crate::model::{ClerkId, PriorityClass, Source};

    fn office() -> Engine {
        let text = include_str!("../../assets/config/office.toml");
        Engine::new(Arc::new(
            Config::parse("office.toml", text).expect("office"),
        ))
    }

    fn at(minute: u32) -> DateTime<Utc> {
        format!("2026-11-23T02:{minute:02}:00Z")
            .parse()
            .expect("time")
    }

    #[test]
    fn calls_are_listed_newest_first_once_each_and_recalls_announce_again() {
        let mut e = office();
        for _ in 0..3 {
            let issue = Command::IssueTicket {
                field: FieldCode::new("VL"),
                class: PriorityClass::Regular,
                source: Source::Kiosk("k".into()),
            };
            e.apply(&issue, at(0)).expect("issue");
        }
        for c in [1, 2] {
            let open = Command::OpenCounter {
                counter: CounterId(c),
                clerk: ClerkId::new(["lan", "hung"][c as usize - 1]),
                fields: vec![FieldCode::new("VL")],
            };
            e.apply(&open, at(1)).expect("open");
        }
        e.apply(
            &Command::CallNext {
                counter: CounterId(1),
            },
            at(2),
        )
        .expect("call");
        e.apply(
            &Command::CallNext {
                counter: CounterId(2),
            },
            at(3),
        )
        .expect("call");
        let recall = e
            .apply(
                &Command::Recall {
                    counter: CounterId(1),
                },
                at(4),
            )
            .expect("recall");
        let board = Board::of(&e);
        let lines: Vec<_> = board
            .recent
            .iter()
            .map(|c| (c.display.as_str(), c.counter.0))
            .collect();
        assert_eq!(lines, [("A002", 2), ("A001", 1)]);
        assert_eq!(board.recent[1].recalls, 1);
        let vl = board.waiting.iter().find(|f| f.code.as_str() == "VL");
        assert_eq!(vl.map(|f| f.waiting), Some(1));
        assert_eq!(board.counters[0].current.as_deref(), Some("A001"));
        assert_eq!(board.counters[2].current, None);
        let said = announcement(&e, &recall[0]).expect("a recall is announced");
        assert!(board.still_called(&said), "A001 is on its way to counter 1");
        e.apply(
            &Command::StartServing {
                counter: CounterId(1),
            },
            at(5),
        )
        .expect("start");
        let served = Board::of(&e);
        assert!(!served.still_called(&said), "A001 has reached counter 1");
        let mut newer = said.clone();
        newer.seq = served.seq + 1;
        assert!(
            served.still_called(&newer),
            "a board older than the call keeps it"
        );
        assert_eq!(
            (
                said.display.as_str(),
                said.prefix.as_str(),
                said.counter.0,
                said.recall
            ),
            ("A001", "A", 1, 1)
        );
    }
}
