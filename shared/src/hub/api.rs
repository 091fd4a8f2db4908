//! The JSON API for integrations: issue a ticket, call next, read the state.
//! Every request carries `Authorization: Bearer <API key>`, a named key the manager made
//! with `kiosk api-keys add NAME --scope issue|call|read` ([`crate::store::api_keys`]):
//! `401` without a key or with one the hub does not know, `403` with a key whose scope
//! does not cover the route. Errors are JSON `{"error": code, "message": text}` with the
//! HTTP status that fits; the words say what to do.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::engine::{Command, Event, EventKind};
use crate::model::{CounterId, FieldCode, PriorityClass, Source, TicketId, TicketState};
use crate::protocol::{ErrorCode, MAX_MESSAGE_BYTES};
use crate::store::api_keys::{self, Scope};

use super::Shared;
use super::auth::key_matches;
use super::writer::HubError;

/// A ticket as integrations and the ticket page see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    /// Identity.
    pub id: TicketId,
    /// Number as shown, e.g. `A023`.
    pub display: String,
    /// Field it is in.
    pub field: FieldCode,
    /// Priority class.
    pub class: PriorityClass,
    /// Where it is in its life.
    pub state: TicketState,
    /// People who will be called first.
    pub people_ahead: u32,
    /// Estimated wait in whole minutes, when any counter serves the field.
    pub estimated_wait_minutes: Option<u64>,
    /// Counter it is called to.
    pub counter: Option<CounterId>,
}

/// A ticket as the API answers an issue or a call: the view and its phone page's link.
#[derive(Serialize)]
struct Answer {
    #[serde(flatten)]
    ticket: TicketView,
    /// `/t/{id}.{token}`: the ticket's page, on the hub's address, to print or send.
    link: String,
}

struct ApiError(StatusCode, ErrorCode, String, Option<serde_json::Value>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.1, "message": self.2 });
        if let Some(refusal) = self.3 {
            body["refusal"] = refusal;
        }
        (self.0, Json(body)).into_response()
    }
}

/// Checks the request's API key against every key the office has, in constant time (no
/// early exit: a key's position says nothing), and its scope against `needed`. Keys are
/// read afresh each time, so a key the manager withdraws stops at once.
async fn authorised(hub: &Shared, headers: &HeaderMap, needed: Scope) -> Result<(), ApiError> {
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let keys = hub.writer.read(|store| store.api_keys()).await;
    let keys = match keys {
        Ok(Ok(keys)) => keys,
        Ok(Err(e)) => return Err(unavailable(e.to_string())),
        Err(e) => return Err(unavailable(e.to_string())),
    };
    let hash = api_keys::hash(given);
    let mut found = None;
    for key in &keys {
        if key_matches(&hash, &key.hash) {
            found = Some(key);
        }
    }
    match found {
        _ if given.is_empty() => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            format!(
                "send Authorization: Bearer <API key>; the office manager makes one with `kiosk api-keys add NAME --scope {needed}`"
            ),
            None,
        )),
        None => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            format!(
                "this API key is not one of the office's (withdrawn, or mistyped; the office key no longer opens the API): ask the office manager for a key with `kiosk api-keys add NAME --scope {needed}`"
            ),
            None,
        )),
        Some(key) if key.scope != needed => Err(ApiError(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!(
                "the API key {:?} has scope {}; this needs a key with scope {needed} (`kiosk api-keys add NAME --scope {needed}`)",
                key.name, key.scope
            ),
            None,
        )),
        Some(_) => Ok(()),
    }
}

/// The answer to a request refused by [`authorised`], for the hub's other routes that
/// the API's keys open (the `/events` stream).
pub(super) async fn require(hub: &Shared, headers: &HeaderMap, needed: Scope) -> Option<Response> {
    authorised(hub, headers, needed)
        .await
        .err()
        .map(IntoResponse::into_response)
}

fn unavailable(message: String) -> ApiError {
    ApiError(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Unavailable,
        message,
        None,
    )
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    match headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::to_string))
    {
        None => Ok(None),
        Some(Ok(k)) if (1..=64).contains(&k.chars().count()) => Ok(Some(format!("api:{k}"))),
        Some(_) => Err(ApiError(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadMessage,
            "Idempotency-Key has 1 to 64 characters".into(),
            None,
        )),
    }
}

