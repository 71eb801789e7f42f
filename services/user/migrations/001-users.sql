-- User profiles. The id is the one the auth service gave the account (SPEC §1): never generated here.
create table users (
  id bigint primary key check (id > 0),
  username text not null,
  email text not null,
  first_name text,
  last_name text,
  phone text,
  role text not null default 'user' check (role in ('user', 'manager', 'admin')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
create unique index users_username_key on users (username);
