//! The reports as CSV downloads: one table (`/reports.csv`), or every ticket of the period
//! (`/reports/tickets.csv`), streamed as it is read so a year never sits in memory.

use std::io::Write;
use std::sync::Arc;

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tokio::sync::mpsc;

use crate::report::{self, Dimension, Lang, Period, open_read_only};

use super::{Desk, Failure, Params, Shared};

/// Bytes gathered before a piece of the download is sent.
const CHUNK: usize = 64 * 1024;

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

fn failure(lang: Lang, f: Failure) -> Response {
    match f {
        Failure::Period(e) => plain(StatusCode::BAD_REQUEST, &lang.period_error(&e)),
        Failure::Unavailable(reason) => {
            tracing::warn!(%reason, "report export failed");
            plain(StatusCode::SERVICE_UNAVAILABLE, lang.words().unavailable)
        }
    }
}

fn csv_headers(name: &str, period: Period) -> [(header::HeaderName, String); 3] {
    [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{name}-{}-{}.csv\"",
                period.from, period.to
            ),
        ),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ]
}

/// `GET /reports.csv?…&by=field`
pub(super) async fn table(
    State(hub): State<Arc<Shared>>,
    Extension(desk): Extension<Arc<Desk>>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    if super::manager(&hub, &headers).is_none() {
        return plain(StatusCode::UNAUTHORIZED, lang.words().sign_in_first);
    }
    let by = params.by.as_deref().unwrap_or("field");
    let Some(dimension) = Dimension::parse(by) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "by: field, counter, clerk, hour or day",
        );
    };
    let period = match params.period(&hub) {
        Ok(p) => p,
        Err(f) => return failure(lang, f),
    };
    let now = Utc::now();
    let made = desk
        .with_reports(&hub, move |reports| {
            let report = reports.report(period, now)?;
            let mut out = Vec::new();
            report::csv::table(&report, dimension, reports.config(), lang, &mut out)?;
            Ok(out)
        })
        .await;
    match made {
        Ok(bytes) => (
            csv_headers(&format!("report-by-{}", dimension.as_str()), period),
            bytes,
        )
            .into_response(),
        Err(f) => failure(lang, f),
    }
}

/// `GET /reports/tickets.csv?…`
pub(super) async fn tickets(
    State(hub): State<Arc<Shared>>,
    Extension(desk): Extension<Arc<Desk>>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    if super::manager(&hub, &headers).is_none() {
        return plain(StatusCode::UNAUTHORIZED, lang.words().sign_in_first);
    }
    let period = match params.period(&hub) {
        Ok(p) => p,
        Err(f) => return failure(lang, f),
    };
    let path = match desk.path(&hub).await {
        Ok(p) => p,
        Err(f) => return failure(lang, f),
    };
    let config = hub.config.clone();
    let (tx, rx) = mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = Chunks {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        // Its own connection: a long download must not keep the page's reports waiting.
        let written = open_read_only(&path)
            .and_then(|conn| report::csv::tickets(&conn, &config, period, lang, &mut out))
            .and_then(|n| out.flush().map(|_| n).map_err(Into::into));
        if let Err(e) = written {
            tracing::warn!(error = %e, "ticket export stopped");
            // An error ends the download visibly broken rather than quietly short.
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    (csv_headers("tickets", period), Body::from_stream(stream)).into_response()
}

/// Sends what is written in pieces to the response body.
struct Chunks {
    tx: mpsc::Sender<std::io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

impl Chunks {
    fn send(&mut self) -> std::io::Result<()> {
        let piece = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(piece)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was closed")
        })
    }
}
