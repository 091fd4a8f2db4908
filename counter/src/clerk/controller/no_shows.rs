//! No-shows the counter may bring back: a citizen who missed the call comes to the counter
//! within `queue.no_show_return_minutes` and is called again (the citizen's page tells
//! them so). Which no-shows are still within that time, newest first.

use chrono::{DateTime, Duration, Utc};
use shared::engine::Engine;
use shared::model::{CounterId, FieldCode, Ticket, TicketId, TicketState};

/// How many no-shows the call-a-number dialog lists.
const LISTED: usize = 9;

/// A no-show as the call-a-number dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoShow {
    /// The ticket.
    pub ticket: TicketId,
    /// Its number, e.g. `A003`.
    pub display: String,
    /// Its field.
    pub field: FieldCode,
    /// When it became a no-show.
    pub at: DateTime<Utc>,
    /// The counter that called it.
    pub counter: Option<CounterId>,
}

/// The time after a no-show during which it may be brought back.
pub fn window(engine: &Engine) -> Duration {
    Duration::minutes(i64::from(engine.config().queue.no_show_return_minutes))
}

/// Whether `t`, a no-show, may still be brought back at `now` (as the engine decides).
pub fn returnable(engine: &Engine, t: &Ticket, now: DateTime<Utc>) -> bool {
    t.state == TicketState::NoShow && t.ended_at.is_some_and(|at| now - at <= window(engine))
}

/// Today's no-shows that may still be brought back at `now`, the latest first.
pub fn listed(engine: &Engine, now: DateTime<Utc>) -> Vec<NoShow> {
    let mut found: Vec<NoShow> = engine
        .state()
        .tickets
        .values()
        .filter(|t| returnable(engine, t, now))
        .filter_map(|t| {
            Some(NoShow {
                ticket: t.id,
                display: t.display.clone(),
                field: t.field.clone(),
                at: t.ended_at?,
                counter: t.counter,
            })
        })
        .collect();
    found.sort_by(|a, b| b.at.cmp(&a.at).then(b.ticket.cmp(&a.ticket)));
    found.truncate(LISTED);
    found
}
