//! The rating tablet on a counter: `/rate/{counter}?k={token}`.
//!
//! - `GET /rate/{counter}?k=…`: the page. It shows the ticket just finished at the counter
//!   while it may be rated, the four faces and a reason, then thanks and waits for the next.
//! - `GET /rate/{counter}/events?k=…`: the tablet's view live (`view`, `ping`).
//! - `POST /rate/{counter}/rating?k=…`: `{"ticket": 12, "score": "neutral", "reason": "…"}`.
//!
//! Who may read it: the counter's tablet, whose link holds the token; the view is that
//! counter's clerk's name, the number served and the ticket to rate, never a rating.
//! The token ties the page to its counter; `kiosk rating-url --counter N` prints the link.
//! The engine accepts a tablet's rating only for a ticket finished at that counter.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::engine::Via;
use crate::model::CounterId;

use super::super::Shared;
use super::super::links::tablet_matches;
use super::live::{Live, Topic, stream, view_json};
use super::{TABLET_PAGE, escape, fill, html, language, not_found, param, script_json, submit};

/// The tablet's routes.
pub fn routes(live: Arc<Live>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/rate/{counter}", get(page))
        .route(
            "/rate/{counter}/events",
            get(move |hub, counter, query| events(hub, counter, query, live.clone())),
        )
        .route("/rate/{counter}/rating", post(rating))
}

/// The counter a tablet link opens, if it exists and the token is its own.
fn counter(hub: &Shared, counter: &str, query: Option<&str>) -> Option<CounterId> {
    let id = CounterId(counter.parse().ok()?);
    hub.config.counter(id)?;
    let token = param(query, "k")?;
    tablet_matches(&hub.links, id, token).then_some(id)
}

async fn page(
    State(hub): State<Arc<Shared>>,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = language(query.as_deref());
    let Some(id) = counter(&hub, &number, query.as_deref()) else {
        return not_found(lang);
    };
    let Ok(view) = hub
        .writer
        .read(move |store| view_json(store.engine(), Topic::Tablet(id)))
        .await
    else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let office = match lang {
        "en" => &hub.config.name_en,
        _ => &hub.config.name,
    };
    let token = param(query.as_deref(), "k").unwrap_or("");
    html(
        StatusCode::OK,
        fill(
            TABLET_PAGE,
            &[
                ("lang", lang),
                ("office", &escape(office)),
                ("counter", &id.to_string()),
                ("base", &format!("/rate/{id}")),
                ("key", &escape(token)),
                ("view", &script_json(&view)),
            ],
        ),
    )
}

async fn events(
    State(hub): State<Arc<Shared>>,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
    live: Arc<Live>,
) -> Response {
    let Some(id) = counter(&hub, &number, query.as_deref()) else {
        return not_found(language(query.as_deref()));
    };
    match live.watch(&hub, Topic::Tablet(id)).await {
        Ok(view) => stream(hub, view).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn rating(
    State(hub): State<Arc<Shared>>,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    match counter(&hub, &number, query.as_deref()) {
        Some(counter) => submit::rate(&hub, None, Via::Tablet { counter }, &body).await,
        None => not_found("vi"),
    }
}
