//! What the mirrored office says about one counter: its state, its ticket, who waits for
//! it and in which order it would call them, and whether an action can be done now.

use chrono::{DateTime, Utc};
use shared::engine::{CounterState, Engine, policy};
use shared::model::{CounterId, Ticket, TicketState};

use super::keys::DeskAction;
use super::texts::Blocked;

/// The counter's state, if the office has it.
pub fn counter(engine: &Engine, id: CounterId) -> Option<&CounterState> {
    engine.state().counters.get(&id)
}

/// The ticket called to or served at the counter.
pub fn current(engine: &Engine, id: CounterId) -> Option<&Ticket> {
    counter(engine, id)?.current.and_then(|t| engine.ticket(t))
}

/// Tickets waiting in the counter's fields.
pub fn waiting(engine: &Engine, id: CounterId) -> usize {
    counter(engine, id).map_or(0, |c| {
        c.fields
            .iter()
            .map(|f| engine.state().lines.waiting(f))
            .sum()
    })
}

/// The next `n` tickets this counter would call, in order, if no other counter called
/// first: the engine's own policy, applied to a copy of the lines.
pub fn next_calls(engine: &Engine, id: CounterId, now: DateTime<Utc>, n: usize) -> Vec<&Ticket> {
    let Some(c) = counter(engine, id) else {
        return Vec::new();
    };
    let rules = &engine.config().queue;
    let mut lines = engine.state().lines.clone();
    let mut c = c.clone();
    let mut calls = Vec::new();
    while calls.len() < n {
        let Some(t) = policy::next_ticket(&lines, rules, &c, now).and_then(|t| engine.ticket(t))
        else {
            break;
        };
        lines.exit(t);
        // As the engine does when a ticket is called (evolve, TicketCalled).
        c.regular_allowance = if t.class.is_priority() {
            rules.regular_per_priority
        } else {
            c.regular_allowance.saturating_sub(1)
        };
        calls.push(t);
    }
    calls
}

/// Whether `action` can be done at the counter now; the reason when not. `online` and
/// `busy` are the link and whether a request is waiting for its answer.
pub fn check(
    action: DeskAction,
    engine: Option<&Engine>,
    id: CounterId,
    online: bool,
    busy: bool,
) -> Result<(), Blocked> {
    if action == DeskAction::Language {
        return Ok(());
    }
    if !online {
        return Err(Blocked::Offline);
    }
    let Some(engine) = engine else {
        return Err(Blocked::Loading);
    };
    if busy {
        return Err(Blocked::Busy);
    }
    let c = counter(engine, id).ok_or(Blocked::Loading)?;
    let ticket = current(engine, id);
    let shown = || ticket.map(|t| t.display.clone()).unwrap_or_default();
    let state = ticket.map(|t| t.state);
    let paused = || match &c.paused {
        Some(reason) => Err(Blocked::Paused(reason.clone())),
        None => Ok(()),
    };
    let free = || match state {
        Some(TicketState::Called) => Err(Blocked::Called(shown())),
        _ => Ok(()),
    };
    match action {
        DeskAction::CallNext => {
            paused()?;
            free()?;
            if waiting(engine, id) == 0 {
                return Err(Blocked::NoneWaiting);
            }
            Ok(())
        }
        DeskAction::CallNumber => {
            paused()?;
            free()
        }
        DeskAction::Recall | DeskAction::NoShow => match state {
            Some(TicketState::Called) => Ok(()),
            Some(TicketState::Serving) => Err(Blocked::Serving(shown())),
            _ => Err(Blocked::NoTicket),
        },
        DeskAction::Start => match state {
            Some(TicketState::Called) => Ok(()),
            Some(TicketState::Serving) => Err(Blocked::Serving(shown())),
            _ => Err(Blocked::NoTicket),
        },
        DeskAction::Finish | DeskAction::Transfer => match state {
            Some(TicketState::Called | TicketState::Serving) => Ok(()),
            _ => Err(Blocked::NoTicket),
        },
        DeskAction::Pause | DeskAction::Fields => Ok(()),
        DeskAction::LogOut => match ticket {
            Some(t) => Err(Blocked::HasTicket(t.display.clone())),
            None => Ok(()),
        },
        DeskAction::Language => Ok(()),
    }
}
