-- Tickets and check-in (SPEC §3.3).

-- The one Ed25519 key the service signs ticket codes with: made by the first instance that starts, read by every
-- other and after every restart, so a code stays valid whichever instance answers. The private key is PKCS#8 DER,
-- the public key its raw 32 bytes (as scanners take it).
create table ticket_keys (
  id smallint primary key default 1 check (id = 1),
  private_key bytea not null,
  public_key bytea not null check (length(public_key) = 32),
  created_at timestamptz not null default now()
);

-- A ticket's code names its registration and this version: re-issuing a ticket moves it on, so the old code is
-- refused (`revoked`). The code holds it in 16 bits.
alter table registrations add column ticket_version int not null default 1 check (ticket_version between 1 and 65535);

-- The attendees' names as user-events (and, until the user service has spoken, auth.user.registered) give them:
-- a ticket prints the name as written.
create table known_users (
  id bigint primary key,
  username text not null,
  first_name text,
  last_name text,
  updated_at timestamptz not null default now()
);

-- Each door (or day, or track) counts its own entries: a ticket checks in once per list. Every event has one
-- default list, made with the event; those made before this migration get theirs here.
create table check_in_lists (
  id bigserial primary key,
  event_id bigint not null references events (id),
  name text not null,
  is_default boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index check_in_lists_default_key on check_in_lists (event_id) where is_default;
create unique index check_in_lists_name_key on check_in_lists (event_id, lower(name));
insert into check_in_lists (event_id, name, is_default) select id, 'Default', true from events order by id;

-- Every recorded check-in. A forced scan (made offline, uploaded later) of a ticket already used on the list is
-- recorded beside the first as a `duplicate`, naming it; `conflicts` says which rules a forced scan broke.
-- No foreign key to events: a check-in never locks the event row, which cancellations hold while they wait for the
-- registration rows a check-in may hold (a key-share lock on it would close that circle into a deadlock).
create table check_ins (
  id bigserial primary key,
  event_id bigint not null,
  list_id bigint not null references check_in_lists (id),
  registration_id bigint not null references registrations (id),
  ticket_version int not null,
  scanner_id bigint not null,
  scanned_at timestamptz not null,
  created_at timestamptz not null default now(),
  forced boolean not null default false,
  duplicate boolean not null default false,
  conflicts text[] not null default '{}',
  duplicate_of bigint references check_ins (id),
  check (duplicate = (duplicate_of is not null)),
  check (forced or (not duplicate and conflicts = '{}'))
);
-- The rule of the door: one entry per ticket and list, whatever the concurrency — the database decides, not a read
-- before the write.
create unique index check_ins_once_key on check_ins (list_id, registration_id) where not duplicate;
-- The event's check-ins in the order recorded (its list's pages), and who is present (checked_in_count, the export).
create index check_ins_event_idx on check_ins (event_id, id);
create index check_ins_attendance_idx on check_ins (event_id, registration_id);

-- A scanner's scan by its nonce, with the answer it got: the same nonce again (a retry after a lost answer) gets
-- that answer back instead of being a second scan. Written in the scan's own transaction, with what the scan did;
-- the answer is kept as the JSON text it was sent as.
create table check_in_scans (
  event_id bigint not null,
  scanner_id bigint not null,
  nonce text not null,
  fingerprint text not null,
  answer_status int not null,
  answer_body json not null,
  answer_location text,
  created_at timestamptz not null default now(),
  primary key (event_id, scanner_id, nonce)
);
