//! The queue engine: pure and deterministic. `apply(command, now)` decides the events a
//! command causes (or refuses it, changing nothing) and then applies them to the state.
//! Time is always passed in; nothing here reads the clock, the disk or the network.

mod command;
mod day;
mod decide;
pub mod devices;
mod event;
mod evolve;
mod lines;
mod numbering;
pub mod policy;
pub mod rating;
mod refusal;
pub mod wait;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::model::{ClerkId, CounterId, FieldCode, Ticket, TicketId};

pub use command::Command;
pub use day::business_day;
pub use event::{Event, EventKind, NoShowCause};
pub use evolve::Changes;
pub use lines::Lines;
pub use rating::{Rating, Score, Via};
pub use refusal::Refusal;

/// Per-field state of the current day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldState {
    /// Issuing tickets.
    pub open: bool,
    /// Next number to try.
    pub next_number: u32,
    /// Tickets issued today.
    pub issued: u32,
    /// Moving average of how long a counter is held per citizen, from the call to the end
    /// of service (the walk to the desk included), in seconds; None before the first.
    pub service_secs: Option<f64>,
}

/// Per-counter state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CounterState {
    /// Clerk logged in, if open.
    pub clerk: Option<ClerkId>,
    /// Fields served, in order of preference.
    pub fields: Vec<FieldCode>,
    /// Pause reason, if paused.
    pub paused: Option<String>,
    /// Ticket called or being served.
    pub current: Option<TicketId>,
    /// Regular tickets this counter may still call before a waiting priority ticket:
    /// 0 when it opens (priority first), the configured ratio after each priority call.
    pub regular_allowance: u32,
}

impl CounterState {
    /// Whether a clerk is logged in.
    pub fn is_open(&self) -> bool {
        self.clerk.is_some()
    }
}

/// Everything the engine knows. Equal states give equal decisions. Sent to devices as the
/// snapshot they mirror; the lines are rebuilt on arrival.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Sequence number of the last event applied.
    pub last_seq: u64,
    /// Current business day (None before the first event).
    pub day: Option<NaiveDate>,
    /// Identity the next ticket gets.
    pub next_ticket: u64,
    /// Tickets of the current business day.
    #[serde(with = "pairs")]
    pub tickets: BTreeMap<TicketId, Ticket>,
    /// Fields by code.
    pub fields: BTreeMap<FieldCode, FieldState>,
    /// Counters by number.
    #[serde(with = "pairs")]
    pub counters: BTreeMap<CounterId, CounterState>,
    /// Devices with a problem staff must fix (e.g. a kiosk's printer), by device name.
    #[serde(default)]
    pub device_problems: BTreeMap<String, String>,
    /// Devices with a problem that have disconnected, and when they did; their problem is
    /// cleared after [`devices::GONE_AFTER`].
    #[serde(default)]
    pub device_offline: BTreeMap<String, DateTime<Utc>>,
    /// Tickets of the current day that have their rating (one each).
    #[serde(default)]
    pub rated: BTreeSet<TicketId>,
    /// Waiting tickets in calling order (derived from `tickets`).
    #[serde(skip)]
    pub lines: Lines,
}

impl State {
    /// The state a device needs: every ticket still in play (waiting, called, served, or a
    /// no-show that may be brought back) and the `ended` most recently ended ones, for a
    /// display's history. No later event can name the tickets left out, so a device that
    /// starts from this and applies events stays exact for everything it shows.
    pub fn for_devices(&self, ended: usize) -> State {
        let in_play =
            |t: &Ticket| t.state.is_active() || t.state == crate::model::TicketState::NoShow;
        let mut done: Vec<&Ticket> = self.tickets.values().filter(|t| !in_play(t)).collect();
        done.sort_by_key(|t| std::cmp::Reverse((t.ended_at, t.id)));
        let keep: BTreeSet<TicketId> = done.iter().take(ended).map(|t| t.id).collect();
        let tickets: BTreeMap<TicketId, Ticket> = self
            .tickets
            .iter()
            .filter(|(id, t)| in_play(t) || keep.contains(id))
            .map(|(id, t)| (*id, t.clone()))
            .collect();
        State {
            rated: self
                .rated
                .iter()
                .filter(|id| tickets.contains_key(id))
                .copied()
                .collect(),
            tickets,
            fields: self.fields.clone(),
            counters: self.counters.clone(),
            device_problems: self.device_problems.clone(),
            device_offline: self.device_offline.clone(),
            lines: self.lines.clone(),
            ..*self
        }
    }
}

