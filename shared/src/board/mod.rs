//! What a wall display shows, worked out from the office state: each counter's current
//! number, the recent calls (one line per ticket, so a recall never adds a line), and how
//! many wait in each field. The native display and the web display (`/display`) both draw
//! this, so a TV shows the same thing whichever way it is connected.
//!
//! Every word either display shows is in [`words`], once per language.
//!
//! # What a call shows after the clerk acts on it
//!
//! One rule, [`Outcome::of`], for both displays:
//! - **The big panel** shows a call only while it stands: the citizen is on the way
//!   ([`Outcome::Calling`]) or came ([`Outcome::Came`]). When the clerk marks a no-show,
//!   cancels the ticket or transfers it, the call is withdrawn: a lit call goes dark at
//!   once ([`Board::withdrawn`]), an announcement still queued is neither shown nor said
//!   ([`Board::still_called`]), and the panel rests on the newest call that stands
//!   ([`Board::panel`]). A TV never invites anyone to a counter that has moved on.
//! - **"Vừa gọi"** (recent calls) keeps the latest call of each ticket that is out of line,
//!   with what became of it: a no-show stays, marked missed, so a citizen who comes back
//!   late sees which counter can call them again; a cancelled ticket stays, marked
//!   cancelled. A ticket put back in line (transferred to another field, or a no-show
//!   brought back) leaves the list: it waits to be called again, and showing it beside its
//!   old counter would send its citizen to the wrong desk; its next call lists it again.

mod call;
#[cfg(test)]
mod tests;
pub mod words;

pub use call::{Announcement, Call, Outcome, announcement};
pub use words::Words;

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::model::{CounterId, FieldCode};

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
    /// Recent calls, newest first, one per ticket out of line (see the module doc).
    pub recent: Vec<Call>,
    /// The call the big panel rests on when no call is lit: the newest that stands.
    pub panel: Option<Call>,
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
                    outcome: Outcome::of(t.state)?,
                })
            })
            .collect();
        recent.sort_by(|a, b| b.at.cmp(&a.at).then(b.ticket.cmp(&a.ticket)));
        let panel = recent.iter().find(|c| c.outcome.stands()).cloned();
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
            panel,
            counters,
            waiting,
        }
    }

    /// Whether `call` is still worth announcing: its ticket is still called at that
    /// counter, the citizen not yet there. A display working through a burst of calls
    /// skips those whose citizen has already arrived, or whose call was withdrawn, so the
    /// screen and the voice catch up with the room. A board older than the call knows
    /// nothing of it yet, and keeps it.
    pub fn still_called(&self, call: &Announcement) -> bool {
        if self.seq < call.seq {
            return true;
        }
        let outcome = self.line(call).map(|c| c.outcome);
        self.at_counter(call) && outcome.is_none_or(|o| o == Outcome::Calling)
    }

    /// Whether `call` was withdrawn (a no-show, a cancel, a transfer): a lit call goes
    /// dark at once. A call whose citizen came still stands. A board older than the call
    /// knows nothing of it yet.
    pub fn withdrawn(&self, call: &Announcement) -> bool {
        if self.seq < call.seq {
            return false;
        }
        let stands = self.line(call).is_some_and(|c| c.outcome.stands());
        !(stands || self.at_counter(call))
    }

    /// The recent line of `call`'s ticket, if it was last called to the same counter.
    fn line(&self, call: &Announcement) -> Option<&Call> {
        self.recent
            .iter()
            .find(|c| c.ticket == call.ticket && c.counter == call.counter)
    }

    /// Whether `call`'s number is called or served at its counter now.
    fn at_counter(&self, call: &Announcement) -> bool {
        self.counters
            .iter()
            .any(|c| c.counter == call.counter && c.current.as_deref() == Some(&call.display))
    }
}
