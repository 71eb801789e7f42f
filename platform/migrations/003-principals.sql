-- The caller's current role and status (SPEC §2), learned from auth and user events, so that every service
-- refuses a deactivated user and applies a demotion at once, whatever its unexpired token says. Replaces
-- the list of deactivated users; the revoked sessions stay as they were.
create table platform_users (
  user_id bigint primary key,
  -- null while only the status is known (a deactivation learned before this table existed)
  role text check (role in ('user', 'manager', 'admin')),
  status text not null check (status in ('active', 'deactivated')),
  updated_at timestamptz not null default now()
);

insert into platform_users (user_id, role, status)
select user_id, null, 'deactivated' from platform_deactivated_users;

drop table platform_deactivated_users;
