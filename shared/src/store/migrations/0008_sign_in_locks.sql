-- Wrong PINs per clerk, counted by the hub whatever the way in (a counter, the manager's
-- pages, the admin role), so that guessing a PIN locks the clerk's sign-in for a while and
-- a restart does not reset the count (store::lockout, docs/sign-in.md).
CREATE TABLE sign_in_locks (
    clerk         TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL,     -- wrong PINs in a row since the last lock or sign-in
    locks         INTEGER NOT NULL,     -- locks in a row since the last good sign-in
    locked_until  INTEGER               -- Unix milliseconds; NULL when not locked
) STRICT;
