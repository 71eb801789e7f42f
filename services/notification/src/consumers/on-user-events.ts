import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepUser } from '../domain/keep-users.ts';

/** Every user fact carries the whole user: the copy takes it as it is. */
export function userEventHandlers(): EventHandler[] {
  return [UserCreated, UserUpdated, UserDeactivated, UserRoleChanged].map((definition) =>
    on(definition, (tx, u) => keepUser(tx, u))
  );
}
