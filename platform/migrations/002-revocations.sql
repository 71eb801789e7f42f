-- What a service learned from auth and user events about tokens it must refuse: sessions that ended
-- (auth.user.logout, kept until their last access token has expired) and deactivated users.
create table platform_revoked_sessions (
  session_id text primary key,
  user_id bigint not null,
  expires_at timestamptz not null
);

create table platform_deactivated_users (
  user_id bigint primary key,
  deactivated_at timestamptz not null default now()
);
