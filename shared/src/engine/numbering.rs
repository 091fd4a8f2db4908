//! Numbers within a field's range: in order, wrapping to the start when configured, and
//! never a number that a ticket still waiting, called or being served holds.

use std::collections::BTreeSet;

use crate::config::FieldConfig;

use super::{FieldState, Refusal};

/// The number the next ticket of `field` gets, or why there is none. `held` are the numbers
/// of the field's tickets still in the queue.
pub fn next_number(
    field: &FieldConfig,
    state: &FieldState,
    held: Option<&BTreeSet<u32>>,
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
    let is_held = |n: u32| held.is_some_and(|h| h.contains(&n));
    let mut n = state.next_number;
    for _ in 0..=(field.end - field.start) {
        if n > field.end {
            if !field.wrap {
                return Err(exhausted());
            }
            n = field.start;
        }
        if !is_held(n) {
            return Ok(n);
        }
        n += 1;
    }
    Err(exhausted())
}
