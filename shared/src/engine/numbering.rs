//! Numbers within a field's range: in order, wrapping to the start when configured, and
//! never a number a citizen may still answer to: one a ticket still waiting, called or
//! being served holds, or one a no-show keeps while it may still be brought back.

use chrono::{DateTime, Duration, Utc};

use crate::config::{FieldConfig, QueueRules};
use crate::model::FieldCode;

use super::{FieldState, Lines, Refusal};

/// The earliest a ticket can have been marked a no-show and still be brought back at `now`
/// (the return window is inclusive: at exactly its end the citizen is still in time).
pub fn returnable_since(rules: &QueueRules, now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_signed(Duration::minutes(i64::from(rules.no_show_return_minutes)))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Whether `number` of `field` is someone's at `now`: held by a ticket in play, or kept by
/// a no-show still inside its return window.
pub fn taken(
    lines: &Lines,
    rules: &QueueRules,
    field: &FieldCode,
    number: u32,
    now: DateTime<Utc>,
) -> bool {
    lines.held(field).is_some_and(|h| h.contains(&number))
        || lines.missed_since(field, number, returnable_since(rules, now))
}

/// The number the next ticket of `field` gets, or why there is none: the field is full
/// when every number of its range is taken (see [`taken`]).
pub fn next_number(
    field: &FieldConfig,
    state: &FieldState,
    taken: impl Fn(u32) -> bool,
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
    let mut n = state.next_number;
    for _ in 0..=(field.end - field.start) {
        if n > field.end {
            if !field.wrap {
                return Err(exhausted());
            }
            n = field.start;
        }
        if !taken(n) {
            return Ok(n);
        }
        n += 1;
    }
    Err(exhausted())
}
