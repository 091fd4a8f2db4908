//! The day both benchmarks replay: the default office opening its counters, then tickets
//! issued, called and served at a steady pace, every command one the engine accepts.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use shared::config::Config;
use shared::engine::{Command, Engine};
use shared::model::{PriorityClass, Source};

/// The default office.
pub const OFFICE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
pub const MAX_WAITING: usize = 60; // tickets are only issued while fewer than this many wait
pub const STEP: TimeDelta = TimeDelta::seconds(3); // time between two commands

pub type Script = Vec<(Command, DateTime<Utc>)>;

/// `len` commands with their times, all accepted in order by a new engine. After the counters
/// open, one step in three issues a ticket (while fewer than `MAX_WAITING` wait); the others
/// go to the counters in turn: start serving, call the next (finishing the one served) or
/// finish. Steps the engine refuses (an idle counter with nobody to call) are left out.
pub fn script(config: &Arc<Config>, len: usize) -> Script {
    let mut engine = Engine::new(config.clone());
    let mut now: DateTime<Utc> = "2026-11-23T01:00:00Z".parse().expect("a valid time");
    let mut out = Script::with_capacity(len);
    let (mut step, mut issued) = (0, 0);
    while out.len() < len {
        let lines = &engine.state().lines;
        let waiting: usize = config.fields.iter().map(|f| lines.waiting(&f.code)).sum();
        let tries = match config.counters.get(step) {
            Some(c) => vec![Command::OpenCounter {
                counter: c.id,
                clerk: config.clerks[step].id.clone(),
                fields: vec![],
            }],
            None if step.is_multiple_of(3) && waiting < MAX_WAITING => {
                vec![issue(config, issued)]
            }
            None => {
                let counter = config.counters[(step + step / 3) % config.counters.len()].id;
                vec![
                    Command::StartServing { counter },
                    Command::CallNext { counter },
                    Command::Finish { counter },
                ]
            }
        };
        if let Some(command) = tries.into_iter().find(|c| engine.apply(c, now).is_ok()) {
            issued += usize::from(matches!(command, Command::IssueTicket { .. }));
            out.push((command, now));
            now += STEP;
        }
        step += 1;
    }
    out
}

/// The `n`th ticket: fields in a spread order, every fifth one a priority class.
pub fn issue(config: &Config, n: usize) -> Command {
    Command::IssueTicket {
        field: config.fields[n * 7 % config.fields.len()].code.clone(),
        class: PriorityClass::ALL[if n % 5 == 4 { 1 + n / 5 % 4 } else { 0 }],
        source: Source::Kiosk("kiosk-1".into()),
    }
}
