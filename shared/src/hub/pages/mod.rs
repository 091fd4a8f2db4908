//! The pages for people's browsers besides the wall display, each live by server-sent
//! events ([`live`]):
//!
//! - `/t/{id}.{token}`: a citizen's ticket page, the QR on the ticket ([`ticket_page`]):
//!   place in line, estimated wait, "your turn at counter 3", then a rating. No login; the
//!   token makes the link unguessable ([`super::links`]).
//! - `/rate/{counter}?k={token}`: the rating tablet on a counter ([`rating_tablet`]).
//! - `/overview`: the manager's live overview, behind the manager's sign-in at the reports
//!   ([`overview`]).
//!
//! Vietnamese by default, `?lang=en` for English. Plain HTML, CSS and script built into the
//! hub, no outside URL, the bundled Noto Sans from the display's routes; small enough for a
//! cheap phone.

mod live;
mod overview;
mod rating_tablet;
mod submit;
mod ticket_page;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::Shared;
use crate::html::escape;

const TICKET_PAGE: &str = include_str!("../../../../assets/web/ticket.html");
const TABLET_PAGE: &str = include_str!("../../../../assets/web/rate.html");
const OVERVIEW_PAGE: &str = include_str!("../../../../assets/web/overview.html");
const NOT_FOUND_PAGE: &str = include_str!("../../../../assets/web/ticket-missing.html");
const FONTS: &str = include_str!("../../../../assets/web/fonts.css");
const STYLE: &str = include_str!("../../../../assets/web/ticket.css");
const OVERVIEW_STYLE: &str = include_str!("../../../../assets/web/overview.css");
const LIVE_SCRIPT: &str = include_str!("../../../../assets/web/ticket-live.js");
const TICKET_SCRIPT: &str = include_str!("../../../../assets/web/ticket.js");
const TABLET_SCRIPT: &str = include_str!("../../../../assets/web/rate.js");
const OVERVIEW_SCRIPT: &str = include_str!("../../../../assets/web/overview.js");

/// Largest rating request read (a reason is at most 300 characters).
const MAX_BODY: usize = 4096;

/// The pages' routes, with the live views of this hub.
pub fn routes() -> Router<Arc<Shared>> {
    let live = Arc::new(live::Live::default());
    Router::new()
        .merge(ticket_page::routes(live.clone()))
        .merge(rating_tablet::routes(live.clone()))
        .merge(overview::routes(live))
        .route("/web/fonts.css", get(|| asset("text/css", FONTS)))
        .route("/web/ticket.css", get(|| asset("text/css", STYLE)))
        .route(
            "/web/overview.css",
            get(|| asset("text/css", OVERVIEW_STYLE)),
        )
        .route("/web/ticket-live.js", get(|| asset(JS, LIVE_SCRIPT)))
        .route("/web/ticket.js", get(|| asset(JS, TICKET_SCRIPT)))
        .route("/web/rate.js", get(|| asset(JS, TABLET_SCRIPT)))
        .route("/web/overview.js", get(|| asset(JS, OVERVIEW_SCRIPT)))
}

const JS: &str = "text/javascript; charset=utf-8";

async fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page's language from its query: English only when asked for.
fn language(query: Option<&str>) -> &'static str {
    let en = query.unwrap_or("").split('&').any(|kv| kv == "lang=en");
    if en { "en" } else { "vi" }
}

/// A query parameter's raw value.
fn param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

/// JSON safe inside a `<script type="application/json">` block.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// A page template with its `{{name}}` slots filled (values already escaped).
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut page = template.to_string();
    for (name, value) in slots {
        page = page.replace(&format!("{{{{{name}}}}}"), value);
    }
    page
}

/// An HTML page that is never cached: it carries live data and, for a ticket, its link.
/// Its security headers come from the hub's one layer (`hub::headers`).
fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

/// "Không tìm thấy phiếu": a link with a wrong token, or a counter that does not exist.
fn not_found(lang: &str) -> Response {
    html(
        StatusCode::NOT_FOUND,
        fill(NOT_FOUND_PAGE, &[("lang", lang)]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_values_cannot_break_out_of_their_place() {
        assert_eq!(
            script_json(r#"{"r":"</script>"}"#),
            r#"{"r":"\u003c/script>"}"#
        );
        assert_eq!(
            fill("{{a}}-{{b}}-{{a}}", &[("a", "1"), ("b", "2")]),
            "1-2-1"
        );
    }

    #[test]
    fn english_only_when_asked() {
        assert_eq!(language(None), "vi");
        assert_eq!(language(Some("k=abc&lang=en")), "en");
        assert_eq!(language(Some("lang=fr")), "vi");
        assert_eq!(param(Some("k=abc&lang=en"), "k"), Some("abc"));
        assert_eq!(param(Some("kk=abc"), "k"), None);
    }
}
