//! The office's reports over HTTP, for the head of the office:
//! - `GET /reports`: the sign-in page, then the report (`period=today|week|month`, or
//!   `from=DD/MM/YYYY&to=DD/MM/YYYY` (or `YYYY-MM-DD`); `lang=en` for English);
//! - `GET /reports.csv?…&by=field|counter|clerk|hour|day`: one table as CSV;
//! - `GET /reports/tickets.csv?…`: every ticket of the period as CSV;
//! - `POST /reports/login` (returning to the form's `next`, a path of this hub such as
//!   `/overview`), `POST /reports/logout`.
//!
//! Sign-in is the login and PIN of a clerk with `admin = true`, posted once; the hub then
//! sets a cookie holding a random 128-bit token that it remembers for eight hours. This
//! rather than HTTP basic auth: the PIN crosses the LAN once, not with every request; the
//! slow PIN check runs once, not per page; the refusal is a page in the reader's language;
//! and signing out works. Tokens live in the hub's memory, so a restart signs everyone out.
//! The same session opens the live overview ([`manager`], [`sign_in_first`]).
//!
//! Reports run on a blocking thread over their own read-only connection, never on the
//! writer thread, so a year's report does not hold up a single call. After the first
//! sign-in the past days of the longest period are read into memory in the background, a
//! month at a time, so that even the first year's report is quick.

mod export;
mod login;
pub(crate) use login::Sessions;
mod manager;

pub(super) use manager::{manager, sign_in_first};

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use chrono::Utc;
use serde::Deserialize;

use crate::engine::business_day;
use crate::model::ClerkId;
use crate::report::period::PeriodError;
use crate::report::{Lang, Period, Preset, ReportError, Reports, page};

use super::Shared;
use super::peer::Peer;
use super::sign_in::{self, PinCheck, Who, check_pin};
use login::SignInForm;

/// Largest sign-in form read.
const MAX_FORM: usize = 4096;
/// Days read into memory at a time when warming up (the page's reports wait at most that).
const WARM_DAYS: u64 = 31;

/// The routes of the reports, each hub with its own sessions and report connection.
pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/reports", get(report_page))
        .route("/reports/login", post(sign_in))
        .route("/reports/logout", post(sign_out))
        .route("/reports.csv", get(export::table))
        .route("/reports/tickets.csv", get(export::tickets))
        .layer(Extension(Arc::new(Desk::default())))
}

/// What the reports of one hub keep between requests (its sessions are kept by
/// [`manager`], for the overview to see them too).
#[derive(Default)]
struct Desk {
    reports: Arc<Mutex<Option<Reports>>>,
    path: tokio::sync::OnceCell<Option<PathBuf>>,
    warmed: std::sync::atomic::AtomicBool,
}

/// Why a report could not be served.
enum Failure {
    /// The period asked for cannot be reported; said in the reader's language.
    Period(PeriodError),
    /// The database failed; the reason is for the log, never the page.
    Unavailable(String),
}

/// The query of every reports URL.
#[derive(Debug, Default, Deserialize)]
struct Params {
    from: Option<String>,
    to: Option<String>,
    period: Option<String>,
    by: Option<String>,
    lang: Option<String>,
    next: Option<String>,
}

impl Params {
    fn lang(&self) -> Lang {
        Lang::parse(self.lang.as_deref())
    }

    /// The period asked for: `from`/`to`, else a preset (this week by default).
    fn period(&self, hub: &Shared) -> Result<Period, Failure> {
        let today = business_day(Utc::now(), &hub.config);
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => Period::parse(from, to).map_err(Failure::Period),
            _ => Ok(self
                .period
                .as_deref()
                .and_then(Preset::parse)
                .unwrap_or(Preset::Week)
                .period(today)),
        }
    }
}

