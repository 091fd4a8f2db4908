-- Wrong PINs are counted per clerk and client address, so that a flood of guesses from one
-- machine locks that machine out, not the clerk everywhere; the row with address '*' counts
-- a clerk's wrong PINs from all addresses together, against a higher ceiling, and its lock
-- does not hold at an address the clerk has signed in from (store::lockout,
-- docs/sign-in.md). Locks standing at the upgrade become clerk-wide ones.
CREATE TABLE sign_in_locks_by_address (
    clerk         TEXT    NOT NULL,
    address       TEXT    NOT NULL,     -- the client's IP address, or '*' for all of them
    failures      INTEGER NOT NULL,     -- wrong PINs in a row since the last lock or sign-in
    locks         INTEGER NOT NULL,     -- locks in a row since the last good sign-in
    locked_until  INTEGER,              -- Unix milliseconds; NULL when not locked
    known         INTEGER NOT NULL DEFAULT 0,  -- 1 once the clerk signed in from here
    PRIMARY KEY (clerk, address)
) STRICT;
INSERT INTO sign_in_locks_by_address (clerk, address, failures, locks, locked_until)
    SELECT clerk, '*', failures, locks, locked_until FROM sign_in_locks;
DROP TABLE sign_in_locks;
ALTER TABLE sign_in_locks_by_address RENAME TO sign_in_locks;
