//! `GET /display/call.wav?number=A023&counter=3`: a call rendered from the office's voice pack
//! (chime, clips, gaps; said `[voice] repeat` times) as one WAV, so the page plays each
//! announcement whole. `&recall=1` makes it a recall: "Xin mời lại khách hàng số …".
//! Only a number called today at that counter is said; any other gets a 404.
//!
//! The pack is opened on first use and kept. A missing pack is logged once and retried now
//! and then; meanwhile calls carry no audio and the page stays silent but live.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::config::Config;
use crate::protocol::ErrorCode;
use crate::voice::{Pack, VoiceError, spoken, wav_bytes};

use super::super::Shared;

/// How long a pack that failed to open is left alone before trying again.
const RETRY: Duration = Duration::from_secs(60);
/// Rendered calls kept: every TV asks for the same call, and a recall asks again.
const KEEP: usize = 32;
/// Longest ticket number accepted (prefix and digits).
const MAX_NUMBER: usize = 16;

/// A rendered call: number, counter, and whether it is a recall.
type Key = (String, u16, bool);

/// The voice pack of one hub, opened lazily, and the calls rendered lately.
#[derive(Default)]
pub struct Voice {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pack: Option<Arc<Pack>>,
    failed: Option<(Instant, String)>,
    rendered: VecDeque<(Key, Bytes)>,
}

impl Voice {
    /// The pack, if announcements are on and it opens.
    pub fn pack(&self, config: &Config) -> Option<Arc<Pack>> {
        if !config.voice.enabled {
            return None;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pack) = &inner.pack {
            return Some(pack.clone());
        }
        if let Some((at, _)) = &inner.failed
            && at.elapsed() < RETRY
        {
            return None;
        }
        let dir = PathBuf::from(&config.voice.pack);
        match Pack::open(&dir) {
            Ok(pack) => {
                let pack = Arc::new(pack);
                inner.pack = Some(pack.clone());
                inner.failed = None;
                tracing::info!(pack = %dir.display(), "voice pack opened");
                Some(pack)
            }
            Err(e) => {
                let message = e.to_string();
                // Once per cause: a TV asks every call, and the log must stay readable.
                if inner.failed.as_ref().is_none_or(|(_, m)| *m != message) {
                    tracing::warn!(error = %message, "web display is silent: no voice pack");
                }
                inner.failed = Some((Instant::now(), message));
                None
            }
        }
    }

    fn cached(&self, key: &Key) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .rendered
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, wav)| wav.clone())
    }

    fn keep(&self, key: Key, wav: Bytes) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.rendered.len() >= KEEP {
            inner.rendered.pop_front();
        }
        inner.rendered.push_back((key, wav));
    }
}

/// The URL of a call's audio (`again`: a recall), with the number percent-encoded (a
/// prefix may be `Đ`).
pub fn audio_url(number: &str, counter: u16, again: bool) -> String {
    let mut encoded = String::new();
    for b in number.bytes() {
        if b.is_ascii_alphanumeric() {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let recall = if again { "&recall=1" } else { "" };
    format!("/display/call.wav?number={encoded}&counter={counter}{recall}")
}

/// The field prefix of a ticket number: the longest prefix followed only by digits.
pub fn prefix_of<'a>(config: &'a Config, number: &str) -> Option<&'a str> {
    config
        .fields
        .iter()
        .map(|f| f.prefix.as_str())
        .filter(|p| {
            number.strip_prefix(p).is_some_and(|digits| {
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            })
        })
        .max_by_key(|p| p.len())
}

