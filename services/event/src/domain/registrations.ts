import { RegistrationCancelled, RegistrationCreated, RegistrationPromoted } from '@style-flow/contracts';
import { AppError, eventOf, type Queryable } from '@style-flow/platform';
import { freeSeats, lockEvent, takeSeats } from '../data/event-repository.ts';
import {
  enrolRegistration,
  lockNextWaitlisted,
  setRegistrationStatus,
  type RegistrationCancelReason,
  type RegistrationRow
} from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { isPaid, registrationSnapshot } from './snapshots.ts';

// The seats of an event: `events.seats_taken` counts its confirmed and pending_payment registrations. Every
// registration that takes a seat passes through enrol or promoteWaitlist, and every one that gives a seat back
// through releaseRegistrations (a cancelled event ends them all and its count at once), so the count cannot
// drift; the database's CHECK (seats_taken <= capacity) is the last word against overbooking.

/**
 * Claims a seat, or a place on the waitlist, in the caller's transaction, under the event's row lock. A seat is
 * claimed by one conditional UPDATE (`seats_taken < capacity`), and the CHECK forbids more seats than the capacity
 * whatever happens; when no seat is left the registration is waitlisted, in arrival order (its id). A registration
 * that is already paid for (a payment that completed after its hold ran out) is confirmed outright, not held.
 */
export async function enrol(
  ctx: EventContext,
  tx: Queryable,
  eventId: number,
  userId: number,
  options: { paymentId?: number; traceparent?: string | undefined; afterStart?: boolean }
): Promise<RegistrationRow> {
  // The event's row lock first, as every path that frees a seat takes it: a registration that finds the event
  // full and joins the waitlist is then committed before a cancellation looks for someone to promote (without it,
  // the cancellation could miss the waiting row not yet committed, and leave its seat empty while someone waits).
  // The lock, the seat, the open-or-closed decision and the row are one statement (enrolRegistration), so the lock
  // is held for that round trip, the outbox row's and the commit.
  const afterStart = options.afterStart ?? false;
  const enrolled = await enrolRegistration(tx, {
    eventId,
    userId,
    afterStart,
    holdSeconds: ctx.settings.holdSeconds,
    paymentId: options.paymentId ?? null
  });
  const registration = enrolled.registration ?? refuse(eventId, enrolled.event, afterStart);
  await ctx.emit(tx, [
    eventOf(RegistrationCreated, registration.id, registrationSnapshot(registration, ctx.tickets), options.traceparent)
  ]);
  return registration;
}

/**
 * No registration was made: a missing, cancelled or started one refuses (a full open event would have waitlisted).
 * A started event that an admin registers someone for after its start refuses only when full: nobody is promoted
 * once it has begun.
 */
function refuse(eventId: number, event: { status: string; start_date: Date } | null, afterStart: boolean): never {
  if (!event) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
  if (event.status === 'cancelled') throw new AppError('EVENT_NOT_OPEN', 'The event is cancelled.');
  throw new AppError(
    'EVENT_NOT_OPEN',
    afterStart ? 'The event has started and has no free seat.' : 'The event has already started.'
  );
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
  const event = await lockEvent(tx, eventId);
  if (!event || event.status !== 'scheduled' || event.start_date.getTime() <= Date.now()) return [];
  const free = event.capacity - event.seats_taken;
  if (free <= 0) return [];
  const waiting = await lockNextWaitlisted(tx, eventId, free);
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
  await takeSeats(tx, eventId, promoted.length);
  await ctx.emit(
    tx,
    promoted.map((r) => eventOf(RegistrationPromoted, r.id, registrationSnapshot(r, ctx.tickets), traceparent))
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
  if (freed > 0) await freeSeats(tx, eventId, freed);
  await ctx.emit(
    tx,
    cancelled.map((r) => eventOf(RegistrationCancelled, r.id, registrationSnapshot(r), traceparent))
  );
  if (freed > 0) await promoteWaitlist(ctx, tx, eventId, traceparent);
  return cancelled;
}
