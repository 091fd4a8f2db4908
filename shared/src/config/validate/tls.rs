//! `hub.tls_certificate` and `hub.tls_key`: both or neither, and files the hub can serve.

use std::path::{Path, PathBuf};

use super::{Problem, problem};
use crate::config::file::FileHub;
use crate::hub::tls::{Which, read_files};

/// The office's certificate and key files (relative to `folder`, the office file's), read
/// and checked now so that a hub never starts with files it cannot serve.
pub fn files(hub: &FileHub, folder: &Path) -> Result<(Option<PathBuf>, Option<PathBuf>), Problem> {
    let (certificate, key) = match (&hub.tls_certificate, &hub.tls_key) {
        (None, None) => return Ok((None, None)),
        (Some(c), Some(k)) => (c, k),
        (Some(c), None) => {
            return Err(problem(
                c,
                "hub.tls_certificate",
                "give hub.tls_key too (the certificate's private key, PEM)",
            ));
        }
        (None, Some(k)) => {
            return Err(problem(
                k,
                "hub.tls_key",
                "give hub.tls_certificate too (the certificate, PEM)",
            ));
        }
    };
    let path = |p: &str| folder.join(p);
    let (certificate_path, key_path) = (path(certificate.get_ref()), path(key.get_ref()));
    read_files(&certificate_path, &key_path).map_err(|(which, message)| match which {
        Which::Certificate => problem(certificate, "hub.tls_certificate", message),
        Which::Key => problem(key, "hub.tls_key", message),
    })?;
    Ok((Some(certificate_path), Some(key_path)))
}
