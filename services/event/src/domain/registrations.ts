import { RegistrationCancelled, RegistrationCreated, RegistrationPromoted } from '@style-flow/contracts';
import { AppError, eventOf, PgErrorCodes, pgErrorCode, type Principal, type Queryable } from '@style-flow/platform';
import { findEvent } from '../data/event-repository.ts';
import { findRegistration, insertRegistration, nextWaitlisted, setRegistrationStatus, type RegistrationRow } from '../data/registration-repository.ts';
import type { EventContext } from './event-context.ts';
import { isPaid, registrationSnapshot } from './snapshots.ts';

/**
 * Registers a user. A seat is claimed by one conditional UPDATE (`seats_taken < capacity`), which the
 * database serialises on the event's row, and its CHECK forbids more seats than the capacity whatever
 * happens; when no seat is left the registration is waitlisted, in arrival order (its id).
 */
export async function registerForEvent(ctx: EventContext, eventId: number, userId: number, traceparent?: string): Promise<RegistrationRow> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const claimed = await tx.query<{ price: string | null }>(
        `update events set seats_taken = seats_taken + 1, updated_at = now()
         where id = $1 and status = 'scheduled' and start_date > now() and seats_taken < capacity returning price`,
        [eventId]
      );
      let status: RegistrationRow['status'] = 'waitlisted';
      let hold: Date | null = null;
      if (claimed.rows[0]) {
        const paid = isPaid(claimed.rows[0].price);
        status = paid ? 'pending_payment' : 'confirmed';
        hold = paid ? new Date(Date.now() + ctx.holdMs) : null;
      } else {
        const event = await findEvent(tx, eventId);
        if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
        if (event.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'The event is cancelled.');
        if (event.start_date.getTime() <= Date.now()) throw new AppError('EVENT_NOT_OPEN', 'The event has already started.');
      }
      const registration = await insertRegistration(tx, { eventId, userId, status, holdExpiresAt: hold });
      await ctx.emit(tx, [eventOf(RegistrationCreated, registration.id, registrationSnapshot(registration), traceparent)]);
      return registration;
    });
  } catch (error) {
    if (pgErrorCode(error) === PgErrorCodes.uniqueViolation) throw new AppError('ALREADY_REGISTERED', 'This user is already registered for this event.');
    throw error;
  }
}

/**
 * Gives free seats to the waitlist, oldest first, under the event's row lock. Called whenever a seat frees
 * or the capacity grows.
 */
export async function promoteWaitlist(ctx: EventContext, tx: Queryable, eventId: number, traceparent?: string): Promise<RegistrationRow[]> {
  const event = await findEvent(tx, eventId, true);
  if (!event || event.status !== 'scheduled' || event.start_date.getTime() <= Date.now()) return [];
  const free = event.capacity - event.seats_taken;
  if (free <= 0) return [];
  const waiting = await nextWaitlisted(tx, eventId, free);
  if (waiting.length === 0) return [];
  const paid = isPaid(event.price);
  const promoted: RegistrationRow[] = [];
  for (const r of waiting) {
    promoted.push(await setRegistrationStatus(tx, r.id, paid ? 'pending_payment' : 'confirmed', paid ? new Date(Date.now() + ctx.holdMs) : null));
  }
  await tx.query('update events set seats_taken = seats_taken + $2, updated_at = now() where id = $1', [eventId, promoted.length]);
  await ctx.emit(tx, promoted.map((r) => eventOf(RegistrationPromoted, r.id, registrationSnapshot(r), traceparent)));
  return promoted;
}

/** Cancels a registration: the registrant, the event's organiser or an admin; a held seat goes to the waitlist. */
export async function cancelRegistration(ctx: EventContext, eventId: number, registrationId: number, actor: Principal, traceparent?: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const registration = await findRegistration(tx, eventId, registrationId, true);
    const event = registration ? await findEvent(tx, eventId) : null;
    const allowed = registration && event && (registration.user_id === actor.userId || event.organizer_id === actor.userId || actor.role === 'admin');
    if (!registration || !allowed) throw new AppError('NOT_FOUND', `No registration ${registrationId} for event ${eventId}.`);
    if (registration.status === 'cancelled') return;
    const held = registration.status === 'confirmed' || registration.status === 'pending_payment';
    const cancelled = await setRegistrationStatus(tx, registration.id, 'cancelled');
    if (held) await tx.query('update events set seats_taken = seats_taken - 1, updated_at = now() where id = $1', [eventId]);
    await ctx.emit(tx, [eventOf(RegistrationCancelled, cancelled.id, registrationSnapshot(cancelled), traceparent)]);
    if (held) await promoteWaitlist(ctx, tx, eventId, traceparent);
  });
}
