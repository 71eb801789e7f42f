-- Credentials and sessions. The account id is the user's id in every service (SPEC §1).
create table accounts (
  id bigserial primary key,
  username text not null,
  email text not null,
  password_hash text not null,
  first_name text,
  last_name text,
  role text not null default 'user' check (role in ('user', 'manager', 'admin')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index accounts_email_key on accounts (lower(email));
create unique index accounts_username_key on accounts (lower(username));

-- One row per login. Ended sessions are kept (revoked_at) so that their access tokens stay refused.
create table sessions (
  id uuid primary key,
  user_id bigint not null references accounts (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text
);
create index sessions_user_idx on sessions (user_id) where revoked_at is null;

-- Refresh tokens, stored only as SHA-256 hashes. A used one stays, so that its reuse is recognised.
create table refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references sessions (id),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

create table password_reset_tokens (
  token_hash text primary key,
  user_id bigint not null references accounts (id),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- Failed logins per account and per client address, shared by every instance of the service.
create table login_throttle (
  key text primary key,
  failures int not null,
  window_started_at timestamptz not null,
  locked_until timestamptz
);