async fn apply(
    hub: &Shared,
    command: Command,
    key: Option<String>,
) -> Result<Vec<Event>, ApiError> {
    match hub.writer.submit(command, key).await {
        Ok(Ok(events)) => Ok(events),
        Ok(Err(refusal)) => {
            let detail = serde_json::to_value(&refusal).ok();
            Err(ApiError(
                StatusCode::CONFLICT,
                ErrorCode::Refused,
                refusal.to_string(),
                detail,
            ))
        }
        Err(e @ HubError::Unavailable(_)) | Err(e @ HubError::Stopped) => Err(ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            e.to_string(),
            None,
        )),
    }
}

/// The ticket an event list issued or called, as a view with its link.
async fn view_of(hub: &Shared, events: &[Event]) -> Result<Answer, ApiError> {
    let id = events.iter().rev().find_map(|e| match e.kind {
        EventKind::TicketIssued { ticket, .. } | EventKind::TicketCalled { ticket, .. } => {
            Some(ticket)
        }
        _ => None,
    });
    let at = events.last().map_or_else(Utc::now, |e| e.at);
    let view = match id {
        Some(id) => hub
            .writer
            .read(move |store| ticket_view(store.engine(), id, at))
            .await
            .ok()
            .flatten(),
        None => None,
    };
    view.map(|ticket| Answer {
        link: super::links::ticket_path(&hub.links, ticket.id),
        ticket,
    })
    .ok_or_else(|| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unavailable,
            "the ticket is gone".into(),
            None,
        )
    })
}

/// A ticket of today with its place in line and estimated wait at `now`.
pub fn ticket_view(
    engine: &crate::engine::Engine,
    id: TicketId,
    now: DateTime<Utc>,
) -> Option<TicketView> {
    let t = engine.ticket(id)?;
    Some(TicketView {
        id,
        display: t.display.clone(),
        field: t.field.clone(),
        class: t.class,
        state: t.state,
        people_ahead: if t.state == TicketState::Waiting {
            engine.people_ahead(t)
        } else {
            0
        },
        estimated_wait_minutes: engine
            .estimated_wait(t, now)
            .map(|d| d.as_secs().div_ceil(60)),
        counter: t.counter,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueRequest {
    field: FieldCode,
    #[serde(default = "regular")]
    class: PriorityClass,
}

fn regular() -> PriorityClass {
    PriorityClass::Regular
}

/// `POST /api/tickets` `{"field": "VL", "class": "elderly"}`
pub async fn issue(State(hub): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let result = async {
        authorised(&hub, &headers, Scope::Issue).await?;
        if body.len() > MAX_MESSAGE_BYTES {
            return Err(ApiError(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::TooLarge,
                "request larger than 64 KiB".into(),
                None,
            ));
        }
        let key = idempotency_key(&headers)?;
        let req: IssueRequest = serde_json::from_slice(&body).map_err(|e| {
            ApiError(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadMessage,
                format!("not a valid ticket request: {e}"),
                None,
            )
        })?;
        let command = Command::IssueTicket {
            field: req.field,
            class: req.class,
            source: Source::Api("api".into()),
        };
        let events = apply(&hub, command, key).await?;
        view_of(&hub, &events).await
    }
    .await;
    match result {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/counters/{n}/call-next`
pub async fn call_next(
    State(hub): State<Arc<Shared>>,
    Path(counter): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        authorised(&hub, &headers, Scope::Call).await?;
        let counter: u16 = counter.parse().map_err(|_| {
            ApiError(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadMessage,
                format!("{counter:?} is not a counter number"),
                None,
            )
        })?;
        let key = idempotency_key(&headers)?;
        let events = apply(
            &hub,
            Command::CallNext {
                counter: CounterId(counter),
            },
            key,
        )
        .await?;
        view_of(&hub, &events).await
    }
    .await;
    match result {
        Ok(view) => Json(view).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/state`: the engine state, as devices receive it in a snapshot.
pub async fn state(State(hub): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(e) = authorised(&hub, &headers, Scope::Read).await {
        return e.into_response();
    }
    match hub
        .writer
        .read(|store| store.engine().state().clone())
        .await
    {
        Ok(state) => Json(state).into_response(),
        Err(e) => unavailable(e.to_string()).into_response(),
    }
}
