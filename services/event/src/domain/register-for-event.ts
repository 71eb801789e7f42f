import { AppError, type Principal } from '@style-flow/platform';
import type { RegistrationRow } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { enrol } from './registrations.ts';

/**
 * Registers the caller, or the user an admin names: confirmed when a seat is free (held waiting for payment
 * when the event has a price), else waitlisted. A second live registration of the same user is a 409, held
 * by the database's unique index whatever the concurrency.
 */
export async function registerForEvent(
  ctx: EventContext,
  eventId: number,
  actor: Principal,
  userId: number = actor.userId,
  traceparent?: string
): Promise<RegistrationRow> {
  if (userId !== actor.userId && actor.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only an admin may register someone else.');
  return ctx.db.transaction((tx) => enrol(ctx, tx, eventId, userId, { traceparent }));
}
