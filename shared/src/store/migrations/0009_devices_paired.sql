-- Devices paired with the office, each with its own credential instead of the shared
-- office key (store::devices, docs/devices.md). A device may act only as the role, name
-- and counter it was approved as; a revoked device is refused and disconnected.
CREATE TABLE devices (
    name         TEXT    PRIMARY KEY,
    role         TEXT    NOT NULL,         -- kiosk, counter, display or admin
    counter      INTEGER,                  -- for a counter: its number
    token_hash   BLOB    NOT NULL UNIQUE,  -- SHA-256 of the device's 256-bit random token
    approved_at  INTEGER NOT NULL,         -- Unix milliseconds
    revoked_at   INTEGER                   -- Unix milliseconds; NULL while it may connect
) STRICT;

-- Pairing requests the hub holds open: a new device waits on its connection while the
-- manager approves its code from another process (`kiosk devices approve`), which adds
-- the device with the hash of the token the hub keeps in memory for it (store::pairing).
CREATE TABLE pairing_requests (
    code         TEXT    PRIMARY KEY,      -- eight digits, shown as "4829 1735"
    device       TEXT    NOT NULL,         -- the name it asked for
    role         TEXT    NOT NULL,         -- the role it asked for
    counter      INTEGER,                  -- the counter it asked for
    address      TEXT    NOT NULL,         -- where it asked from, for the manager
    token_hash   BLOB    NOT NULL,
    expires_at   INTEGER NOT NULL,         -- Unix milliseconds
    approved     TEXT                      -- the device's name once approved
) STRICT;
