-- Every process keeps the principals in memory (DESIGN rule 4) and learns each change of these tables from a
-- notification sent on commit: every instance of the service hears it, whichever instance's consumer applied the
-- event. The payload is the row as it now stands.
create function platform_principals_notify() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'platform_users' then
    perform pg_notify('platform_principals',
      json_build_object('user', new.user_id, 'role', new.role, 'status', new.status)::text);
  else
    perform pg_notify('platform_principals',
      json_build_object('session', new.session_id, 'expires', (extract(epoch from new.expires_at) * 1000)::bigint)::text);
  end if;
  return null;
end $$;

create trigger platform_users_notify after insert or update on platform_users
  for each row execute function platform_principals_notify();

create trigger platform_revoked_sessions_notify after insert on platform_revoked_sessions
  for each row execute function platform_principals_notify();
