//! Citizens' satisfaction ratings: one per served ticket, from the counter's tablet or the
//! ticket's own phone page, within a configured time after service.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{ClerkId, CounterId, FieldCode, TicketId, TicketState};

use super::{Engine, EventKind, Refusal};

/// Longest reason a citizen may give, in characters (after trimming).
pub const MAX_REASON_CHARS: usize = 300;

/// How satisfied the citizen was: the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Score {
    /// Rất hài lòng.
    VerySatisfied,
    /// Hài lòng.
    Satisfied,
    /// Bình thường.
    Neutral,
    /// Không hài lòng.
    Dissatisfied,
}

impl Score {
    /// Every score, best first (the order of the faces).
    pub const ALL: [Score; 4] = [
        Score::VerySatisfied,
        Score::Satisfied,
        Score::Neutral,
        Score::Dissatisfied,
    ];

    /// Name used in storage and the protocol.
    pub fn as_str(self) -> &'static str {
        match self {
            Score::VerySatisfied => "very_satisfied",
            Score::Satisfied => "satisfied",
            Score::Neutral => "neutral",
            Score::Dissatisfied => "dissatisfied",
        }
    }

    /// Reads the storage name back.
    pub fn parse(s: &str) -> Option<Score> {
        Score::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Points for an average: 4 (very satisfied) down to 1 (dissatisfied).
    pub fn points(self) -> u8 {
        match self {
            Score::VerySatisfied => 4,
            Score::Satisfied => 3,
            Score::Neutral => 2,
            Score::Dissatisfied => 1,
        }
    }
}

/// Where a rating was given. The hub stamps it from the page that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum Via {
    /// The rating tablet of a counter: it may rate only tickets finished at that counter.
    Tablet {
        /// The tablet's counter.
        counter: CounterId,
    },
    /// The ticket's own phone page (the QR on the ticket).
    TicketPage,
}

impl Via {
    /// Name used in storage: `tablet` or `ticket_page`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Tablet { .. } => "tablet",
            Via::TicketPage => "ticket_page",
        }
    }
}

/// One rating as the reports read it: the ticket's day, field, counter and clerk with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The rated ticket.
    pub ticket: TicketId,
    /// Business day of the ticket.
    pub day: NaiveDate,
    /// Field it was served in.
    pub field: FieldCode,
    /// Counter that served it.
    pub counter: Option<CounterId>,
    /// Clerk who served it.
    pub clerk: Option<ClerkId>,
    /// The face chosen.
    pub score: Score,
    /// Why, if the citizen said.
    pub reason: Option<String>,
    /// When it was given.
    pub at: DateTime<Utc>,
    /// Where it was given.
    pub via: Via,
}

/// A reason as kept: trimmed, and None when nothing is left.
pub fn clean_reason(reason: Option<&str>) -> Option<&str> {
    reason.map(str::trim).filter(|r| !r.is_empty())
}

/// The rating event for `ticket`, or why it is refused: one rating per served ticket, from
/// its own counter's tablet or its page, in time. A tablet of another counter is told only
/// that the ticket was not served there.
pub(super) fn decide(
    engine: &Engine,
    id: TicketId,
    score: Score,
    reason: Option<&str>,
    via: Via,
    now: DateTime<Utc>,
) -> Result<Vec<EventKind>, Refusal> {
    let t = engine
        .ticket(id)
        .ok_or(Refusal::UnknownTicket { ticket: id })?;
    let ticket = t.display.clone();
    if let Via::Tablet { counter } = via
        && t.counter != Some(counter)
    {
        return Err(Refusal::WrongCounter { ticket, counter });
    }
    if t.state != TicketState::Done {
        return Err(Refusal::NotServed { ticket });
    }
    if engine.state().rated.contains(&id) {
        return Err(Refusal::AlreadyRated { ticket });
    }
    let minutes = engine.config().queue.rating_minutes;
    let since = t.ended_at.map_or(Duration::MAX, |at| now - at);
    if since > Duration::minutes(i64::from(minutes)) {
        return Err(Refusal::RatingClosed { ticket, minutes });
    }
    let reason = clean_reason(reason);
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(Refusal::BadRatingReason);
    }
    Ok(vec![EventKind::TicketRated {
        ticket: id,
        score,
        reason: reason.map(str::to_string),
        via,
    }])
}

/// Whether `ticket` may still be rated at `now` (served, unrated, within the window).
pub fn open_for_rating(engine: &Engine, ticket: TicketId, now: DateTime<Utc>) -> bool {
    let minutes = i64::from(engine.config().queue.rating_minutes);
    engine.ticket(ticket).is_some_and(|t| {
        t.state == TicketState::Done
            && !engine.state().rated.contains(&ticket)
            && t.ended_at
                .is_some_and(|at| now - at <= Duration::minutes(minutes))
    })
}
