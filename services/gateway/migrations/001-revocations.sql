-- What the gateway learned from auth and user events, shared by all gateway instances: ended sessions and
-- deactivated users, whose access tokens are refused at the edge until they expire.
create table revoked_sessions (
  session_id text primary key,
  user_id bigint not null,
  expires_at timestamptz not null
);

create table deactivated_users (
  user_id bigint primary key,
  deactivated_at timestamptz not null default now()
);
