-- Revoked sessions and deactivated users are the platform's now (platform_revoked_sessions, platform_users),
-- kept by handlers every service mounts; the gateway's own copy goes.
insert into platform_revoked_sessions (session_id, user_id, expires_at)
select session_id, user_id, expires_at from revoked_sessions where expires_at > now()
on conflict (session_id) do nothing;
insert into platform_users (user_id, role, status)
select user_id, null, 'deactivated' from deactivated_users
on conflict (user_id) do update set status = 'deactivated';
drop table revoked_sessions;
drop table deactivated_users;
