-- When a device with a problem disconnected (milliseconds since 1970-01-01 UTC); NULL while
-- it is connected. Its alert clears by itself after it has been gone for a while.
ALTER TABLE device_problems ADD COLUMN offline_since INTEGER;
