import { AuthUserLogin, AuthUserLogout } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';

/** Logins and logouts go into the history; an ended session's tokens are refused from now on. */
export function sessionHandlers(): EventHandler[] {
  return [
    on(AuthUserLogin, async (tx, data, event) => {
      await recordActivity(tx, {
        userId: data.user_id,
        type: 'logged_in',
        occurredAt: data.at,
        sourceEventId: event.id
      });
    }),
    on(AuthUserLogout, async (tx, data, event) => {
      await tx.query(
        'insert into revoked_sessions (session_id, user_id, expires_at) values ($1, $2, $3) on conflict (session_id) do nothing',
        [data.session_id, data.user_id, data.expires_at]
      );
      // Revocations are needed only until the last access token of the session has expired.
      await tx.query('delete from revoked_sessions where expires_at < now()');
      await recordActivity(tx, {
        userId: data.user_id,
        type: 'logged_out',
        details: { reason: data.reason },
        occurredAt: data.at,
        sourceEventId: event.id
      });
    })
  ];
}