impl Desk {
    /// The database file, asked of the writer once.
    async fn path(&self, hub: &Shared) -> Result<PathBuf, Failure> {
        let path = self
            .path
            .get_or_init(|| async {
                hub.writer
                    .read(|store| {
                        store
                            .connection()
                            .path()
                            .filter(|p| !p.is_empty())
                            .map(PathBuf::from)
                    })
                    .await
                    .ok()
                    .flatten()
            })
            .await;
        path.clone()
            .ok_or_else(|| Failure::Unavailable("the hub's database has no file".into()))
    }

    /// Runs `f` over the reports connection on a blocking thread, opening it if needed.
    async fn with_reports<T: Send + 'static>(
        &self,
        hub: &Shared,
        f: impl FnOnce(&mut Reports) -> Result<T, ReportError> + Send + 'static,
    ) -> Result<T, Failure> {
        let path = self.path(hub).await?;
        let cell = self.reports.clone();
        let config = hub.config.clone();
        let done = tokio::task::spawn_blocking(move || {
            let mut guard = cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let reports = match guard.take() {
                Some(r) => r,
                None => Reports::open(&path, config)?,
            };
            let reports = guard.insert(reports);
            let result = f(reports);
            if result.is_err() {
                // Start again from a fresh connection next time.
                *guard = None;
            }
            result
        })
        .await;
        match done {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(ReportError::Period(e))) => Err(Failure::Period(e)),
            Ok(Err(e)) => Err(Failure::Unavailable(e.to_string())),
            Err(e) => Err(Failure::Unavailable(e.to_string())),
        }
    }
}

impl Desk {
    /// Reads the past days of the longest period into memory, once per hub, a month at a
    /// time so that pages asked for meanwhile wait little.
    async fn warm_up(self: Arc<Self>, hub: Arc<Shared>) {
        if self.warmed.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let started = Instant::now();
        let today = business_day(Utc::now(), &hub.config);
        let first = today - chrono::Days::new(crate::report::period::MAX_DAYS as u64 - 1);
        let mut from = first;
        while from < today {
            let to = (from + chrono::Days::new(WARM_DAYS - 1)).min(today);
            let Ok(period) = Period::new(from, to) else {
                break;
            };
            let now = Utc::now();
            if let Err(Failure::Unavailable(reason)) = self
                .with_reports(&hub, move |reports| reports.days(period, now).map(|_| ()))
                .await
            {
                tracing::warn!(%reason, "reading past days for the reports stopped");
                return;
            }
            from = to + chrono::Days::new(1);
        }
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            "past days read for the reports"
        );
    }
}

/// The answer to a failed report, as a page.
fn failure_page(hub: &Shared, lang: Lang, failure: Failure) -> Response {
    let w = lang.words();
    match failure {
        Failure::Period(e) => (
            StatusCode::BAD_REQUEST,
            Html(page::message(
                &hub.config,
                lang,
                w.bad_period,
                &lang.period_error(&e),
            )),
        )
            .into_response(),
        Failure::Unavailable(reason) => {
            tracing::warn!(%reason, "report failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(page::message(&hub.config, lang, w.title, w.unavailable)),
            )
                .into_response()
        }
    }
}

/// `GET /reports`
async fn report_page(
    State(hub): State<Arc<Shared>>,
    Extension(desk): Extension<Arc<Desk>>,
    Query(params): Query<Params>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    if manager(&hub, &headers).is_none() {
        // Back to the page that sent the reader here, else to this report.
        let next = match (&params.next, raw) {
            (Some(next), _) => login::safe_next(Some(next)),
            (None, Some(raw)) => login::safe_next(Some(&format!("/reports?{raw}"))),
            (None, None) => String::new(),
        };
        return Html(page::login(&hub.config, lang, &next, None)).into_response();
    }
    let period = match params.period(&hub) {
        Ok(p) => p,
        Err(f) => return failure_page(&hub, lang, f),
    };
    let now = Utc::now();
    let config = hub.config.clone();
    let made = desk
        .with_reports(&hub, move |reports| {
            let report = reports.report(period, now)?;
            let cx = page::Context {
                config: &config,
                lang,
                today: reports.today(now),
            };
            Ok(page::report(&report, &cx))
        })
        .await;
    match made {
        Ok(html) => ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(f) => failure_page(&hub, lang, f),
    }
}

