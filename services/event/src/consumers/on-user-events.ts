import { UserDeactivated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { EventContext } from '../event-context.ts';
import { cancelRegistrationsOfUser } from '../domain/cancel-registrations-of-user.ts';

/** `user-events`: a deactivated user's future registrations are cancelled. */
export function userHandlers(ctx: EventContext): EventHandler[] {
  return [
    on(UserDeactivated, (tx, user, _event, { traceparent }) => cancelRegistrationsOfUser(ctx, tx, user.id, traceparent))
  ];
}
