//! The hub's own TLS certificate, made once and kept (see `migrations/0011`).

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// A certificate and its private key, both DER.
#[derive(Clone, PartialEq, Eq)]
pub struct Kept {
    /// The certificate (DER).
    pub certificate: Vec<u8>,
    /// Its private key (PKCS#8 DER).
    pub private_key: Vec<u8>,
}

/// The hub's kept certificate, if one was made before.
pub fn kept(conn: &Connection) -> Result<Option<Kept>, StoreError> {
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

/// Keeps `made` as the hub's certificate unless one is kept already (another hub, or
/// `kiosk devices add`, on this file at the same moment); returns the one kept.
pub fn keep(conn: &Connection, made: &Kept) -> Result<Kept, StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO hub_certificate (id, certificate, private_key, created_at) \
             VALUES (1, ?1, ?2, ?3)",
        params![
            made.certificate,
            made.private_key,
            chrono::Utc::now().timestamp_millis()
        ],
    )?;
    kept(conn)?.ok_or_else(|| StoreError::Corrupt("the hub's certificate was not kept".into()))
}
