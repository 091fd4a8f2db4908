//! What each page shows, worked out from the office state at a moment: a ticket's page, a
//! counter's rating tablet, the manager's overview. Plain data sent as JSON; the pages'
//! scripts only draw it.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::engine::Engine;
use crate::engine::rating::open_for_rating;
use crate::engine::wait::words::{self, InBoth};
use crate::model::{CounterId, FieldCode, TicketId, TicketState};

/// A field with its names in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldName {
    /// Code, e.g. `VL`.
    pub code: FieldCode,
    /// Vietnamese name.
    pub vi: String,
    /// English name.
    pub en: String,
}

fn field_name(config: &Config, code: &FieldCode) -> FieldName {
    let f = config.field(code);
    FieldName {
        code: code.clone(),
        vi: f.map_or_else(|| code.to_string(), |f| f.name.clone()),
        en: f.map_or_else(|| code.to_string(), |f| f.name_en.clone()),
    }
}

/// Whether a served ticket may be rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingState {
    /// The four faces are shown.
    Open,
    /// It has its rating.
    Rated,
    /// Too late.
    Closed,
}

/// A citizen's ticket page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketPage {
    /// The hub's clock, so the page can count with it.
    pub now_ms: i64,
    /// Number as shown, e.g. `A023`.
    pub number: String,
    /// Field it is in now.
    pub field: FieldName,
    /// Where it is; `expired` also for a ticket of an ended day.
    pub state: TicketState,
    /// People who will be called first (waiting tickets only).
    pub people_ahead: u32,
    /// Estimated wait in whole minutes (waiting tickets, when a counter serves the field).
    pub wait_minutes: Option<u64>,
    /// The estimated wait as the ticket and the kiosk say it (waiting tickets).
    pub wait_text: Option<InBoth>,
    /// Counter it is called to or served at.
    pub counter: Option<CounterId>,
    /// Times it was called again at that counter.
    pub recalls: u32,
    /// For a served ticket: whether it may still be rated.
    pub rating: Option<RatingState>,
    /// Until when it may be rated (milliseconds since 1970).
    pub rate_until_ms: Option<i64>,
}

/// The page of ticket `id` at `now`; None when the ticket is not of the current day.
pub fn ticket_page(engine: &Engine, id: TicketId, now: DateTime<Utc>) -> Option<TicketPage> {
    let t = engine.ticket(id)?;
    let config = engine.config();
    let window = Duration::minutes(i64::from(config.queue.rating_minutes));
    let rate_until = t.ended_at.map(|at| at + window);
    let rating = (t.state == TicketState::Done).then(|| {
        if engine.state().rated.contains(&id) {
            RatingState::Rated
        } else if open_for_rating(engine, id, now) {
            RatingState::Open
        } else {
            RatingState::Closed
        }
    });
    let wait_minutes = engine
        .estimated_wait(t, now)
        .map(|d| d.as_secs().div_ceil(60));
    Some(TicketPage {
        now_ms: now.timestamp_millis(),
        number: t.display.clone(),
        field: field_name(config, &t.field),
        state: t.state,
        people_ahead: if t.state == TicketState::Waiting {
            engine.people_ahead(t)
        } else {
            0
        },
        wait_minutes,
        wait_text: (t.state == TicketState::Waiting).then(|| words::both(wait_minutes)),
        counter: t.counter,
        recalls: t.recalls,
        rating,
        rate_until_ms: (rating == Some(RatingState::Open))
            .then(|| rate_until.map(|u| u.timestamp_millis()))
            .flatten(),
    })
}

/// The ticket a tablet offers for rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToRate {
    /// Ticket id, sent back with the rating.
    pub ticket: TicketId,
    /// Number as shown.
    pub number: String,
    /// Field it was served in.
    pub field: FieldName,
    /// Until when it may be rated (milliseconds since 1970).
    pub until_ms: i64,
}

/// A counter's rating tablet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tablet {
    /// The hub's clock.
    pub now_ms: i64,
    /// The counter.
    pub counter: CounterId,
    /// The clerk's full name, when a clerk is logged in.
    pub clerk: Option<String>,
    /// The number called or being served now.
    pub serving: Option<String>,
    /// The ticket just finished here, while it may be rated.
    pub to_rate: Option<ToRate>,
}

