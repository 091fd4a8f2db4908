//! The calling policy: which waiting ticket a counter calls next.
//! See `docs/calling-policy.md` for the rules with worked examples.

use chrono::{DateTime, Duration, Utc};

use crate::config::QueueRules;
use crate::model::TicketId;

use super::lines::{FieldLines, Place};
use super::{CounterState, Lines};

/// The ticket `counter` should call now, if anyone waits in its fields.
///
/// 1. A ticket that has waited `max_wait_minutes` or more goes first, oldest first.
/// 2. Otherwise the priority line goes first, unless a regular ticket waits and the counter
///    still has regular calls allowed: after each priority call it may call
///    `regular_per_priority` regular tickets before the next priority one.
/// 3. Within the chosen line, fields in the counter's order; within a field, arrival order.
pub fn next_ticket(
    lines: &Lines,
    rules: &QueueRules,
    counter: &CounterState,
    now: DateTime<Utc>,
) -> Option<TicketId> {
    let served: Vec<&FieldLines> = counter
        .fields
        .iter()
        .filter_map(|f| lines.field(f))
        .collect();
    if served.is_empty() {
        return None;
    }
    if rules.max_wait_minutes > 0 {
        let limit = now - Duration::minutes(i64::from(rules.max_wait_minutes));
        let overdue = served
            .iter()
            .flat_map(|l| [l.priority.first(), l.regular.first()])
            .flatten()
            .filter(|(queued, _)| *queued <= limit)
            .min();
        if let Some((_, id)) = overdue {
            return Some(*id);
        }
    }
    let any_priority = served.iter().any(|l| !l.priority.is_empty());
    let any_regular = served.iter().any(|l| !l.regular.is_empty());
    let priority_turn = any_priority && (counter.regular_allowance == 0 || !any_regular);
    let line = |l: &&FieldLines| -> Option<Place> {
        if priority_turn {
            l.priority.first().copied()
        } else {
            l.regular.first().copied()
        }
    };
    served.iter().find_map(line).map(|(_, id)| id)
}
