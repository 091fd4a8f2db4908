//! A citizen's ticket page, the QR on the ticket: `/t/{id}.{token}`.
//!
//! - `GET /t/{link}`: the page, with the ticket's view in it so it shows at once.
//! - `GET /t/{link}/events`: the ticket's view live (`view`, `ping`).
//! - `POST /t/{link}/rating`: `{"score": "satisfied", "reason": "…"}` once served.
//!
//! Who may read it: whoever holds the ticket (its link); the view is that ticket alone.
//! A link whose token is wrong gets a 404 page, "Không tìm thấy phiếu", and changes nothing.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::engine::Via;
use crate::model::TicketId;

use super::super::Shared;
use super::super::links::open_ticket;
use super::live::{Live, Topic, stream, view_json};
use super::{TICKET_PAGE, escape, fill, html, language, not_found, script_json, submit};

/// The ticket page's routes.
pub fn routes(live: Arc<Live>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/t/{link}", get(page))
        .route(
            "/t/{link}/events",
            get(move |hub, link, query| events(hub, link, query, live.clone())),
        )
        .route("/t/{link}/rating", post(rating))
}

/// The ticket a link opens, if its token is right.
fn ticket(hub: &Shared, link: &str) -> Option<TicketId> {
    open_ticket(&hub.links, link)
}

async fn page(
    State(hub): State<Arc<Shared>>,
    Path(link): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = language(query.as_deref());
    let Some(id) = ticket(&hub, &link) else {
        return not_found(lang);
    };
    let Ok(view) = hub
        .writer
        .read(move |store| view_json(store.engine(), Topic::Ticket(id)))
        .await
    else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let base = format!("/t/{link}");
    let office = match lang {
        "en" => &hub.config.name_en,
        _ => &hub.config.name,
    };
    html(
        StatusCode::OK,
        fill(
            TICKET_PAGE,
            &[
                ("lang", lang),
                ("office", &escape(office)),
                ("base", &escape(&base)),
                ("view", &script_json(&view)),
            ],
        ),
    )
}

async fn events(
    State(hub): State<Arc<Shared>>,
    Path(link): Path<String>,
    RawQuery(query): RawQuery,
    live: Arc<Live>,
) -> Response {
    let Some(id) = ticket(&hub, &link) else {
        return not_found(language(query.as_deref()));
    };
    match live.watch(&hub, Topic::Ticket(id)).await {
        Ok(view) => stream(hub, view).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn rating(State(hub): State<Arc<Shared>>, Path(link): Path<String>, body: Bytes) -> Response {
    match ticket(&hub, &link) {
        Some(id) => submit::rate(&hub, Some(id), Via::TicketPage, &body).await,
        None => not_found("vi"),
    }
}
