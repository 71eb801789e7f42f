import { AuthUserLogin, AuthUserLogout } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';

/** Logins and logouts go into the history (the platform's handlers refuse an ended session's tokens). */
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
