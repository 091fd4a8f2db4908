//! The waiting lines: per field, a priority line and a regular line, each ordered by place
//! (arrival time, then ticket identity); the numbers each field's active tickets hold; and
//! each field's no-shows by number, which keep their number while they may come back.
//! Derived from the tickets; never stored.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::model::{FieldCode, Ticket, TicketId, TicketState};

/// A place in line: earlier arrival first, ties by ticket identity.
pub type Place = (DateTime<Utc>, TicketId);

/// The two lines of one field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldLines {
    /// Priority classes, first come first served.
    pub priority: BTreeSet<Place>,
    /// Everyone else.
    pub regular: BTreeSet<Place>,
}

impl FieldLines {
    /// The line for a ticket of this class.
    fn line_mut(&mut self, priority: bool) -> &mut BTreeSet<Place> {
        if priority {
            &mut self.priority
        } else {
            &mut self.regular
        }
    }
    /// Tickets waiting in both lines.
    pub fn len(&self) -> usize {
        self.priority.len() + self.regular.len()
    }
    /// Whether nobody waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every field's lines, the numbers held by tickets still waiting, called or served, and
/// the no-shows as (number, when they missed their turn, ticket); numbers and no-shows are
/// by the field that issued them, whose prefix they carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lines {
    lines: BTreeMap<FieldCode, FieldLines>,
    held: BTreeMap<FieldCode, BTreeSet<u32>>,
    no_shows: BTreeMap<FieldCode, BTreeSet<(u32, DateTime<Utc>, TicketId)>>,
}

impl Lines {
    /// Lines holding every waiting ticket of `tickets`.
    pub fn build<'a>(tickets: impl Iterator<Item = &'a Ticket>) -> Lines {
        let mut lines = Lines::default();
        for t in tickets {
            lines.enter(t);
        }
        lines
    }
    /// Records a ticket as it is now: in its line if waiting, its number held if active.
    pub fn enter(&mut self, t: &Ticket) {
        if t.state == TicketState::Waiting {
            self.join(t);
        }
        if t.state.is_active() {
            self.held
                .entry(t.issued_field.clone())
                .or_default()
                .insert(t.number);
        }
        if let Some(missed) = no_show(t) {
            self.no_shows
                .entry(t.issued_field.clone())
                .or_default()
                .insert(missed);
        }
    }
    /// Forgets a ticket as it was (before a change).
    pub fn exit(&mut self, t: &Ticket) {
        self.leave(t);
        if t.state.is_active()
            && let Some(held) = self.held.get_mut(&t.issued_field)
        {
            held.remove(&t.number);
            if held.is_empty() {
                self.held.remove(&t.issued_field);
            }
        }
        if let Some(missed) = no_show(t)
            && let Some(no_shows) = self.no_shows.get_mut(&t.issued_field)
        {
            no_shows.remove(&missed);
            if no_shows.is_empty() {
                self.no_shows.remove(&t.issued_field);
            }
        }
    }
    /// Tickets waiting, called or being served, in all fields.
    pub fn in_play(&self) -> usize {
        self.held.values().map(BTreeSet::len).sum()
    }
    /// Numbers of `field` held by active tickets.
    pub fn held(&self, field: &FieldCode) -> Option<&BTreeSet<u32>> {
        self.held.get(field)
    }
    /// Whether a ticket of `field` numbered `number` became a no-show at `since` or later.
    pub fn missed_since(&self, field: &FieldCode, number: u32, since: DateTime<Utc>) -> bool {
        self.no_shows.get(field).is_some_and(|missed| {
            missed
                .range(
                    (number, since, TicketId(0))
                        ..=(number, DateTime::<Utc>::MAX_UTC, TicketId(u64::MAX)),
                )
                .next()
                .is_some()
        })
    }
    /// Puts a waiting ticket in its line.
    fn join(&mut self, t: &Ticket) {
        let field = self.lines.entry(t.field.clone()).or_default();
        field
            .line_mut(t.class.is_priority())
            .insert((t.queued_at, t.id));
    }
    /// Takes a ticket out of its line (no-op if it is not there).
    fn leave(&mut self, t: &Ticket) {
        if let Some(field) = self.lines.get_mut(&t.field) {
            field
                .line_mut(t.class.is_priority())
                .remove(&(t.queued_at, t.id));
            if field.is_empty() {
                self.lines.remove(&t.field);
            }
        }
    }
    /// The lines of one field, if anyone waits there.
    pub fn field(&self, code: &FieldCode) -> Option<&FieldLines> {
        self.lines.get(code)
    }
    /// Tickets waiting in a field.
    pub fn waiting(&self, code: &FieldCode) -> usize {
        self.lines.get(code).map_or(0, FieldLines::len)
    }
}

/// A no-show's entry: its number, when it missed its turn, and the ticket.
fn no_show(t: &Ticket) -> Option<(u32, DateTime<Utc>, TicketId)> {
    (t.state == TicketState::NoShow)
        .then_some(t.ended_at)
        .flatten()
        .map(|at| (t.number, at, t.id))
}
