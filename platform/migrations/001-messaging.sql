-- The transactional outbox and the consumer inbox (SPEC §4, DESIGN rules 7 and 8).
create extension if not exists btree_gist;

-- Rows are written in the same transaction as the change they announce, and deleted once published.
create table platform_outbox (
  id bigserial primary key,
  event_id uuid not null unique,
  topic text not null,
  key text not null,
  envelope jsonb not null,
  headers jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default clock_timestamp()
);

-- Wakes the relay on commit: NOTIFY is delivered only when the inserting transaction commits.
create function platform_outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('platform_outbox', '');
  return null;
end $$;

create trigger platform_outbox_inserted after insert on platform_outbox
  for each statement execute function platform_outbox_notify();

-- One row per event a consumer has applied, claimed in the same transaction as its effect.
create table platform_inbox (
  consumer text not null,
  event_id uuid not null,
  topic text not null,
  type text not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
