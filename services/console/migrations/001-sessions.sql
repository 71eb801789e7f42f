-- The console's only data (DESIGN §2): the sessions of signed-in people, as a backend-for-frontend keeps them.
-- The browser holds the session id; this table holds only its SHA-256, so a copy of the table opens no session.
-- The access and refresh tokens are sealed with AES-256-GCM (nonce, tag and ciphertext in one value), the row's
-- id hash bound in as associated data so that a sealed value moved to another row does not open.
create table console_sessions (
  id_hash bytea primary key,
  user_id integer not null,
  tokens bytea not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index console_sessions_expiry on console_sessions (expires_at);
