import { AppError, type Principal } from '@style-flow/platform';
import { findEvent } from '../data/event-repository.ts';
import type { RegistrationFilter } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';

/**
 * SPEC §2: an event's organiser and admins see all its registrations; anyone else only its own (another
 * manager included). A missing event is a 404.
 */
export async function registrationsVisibleTo(
  ctx: EventContext,
  eventId: number,
  caller: Principal
): Promise<RegistrationFilter> {
  const event = await findEvent(ctx.db, eventId);
  if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
  const seesAll = caller.role === 'admin' || event.organizer_id === caller.userId;
  return { eventId, userId: seesAll ? undefined : caller.userId };
}
