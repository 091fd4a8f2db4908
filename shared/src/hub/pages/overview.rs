//! The manager's live overview: `/overview` and `/overview/events`.
//!
//! Open counters with their clerk and current number, paused counters with the reason,
//! queue length and oldest wait per field, devices that need staff; live by server-sent
//! events. Only the office manager (a clerk with `admin = true`) may see it, signed in at
//! the reports with the same session ([`reports::manager`]): one sign-in opens both pages.
//! Without a session the page sends its reader to the sign-in, which brings them back; the
//! event stream answers `401`, and the page then reloads itself to that sign-in.

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::super::{Shared, reports};
use super::live::{Live, Topic, stream, view_json};
use super::{OVERVIEW_PAGE, escape, fill, html, language, script_json};

/// The overview's routes.
pub fn routes(live: Arc<Live>) -> Router<Arc<Shared>> {
    Router::new().route("/overview", get(page)).route(
        "/overview/events",
        get(move |hub, headers| events(hub, headers, live.clone())),
    )
}

async fn page(
    State(hub): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = language(query.as_deref());
    let Some(who) = reports::manager(&hub, &headers) else {
        return match lang {
            "en" => reports::sign_in_first("/overview?lang=en", true),
            _ => reports::sign_in_first("/overview", false),
        };
    };
    let Ok(view) = hub
        .writer
        .read(|store| view_json(store.engine(), Topic::Overview))
        .await
    else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let manager = hub
        .config
        .clerk(&who)
        .map_or_else(|| who.to_string(), |c| c.name.clone());
    let office = match lang {
        "en" => &hub.config.name_en,
        _ => &hub.config.name,
    };
    html(
        StatusCode::OK,
        fill(
            OVERVIEW_PAGE,
            &[
                ("lang", lang),
                ("office", &escape(office)),
                ("manager", &escape(&manager)),
                ("office_json", &script_json(&office_json(&hub))),
                ("view", &script_json(&view)),
            ],
        ),
    )
}

/// What the page needs of the office beside the view: the time zone's offset for clocks.
fn office_json(hub: &Shared) -> String {
    use chrono::Offset;
    let offset = chrono::Utc::now()
        .with_timezone(&hub.config.time_zone)
        .offset()
        .fix()
        .local_minus_utc()
        / 60;
    serde_json::json!({
        "offset_minutes": offset,
        "target_minutes": hub.config.target_minutes,
    })
    .to_string()
}

async fn events(State(hub): State<Arc<Shared>>, headers: HeaderMap, live: Arc<Live>) -> Response {
    if reports::manager(&hub, &headers).is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match live.watch(&hub, Topic::Overview).await {
        Ok(view) => stream(hub, view).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
