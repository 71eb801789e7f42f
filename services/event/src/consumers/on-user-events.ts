import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { EventContext } from '../event-context.ts';
import { cancelRegistrationsOfUser } from '../domain/cancel-registrations-of-user.ts';
import { keepUserCopy } from '../domain/keep-user-copy.ts';

/** `user-events`: the attendees' names for their tickets; a deactivated user's future registrations are cancelled. */
export function userHandlers(ctx: EventContext): EventHandler[] {
  return [
    on(UserCreated, (tx, user) => keepUserCopy(tx, user)),
    on(UserUpdated, (tx, user) => keepUserCopy(tx, user)),
    on(UserRoleChanged, (tx, user) => keepUserCopy(tx, user)),
    on(UserDeactivated, async (tx, user, _event, { traceparent }) => {
      await keepUserCopy(tx, user);
      await cancelRegistrationsOfUser(ctx, tx, user.id, traceparent);
    })
  ];
}
