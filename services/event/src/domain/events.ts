import { EventCancelled, EventCreated, EventUpdated, RegistrationCancelled } from '@style-flow/contracts';
import { AppError, eventOf, PgErrorCodes, pgErrorCode, type Principal } from '@style-flow/platform';
import { findEvent, insertEvent, updateEvent, type EventInput, type EventRow } from '../data/event-repository.ts';
import { registrationColumns, type RegistrationRow } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { promoteWaitlist } from './registrations.ts';
import { eventSnapshot, registrationSnapshot } from './snapshots.ts';

function unknownCategory(error: unknown): never {
  if (pgErrorCode(error) === PgErrorCodes.foreignKeyViolation) {
    throw new AppError('UNKNOWN_CATEGORY', 'There is no such category.', {
      errors: [{ path: '/category_id', message: 'is not a known category' }]
    });
  }
  throw error;
}

export async function createEvent(
  ctx: EventContext,
  input: EventInput,
  organizer: Principal,
  traceparent?: string
): Promise<EventRow> {
  return ctx.db
    .transaction(async (tx) => {
      const event = await insertEvent(tx, input, organizer.userId);
      await ctx.emit(tx, [eventOf(EventCreated, event.id, eventSnapshot(event), traceparent)]);
      return event;
    })
    .catch(unknownCategory);
}

/** The organiser (a manager) or an admin; others do not change it (a manager: 403; anyone else never gets here). */
function assertCanManage(event: EventRow, actor: Principal): void {
  if (actor.role !== 'admin' && event.organizer_id !== actor.userId)
    throw new AppError('FORBIDDEN', 'Only the organiser or an admin may change this event.');
}

export async function changeEvent(
  ctx: EventContext,
  id: number,
  changes: Partial<EventInput>,
  actor: Principal,
  traceparent?: string
): Promise<EventRow> {
  return ctx.db.transaction(async (tx) => {
    const event = await findEvent(tx, id, true);
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
    let updated = await updateEvent(tx, id, changes).catch(unknownCategory);
    if (updated.capacity > event.capacity) {
      await promoteWaitlist(ctx, tx, id, traceparent);
      updated = (await findEvent(tx, id))!;
    }
    await ctx.emit(tx, [eventOf(EventUpdated, id, eventSnapshot(updated), traceparent)]);
    return updated;
  });
}

/** Cancels the event and every registration of it; everything is kept for history. */
export async function cancelEvent(
  ctx: EventContext,
  id: number,
  actor: Principal,
  traceparent?: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const event = await findEvent(tx, id, true);
    if (!event) throw new AppError('NOT_FOUND', `No event ${id}.`);
    assertCanManage(event, actor);
    if (event.status === 'cancelled') return;
    const { rows } = await tx.query<RegistrationRow>(
      `update registrations set status = 'cancelled', hold_expires_at = null, cancel_reason = 'event_cancelled', updated_at = now()
       where event_id = $1 and status <> 'cancelled' returning ${registrationColumns}`,
      [id]
    );
    const cancelled = await updateEvent(tx, id, {});
    await tx.query("update events set status = 'cancelled', seats_taken = 0 where id = $1", [id]);
    await ctx.emit(tx, [
      eventOf(EventCancelled, id, { ...eventSnapshot(cancelled), status: 'cancelled' }, traceparent),
      ...rows.map((r) => eventOf(RegistrationCancelled, r.id, registrationSnapshot(r), traceparent))
    ]);
  });
}
