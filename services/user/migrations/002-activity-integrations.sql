-- The user's history, newest first: its own changes and what other services announced about it.
create table activity (
  id bigserial primary key,
  user_id bigint not null,
  type text not null,
  details jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null default now(),
  source_event_id uuid unique
);
create index activity_user_idx on activity (user_id, occurred_at desc, id desc);

-- Linked external accounts.
create table integrations (
  id bigserial primary key,
  user_id bigint not null references users (id),
  provider text not null,
  external_id text not null,
  status text not null default 'active',
  connected_at timestamptz not null default now(),
  unique (user_id, provider, external_id)
);

-- Sessions the auth service ended (auth.user.logout): their access tokens are refused here until they expire.
create table revoked_sessions (
  session_id text primary key,
  user_id bigint not null,
  expires_at timestamptz not null
);
