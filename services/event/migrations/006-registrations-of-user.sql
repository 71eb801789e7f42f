-- GET /registrations lists one person's registrations of every status (a cancelled one too, as history); the
-- partial index of 002 holds only the live ones.
create index registrations_of_user_idx on registrations (user_id, event_id);
