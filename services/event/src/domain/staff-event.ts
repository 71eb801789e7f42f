import { AppError, type Principal } from '@style-flow/platform';
import { findEvent, type EventRow } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { assertEventStaff } from './event-rights.ts';

/** The event whose door the caller works: a missing event is a 404, a caller who is not its staff gets a 403. */
export async function staffEvent(ctx: EventContext, eventId: number, actor: Principal): Promise<EventRow> {
  const event = await findEvent(ctx.db, eventId);
  if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
  assertEventStaff(event, actor);
  return event;
}
