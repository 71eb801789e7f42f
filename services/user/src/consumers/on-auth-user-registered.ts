import { AuthUserRegistered, UserCreated } from '@style-flow/contracts';
import { eventOf, on, type EventHandler } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';
import { insertUserIfAbsent, snapshotOf } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';

/** `auth.user.registered` → the profile with the same id, announced as `user.created`. */
export function onAuthUserRegistered(ctx: UserContext): EventHandler {
  return on(AuthUserRegistered, async (tx, data, event, context) => {
    const created = await insertUserIfAbsent(tx, {
      id: data.id,
      username: data.username,
      email: data.email,
      first_name: data.first_name,
      last_name: data.last_name,
      role: data.role,
      status: 'active'
    });
    if (!created) return;
    await recordActivity(tx, {
      userId: data.id,
      type: 'registered',
      occurredAt: data.registered_at,
      sourceEventId: event.id
    });
    await ctx.emit(tx, [eventOf(UserCreated, created.id, snapshotOf(created), context.traceparent)]);
  });
}
