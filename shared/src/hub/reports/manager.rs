//! The manager's one sign-in, shared by the reports and the live overview (`/overview`):
//! whoever signed in at `/reports` sees both, and a page without a session sends its
//! reader to the reports' sign-in, which brings them back.
//!
//! The sessions of a hub are found by the hub itself: the reports and the pages are
//! separate routers, and the hub's shared state has no room for them.

use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Instant;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::model::ClerkId;

use super::super::Shared;
use super::login::{self, Sessions};

/// One hub's sessions, beside a weak reference to the hub.
type HubSessions = (Weak<Shared>, Arc<Mutex<Sessions>>);

/// The sessions of each running hub. A stopped hub's entry goes at the next look-up; until
/// then its weak reference keeps its address from being taken by another hub.
static HUBS: Mutex<Vec<HubSessions>> = Mutex::new(Vec::new());

/// The sessions of `hub`, made on first use.
pub(super) fn sessions(hub: &Arc<Shared>) -> Arc<Mutex<Sessions>> {
    let mut hubs = HUBS.lock().unwrap_or_else(PoisonError::into_inner);
    hubs.retain(|(h, _)| h.strong_count() > 0);
    let this = Arc::downgrade(hub);
    if let Some((_, sessions)) = hubs.iter().find(|(h, _)| h.ptr_eq(&this)) {
        return sessions.clone();
    }
    let sessions = Arc::new(Mutex::new(Sessions::default()));
    hubs.push((this, sessions.clone()));
    sessions
}

/// The office manager signed in with the request's session cookie, if its session is
/// open (signed in at `/reports` within the last eight hours, not signed out, and the hub
/// not restarted since).
pub fn manager(hub: &Arc<Shared>, headers: &HeaderMap) -> Option<ClerkId> {
    let token = login::token(headers)?;
    let sessions = sessions(hub);
    let mut sessions = sessions.lock().unwrap_or_else(PoisonError::into_inner);
    sessions.check(&token, Instant::now())
}

/// The answer to a page asked for without a session: `303 See Other` to the sign-in,
/// which returns to `next` (a path of this hub, e.g. `/overview?lang=en`) once signed in.
pub fn sign_in_first(next: &str, english: bool) -> Response {
    let mut location = format!("/reports?next={}", login::query_value(next));
    if english {
        location.push_str("&lang=en");
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}
