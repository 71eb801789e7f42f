import { UserDeactivated } from '@style-flow/contracts';
import { on, revocationHandlers, type EventHandler } from '@style-flow/platform';
import type { EventContext } from '../domain/event-context.ts';
import { cancelRegistrationsOf } from '../domain/registration-lifecycle.ts';

/**
 * `user-events` and `auth.user.logout`: the platform's revocations (a deactivated user's tokens stop
 * working here too), and a deactivated user's future registrations are cancelled.
 */
export function userHandlers(ctx: EventContext): EventHandler[] {
  return [
    ...revocationHandlers(),
    on(UserDeactivated, (tx, user, _event, { traceparent }) => cancelRegistrationsOf(ctx, tx, user.id, traceparent))
  ];
}
