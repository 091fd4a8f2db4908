//! The wall display as a web page, for TVs that only have a browser.
//!
//! - `GET /display`: the page (Vietnamese; `?lang=en` for English), with the display's
//!   words ([`crate::board::words`]) embedded, the same the native display shows. Read-only:
//!   no login.
//! - `GET /display/events`: server-sent events ([`feed`]): the board, live calls, heartbeats.
//!   Anyone may read it, as anyone in the room sees the TV: it carries what the board shows
//!   (numbers, counters open or paused, waiting counts), never a clerk, a pause's reason or
//!   a rating (docs/routes.md).
//! - `GET /display/call.wav?number=A023&counter=3[&recall=1]`: a call's announcement, or a
//!   recall's ([`voice`]).
//! - The page's script, style sheet and the bundled Noto Sans, so the hub needs no files at
//!   run time but the voice pack, and a TV on a LAN without internet draws every diacritic.

mod feed;
mod voice;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::Shared;
use crate::board::Words;
use crate::html::escape;

const PAGE: &str = include_str!("../../../../assets/web/display.html");
const SCRIPT: &str = include_str!("../../../../assets/web/display.js");
const STYLE: &str = include_str!("../../../../assets/web/display.css");
use crate::fonts::{BOLD, REGULAR};

/// The display's routes, with the voice pack cache of this hub.
pub fn routes() -> Router<Arc<Shared>> {
    let pack = Arc::new(voice::Voice::default());
    let for_events = pack.clone();
    let latest = Arc::new(feed::Latest::default());
    Router::new()
        .route("/display", get(page))
        .route(
            "/display/events",
            get(move |hub: State<Arc<Shared>>| {
                feed::events(hub, for_events.clone(), latest.clone())
            }),
        )
        .route(
            "/display/call.wav",
            get(move |hub: State<Arc<Shared>>, query: voice::Asked| {
                voice::call_wav(hub, pack.clone(), query)
            }),
        )
        .route("/display/display.js", get(script))
        .route("/display/display.css", get(style))
        .route("/display/NotoSans-Regular.ttf", get(|| font(REGULAR)))
        .route("/display/NotoSans-Bold.ttf", get(|| font(BOLD)))
}

/// What identifies this build's page: a page that sees another (the hub was upgraded)
/// reloads itself, so a TV left on for months runs the current script.
fn build() -> &'static str {
    static BUILD: OnceLock<String> = OnceLock::new();
    BUILD.get_or_init(|| {
        let mut h = DefaultHasher::new();
        (PAGE, SCRIPT, STYLE).hash(&mut h);
        (Words::of(false).json(), Words::of(true).json()).hash(&mut h);
        format!("{:016x}", h.finish())
    })
}

/// `GET /display`
async fn page(State(hub): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let english = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .any(|kv| kv == "lang=en");
    let (lang, office) = if english {
        ("en", &hub.config.name_en)
    } else {
        ("vi", &hub.config.name)
    };
    let html = PAGE
        .replace("{{build}}", build())
        .replace("{{lang}}", lang)
        .replace("{{office}}", &escape(office))
        .replace("{{words}}", &Words::of(english).json());
    (
        [
            ("content-type", "text/html; charset=utf-8"),
            ("cache-control", "no-cache"),
        ],
        html,
    )
        .into_response()
}

async fn script() -> Response {
    text("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    text("text/css; charset=utf-8", STYLE)
}

fn text(kind: &'static str, body: &'static str) -> Response {
    (
        [("content-type", kind), ("cache-control", "no-cache")],
        body,
    )
        .into_response()
}

async fn font(bytes: &'static [u8]) -> Response {
    (
        [
            ("content-type", "font/ttf"),
            ("cache-control", "public, max-age=86400"),
        ],
        bytes,
    )
        .into_response()
}
