-- The event log: the truth. Everything else here can be rebuilt from it.
CREATE TABLE events (
    seq  INTEGER PRIMARY KEY,
    at   INTEGER NOT NULL,            -- milliseconds since 1970-01-01 UTC
    kind TEXT    NOT NULL,            -- event name, e.g. ticket_called
    body TEXT    NOT NULL             -- the event as JSON
) STRICT;

-- Projections, written in the same transaction as the events that change them.
CREATE TABLE office (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq    INTEGER NOT NULL,
    day         TEXT,                 -- current business day, YYYY-MM-DD
    next_ticket INTEGER NOT NULL
) STRICT;
INSERT INTO office (id, last_seq, day, next_ticket) VALUES (1, 0, NULL, 1);

CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    day          TEXT    NOT NULL,
    issued_field TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    number       INTEGER NOT NULL,
    display      TEXT    NOT NULL,
    class        TEXT    NOT NULL,
    source       TEXT    NOT NULL,    -- JSON
    issued_at    INTEGER NOT NULL,
    queued_at    INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    counter      INTEGER,
    clerk        TEXT,
    called_at    INTEGER,
    started_at   INTEGER,
    ended_at     INTEGER,
    recalls      INTEGER NOT NULL,
    transfers    INTEGER NOT NULL
) STRICT;
CREATE INDEX tickets_by_day ON tickets (day, field);

CREATE TABLE counters (
    id             INTEGER PRIMARY KEY,
    clerk          TEXT,
    fields         TEXT    NOT NULL,  -- JSON array of field codes, in order
    paused         TEXT,
    current        INTEGER,
    regular_allowance INTEGER NOT NULL
) STRICT;

CREATE TABLE fields (
    code         TEXT    PRIMARY KEY,
    open         INTEGER NOT NULL,
    next_number  INTEGER NOT NULL,
    issued       INTEGER NOT NULL,
    service_secs REAL
) STRICT;
