import { AppError, type Principal } from '@style-flow/platform';
import type { RegistrationRow } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { enrol } from './registrations.ts';

/**
 * Registers the caller, or the user an admin names: confirmed when a seat is free (held waiting for payment
 * when the event has a price), else waitlisted. A second live registration of the same user is a 409, held
 * by the database's unique index whatever the concurrency. An event that has started takes registrations only
 * from an admin who names the user (`user_id`, itself included): a walk-in registered at the door, or attendance
 * recorded after the event, as the seed's walkthrough does for its 2023 event — and only into a free seat.
 */
export async function registerForEvent(
  ctx: EventContext,
  eventId: number,
  actor: Principal,
  named?: number,
  traceparent?: string
): Promise<RegistrationRow> {
  const userId = named ?? actor.userId;
  if (userId !== actor.userId && actor.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only an admin may register someone else.');
  const afterStart = named !== undefined && actor.role === 'admin';
  return ctx.db.transaction((tx) => enrol(ctx, tx, eventId, userId, { traceparent, afterStart }));
}
