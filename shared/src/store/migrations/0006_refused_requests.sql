-- A keyed command the engine refused is remembered too, with its refusal, so that a resend
-- gets the same refusal even if the state has changed since (a ticket issued in between
-- must not turn a refused "call next" into a call). NULL for an applied command.
-- A command that was refused or changed nothing has an empty range (first_seq > last_seq).
ALTER TABLE requests ADD COLUMN refusal TEXT;
