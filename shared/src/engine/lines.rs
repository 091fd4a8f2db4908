//! The waiting lines: per field, a priority line and a regular line, each ordered by place
//! (arrival time, then ticket identity). Derived from the tickets; never stored.

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

/// Every field's lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lines(BTreeMap<FieldCode, FieldLines>);

impl Lines {
    /// Lines holding every waiting ticket of `tickets`.
    pub fn build<'a>(tickets: impl Iterator<Item = &'a Ticket>) -> Lines {
        let mut lines = Lines::default();
        for t in tickets.filter(|t| t.state == TicketState::Waiting) {
            lines.join(t);
        }
        lines
    }
    /// Puts a waiting ticket in its line.
    pub fn join(&mut self, t: &Ticket) {
        let field = self.0.entry(t.field.clone()).or_default();
        field
            .line_mut(t.class.is_priority())
            .insert((t.queued_at, t.id));
    }
    /// Takes a ticket out of its line (no-op if it is not there).
    pub fn leave(&mut self, t: &Ticket) {
        if let Some(field) = self.0.get_mut(&t.field) {
            field
                .line_mut(t.class.is_priority())
                .remove(&(t.queued_at, t.id));
            if field.is_empty() {
                self.0.remove(&t.field);
            }
        }
    }
    /// The lines of one field, if anyone waits there.
    pub fn field(&self, code: &FieldCode) -> Option<&FieldLines> {
        self.0.get(code)
    }
    /// Tickets waiting in a field.
    pub fn waiting(&self, code: &FieldCode) -> usize {
        self.0.get(code).map_or(0, FieldLines::len)
    }
}