/// Maps with number keys as lists of `[key, value]` pairs: JSON object keys are text, and
/// text keys cannot be read back as numbers inside the protocol's tagged messages.
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &BTreeMap<K, V>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K, V, D>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}

/// The engine: the office's rules and the state they act on.
#[derive(Debug, Clone)]
pub struct Engine {
    config: Arc<Config>,
    state: State,
}

impl Engine {
    /// A new office with no history.
    pub fn new(config: Arc<Config>) -> Engine {
        let state = State {
            last_seq: 0,
            day: None,
            next_ticket: 1,
            tickets: BTreeMap::new(),
            fields: BTreeMap::new(),
            counters: BTreeMap::new(),
            device_problems: BTreeMap::new(),
            device_offline: BTreeMap::new(),
            rated: BTreeSet::new(),
            lines: Lines::default(),
        };
        Engine::from_state(config, state)
    }

    /// An engine over a saved state; fields and counters added to the configuration since
    /// are added closed-and-empty, and the lines are rebuilt from the tickets.
    pub fn from_state(config: Arc<Config>, mut state: State) -> Engine {
        for f in &config.fields {
            state
                .fields
                .entry(f.code.clone())
                .or_insert_with(|| FieldState {
                    open: true,
                    next_number: f.start,
                    issued: 0,
                    service_secs: None,
                });
        }
        for c in &config.counters {
            state.counters.entry(c.id).or_default();
        }
        state.lines = Lines::build(state.tickets.values());
        Engine { config, state }
    }

    /// The office configuration.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// A ticket of the current day.
    pub fn ticket(&self, id: TicketId) -> Option<&Ticket> {
        self.state.tickets.get(&id)
    }

    /// A ticket of the current day by its shown number, e.g. `A023` (the newest if the
    /// range wrapped).
    pub fn ticket_by_display(&self, display: &str) -> Option<&Ticket> {
        self.state
            .tickets
            .values()
            .rev()
            .find(|t| t.display == display)
    }

    /// Decides and applies a command. On refusal nothing changes.
    ///
    /// When `now` falls in a later business day, the day change comes first and is part of
    /// the returned events; if the command is then refused, the day change is not applied
    /// either (the next command or the hub's clock will apply it).
    pub fn apply(&mut self, command: &Command, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        self.apply_tracked(command, now, &mut Changes::default())
    }

    /// `apply`, also adding to `changes` what the events changed (for projections).
    pub fn apply_tracked(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
        changes: &mut Changes,
    ) -> Result<Vec<Event>, Refusal> {
        let today = business_day(now, &self.config);
        if self.state.day.is_some_and(|d| d >= today) {
            let kinds = decide::decide(self, command, now)?;
            return Ok(self.record(kinds, now, changes));
        }
        let mut next = self.clone();
        let mut mine = Changes::default();
        let mut events = next.record(vec![next.day_change(today)], now, &mut mine);
        if *command != Command::Rollover {
            let kinds = decide::decide(&next, command, now)?;
            events.extend(next.record(kinds, now, &mut mine));
        }
        *self = next;
        changes.merge(mine);
        Ok(events)
    }

    /// Applies an event read back from the log. Returns what it changed, for projections.
    pub fn evolve(&mut self, event: &Event) -> Changes {
        evolve::evolve(&mut self.state, &self.config, event)
    }

    fn record(
        &mut self,
        kinds: Vec<EventKind>,
        at: DateTime<Utc>,
        changes: &mut Changes,
    ) -> Vec<Event> {
        kinds
            .into_iter()
            .map(|kind| {
                let event = Event {
                    seq: self.state.last_seq + 1,
                    at,
                    kind,
                };
                changes.merge(self.evolve(&event));
                event
            })
            .collect()
    }

    fn day_change(&self, day: NaiveDate) -> EventKind {
        let expired = self
            .state
            .tickets
            .values()
            .filter(|t| t.state.is_active())
            .map(|t| t.id)
            .collect();
        EventKind::DayStarted { day, expired }
    }
}
