//! `POST …/rating`: a rating from a page, as a command whose `via` the hub stamps from the
//! page's link, never from the request. Answers are JSON: `{"ok":true}`, or an error with
//! the engine's typed refusal for the page to put in the citizen's words.

use axum::Json;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::engine::{Command, Score, Via};
use crate::model::TicketId;
use crate::protocol::ErrorCode;

use super::super::Shared;
use super::MAX_BODY;

/// What a page sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingRequest {
    score: Score,
    #[serde(default)]
    reason: Option<String>,
    /// The ticket, from a tablet (a ticket page rates its own ticket).
    #[serde(default)]
    ticket: Option<TicketId>,
}

fn error(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

/// Applies the rating in `body` for `ticket` (None: the one the request names) from `via`.
pub async fn rate(hub: &Shared, ticket: Option<TicketId>, via: Via, body: &Bytes) -> Response {
    if body.len() > MAX_BODY {
        let message = "a rating is at most 4 KiB";
        return error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, message);
    }
    let request: RatingRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => {
            let message = format!("not a rating: {e}");
            return error(StatusCode::BAD_REQUEST, ErrorCode::BadMessage, &message);
        }
    };
    let Some(ticket) = ticket.or(request.ticket) else {
        let message = "name the ticket rated";
        return error(StatusCode::BAD_REQUEST, ErrorCode::BadMessage, message);
    };
    let command = Command::RateTicket {
        ticket,
        score: request.score,
        reason: request.reason,
        via,
    };
    match hub.writer.submit(command, None).await {
        Ok(Ok(_)) => Json(json!({ "ok": true })).into_response(),
        Ok(Err(refusal)) => (
            StatusCode::CONFLICT,
            Json(json!({
                "error": ErrorCode::Refused,
                "message": refusal.to_string(),
                "refusal": refusal,
            })),
        )
            .into_response(),
        Err(e) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            &e.to_string(),
        ),
    }
}
