import { EventUpdated } from '@style-flow/contracts';
import { AppError, eventOf, type Principal } from '@style-flow/platform';
import { findEvent, lockEvent, updateEvent, type EventInput, type EventRow } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { checkClient, type ClientCaller } from './check-client.ts';
import { assertCanManage } from './event-rights.ts';
import { promoteWaitlist } from './registrations.ts';
import { eventSnapshot } from './snapshots.ts';

/**
 * Changes an event under its row lock, so the seats it checks the capacity against cannot move meanwhile: the
 * capacity never drops below the seats taken, and a capacity that grows gives the new seats to the waitlist.
 * A new client_id is checked first, outside the transaction (it may ask the client service).
 */
export async function changeEvent(
  ctx: EventContext,
  id: number,
  changes: Partial<EventInput>,
  actor: Principal,
  caller: ClientCaller
): Promise<EventRow> {
  const { traceparent } = caller;
  if (changes.client_id !== undefined && changes.client_id !== null) {
    const current = await findEvent(ctx.db, id);
    if (!current) throw new AppError('NOT_FOUND', `No event ${id}.`);
    assertCanManage(current, actor);
    // The client it is already run for stays, even archived since: only a new client is checked.
    if (current.client_id !== changes.client_id) await checkClient(ctx, changes.client_id, caller);
  }
  return ctx.db.transaction(async (tx) => {
    const event = await lockEvent(tx, id);
    if (!event) throw new AppError('NOT_FOUND', `No event ${id}.`);
    assertCanManage(event, actor);
    if (event.status === 'cancelled') throw new AppError('UNPROCESSABLE', 'A cancelled event cannot be changed.');
    const start = new Date(changes.start_date ?? event.start_date);
    const end = new Date(changes.end_date ?? event.end_date);
    if (end <= start)
      throw new AppError('VALIDATION_FAILED', 'end_date must be after start_date.', {
        errors: [{ path: '/end_date', message: 'must be after start_date' }]
      });
    if (changes.capacity !== undefined && changes.capacity < event.seats_taken) {
      throw new AppError(
        'CAPACITY_BELOW_REGISTRATIONS',
        `${event.seats_taken} seats are taken; the capacity cannot go below that.`
      );
    }
    let updated = await updateEvent(tx, id, changes);
    if (updated.capacity > event.capacity) {
      await promoteWaitlist(ctx, tx, id, traceparent);
      updated = (await findEvent(tx, id))!;
    }
    await ctx.emit(tx, [eventOf(EventUpdated, id, eventSnapshot(updated), traceparent)]);
    return updated;
  });
}
