-- Commands applied with an idempotency key, and the events they caused, so that a command
-- retried after a lost reply gets the original answer instead of being applied twice.
CREATE TABLE requests (
    key       TEXT    PRIMARY KEY,   -- where it came from and the sender's key
    command   TEXT    NOT NULL,      -- the command as JSON: a key reused for another is refused
    first_seq INTEGER NOT NULL,      -- events first_seq..=last_seq are its outcome
    last_seq  INTEGER NOT NULL,
    at        INTEGER NOT NULL       -- milliseconds; keys older than two days are dropped
) STRICT;
