-- Revoked sessions and current roles are the platform's now (platform_revoked_sessions, platform_users),
-- kept by handlers every service mounts; the user service's own copy goes.
insert into platform_revoked_sessions (session_id, user_id, expires_at)
select session_id, user_id, expires_at from revoked_sessions where expires_at > now()
on conflict (session_id) do nothing;
drop table revoked_sessions;

insert into platform_users (user_id, role, status)
select id, role, status from users
on conflict (user_id) do update set role = excluded.role, status = excluded.status;
