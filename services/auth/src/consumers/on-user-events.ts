import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { updateAccountFromUser } from '../data/accounts.ts';
import type { AuthContext } from '../auth-context.ts';
import { endSessions } from '../domain/sessions.ts';

/**
 * The user service owns profiles, roles and status; auth keeps its copy in step, so that new tokens
 * carry the new role and a deactivated user can neither log in nor keep a session.
 */
export function userEventHandlers(ctx: AuthContext): EventHandler[] {
  const sync = on(UserUpdated, async (tx, user) => void (await updateAccountFromUser(tx, user)));
  return [
    sync,
    on(UserCreated, async (tx, user) => void (await updateAccountFromUser(tx, user))),
    on(UserRoleChanged, async (tx, user) => void (await updateAccountFromUser(tx, user))),
    on(UserDeactivated, async (tx, user, _event, context) => {
      const account = await updateAccountFromUser(tx, user);
      if (account) await endSessions(ctx, tx, { userId: account.id }, 'deactivated', context.traceparent);
    })
  ];
}
