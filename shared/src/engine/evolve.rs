//! Evolving: applying one event to the state. Used live after `decide` and when replaying
//! the log, so it must never refuse and must give the same state both ways.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::model::{CounterId, FieldCode, Ticket, TicketId, TicketState};

use super::{CounterState, Event, EventKind, Rating, State, wait};

/// What an event changed, so the store can write just those projection rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Tickets changed and still in the state.
    pub tickets: BTreeSet<TicketId>,
    /// Tickets of an ended day, as they were last: no longer in the state.
    pub retired: Vec<Ticket>,
    /// Counters changed.
    pub counters: BTreeSet<CounterId>,
    /// Fields changed.
    pub fields: BTreeSet<FieldCode>,
    /// Devices whose reported problem changed.
    pub devices: BTreeSet<String>,
    /// Ratings given, to add to the store.
    pub ratings: Vec<Rating>,
}

impl Changes {
    /// Adds another event's changes.
    pub fn merge(&mut self, other: Changes) {
        self.tickets.extend(other.tickets);
        self.retired.extend(other.retired);
        self.counters.extend(other.counters);
        self.fields.extend(other.fields);
        self.devices.extend(other.devices);
        self.ratings.extend(other.ratings);
    }
}

/// Applies `event` to `state`.
pub fn evolve(state: &mut State, config: &Config, event: &Event) -> Changes {
    let mut ch = Changes::default();
    let at = event.at;
    state.last_seq = event.seq;
    match &event.kind {
        EventKind::DayStarted { day, .. } => {
            for (_, mut t) in std::mem::take(&mut state.tickets) {
                if t.state.is_active() {
                    t.state = TicketState::Expired;
                    t.ended_at = Some(at);
                }
                ch.retired.push(t);
            }
            state.lines = Default::default();
            state.rated.clear();
            state.day = Some(*day);
            for (id, c) in state.counters.iter_mut() {
                *c = CounterState::default();
                ch.counters.insert(*id);
            }
            for (code, f) in state.fields.iter_mut() {
                f.open = true;
                f.issued = 0;
                f.next_number = config.field(code).map_or(1, |fc| fc.start);
                ch.fields.insert(code.clone());
            }
        }
        EventKind::TicketIssued {
            ticket,
            field,
            number,
            display,
            class,
            source,
        } => {
            let t = Ticket {
                id: *ticket,
                day: state.day.unwrap_or_default(),
                issued_field: field.clone(),
                field: field.clone(),
                number: *number,
                display: display.clone(),
                class: *class,
                source: source.clone(),
                issued_at: at,
                queued_at: at,
                state: TicketState::Waiting,
                counter: None,
                clerk: None,
                called_at: None,
                started_at: None,
                ended_at: None,
                recalls: 0,
                transfers: 0,
            };
            state.lines.enter(&t);
            state.tickets.insert(t.id, t);
            state.next_ticket = ticket.0 + 1;
            if let Some(f) = state.fields.get_mut(field) {
                f.next_number = number + 1;
                f.issued += 1;
            }
            ch.tickets.insert(*ticket);
            ch.fields.insert(field.clone());
        }
        EventKind::TicketCalled {
            ticket,
            counter,
            clerk,
            ..
        } => {
            let ratio = config.queue.regular_per_priority;
            let mut priority = false;
            change(state, &mut ch, *ticket, |t| {
                priority = t.class.is_priority();
                t.state = TicketState::Called;
                t.counter = Some(*counter);
                t.clerk = Some(clerk.clone());
                t.called_at = Some(at);
                t.started_at = None;
                t.recalls = 0;
            });
            counter_change(state, &mut ch, *counter, |c| {
                c.current = Some(*ticket);
                c.regular_allowance = if priority {
                    ratio
                } else {
                    c.regular_allowance.saturating_sub(1)
                };
            });
        }
        EventKind::TicketRecalled { ticket, recall, .. } => {
            change(state, &mut ch, *ticket, |t| t.recalls = *recall)
        }
        EventKind::ServiceStarted { ticket, .. } => change(state, &mut ch, *ticket, |t| {
            t.state = TicketState::Serving;
            t.started_at = Some(at);
        }),
        EventKind::TicketFinished { ticket, counter } => {
            let mut served = None;
            change(state, &mut ch, *ticket, |t| {
                t.state = TicketState::Done;
                t.ended_at = Some(at);
                // The counter was held from the call: the walk to the desk counts.
                let began = t.called_at.or(t.started_at).unwrap_or(at);
                served = Some((
                    t.field.clone(),
                    (at - began).num_milliseconds().max(0) as f64 / 1000.0,
                ));
            });
            if let Some((field, secs)) = served
                && let Some(f) = state.fields.get_mut(&field)
            {
                f.service_secs = Some(wait::smoothed(f.service_secs, secs));
                ch.fields.insert(field);
            }
            counter_change(state, &mut ch, *counter, |c| c.current = None);
        }
        EventKind::TicketNoShow {
            ticket, counter, ..
        } => {
            change(state, &mut ch, *ticket, |t| {
                t.state = TicketState::NoShow;
                t.ended_at = Some(at);
            });
            counter_change(state, &mut ch, *counter, |c| c.current = None);
        }
        EventKind::TicketBroughtBack { ticket } => change(state, &mut ch, *ticket, back_in_line),
        EventKind::TicketTransferred {
            ticket,
            to,
            keep_place,
            counter,
            ..
        } => {
            change(state, &mut ch, *ticket, |t| {
                back_in_line(t);
                t.field = to.clone();
                t.transfers += 1;
                if !keep_place {
                    t.queued_at = at;
                }
            });
            if let Some(c) = counter {
                counter_change(state, &mut ch, *c, |c| c.current = None);
            }
        }
        EventKind::TicketCancelled { ticket, counter } => {
            change(state, &mut ch, *ticket, |t| {
                t.state = TicketState::Cancelled;
                t.ended_at = Some(at);
            });
            if let Some(c) = counter {
                counter_change(state, &mut ch, *c, |c| c.current = None);
            }
        }
        EventKind::CounterOpened {
            counter,
            clerk,
            fields,
        } => counter_change(state, &mut ch, *counter, |c| {
            *c = CounterState {
                clerk: Some(clerk.clone()),
                fields: fields.clone(),
                ..CounterState::default()
            };
        }),
        EventKind::CounterFieldsChanged { counter, fields } => {
            counter_change(state, &mut ch, *counter, |c| c.fields = fields.clone())
        }
        EventKind::CounterClosed { counter } => {
            counter_change(state, &mut ch, *counter, |c| *c = CounterState::default())
        }
        EventKind::CounterPaused { counter, reason } => {
            counter_change(state, &mut ch, *counter, |c| {
                c.paused = Some(reason.clone())
            })
        }
        EventKind::CounterResumed { counter } => {
            counter_change(state, &mut ch, *counter, |c| c.paused = None)
        }
        EventKind::DeviceReported { device, problem } => {
            match problem {
                Some(p) => state.device_problems.insert(device.clone(), p.clone()),
                None => state.device_problems.remove(device),
            };
            state.device_offline.remove(device);
            ch.devices.insert(device.clone());
        }
        EventKind::DeviceDisconnected { device } => {
            state.device_offline.insert(device.clone(), at);
            ch.devices.insert(device.clone());
        }
        EventKind::DeviceReconnected { device } => {
            state.device_offline.remove(device);
            ch.devices.insert(device.clone());
        }
        EventKind::TicketRated {
            ticket,
            score,
            reason,
            via,
        } => {
            if let Some(t) = state.tickets.get(ticket) {
                state.rated.insert(*ticket);
                ch.ratings.push(Rating {
                    ticket: *ticket,
                    day: t.day,
                    field: t.field.clone(),
                    counter: t.counter,
                    clerk: t.clerk.clone(),
                    score: *score,
                    reason: reason.clone(),
                    at,
                    via: *via,
                });
            }
        }
        EventKind::FieldOpened { field } | EventKind::FieldClosed { field } => {
            let open = matches!(event.kind, EventKind::FieldOpened { .. });
            if let Some(f) = state.fields.get_mut(field) {
                f.open = open;
                ch.fields.insert(field.clone());
            }
        }
    }
    ch
}

/// Back to waiting, as a ticket that was never called.
fn back_in_line(t: &mut Ticket) {
    t.state = TicketState::Waiting;
    t.counter = None;
    t.clerk = None;
    t.called_at = None;
    t.started_at = None;
    t.ended_at = None;
    t.recalls = 0;
}

/// Changes one ticket, keeping the lines in step: it leaves its line (and frees its number)
/// before the change and enters them again as it is after.
fn change(state: &mut State, ch: &mut Changes, id: TicketId, f: impl FnOnce(&mut Ticket)) {
    let Some(mut t) = state.tickets.remove(&id) else {
        tracing::warn!(ticket = %id, "event names a ticket that is not in today's state");
        return;
    };
    state.lines.exit(&t);
    f(&mut t);
    state.lines.enter(&t);
    state.tickets.insert(id, t);
    ch.tickets.insert(id);
}

fn counter_change(
    state: &mut State,
    ch: &mut Changes,
    id: CounterId,
    f: impl FnOnce(&mut CounterState),
) {
    f(state.counters.entry(id).or_default());
    ch.counters.insert(id);
}
