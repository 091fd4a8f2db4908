//! Pairing a new device: it asks the hub to be something, shows the code the hub gives,
//! and once the office manager approves that code it receives its own credential.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::connection::ws_url;
use super::credential::Credential;
use super::tls;
use crate::model::CounterId;
use crate::protocol::{ClientMessage, ErrorCode, Pair, Role, ServerMessage};

/// The hub pings every 15 s: this long without a word means it is gone.
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// Time allowed to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What a device asks to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairRequest {
    /// The name it would like, e.g. `quay-3`.
    pub device: String,
    /// What it is.
    pub role: Role,
    /// For a counter: which counter.
    pub counter: Option<CounterId>,
}

/// Why pairing did not end with a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairError {
    /// The hub could not be reached, or the connection dropped.
    #[error("cannot reach the hub: {0}")]
    Unreachable(String),
    /// The code was not approved in time; pair again for a new one.
    #[error("the pairing code expired before it was approved; ask for a new one")]
    Expired,
    /// The hub refused the request.
    #[error("{message}")]
    Refused {
        /// What kind.
        code: ErrorCode,
        /// For people.
        message: String,
    },
}

/// Asks the hub at `url` to pair this device; calls `code` with the pairing code to show,
/// then waits (up to the hub's expiry) for the manager's approval.
pub async fn pair(
    url: &str,
    request: PairRequest,
    mut code: impl FnMut(String) + Send,
) -> Result<Credential, PairError> {
    let unreachable = |e: String| PairError::Unreachable(e);
    let ws = ws_url(url);
    // Over TLS the hub's certificate is accepted this once and pinned from now on.
    let (mut socket, certificate) =
        tokio::time::timeout(CONNECT_TIMEOUT, tls::connect(&ws, tls::Trust::FirstUse))
            .await
            .map_err(|_| unreachable(format!("the hub at {ws} did not answer")))?
            .map_err(|e| unreachable(e.to_string()))?;
    let ask = ClientMessage::Pair(Pair {
        device: request.device,
        role: request.role,
        counter: request.counter,
    });
    let text = serde_json::to_string(&ask).map_err(|e| unreachable(e.to_string()))?;
    socket
        .send(Message::text(text))
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    loop {
        let next = tokio::time::timeout(SILENCE_LIMIT, socket.next())
            .await
            .map_err(|_| unreachable("the hub stopped answering".into()))?;
        let text = match next {
            Some(Ok(Message::Text(t))) => t,
            Some(Ok(Message::Close(_))) | None => {
                return Err(unreachable("the hub closed the connection".into()));
            }
            Some(Err(e)) => return Err(unreachable(e.to_string())),
            Some(Ok(_)) => continue,
        };
        match serde_json::from_str::<ServerMessage>(&text) {
            Ok(ServerMessage::Pairing { code: shown }) => code(shown),
            Ok(ServerMessage::Paired {
                device,
                role,
                counter,
                token,
            }) => {
                let _ = socket.close(None).await;
                return Ok(Credential {
                    hub: url.trim_end_matches('/').to_string(),
                    device,
                    role,
                    counter,
                    token,
                    hub_certificate: certificate,
                });
            }
            Ok(ServerMessage::Error {
                code: ErrorCode::PairingExpired,
                ..
            }) => return Err(PairError::Expired),
            Ok(ServerMessage::Error { code, message, .. }) => {
                return Err(PairError::Refused { code, message });
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "unreadable message from the hub while pairing"),
        }
    }
}
