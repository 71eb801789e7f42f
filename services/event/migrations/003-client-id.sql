-- The client organisation an event is run for (SPEC §3.3); the client service owns clients, so no foreign key.
alter table events add column client_id integer;
create index events_client_idx on events (client_id) where client_id is not null;

-- The local copy of clients, kept from client-events: an event's client_id must name a client that is not
-- archived. `merged_into` names the client that took over a merged one.
create table known_clients (
  id integer primary key,
  status text not null check (status in ('active', 'archived')),
  merged_into integer,
  updated_at timestamptz not null default now()
);
