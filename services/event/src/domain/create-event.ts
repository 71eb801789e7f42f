import { EventCreated } from '@style-flow/contracts';
import { eventOf, type Principal } from '@style-flow/platform';
import { insertEvent, type EventInput, type EventRow } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { eventSnapshot } from './snapshots.ts';

/** A new event organised by its creator (a manager or an admin); a category that does not exist is a 422. */
export async function createEvent(
  ctx: EventContext,
  input: EventInput,
  organizer: Principal,
  traceparent?: string
): Promise<EventRow> {
  return ctx.db.transaction(async (tx) => {
    const event = await insertEvent(tx, input, organizer.userId);
    await ctx.emit(tx, [eventOf(EventCreated, event.id, eventSnapshot(event), traceparent)]);
    return event;
  });
}
