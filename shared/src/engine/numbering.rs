//! Numbers within a field's range: in order, wrapping to the start when configured, and
//! never a number that a ticket still waiting, called or being served holds.

use std::collections::HashSet;

use crate::config::FieldConfig;
use crate::model::Ticket;

use super::{FieldState, Refusal};

/// The number the next ticket of `field` gets, or why there is none.
pub fn next_number<'a>(
    field: &FieldConfig,
    state: &FieldState,
    tickets: impl Iterator<Item = &'a Ticket>,
) -> Result<u32, Refusal> {
    let exhausted = || Refusal::RangeExhausted {
        field: field.code.clone(),
    };
    if let Some(limit) = field.daily_limit.filter(|&l| state.issued >= l) {
        return Err(Refusal::DailyLimitReached {
            field: field.code.clone(),
            limit,
        });
    }
    // Until the range wraps, numbers are handed out in order from `start`, so every number
    // at or above `next_number` is free and the tickets need not be looked at.
    let wrapped = state.issued > state.next_number.saturating_sub(field.start);
    let mut held: Option<HashSet<u32>> = None;
    let mut tickets = Some(tickets);
    let mut held_numbers = || -> HashSet<u32> {
        tickets
            .take()
            .map(|ts| {
                ts.filter(|t| t.issued_field == field.code && t.state.is_active())
                    .map(|t| t.number)
                    .collect()
            })
            .unwrap_or_default()
    };
    if wrapped {
        held = Some(held_numbers());
    }
    let mut n = state.next_number;
    for _ in 0..=(field.end - field.start) {
        if n > field.end {
            if !field.wrap {
                return Err(exhausted());
            }
            n = field.start;
            held.get_or_insert_with(&mut held_numbers);
        }
        if !held.as_ref().is_some_and(|h| h.contains(&n)) {
            return Ok(n);
        }
        n += 1;
    }
    Err(exhausted())
}
