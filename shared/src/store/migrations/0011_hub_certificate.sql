-- The hub's own TLS certificate and its private key, made on first start when the office
-- configures none (hub::tls). Kept in the database rather than beside it, so the
-- certificate devices pinned at pairing lives and is backed up with the device
-- credentials it goes with: a restored backup brings back both together.
CREATE TABLE hub_certificate (
    id           INTEGER PRIMARY KEY CHECK (id = 1),  -- one certificate per hub
    certificate  BLOB    NOT NULL,                    -- DER
    private_key  BLOB    NOT NULL,                    -- PKCS#8 DER
    created_at   INTEGER NOT NULL                     -- Unix milliseconds
) STRICT;
