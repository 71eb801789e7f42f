import { AuthUserRegistered, UserCreated } from '@style-flow/contracts';
import { eventOf, on, type EventHandler, type Queryable, type OutboxEntry } from '@style-flow/platform';
import { insertUserIfAbsent } from '../data/user-repository.ts';

/** `auth.user.registered` → the profile with the same id, announced as `user.created`. */
export function onAuthUserRegistered(emit: (tx: Queryable, entries: readonly OutboxEntry[]) => Promise<void>): EventHandler {
  return on(AuthUserRegistered, async (tx, data, _event, context) => {
    const created = await insertUserIfAbsent(tx, {
      id: data.id, username: data.username, email: data.email,
      first_name: data.first_name, last_name: data.last_name, role: data.role, status: 'active'
    });
    if (created) await emit(tx, [eventOf(UserCreated, created.id, created, context.traceparent)]);
  });
}
