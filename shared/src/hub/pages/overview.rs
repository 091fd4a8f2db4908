//! The manager's live overview: `/overview` and `/overview/events`.
//!
//! Open counters with their clerk and current number, paused counters with the reason,
//! queue length and oldest wait per field, devices that need staff; live by server-sent
//! events. Only the office manager (a clerk with `admin = true`) may see it, signed in at
//! the reports with the same session ([`reports::manager`]): one sign-in opens both pages.
//! Without a session the page sends its reader to the sign-in, which brings them back; the
//! event stream answers `401`, and the page then reloads itself to that sign-in.
//!
//! The manager dismisses a device's alert with a form `POST /overview/dismiss`: it needs the
//! session, whose cookie is `SameSite=Strict` (another site's page cannot send it), and a
//! request that says it comes from another site (`Sec-Fetch-Site`, `Origin`) is refused.
//! The dismissal is a `report_device` command with no problem, so every device sees it.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::engine::Command;

use super::super::{Shared, reports};
use super::live::{Live, Topic, stream, view_json};
use super::{OVERVIEW_PAGE, escape, fill, html, language, script_json};

/// The overview's routes.
pub fn routes(live: Arc<Live>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/overview", get(page))
        .route("/overview/dismiss", post(dismiss))
        .route(
            "/overview/events",
            get(move |hub, headers| events(hub, headers, live.clone())),
        )
}

/// Largest dismissal form read.
const MAX_FORM: usize = 4096;

/// The dismissal form.
#[derive(Default, Deserialize)]
struct Dismissal {
    device: Option<String>,
    lang: Option<String>,
}

/// `POST /overview/dismiss` `device=…&lang=…`: clears the device's alert, back to the page.
async fn dismiss(State(hub): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if body.len() > MAX_FORM {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    // Read whatever the content type says: an unreadable form dismisses nothing.
    let form: Dismissal = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let english = form.lang.as_deref() == Some("en");
    let back = if english {
        "/overview?lang=en"
    } else {
        "/overview"
    };
    if !same_site(&headers) {
        return (StatusCode::FORBIDDEN, "sent from another site").into_response();
    }
    let Some(who) = reports::manager(&hub, &headers) else {
        return reports::sign_in_first(back, english);
    };
    let device = form.device.as_deref().map_or("", str::trim).to_string();
    let known = hub
        .writer
        .read({
            let device = device.clone();
            move |store| store.engine().state().device_problems.contains_key(&device)
        })
        .await
        .unwrap_or(false);
    if known {
        let command = Command::ReportDevice {
            device: device.clone(),
            problem: None,
        };
        match hub.writer.submit(command, None).await {
            Ok(_) => tracing::info!(%device, manager = %who, "device alert dismissed"),
            Err(e) => {
                tracing::warn!(error = %e, %device, "could not dismiss the device's alert");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response()
}

/// Whether the browser says the request comes from this hub's own pages. `Sec-Fetch-Site`,
/// which browsers send and pages cannot forge, decides; without it, `Origin` must name this
/// host (the overview's `no-referrer` policy makes browsers send `Origin: null` even from
/// its own form, which is why `Sec-Fetch-Site` comes first). A client that sends neither
/// is no browser; it still needs the session cookie.
fn same_site(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match (get("origin"), get("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        (Some(_), None) => false,
    }
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
