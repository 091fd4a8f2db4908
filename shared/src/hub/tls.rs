//! The hub's TLS certificate: the office's own when `hub.tls_certificate` and
//! `hub.tls_key` name one, else a self-signed one made with rcgen on first start and kept
//! in the database (`store::certificate`), so that the fingerprint devices pinned at
//! pairing stays the same across restarts and backups.

use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::config::HubConfig;
use crate::store::Connection;
use crate::store::certificate::{self, Kept};

/// What the hub serves TLS with.
#[derive(Clone)]
pub struct HubTls {
    /// The rustls configuration of every TLS connection.
    pub config: Arc<ServerConfig>,
    /// SHA-256 of the certificate (lower-case hex): what devices pin.
    pub fingerprint: String,
}

impl HubTls {
    /// The office's configured certificate, else the one kept in the database (made now
    /// if none is kept yet): what the hub serves, and what `kiosk devices add` pins.
    pub fn load(conn: &Connection, hub: &HubConfig) -> std::io::Result<HubTls> {
        if let (Some(certificate), Some(key)) = (&hub.tls_certificate, &hub.tls_key) {
            let (chain, key) = read_files(certificate, key).map_err(|(_, e)| {
                std::io::Error::other(format!("the hub's TLS certificate: {e}"))
            })?;
            return HubTls::new(chain, key).map_err(std::io::Error::other);
        }
        let kept = match certificate::kept(conn).map_err(std::io::Error::other)? {
            Some(kept) => kept,
            None => {
                let made = self_signed().map_err(std::io::Error::other)?;
                tracing::info!("made the hub's own TLS certificate");
                certificate::keep(conn, &made).map_err(std::io::Error::other)?
            }
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(kept.private_key));
        HubTls::new(vec![CertificateDer::from(kept.certificate)], key)
            .map_err(std::io::Error::other)
    }

    /// TLS with this certificate chain (the hub's own first) and key.
    pub fn new(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<HubTls, String> {
        let fingerprint = chain
            .first()
            .map(|c| crate::client::tls::fingerprint(c))
            .ok_or("no certificate")?;
        let config = ServerConfig::builder_with_provider(crate::client::tls::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("the key does not fit the certificate: {e}"))?;
        Ok(HubTls {
            config: Arc::new(config),
            fingerprint,
        })
    }
}

/// Which of the two configured files a problem is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `hub.tls_certificate`
    Certificate,
    /// `hub.tls_key`
    Key,
}

/// Reads a PEM certificate chain and its PEM private key, checking that they fit
/// together; the problem says which file and what is wrong.
pub fn read_files(
    certificate: &Path,
    key: &Path,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), (Which, String)> {
    let shown = |p: &Path| p.display().to_string();
    let chain = CertificateDer::pem_file_iter(certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            (
                Which::Certificate,
                format!(
                    "cannot read a PEM certificate from {}: {e}",
                    shown(certificate)
                ),
            )
        })?;
    if chain.is_empty() {
        return Err((
            Which::Certificate,
            format!("{} holds no PEM certificate", shown(certificate)),
        ));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        (
            Which::Key,
            format!("cannot read a PEM private key from {}: {e}", shown(key)),
        )
    })?;
    HubTls::new(chain.clone(), key.clone_key()).map_err(|e| (Which::Key, e))?;
    Ok((chain, key))
}

/// A new self-signed certificate for this hub. Devices pin it by fingerprint, so its
/// names matter only to browsers, which warn about it anyway.
fn self_signed() -> Result<Kept, rcgen::Error> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        if !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            names.push(host.to_string());
        }
    }
    let mut params = rcgen::CertificateParams::new(names)?;
    // The name a browser shows when it asks whether to trust the hub.
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "queue-office hub");
    let key = rcgen::KeyPair::generate()?;
    let certificate = params.self_signed(&key)?;
    Ok(Kept {
        certificate: certificate.der().to_vec(),
        private_key: key.serialize_der(),
    })
}
