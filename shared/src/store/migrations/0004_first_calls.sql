-- When each ticket was first called. The tickets projection keeps only the call to the
-- ticket's current counter (a transfer or a no-show brought back forgets earlier calls),
-- but a citizen's wait ends at the first call, and reports measure it. Every ticket row is
-- written with INSERT (OR REPLACE), so a trigger sees each call; the first one stays. (Not
-- with INSERT OR IGNORE: inside a trigger the outer statement's REPLACE would win.)
CREATE TABLE first_calls (
    ticket INTEGER PRIMARY KEY,       -- tickets.id
    at     INTEGER NOT NULL           -- milliseconds since 1970-01-01 UTC
) STRICT;

CREATE TRIGGER first_call_on_insert AFTER INSERT ON tickets
WHEN NEW.called_at IS NOT NULL
BEGIN
    INSERT INTO first_calls (ticket, at) SELECT NEW.id, NEW.called_at
    WHERE NOT EXISTS (SELECT 1 FROM first_calls WHERE ticket = NEW.id);
END;

CREATE TRIGGER first_call_on_update AFTER UPDATE OF called_at ON tickets
WHEN NEW.called_at IS NOT NULL
BEGIN
    INSERT INTO first_calls (ticket, at) SELECT NEW.id, NEW.called_at
    WHERE NOT EXISTS (SELECT 1 FROM first_calls WHERE ticket = NEW.id);
END;

-- Tickets called before this table existed: their first call, from the event log.
INSERT OR IGNORE INTO first_calls (ticket, at)
SELECT json_extract(body, '$.ticket'), min(at) FROM events
WHERE kind = 'ticket_called'
GROUP BY json_extract(body, '$.ticket');