/// The tablet of `counter` at `now`: the latest ticket finished there, if it is still open
/// for rating (a later one replaces it, rated or not).
pub fn tablet(engine: &Engine, counter: CounterId, now: DateTime<Utc>) -> Tablet {
    let config = engine.config();
    let state = engine.state().counters.get(&counter);
    let last = engine
        .state()
        .tickets
        .values()
        .filter(|t| t.state == TicketState::Done && t.counter == Some(counter))
        .max_by_key(|t| (t.ended_at, t.id));
    let window = Duration::minutes(i64::from(config.queue.rating_minutes));
    let to_rate = last
        .filter(|t| open_for_rating(engine, t.id, now))
        .map(|t| ToRate {
            ticket: t.id,
            number: t.display.clone(),
            field: field_name(config, &t.field),
            until_ms: t.ended_at.map_or(0, |at| (at + window).timestamp_millis()),
        });
    Tablet {
        now_ms: now.timestamp_millis(),
        counter,
        clerk: state.and_then(|c| c.clerk.as_ref()).map(|id| {
            config
                .clerk(id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        }),
        serving: state
            .and_then(|c| c.current)
            .and_then(|id| engine.ticket(id))
            .map(|t| t.display.clone()),
        to_rate,
    }
}

/// One counter on the manager's overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CounterRow {
    /// Counter.
    pub counter: CounterId,
    /// Clerk's full name, when open.
    pub clerk: Option<String>,
    /// Why it is paused, when paused.
    pub paused: Option<String>,
    /// Number called or served now.
    pub current: Option<String>,
    /// `called` or `serving`, for the current number.
    pub current_state: Option<TicketState>,
    /// Since when the current number is called or served (milliseconds since 1970).
    pub since_ms: Option<i64>,
    /// Fields served, in order.
    pub fields: Vec<FieldCode>,
}

/// One field on the manager's overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRow {
    /// The field.
    pub field: FieldName,
    /// Issuing tickets today.
    pub open: bool,
    /// Tickets waiting.
    pub waiting: u32,
    /// Place in line of the longest-waiting ticket (milliseconds since 1970).
    pub oldest_ms: Option<i64>,
    /// Open, unpaused counters serving it.
    pub counters: u32,
    /// Served today.
    pub served: u32,
}

/// A device that needs staff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceRow {
    /// Device name.
    pub device: String,
    /// What is wrong, in words for staff (the report's first line).
    pub problem: String,
    /// Technical detail for whoever fixes it (the report's further lines), if any.
    pub detail: Option<String>,
    /// `máy đã ngắt kết nối lúc 14:05`, when it has gone (its alert clears after a while).
    pub gone: Option<Both>,
}

/// A sentence in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Both {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

/// The manager's live overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// The hub's clock.
    pub now_ms: i64,
    /// Counters in number order.
    pub counters: Vec<CounterRow>,
    /// Fields in the kiosk's order.
    pub fields: Vec<FieldRow>,
    /// Devices with problems.
    pub devices: Vec<DeviceRow>,
    /// Ratings given today.
    pub rated: u32,
}

/// The overview at `now`. A field's oldest wait counts from the ticket's place in line
/// (its arrival, kept across transfers), the same clock the calling policy uses.
pub fn overview(engine: &Engine, now: DateTime<Utc>) -> Overview {
    let config = engine.config();
    let state = engine.state();
    let counters = state
        .counters
        .iter()
        .filter(|(id, _)| config.counter(**id).is_some())
        .map(|(id, c)| {
            let current = c.current.and_then(|t| engine.ticket(t));
            CounterRow {
                counter: *id,
                clerk: c.clerk.as_ref().map(|k| {
                    config
                        .clerk(k)
                        .map_or_else(|| k.to_string(), |k| k.name.clone())
                }),
                paused: c.paused.clone(),
                current: current.map(|t| t.display.clone()),
                current_state: current.map(|t| t.state),
                since_ms: current
                    .and_then(|t| t.started_at.or(t.called_at))
                    .map(|at| at.timestamp_millis()),
                fields: c.fields.clone(),
            }
        })
        .collect();
    let fields = config
        .fields
        .iter()
        .map(|f| {
            let tickets = state.tickets.values().filter(|t| t.field == f.code);
            let (mut oldest, mut served) = (None::<DateTime<Utc>>, 0);
            for t in tickets {
                match t.state {
                    TicketState::Waiting => {
                        oldest = Some(oldest.map_or(t.queued_at, |o| o.min(t.queued_at)))
                    }
                    TicketState::Done => served += 1,
                    _ => {}
                }
            }
            FieldRow {
                field: field_name(config, &f.code),
                open: state.fields.get(&f.code).is_some_and(|s| s.open),
                waiting: state.lines.waiting(&f.code) as u32,
                oldest_ms: oldest.map(|o| o.timestamp_millis()),
                counters: state
                    .counters
                    .values()
                    .filter(|c| c.is_open() && c.paused.is_none() && c.fields.contains(&f.code))
                    .count() as u32,
                served,
            }
        })
        .collect();
    Overview {
        now_ms: now.timestamp_millis(),
        counters,
        fields,
        devices: state
            .device_problems
            .iter()
            .map(|(device, problem)| {
                let (words, detail) = crate::protocol::problem_lines(problem);
                let gone = state.device_offline.get(device).map(|t| {
                    let local = t.with_timezone(&config.time_zone).naive_local();
                    Both {
                        vi: crate::calendar::disconnected_at(&local, false),
                        en: crate::calendar::disconnected_at(&local, true),
                    }
                });
                DeviceRow {
                    device: device.clone(),
                    problem: words.to_string(),
                    detail: detail.map(str::to_string),
                    gone,
                }
            })
            .collect(),
        rated: state.rated.len() as u32,
    }
}