/// `POST /reports/login` with `clerk`, `pin`, `next` and `lang`.
async fn sign_in(
    State(hub): State<Arc<Shared>>,
    Extension(desk): Extension<Arc<Desk>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    body: Bytes,
) -> Response {
    // Read as a form whatever the content type says (browsers send it; scripts may not).
    // Bodies over MAX_FORM, and forms that cannot be read (a field given twice), are
    // refused before any PIN is tried.
    let parsed = (body.len() <= MAX_FORM)
        .then(|| serde_urlencoded::from_bytes::<SignInForm>(&body))
        .transpose();
    let (form, unread) = match parsed {
        Ok(Some(form)) => (form, None),
        Ok(None) => (SignInForm::default(), Some(StatusCode::PAYLOAD_TOO_LARGE)),
        Err(e) => {
            tracing::info!(error = %e, "reports sign-in form unreadable");
            (SignInForm::default(), Some(StatusCode::BAD_REQUEST))
        }
    };
    let lang = Lang::parse(form.lang.as_deref());
    let next = login::safe_next(form.next.as_deref());
    let w = lang.words();
    let refuse = |status: StatusCode, message: &str| {
        (
            status,
            Html(page::login(&hub.config, lang, &next, Some(message))),
        )
            .into_response()
    };
    if let Some(status) = unread {
        return refuse(status, w.refused);
    }
    let clerk = form.clerk.as_deref().map_or("", str::trim).to_string();
    let given = form.pin.unwrap_or_default();
    let english = lang == Lang::En;
    let id = ClerkId::new(&clerk);
    // The same check, and the same limits on guessing, as at the counters.
    let id = match check_pin(&hub, peer.addr.ip(), &id, given, Who::Manager).await {
        PinCheck::Accepted => id,
        PinCheck::Locked(until) => {
            let left = PinCheck::seconds_left(until, chrono::Utc::now());
            return refuse(
                StatusCode::TOO_MANY_REQUESTS,
                &sign_in::locked_text(english, left),
            );
        }
        PinCheck::TooMany(wait) => {
            let seconds = PinCheck::seconds(wait);
            let mut answer = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                &sign_in::too_many_text(english, seconds),
            );
            retry_after(&mut answer, seconds);
            return answer;
        }
        PinCheck::Busy => {
            let mut answer = refuse(StatusCode::SERVICE_UNAVAILABLE, sign_in::busy_text(english));
            retry_after(&mut answer, sign_in::BUSY_RETRY_SECONDS);
            return answer;
        }
        PinCheck::ShortManagerPin => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                &sign_in::short_manager_pin_text(english),
            );
        }
        PinCheck::Unavailable => return refuse(StatusCode::SERVICE_UNAVAILABLE, w.unavailable),
        PinCheck::Wrong => {
            tracing::info!(clerk = %clerk.chars().take(64).collect::<String>(), from = %peer.addr.ip(), "reports sign-in refused");
            return refuse(StatusCode::UNAUTHORIZED, w.refused);
        }
    };
    tracing::info!(clerk = %id, "signed in to the reports");
    let token = manager::sessions(&hub)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .open(id, Instant::now());
    tokio::spawn(desk.clone().warm_up(hub.clone()));
    let location = if next.is_empty() {
        "/reports".to_string()
    } else {
        next
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::SET_COOKIE, login::set_cookie(&token)),
        ],
    )
        .into_response()
}

/// Adds `Retry-After: seconds` to an answer.
fn retry_after(answer: &mut Response, seconds: u64) {
    answer
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
}

/// `POST /reports/logout`
async fn sign_out(State(hub): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(token) = login::token(&headers) {
        manager::sessions(&hub)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .close(&token);
    }
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/reports".to_string()),
            (header::SET_COOKIE, login::clear_cookie()),
        ],
    )
        .into_response()
}
