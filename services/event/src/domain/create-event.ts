import { EventCreated } from '@style-flow/contracts';
import { eventOf, type Principal } from '@style-flow/platform';
import { insertDefaultList } from '../data/check-in-list-repository.ts';
import { insertEvent, type EventInput, type EventRow } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { checkClient, type ClientCaller } from './check-client.ts';
import { eventSnapshot } from './snapshots.ts';

/**
 * A new event organised by its creator (a manager or an admin), with its default check-in list; a category that does
 * not exist is a 422, and so is a client that does not exist or is archived (checked before the transaction opens).
 */
export async function createEvent(
  ctx: EventContext,
  input: EventInput,
  organizer: Principal,
  caller: ClientCaller
): Promise<EventRow> {
  if (input.client_id !== null) await checkClient(ctx, input.client_id, caller);
  return ctx.db.transaction(async (tx) => {
    const event = await insertEvent(tx, input, organizer.userId);
    await insertDefaultList(tx, event.id);
    await ctx.emit(tx, [eventOf(EventCreated, event.id, eventSnapshot(event), caller.traceparent)]);
    return event;
  });
}
