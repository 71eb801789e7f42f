import type { Queryable } from '@style-flow/platform';
import { lockEvent } from '../data/event-repository.ts';
import { futureEventsOf, lockLiveRegistration } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { releaseRegistrations } from './registrations.ts';

/**
 * user.deactivated: the user's registrations for events that have not started are cancelled, seats freed.
 * Each event's row is locked before the registration, in event order, as every path does.
 */
export async function cancelRegistrationsOfUser(
  ctx: EventContext,
  tx: Queryable,
  userId: number,
  traceparent?: string
): Promise<void> {
  for (const eventId of await futureEventsOf(tx, userId)) {
    if (!(await lockEvent(tx, eventId))) continue;
    const registration = await lockLiveRegistration(tx, eventId, userId);
    if (registration) await releaseRegistrations(ctx, tx, eventId, [registration], 'user_deactivated', traceparent);
  }
}
