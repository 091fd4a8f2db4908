//! The hub's own TLS certificate, made once and kept (see `migrations/0011`).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};

/// A certificate and its private key, both DER.
#[derive(Clone, PartialEq, Eq)]
pub struct Kept {
    /// The certificate (DER).
    pub certificate: Vec<u8>,
    /// Its private key (PKCS#8 DER).
    pub private_key: Vec<u8>,
}

fn kept(conn: &Connection) -> Result<Option<Kept>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT certificate, private_key FROM hub_certificate WHERE id = 1",
            [],
            |r| {
                Ok(Kept {
                    certificate: r.get(0)?,
                    private_key: r.get(1)?,
                })
            },
        )
        .optional()?)
}

impl Store {
    /// The hub's kept certificate, if one was made before.
    pub fn hub_certificate(&self) -> Result<Option<Kept>, StoreError> {
        kept(self.connection())
    }

    /// Keeps `made` as the hub's certificate unless one is kept already (another hub
    /// started on this file at the same moment); returns the one kept.
    pub fn keep_hub_certificate(&self, made: &Kept) -> Result<Kept, StoreError> {
        self.connection().execute(
            "INSERT OR IGNORE INTO hub_certificate (id, certificate, private_key, created_at) \
             VALUES (1, ?1, ?2, ?3)",
            params![
                made.certificate,
                made.private_key,
                chrono::Utc::now().timestamp_millis()
            ],
        )?;
        kept(self.connection())?
            .ok_or_else(|| StoreError::Corrupt("the hub's certificate was not kept".into()))
    }
}
