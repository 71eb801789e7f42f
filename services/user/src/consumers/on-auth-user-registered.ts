import { AuthUserRegistered } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { addProfile } from '../domain/add-profile.ts';
import type { UserContext } from '../user-context.ts';

/** `auth.user.registered` → the profile with the same id, announced as `user.created`. */
export function onAuthUserRegistered(ctx: UserContext): EventHandler {
  return on(AuthUserRegistered, async (tx, data, event, context) => {
    const account = {
      id: data.id,
      username: data.username,
      email: data.email,
      first_name: data.first_name,
      last_name: data.last_name,
      role: data.role,
      status: 'active' as const
    };
    await addProfile(
      ctx,
      tx,
      account,
      { occurredAt: data.registered_at, sourceEventId: event.id },
      context.traceparent
    );
  });
}
