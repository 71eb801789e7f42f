import { RegistrationCancelled, RegistrationCreated, RegistrationPromoted } from '@style-flow/contracts';
import { AppError, eventOf, PgErrorCodes, pgErrorCode, type Principal, type Queryable } from '@style-flow/platform';
import { findEvent } from '../data/event-repository.ts';
import {
  findRegistration,
  insertRegistration,
  nextWaitlisted,
  setRegistrationStatus,
  type RegistrationCancelReason,
  type RegistrationRow
} from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { isPaid, registrationSnapshot } from './snapshots.ts';

/**
 * Registers a user. A seat is claimed by one conditional UPDATE (`seats_taken < capacity`), which the
 * database serialises on the event's row, and its CHECK forbids more seats than the capacity whatever
 * happens; when no seat is left the registration is waitlisted, in arrival order (its id).
 */
export async function registerForEvent(
  ctx: EventContext,
  eventId: number,
  userId: number,
  traceparent?: string
): Promise<RegistrationRow> {
  try {
    return await ctx.db.transaction((tx) => enrol(ctx, tx, eventId, userId, { traceparent }));
  } catch (error) {
    if (pgErrorCode(error) === PgErrorCodes.uniqueViolation)
      throw new AppError('ALREADY_REGISTERED', 'This user is already registered for this event.');
    throw error;
  }
}

/**
 * Claims a seat, or a place on the waitlist, in the caller's transaction. A registration that is already
 * paid for (a payment that completed after its hold ran out) is confirmed outright rather than held.
 */
export async function enrol(
  ctx: EventContext,
  tx: Queryable,
  eventId: number,
  userId: number,
  options: { paymentId?: number; traceparent?: string | undefined }
): Promise<RegistrationRow> {
  const claimed = await tx.query<{ price: string | null }>(
    `update events set seats_taken = seats_taken + 1, updated_at = now()
     where id = $1 and status = 'scheduled' and start_date > now() and seats_taken < capacity returning price`,
    [eventId]
  );
  let status: RegistrationRow['status'] = 'waitlisted';
  let holdSeconds: number | null = null;
  if (claimed.rows[0]) {
    const held = isPaid(claimed.rows[0].price) && options.paymentId === undefined;
    status = held ? 'pending_payment' : 'confirmed';
    holdSeconds = held ? ctx.settings.holdSeconds : null;
  } else {
    const event = await findEvent(tx, eventId);
    if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
    if (event.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'The event is cancelled.');
    if (event.start_date.getTime() <= Date.now())
      throw new AppError('EVENT_NOT_OPEN', 'The event has already started.');
  }
  const registration = await insertRegistration(tx, {
    eventId,
    userId,
    status,
    holdSeconds,
    paymentId: options.paymentId ?? null
  });
  await ctx.emit(tx, [
    eventOf(RegistrationCreated, registration.id, registrationSnapshot(registration), options.traceparent)
  ]);
  return registration;
}

/**
 * Gives free seats to the waitlist, oldest first, under the event's row lock. Called whenever a seat frees
 * or the capacity grows. A waitlisted registration that is already paid for is confirmed; others are held.
 */
export async function promoteWaitlist(
  ctx: EventContext,
  tx: Queryable,
  eventId: number,
  traceparent?: string
): Promise<RegistrationRow[]> {
  const event = await findEvent(tx, eventId, true);
  if (!event || event.status !== 'scheduled' || event.start_date.getTime() <= Date.now()) return [];
  const free = event.capacity - event.seats_taken;
  if (free <= 0) return [];
  const waiting = await nextWaitlisted(tx, eventId, free);
  if (waiting.length === 0) return [];
  const paid = isPaid(event.price);
  const promoted: RegistrationRow[] = [];
  for (const r of waiting) {
    const held = paid && r.payment_id === null;
    promoted.push(
      await setRegistrationStatus(tx, r.id, held ? 'pending_payment' : 'confirmed', {
        holdSeconds: held ? ctx.settings.holdSeconds : null
      })
    );
  }
  await tx.query('update events set seats_taken = seats_taken + $2, updated_at = now() where id = $1', [
    eventId,
    promoted.length
  ]);
  await ctx.emit(
    tx,
    promoted.map((r) => eventOf(RegistrationPromoted, r.id, registrationSnapshot(r), traceparent))
  );
  return promoted;
}

const holdsSeat = (r: RegistrationRow): boolean => r.status === 'confirmed' || r.status === 'pending_payment';

/**
 * Cancels registrations of one event whose row the caller has locked, gives the seats they held back and
 * moves the waitlist. Every path that ends a registration (the registrant, a failed or refunded payment,
 * an expired hold, a deactivated user) comes through here, so the seat count cannot drift.
 */
export async function releaseRegistrations(
  ctx: EventContext,
  tx: Queryable,
  eventId: number,
  registrations: readonly RegistrationRow[],
  reason: RegistrationCancelReason,
  traceparent?: string
): Promise<RegistrationRow[]> {
  const live = registrations.filter((r) => r.event_id === eventId && r.status !== 'cancelled');
  if (live.length === 0) return [];
  const cancelled: RegistrationRow[] = [];
  for (const r of live) cancelled.push(await setRegistrationStatus(tx, r.id, 'cancelled', { cancelReason: reason }));
  const freed = live.filter(holdsSeat).length;
  if (freed > 0)
    await tx.query('update events set seats_taken = seats_taken - $2, updated_at = now() where id = $1', [
      eventId,
      freed
    ]);
  await ctx.emit(
    tx,
    cancelled.map((r) => eventOf(RegistrationCancelled, r.id, registrationSnapshot(r), traceparent))
  );
  if (freed > 0) await promoteWaitlist(ctx, tx, eventId, traceparent);
  return cancelled;
}

/** Cancels a registration: the registrant, the event's organiser or an admin; a held seat goes to the waitlist. */
export async function cancelRegistration(
  ctx: EventContext,
  eventId: number,
  registrationId: number,
  actor: Principal,
  traceparent?: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    // The event row first, then the registration: the order every path takes, so none deadlocks another.
    const event = await findEvent(tx, eventId, true);
    const registration = event ? await findRegistration(tx, eventId, registrationId, true) : null;
    const allowed =
      registration &&
      event &&
      (registration.user_id === actor.userId || event.organizer_id === actor.userId || actor.role === 'admin');
    if (!registration || !allowed)
      throw new AppError('NOT_FOUND', `No registration ${registrationId} for event ${eventId}.`);
    await releaseRegistrations(ctx, tx, eventId, [registration], 'cancelled', traceparent);
  });
}
