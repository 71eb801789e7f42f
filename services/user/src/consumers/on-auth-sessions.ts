import { AuthUserLogin, AuthUserLogout } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { recordLearnedActivity } from '../domain/record-learned-activity.ts';

/** Logins and logouts go into the history (the platform's handlers refuse an ended session's tokens). */
export function sessionHandlers(): EventHandler[] {
  return [
    on(AuthUserLogin, (tx, data, event) =>
      recordLearnedActivity(tx, event, { userId: data.user_id, type: 'logged_in', at: data.at })
    ),
    on(AuthUserLogout, (tx, data, event) =>
      recordLearnedActivity(tx, event, {
        userId: data.user_id,
        type: 'logged_out',
        details: { reason: data.reason },
        at: data.at
      })
    )
  ];
}
