-- Problems devices reported for staff to fix (a kiosk's printer out of paper, ...).
CREATE TABLE device_problems (
    device  TEXT PRIMARY KEY,
    problem TEXT NOT NULL
) STRICT;
