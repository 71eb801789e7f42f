import { AppError, type Principal } from '@style-flow/platform';
import { lockEvent } from '../data/event-repository.ts';
import { lockRegistration } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { releaseRegistrations } from './registrations.ts';

/**
 * Cancels a registration: the registrant, the event's organiser or an admin; a held seat goes to the waitlist.
 * Anyone else is told it does not exist, as for one reached through another event's path.
 */
export async function cancelRegistration(
  ctx: EventContext,
  eventId: number,
  registrationId: number,
  actor: Principal,
  traceparent?: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    // The event row first, then the registration: the order every path takes, so none deadlocks another.
    const event = await lockEvent(tx, eventId);
    const registration = event ? await lockRegistration(tx, eventId, registrationId) : null;
    const allowed =
      registration &&
      event &&
      (registration.user_id === actor.userId || event.organizer_id === actor.userId || actor.role === 'admin');
    if (!registration || !allowed)
      throw new AppError('NOT_FOUND', `No registration ${registrationId} for event ${eventId}.`);
    await releaseRegistrations(ctx, tx, eventId, [registration], 'cancelled', traceparent);
  });
}
