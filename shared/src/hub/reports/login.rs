//! Signing in to the reports: sessions held in the hub's memory, and reading the sign-in
//! form (the PIN is checked, and guessing bounded, by `hub::sign_in`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use rand::Rng;
use serde::Deserialize;

use crate::model::ClerkId;

/// `text` fit to stand as one value of a query string (the sign-in page makes them too).
pub use crate::report::page::query_value;

/// Name of the session cookie.
pub const COOKIE: &str = "reports_session";
/// How long a session lasts: a working day.
pub const LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// Sessions kept at most; the one nearest its end goes first.
const MAX_OPEN: usize = 64;
/// Open sessions.
#[derive(Default)]
pub struct Sessions {
    open: HashMap<String, (ClerkId, Instant)>,
}

impl Sessions {
    /// Starts a session for `clerk`; returns its token.
    pub fn open(&mut self, clerk: ClerkId, now: Instant) -> String {
        self.open.retain(|_, (_, until)| *until > now);
        if self.open.len() >= MAX_OPEN
            && let Some(first) = self
                .open
                .iter()
                .min_by_key(|(_, (_, until))| *until)
                .map(|(t, _)| t.clone())
        {
            self.open.remove(&first);
        }
        let bytes: [u8; 16] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.open.insert(token.clone(), (clerk, now + LIFETIME));
        token
    }

    /// The clerk a token's session belongs to, if it is open.
    pub fn check(&mut self, token: &str, now: Instant) -> Option<ClerkId> {
        match self
            .open
            .iter()
            .find(|(t, _)| crate::hub::auth::key_matches(t, token))
        {
            Some((_, (clerk, until))) if *until > now => Some(clerk.clone()),
            Some(_) => {
                self.open.remove(token);
                None
            }
            None => None,
        }
    }

    /// Ends a session.
    pub fn close(&mut self, token: &str) {
        self.open.remove(token);
    }
}

/// The session token the browser sent, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value for a new session.
pub fn set_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        LIFETIME.as_secs()
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The sign-in form (`application/x-www-form-urlencoded`): every field optional, so a
/// missing one is a wrong sign-in, not a broken request.
#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    /// The clerk's login.
    pub clerk: Option<String>,
    /// The PIN as typed.
    pub pin: Option<String>,
    /// The page to return to ([`safe_next`] checks it).
    pub next: Option<String>,
    /// `en` for English.
    pub lang: Option<String>,
}

/// The page to return to after signing in, if it is plainly a page of this hub: a path
/// that starts with one `/` and holds only letters, digits and `/?=&_.%-`. So never another
/// site: not `//host` (which browsers read as one), not `http://…`, no `\` (which some
/// browsers read as `/`) and no line break to add a header. Anything else returns to the
/// reports (an empty answer).
pub fn safe_next(next: Option<&str>) -> String {
    let next = next.unwrap_or_default();
    let plain = next.len() <= 200
        && next.starts_with('/')
        && !next.starts_with("//")
        && next
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/?=&_.%-".contains(&b));
    if plain {
        next.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_hub_are_returned_to() {
        for path in [
            "/overview",
            "/overview?lang=en",
            "/reports?from=2026-11-16&lang=en",
        ] {
            assert_eq!(safe_next(Some(path)), path);
        }
        for other in [
            "//evil.example/",
            "http://evil.example/",
            "https:evil.example",
            "/\\evil.example",
            "evil.example",
            "from=2026-11-16",
            "/reports\r\nSet-Cookie: x",
            "",
        ] {
            assert_eq!(safe_next(Some(other)), "", "{other:?}");
        }
        assert_eq!(query_value("/overview?lang=en"), "/overview%3Flang%3Den");
    }

    #[test]
    fn sessions_end() {
        let mut s = Sessions::default();
        let now = Instant::now();
        let t = s.open(ClerkId::new("quanly"), now);
        assert_eq!(s.check(&t, now), Some(ClerkId::new("quanly")));
        assert_eq!(s.check(&t, now + LIFETIME), None);
    }
}
