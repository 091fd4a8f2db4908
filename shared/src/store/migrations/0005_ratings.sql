-- Citizens' satisfaction ratings, one per served ticket, written with the event that gave
-- it. The reports read satisfaction from here (`store::ratings_between`).
CREATE TABLE ratings (
    ticket  INTEGER PRIMARY KEY REFERENCES tickets (id),  -- one rating per ticket
    day     TEXT    NOT NULL,     -- the ticket's business day, YYYY-MM-DD
    field   TEXT    NOT NULL,     -- field it was served in
    counter INTEGER,              -- counter that served it
    clerk   TEXT,                 -- clerk who served it
    score   TEXT    NOT NULL      -- very_satisfied (4 points), satisfied (3), neutral (2), dissatisfied (1)
        CHECK (score IN ('very_satisfied', 'satisfied', 'neutral', 'dissatisfied')),
    reason  TEXT,                 -- the citizen's words, trimmed; NULL when none
    at      INTEGER NOT NULL,     -- milliseconds since 1970-01-01 UTC
    via     TEXT    NOT NULL      -- the counter's tablet or the ticket's phone page
        CHECK (via IN ('tablet', 'ticket_page'))
) STRICT;
CREATE INDEX ratings_by_day ON ratings (day);
