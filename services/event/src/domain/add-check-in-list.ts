import { AppError, type Principal } from '@style-flow/platform';
import { insertList, type CheckInListRow } from '../data/check-in-list-repository.ts';
import type { EventContext } from '../event-context.ts';
import { staffEvent } from './staff-event.ts';

/** A check-in list of its own for a door, a day or a track: a ticket checks in once on each list. Names are unique per event. */
export async function addCheckInList(
  ctx: EventContext,
  eventId: number,
  name: string,
  actor: Principal
): Promise<CheckInListRow> {
  await staffEvent(ctx, eventId, actor);
  const trimmed = name.trim();
  if (trimmed === '')
    throw new AppError('VALIDATION_FAILED', 'A check-in list needs a name.', {
      errors: [{ path: '/name', message: 'must not be blank' }]
    });
  return insertList(ctx.db, eventId, trimmed);
}
