-- Named keys of the JSON API, each with one scope, made and withdrawn by the manager with
-- `kiosk api-keys` (store::api_keys, docs/routes.md). Only a key's SHA-256 is kept: the key
-- itself is printed once, when it is made.
CREATE TABLE api_keys (
    name     TEXT    PRIMARY KEY,
    scope    TEXT    NOT NULL CHECK (scope IN ('issue', 'call', 'read')),
    hash     TEXT    NOT NULL,      -- SHA-256 of the key, lower-case hex
    created  INTEGER NOT NULL       -- Unix milliseconds
) STRICT;

-- Secrets the hub makes for itself on first start and keeps across restarts: `links`, the
-- key of the ticket pages' and rating tablets' links (store::secrets, hub::links).
CREATE TABLE hub_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
