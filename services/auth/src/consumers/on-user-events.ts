import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { AuthContext } from '../auth-context.ts';
import { applyUserChange } from '../domain/apply-user-change.ts';

/** Every user event carries the whole user: auth applies each the same way (see applyUserChange). */
export function userEventHandlers(ctx: AuthContext): EventHandler[] {
  return [UserCreated, UserUpdated, UserRoleChanged, UserDeactivated].map((definition) =>
    on(definition, (tx, user, _event, context) => applyUserChange(ctx, tx, user, context.traceparent))
  );
}
