//! The security headers of every answer the hub gives over HTTP, set in one place (a layer
//! on the whole router, so a new route gets them without asking):
//!
//! - every answer: `X-Content-Type-Options: nosniff` (a browser never runs a CSV, JSON or
//!   font as a script or a page), `Referrer-Policy: no-referrer` unless the handler chose
//!   one (a ticket's link carries its token; no other site ever sees it), and
//!   `X-Frame-Options: DENY` for the older browsers of TVs;
//! - every HTML page: a Content-Security-Policy allowing only this hub's own scripts, style
//!   sheets, fonts, sounds and streams, no frames around it (`frame-ancestors 'none'`; the
//!   TV display and the rating tablet are top-level pages), forms sent only here. The
//!   reports' pages are one self-contained document each (their style sheet inline, so a
//!   saved copy looks right); their policy allows that one style sheet by its hash;
//! - every other answer: a policy that allows nothing, in case a browser shows it as a page.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The style sheet the reports' pages carry inline (the one [`crate::report`] embeds).
const REPORTS_STYLE: &str = include_str!("../../../assets/web/reports.css");

/// The policy of every HTML page but the reports'.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     font-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The policy of an answer that is not a page (JSON, CSV, scripts, fonts, streams, sound).
const OTHER_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The policy of the reports' pages: [`PAGE_POLICY`] with the inline style sheet's hash.
static REPORTS_POLICY: LazyLock<String> = LazyLock::new(|| {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(REPORTS_STYLE));
    PAGE_POLICY.replace(
        "style-src 'self';",
        &format!("style-src 'self' 'sha256-{hash}';"),
    )
});

/// Adds the security headers to the answer to `request` (an axum middleware).
pub async fn secure(request: Request, next: Next) -> Response {
    let reports = request.uri().path().starts_with("/reports");
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = match (html, reports) {
        (true, true) => REPORTS_POLICY.as_str(),
        (true, false) => PAGE_POLICY,
        (false, _) => OTHER_POLICY,
    };
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reports_policy_allows_exactly_their_style_sheet() {
        // The known SHA-256 of "abc", as CSP writes it, proves the encoding.
        let abc = base64::engine::general_purpose::STANDARD.encode(Sha256::digest("abc"));
        assert_eq!(abc, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        assert!(REPORTS_POLICY.contains("style-src 'self' 'sha256-"));
        assert!(!REPORTS_POLICY.contains("unsafe"));
        assert!(REPORTS_POLICY.contains("frame-ancestors 'none'"));
    }
}