fn bad(message: String) -> Response {
    let body = json!({ "error": ErrorCode::BadMessage, "message": message });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

fn unavailable(status: StatusCode, message: String) -> Response {
    let body = json!({ "error": ErrorCode::Unavailable, "message": message });
    (status, axum::Json(body)).into_response()
}

/// The query as asked: read, or why it cannot be.
pub type Asked = Result<Query<CallQuery>, QueryRejection>;

/// The query of `/display/call.wav`, read as text so that a wrong value gets its own answer.
#[derive(Debug, Deserialize)]
pub struct CallQuery {
    number: Option<String>,
    counter: Option<String>,
    recall: Option<String>,
}

/// `GET /display/call.wav?number=A023&counter=3`
pub async fn call_wav(State(hub): State<Arc<Shared>>, voice: Arc<Voice>, query: Asked) -> Response {
    let config = &hub.config;
    let params = match query {
        Ok(Query(params)) => params,
        Err(e) => {
            return bad(format!(
                "the query cannot be read ({}): ask for ?number=A023&counter=3",
                e.body_text()
            ));
        }
    };
    let Some(number) = &params.number else {
        return bad("number is missing: ask for ?number=A023&counter=3".into());
    };
    let prefix = (number.chars().count() <= MAX_NUMBER)
        .then(|| prefix_of(config, number))
        .flatten();
    let Some(prefix) = prefix else {
        return bad(format!(
            "number {number:?} is not a ticket number of this office: a field's prefix and \
             its digits, e.g. A023"
        ));
    };
    let Some(counter) = &params.counter else {
        return bad("counter is missing: ask for ?number=A023&counter=3".into());
    };
    let Ok(counter) = counter.parse::<u16>() else {
        return bad(format!("counter {counter:?} is not a counter number"));
    };
    if config.counter(crate::model::CounterId(counter)).is_none() {
        return bad(format!("counter {counter} is not a counter of this office"));
    }
    let again = match params.recall.as_deref() {
        None | Some("0") => false,
        Some("1") => true,
        Some(other) => {
            return bad(format!(
                "recall {other:?} is not 0 or 1: ask for &recall=1 for a recall"
            ));
        }
    };
    if !config.voice.enabled {
        return unavailable(
            StatusCode::NOT_FOUND,
            "announcements are off in this office ([voice] enabled = false)".into(),
        );
    }
    // Only what a display needs: a number called today at that counter, not any words
    // anyone asks for.
    if !called(&hub, number, counter).await {
        let body = json!({
            "error": "not_found",
            "message": format!("{number} has not been called at counter {counter} today"),
        });
        return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
    }
    let key = (number.clone(), counter, again);
    if let Some(wav) = voice.cached(&key) {
        return wav_response(wav);
    }
    let Some(pack) = voice.pack(config) else {
        return unavailable(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the voice pack {:?} cannot be opened", config.voice.pack),
        );
    };
    let words = spoken(number, prefix, counter, again, &config.voice);
    let repeat = config.voice.repeat;
    let rendered = tokio::task::spawn_blocking(move || render(&pack, &words, repeat)).await;
    match rendered {
        Ok(Ok(wav)) => {
            let wav = Bytes::from(wav);
            voice.keep(key, wav.clone());
            wav_response(wav)
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, number = %key.0, "cannot render a call");
            unavailable(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
        }
        Err(e) => unavailable(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Whether a ticket of today shown as `number` was last called at `counter` (a call or a
/// recall: the web display asks for the sound of both).
async fn called(hub: &Shared, number: &str, counter: u16) -> bool {
    let number = number.to_string();
    let counter = Some(crate::model::CounterId(counter));
    hub.writer
        .read(move |store| {
            store
                .engine()
                .state()
                .tickets
                .values()
                .any(|t| t.display == number && t.counter == counter)
        })
        .await
        .unwrap_or(false)
}

fn wav_response(wav: Bytes) -> Response {
    (
        [
            ("content-type", "audio/wav"),
            ("cache-control", "public, max-age=600"),
        ],
        wav,
    )
        .into_response()
}

/// A call's words, said `repeat` times, as a WAV file in memory.
fn render(pack: &Pack, words: &[&str], repeat: u8) -> Result<Vec<u8>, VoiceError> {
    wav_bytes(&pack.render(&pack.announcement(words, repeat)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_every_prefix() {
        let url = audio_url("Đ007", 3, true);
        assert_eq!(url, "/display/call.wav?number=%C4%90007&counter=3&recall=1");
    }
}
