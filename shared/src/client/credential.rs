//! A device's own credential, kept in a small JSON file readable only by its user.
//!
//! A device gets it once, by pairing ([`super::pairing::pair`]) or from the manager's
//! `kiosk devices add ... --credential PATH`, and says hello with it from then on.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Identity;
use crate::model::CounterId;
use crate::protocol::Role;

/// What a paired device holds: where its hub is, what it was approved as, and its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The hub's address, e.g. `https://192.168.1.20:8080`.
    pub hub: String,
    /// The name the device was approved as.
    pub device: String,
    /// The role it was approved as.
    pub role: Role,
    /// For a counter: its number.
    #[serde(default)]
    pub counter: Option<CounterId>,
    /// The device's secret (the hub keeps only its hash).
    pub token: String,
    /// SHA-256 (hex) of the hub's TLS certificate, pinned at pairing.
    #[serde(default)]
    pub hub_certificate: Option<String>,
}

/// A credential file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// It could not be read.
    #[error("cannot read the device's credential {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a credential this program wrote.
    #[error("the device's credential {path} is damaged ({reason}); pair the device again")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl Credential {
    /// Reads the credential at `path`; `None` if there is none yet (the device must pair).
    pub fn load(path: &Path) -> Result<Option<Credential>, CredentialError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(CredentialError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let invalid = |reason: String| CredentialError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let credential: Credential =
            serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        if credential.token.is_empty() || credential.device.is_empty() {
            return Err(invalid("no device name or token".into()));
        }
        Ok(Some(credential))
    }

    /// Writes the credential to `path`, readable and writable by its owner only, whole or
    /// not at all: a temporary file beside it is synced, then renamed over it.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let name = path
            .file_name()
            .map_or_else(|| "credential".into(), |n| n.to_string_lossy().into_owned());
        let temp = dir.join(format!(".{name}.{:016x}.tmp", rand::random::<u64>()));
        let written = (|| {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temp)?;
            let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
            file.write_all(text.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&temp, path)?;
            // The rename itself is durable once the folder is synced.
            std::fs::File::open(&dir)?.sync_all()
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// The identity the client says hello with.
    pub fn identity(&self) -> Identity {
        Identity {
            url: self.hub.clone(),
            role: self.role,
            device: self.device.clone(),
            token: self.token.clone(),
            counter: self.counter,
            manager: None,
            hub_certificate: self.hub_certificate.clone(),
            from: None,
        }
    }

    /// Where an app keeps its credential unless told otherwise:
    /// `$XDG_STATE_HOME/queue-office/APP.json`, else `~/.local/state/queue-office/APP.json`.
    pub fn default_path(app: &str) -> PathBuf {
        let state = std::env::var_os("XDG_STATE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        state.join("queue-office").join(format!("{app}.json"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_credential_reads_back_and_only_its_owner_can_read_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("state").join("counter.json");
        assert!(Credential::load(&path).expect("absent is fine").is_none());
        let credential = Credential {
            hub: "http://192.168.1.20:8080".into(),
            device: "quay-3".into(),
            role: Role::Counter,
            counter: Some(CounterId(3)),
            token: "secret".into(),
            hub_certificate: None,
        };
        credential.save(&path).expect("saved");
        credential.save(&path).expect("saved again over it");
        assert_eq!(
            Credential::load(&path).expect("read"),
            Some(credential.clone())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let left: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("list")
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::write(&path, "{not json").expect("damage it");
        let err = Credential::load(&path).expect_err("damaged");
        assert!(err.to_string().contains("pair the device again"), "{err}");
    }
}
