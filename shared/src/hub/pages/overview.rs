//! The manager's live overview: `/overview` and `/overview/events`.
//!
//! Open counters with their clerk and current number, paused counters with the reason,
//! queue length and oldest wait per field, devices that need staff; live by server-sent
//! events. Only the office manager (a clerk with `admin = true`) may see it: the browser
//! asks for the login and PIN (HTTP basic authentication, checked against the PIN hash in
//! the office file), and sends them again with the event stream. Five wrong PINs in a row
//! close the door for [`LOCKOUT`], so a four-digit PIN cannot be tried through.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;

use crate::config::pin;
use crate::model::ClerkId;

use super::super::Shared;
use super::live::{Live, Topic, stream, view_json};
use super::{OVERVIEW_PAGE, escape, fill, html, language, script_json};

/// Wrong PINs in a row before the door closes.
const MAX_FAILURES: u32 = 5;
/// How long it stays closed.
const LOCKOUT: Duration = Duration::from_secs(60);

/// Wrong PINs in a row, and since when the door is closed.
#[derive(Default)]
struct Door {
    failures: u32,
    closed_at: Option<Instant>,
}

/// The overview's routes.
pub fn routes(live: Arc<Live>) -> Router<Arc<Shared>> {
    let door = Arc::new(Mutex::new(Door::default()));
    let for_events = door.clone();
    Router::new()
        .route(
            "/overview",
            get(move |hub, headers, query| page(hub, headers, query, door.clone())),
        )
        .route(
            "/overview/events",
            get(move |hub, headers| events(hub, headers, live.clone(), for_events.clone())),
        )
}

/// Why a request is not the manager's.
enum Denied {
    Unknown,
    Locked,
}

/// The manager named in the request's basic authentication, if the PIN is right.
async fn manager(hub: &Shared, headers: &HeaderMap, door: &Mutex<Door>) -> Result<ClerkId, Denied> {
    {
        let mut d = door.lock().unwrap_or_else(|e| e.into_inner());
        match d.closed_at {
            Some(at) if at.elapsed() < LOCKOUT => return Err(Denied::Locked),
            Some(_) => *d = Door::default(),
            None => {}
        }
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok());
    let Some((login, pin_given)) = given.as_deref().and_then(|g| g.split_once(':')) else {
        return Err(Denied::Unknown);
    };
    let clerk = hub
        .config
        .clerks
        .iter()
        .find(|c| c.admin && c.id.as_str() == login);
    // An unknown login costs as much as a wrong PIN, and counts the same.
    let hash = clerk.map_or_else(String::new, |c| c.pin_hash.clone());
    let pin_given = pin_given.to_string();
    let ok = tokio::task::spawn_blocking(move || pin::verify(&pin_given, &hash))
        .await
        .unwrap_or(false);
    let mut d = door.lock().unwrap_or_else(|e| e.into_inner());
    match clerk {
        Some(c) if ok => {
            *d = Door::default();
            Ok(c.id.clone())
        }
        _ => {
            d.failures += 1;
            if d.failures >= MAX_FAILURES {
                d.closed_at = Some(Instant::now());
                tracing::warn!("overview: {MAX_FAILURES} wrong PINs in a row; closed for a minute");
            }
            Err(Denied::Unknown)
        }
    }
}

/// The browser's login prompt, or a wait after too many wrong PINs.
fn denied(why: Denied, lang: &str) -> Response {
    let (status, vi, en) = match why {
        Denied::Unknown => (
            StatusCode::UNAUTHORIZED,
            "Cần đăng nhập bằng tài khoản quản lý và mã PIN.",
            "Log in with the office manager's login and PIN.",
        ),
        Denied::Locked => (
            StatusCode::TOO_MANY_REQUESTS,
            "Sai mã PIN quá nhiều lần. Vui lòng thử lại sau một phút.",
            "Too many wrong PINs. Please try again in a minute.",
        ),
    };
    let text = if lang == "en" { en } else { vi };
    let body = format!(
        "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><link rel=\"stylesheet\" href=\"/web/overview.css\">\
         <main class=\"denied\"><h1>{t}</h1></main></html>",
        t = escape(text)
    );
    let mut response = html(status, body);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Basic realm=\"overview\", charset=\"UTF-8\""),
        );
    }
    response
}

async fn page(
    State(hub): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    door: Arc<Mutex<Door>>,
) -> Response {
    let lang = language(query.as_deref());
    let who = match manager(&hub, &headers, &door).await {
        Ok(who) => who,
        Err(why) => return denied(why, lang),
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

async fn events(
    State(hub): State<Arc<Shared>>,
    headers: HeaderMap,
    live: Arc<Live>,
    door: Arc<Mutex<Door>>,
) -> Response {
    if let Err(why) = manager(&hub, &headers, &door).await {
        return denied(why, "vi");
    }
    match live.watch(&hub, Topic::Overview).await {
        Ok(view) => stream(hub, view).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
