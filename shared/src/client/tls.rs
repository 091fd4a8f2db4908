//! TLS to the hub. The hub's certificate is usually its own, self-signed, so a device
//! trusts no certificate authority: it trusts exactly the certificate it pinned at pairing,
//! by its SHA-256 ([`Trust::Pinned`]). Pairing itself accepts whatever certificate the hub
//! shows, once ([`Trust::FirstUse`]), and reports its fingerprint so that it can be pinned.
//! The certificate's signature over the handshake is checked either way, so whoever
//! answers must hold the certificate's key.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

/// A WebSocket to the hub, plain or TLS.
pub type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// The cryptography of every TLS connection, the hub's and the devices'.
pub fn provider() -> Arc<CryptoProvider> {
    // ring builds from Rust and a little C on every target this project ships to; its
    // only lack here (no post-quantum key exchange) is accepted for a LAN.
    #[allow(deprecated)]
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The SHA-256 of a certificate (DER) in lower-case hex: what devices pin.
pub fn fingerprint(certificate: &[u8]) -> String {
    Sha256::digest(certificate)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which hub certificate a TLS connection accepts.
#[derive(Debug, Clone, Copy)]
pub enum Trust<'a> {
    /// Only the certificate with this SHA-256 (hex, any case).
    Pinned(&'a str),
    /// Any, once, to learn its fingerprint (pairing).
    FirstUse,
}

/// Why a connection to the hub failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    /// The hub answered with another certificate than the pinned one.
    #[error(
        "the hub at {url} showed a certificate (SHA-256 {seen}) other than the one this \
         device was paired with ({pinned}): another machine may be answering at that \
         address; if the hub's certificate was changed on purpose, pair this device again"
    )]
    WrongCertificate {
        /// The URL connected to.
        url: String,
        /// The pinned fingerprint.
        pinned: String,
        /// The fingerprint the hub showed.
        seen: String,
    },
    /// A TLS URL, but no certificate pinned to check it against.
    #[error(
        "this device has no pinned certificate for the hub at {0}, so it cannot check who \
         answers there: pair it with the hub again"
    )]
    NotPinned(String),
    /// Anything else (unreachable, refused, not a hub).
    #[error("cannot reach the hub at {url}: {reason}")]
    Other {
        /// The URL connected to.
        url: String,
        /// What went wrong.
        reason: String,
    },
}

/// Opens a WebSocket to `url` (`ws://` or `wss://`); over TLS the hub's certificate must
/// be the one `trust` accepts. Returns the socket and, over TLS, the certificate's
/// fingerprint.
pub async fn connect(
    url: &str,
    trust: Trust<'_>,
) -> Result<(Socket, Option<String>), ConnectError> {
    connect_from(url, trust, None).await
}

/// [`connect`] from the local address `from` when given (a load generator standing for
/// many machines on one), else from the one the system picks.
pub async fn connect_from(
    url: &str,
    trust: Trust<'_>,
    from: Option<IpAddr>,
) -> Result<(Socket, Option<String>), ConnectError> {
    let other = |reason: String| ConnectError::Other {
        url: url.to_string(),
        reason,
    };
    let secure = url.starts_with("wss://");
    let (connector, seen) = if secure {
        let (config, seen) = client_config(trust);
        (Some(Connector::Rustls(config)), Some(seen))
    } else {
        (None, None)
    };
    let connected = match from {
        None if secure => {
            tokio_tungstenite::connect_async_tls_with_config(url, None, true, connector).await
        }
        None => tokio_tungstenite::connect_async_with_config(url, None, true).await,
        Some(ip) => {
            let tcp = tcp_from(url, ip).await.map_err(|e| other(e.to_string()))?;
            tokio_tungstenite::client_async_tls_with_config(url, tcp, None, connector).await
        }
    };
    let seen = seen.and_then(|s| s.lock().unwrap_or_else(PoisonError::into_inner).clone());
    match (connected, trust, seen) {
        (Ok((socket, _)), _, seen) => Ok((socket, seen)),
        (Err(_), Trust::Pinned(pinned), Some(seen)) if secure && !same(pinned, &seen) => {
            Err(ConnectError::WrongCertificate {
                url: url.to_string(),
                pinned: pinned.to_ascii_lowercase(),
                seen,
            })
        }
        (Err(e), _, _) => Err(other(refusal(e))),
    }
}

/// A TCP connection from `from` to the host and port of `url`.
async fn tcp_from(url: &str, from: IpAddr) -> std::io::Result<TcpStream> {
    let authority = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or_default();
    let to = tokio::net::lookup_host(authority)
        .await?
        .find(|a| a.is_ipv4() == from.is_ipv4())
        .ok_or_else(|| std::io::Error::other(format!("no address for {authority}")))?;
    let socket = match from {
        IpAddr::V4(_) => TcpSocket::new_v4()?,
        IpAddr::V6(_) => TcpSocket::new_v6()?,
    };
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(to).await
}

/// The words of a failed WebSocket handshake, with the hub's own reason when it gave one.
fn refusal(e: tokio_tungstenite::tungstenite::Error) -> String {
    if let tokio_tungstenite::tungstenite::Error::Http(response) = &e
        && let Some(body) = response.body()
        && !body.is_empty()
    {
        return format!(
            "{}: {}",
            response.status(),
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
    }
    e.to_string()
}

fn same(pinned: &str, seen: &str) -> bool {
    use subtle::ConstantTimeEq;
    pinned.len() == seen.len()
        && bool::from(
            pinned
                .to_ascii_lowercase()
                .as_bytes()
                .ct_eq(seen.as_bytes()),
        )
}

/// A rustls client configuration that trusts as `trust` says, and where the fingerprint
/// of the certificate the hub showed is left.
pub fn client_config(trust: Trust<'_>) -> (Arc<ClientConfig>, Arc<Mutex<Option<String>>>) {
    let provider = provider();
    let seen = Arc::new(Mutex::new(None));
    let verifier = Pin {
        pinned: match trust {
            Trust::Pinned(p) => Some(p.to_ascii_lowercase()),
            Trust::FirstUse => None,
        },
        seen: seen.clone(),
        algorithms: provider.signature_verification_algorithms,
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        });
    // The ring provider supports the default versions; this cannot fail.
    let config = config.unwrap_or_else(|_| unreachable!("ring supports TLS 1.2 and 1.3"));
    (Arc::new(config), seen)
}

/// Accepts exactly the pinned certificate (or, with no pin, any), signature checked.
#[derive(Debug)]
struct Pin {
    pinned: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Pin {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = fingerprint(end_entity);
        let accepted = self.pinned.as_deref().is_none_or(|p| same(p, &seen));
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(seen);
        if accepted {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
