//! The office's day: its breaks, written `"HH:MM-HH:MM"` in order of the day.

use chrono::NaiveTime;
use toml::Spanned;

use super::{Problem, check, problem};
use crate::config::Break;

/// `office.breaks`: each a valid span, in order, none overlapping the one before.
pub(super) fn breaks(at: &Spanned<Vec<String>>) -> Result<Vec<Break>, Problem> {
    let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    let mut out: Vec<Break> = Vec::new();
    for (i, text) in at.get_ref().iter().enumerate() {
        let key = format!("office.breaks[{i}]");
        let Some((start, end)) = text
            .split_once('-')
            .and_then(|(a, b)| Some((time(a)?, time(b)?)))
        else {
            return Err(problem(
                at,
                key,
                format!("\"{text}\" is not a break as HH:MM-HH:MM, e.g. \"11:30-13:30\""),
            ));
        };
        check(start < end, at, &key, || {
            format!("\"{text}\" ends before it starts")
        })?;
        if let Some(before) = out.last() {
            check(before.end <= start, at, &key, || {
                format!("\"{text}\" starts before the break before it ends; list breaks in order")
            })?;
        }
        out.push(Break { start, end });
    }
    Ok(out)
}
