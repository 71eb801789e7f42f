import { ChangeUserRoleCommand, DeactivateUserCommand } from '@style-flow/contracts';
import { AppError, on, PermanentEventError, type EventHandler, type Queryable } from '@style-flow/platform';
import type { UserChanges } from '../data/user-repository.ts';
import { changeUser } from '../domain/change-user.ts';
import type { UserContext } from '../user-context.ts';

/**
 * Commands from outside systems on the seed's topics `user.role_changed` and `user.deactivated`: applied
 * idempotently (a command already in effect changes nothing), the result announced on `user-events`.
 */
export function commandHandlers(ctx: UserContext): EventHandler[] {
  const apply = async (tx: Queryable, userId: number, change: UserChanges, traceparent: string | undefined) => {
    try {
      const user = await changeUser(ctx, tx, userId, change, { userId: null, via: 'command' }, traceparent);
      // The profile may not have arrived yet: failing lets the consumer retry, then dead-letter.
      if (!user) throw new Error(`no user ${userId} (yet)`);
    } catch (error) {
      // A refusal by the rules (the last admin) will not change on a retry.
      if (error instanceof AppError) throw new PermanentEventError(error.message);
      throw error;
    }
  };
  return [
    on(ChangeUserRoleCommand, (tx, data, _event, context) =>
      apply(tx, data.user_id, { role: data.role }, context.traceparent)
    ),
    on(DeactivateUserCommand, (tx, data, _event, context) =>
      apply(tx, data.user_id, { status: 'deactivated' }, context.traceparent)
    )
  ];
}
