import { AuthUserLogout, UserDeactivated, UserUpdated } from '@style-flow/contracts';
import type { Queryable } from '../db/database.ts';
import type { EventHandler } from '../messaging/event-consumer.ts';
import { on } from '../messaging/typed-events.ts';
import type { Principal } from './access-token.ts';

/**
 * Every service checks tokens itself (SPEC §2), including sessions that auth ended and users that were
 * deactivated: these handlers keep the platform's revocation tables from the events, and isRevoked asks them.
 */
export function revocationHandlers(): EventHandler[] {
  return [
    on(AuthUserLogout, async (tx, data) => {
      await tx.query(
        'insert into platform_revoked_sessions (session_id, user_id, expires_at) values ($1, $2, $3) on conflict (session_id) do nothing',
        [data.session_id, data.user_id, data.expires_at]
      );
      await tx.query('delete from platform_revoked_sessions where expires_at < now()');
    }),
    on(UserDeactivated, async (tx, data) => {
      await tx.query('insert into platform_deactivated_users (user_id) values ($1) on conflict do nothing', [data.id]);
    }),
    on(UserUpdated, async (tx, data) => {
      if (data.status === 'active')
        await tx.query('delete from platform_deactivated_users where user_id = $1', [data.id]);
    })
  ];
}

export async function isRevoked(db: Queryable, principal: Principal): Promise<boolean> {
  const { rows } = await db.query<{ revoked: boolean }>(
    `select exists (select 1 from platform_revoked_sessions where session_id = $1)
         or exists (select 1 from platform_deactivated_users where user_id = $2) as revoked`,
    [principal.sessionId, principal.userId]
  );
  return rows[0]!.revoked;
}
