//! The manager's one sign-in, shared by the reports and the live overview (`/overview`):
//! whoever signed in at `/reports` sees both, and a page without a session sends its
//! reader to the reports' sign-in, which brings them back.
//! The sessions live in the hub's shared state, so a restarted hub has none.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::model::ClerkId;

use super::super::Shared;
use super::login::{self, Sessions};

/// The sessions of `hub`.
pub(super) fn sessions(hub: &Shared) -> &Mutex<Sessions> {
    &hub.sessions
}

/// The office manager signed in with the request's session cookie, if its session is
/// open (signed in at `/reports` within the last eight hours, not signed out, and the hub
/// not restarted since).
pub fn manager(hub: &Arc<Shared>, headers: &HeaderMap) -> Option<ClerkId> {
    let token = login::token(headers)?;
    let mut sessions = sessions(hub).lock().unwrap_or_else(PoisonError::into_inner);
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
