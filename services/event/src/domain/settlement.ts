import { RegistrationConfirmed, type EventData, type PaymentCompleted } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { lockEvent, type EventRow } from '../data/event-repository.ts';
import {
  attachPayment,
  latestRegistration,
  lockLiveRegistration,
  lockRegistrationOfPayment,
  setRegistrationStatus,
  type RegistrationCancelReason
} from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { enrol, releaseRegistrations } from './registrations.ts';
import { isPaid, registrationSnapshot } from './snapshots.ts';

/** A payment as `payment-events` carries it. `user_id` with `event_id` names the registration it pays for. */
export type PaymentFact = EventData<typeof PaymentCompleted>;

const cents = (amount: string): number => Math.round(Number(amount) * 100);

function covers(payment: PaymentFact, event: EventRow): boolean {
  return (
    cents(payment.amount) >= cents(event.price!) &&
    (event.currency === null || event.currency.trim() === payment.currency)
  );
}

/** The paid event, locked: every path locks the event row before its registrations, so none deadlocks another. */
async function lockEventOf(tx: Queryable, payment: PaymentFact): Promise<EventRow | null> {
  return payment.event_id === null ? null : lockEvent(tx, payment.event_id);
}

// A registration that ended for one of these reasons is taken up again by a payment that completes later;
// one that its registrant, the organiser or an admin cancelled, or that ended with its user, is not.
const endedWithoutAChoice: ReadonlySet<RegistrationCancelReason> = new Set([
  'hold_expired',
  'payment_failed',
  'payment_refunded'
]);

/**
 * payment.completed: the payer's held registration is confirmed. A payment for an event the payer holds
 * no registration for (the hold ran out, or the payer paid without registering) registers the payer,
 * confirmed when a seat is free and otherwise waitlisted, confirmed without a new hold when its turn comes;
 * unless the payer's last registration was cancelled on purpose. A payment that does not cover the price, one for a
 * free event, or one billed to a client (staff record what an organisation pays; the one who recorded it is not
 * buying a seat) confirms and registers nothing.
 */
export async function confirmPayment(
  ctx: EventContext,
  tx: Queryable,
  payment: PaymentFact,
  traceparent?: string
): Promise<void> {
  const event = await lockEventOf(tx, payment);
  if (!event) return;
  const log = ctx.logger.child({ paymentId: payment.id, eventId: event.id, userId: payment.user_id });
  if (!isPaid(event.price)) {
    // SPEC §3.3: the payment stays recorded at the payment service; a free event takes no money for a seat.
    log.info('a payment completed for a free event; it registers nobody');
    return;
  }
  if (payment.client_id !== null) {
    log.info({ clientId: payment.client_id }, 'a payment billed to a client; it registers nobody');
    return;
  }
  if (!covers(payment, event)) {
    log.warn(
      { amount: payment.amount, currency: payment.currency, price: event.price },
      'a completed payment does not cover the price; the registration stays held'
    );
    return;
  }
  const registration = await lockLiveRegistration(tx, event.id, payment.user_id);
  if (registration?.status === 'pending_payment') {
    const confirmed = await setRegistrationStatus(tx, registration.id, 'confirmed', { paymentId: payment.id });
    await ctx.emit(tx, [
      eventOf(RegistrationConfirmed, confirmed.id, registrationSnapshot(confirmed, ctx.tickets), traceparent)
    ]);
  } else if (registration?.status === 'waitlisted') {
    await attachPayment(tx, registration.id, payment.id);
  } else if (!registration) {
    await registerPayer(ctx, tx, event, payment, log, traceparent);
  }
}

/** A payment for an open event the payer holds no registration for registers the payer, already paid. */
async function registerPayer(
  ctx: EventContext,
  tx: Queryable,
  event: EventRow,
  payment: PaymentFact,
  log: EventContext['logger'],
  traceparent?: string
): Promise<void> {
  if (event.status !== 'scheduled' || event.start_date.getTime() <= Date.now()) {
    log.warn('a payment completed for an event that is no longer open; nothing to confirm');
    return;
  }
  const last = await latestRegistration(tx, event.id, payment.user_id);
  if (last?.cancel_reason && !endedWithoutAChoice.has(last.cancel_reason)) {
    log.warn(
      { registrationId: last.id, cancelReason: last.cancel_reason },
      'a payment completed for a registration that was cancelled; not registering again'
    );
    return;
  }
  const again = await enrol(ctx, tx, event.id, payment.user_id, { paymentId: payment.id, traceparent });
  if (again.status === 'confirmed')
    await ctx.emit(tx, [
      eventOf(RegistrationConfirmed, again.id, registrationSnapshot(again, ctx.tickets), traceparent)
    ]);
  log.info(
    { registrationId: again.id, status: again.status },
    'a payment completed after its hold ran out; registered again'
  );
}

/** payment.failed: a seat held for the payer is released and the waitlist moves. */
export async function failPayment(
  ctx: EventContext,
  tx: Queryable,
  payment: PaymentFact,
  traceparent?: string
): Promise<void> {
  const event = await lockEventOf(tx, payment);
  if (!event) return;
  const registration = await lockLiveRegistration(tx, event.id, payment.user_id);
  if (registration?.status === 'pending_payment')
    await releaseRegistrations(ctx, tx, event.id, [registration], 'payment_failed', traceparent);
}

/** payment.refunded: once the whole payment is refunded, the registration it paid for is cancelled. */
export async function refundPayment(
  ctx: EventContext,
  tx: Queryable,
  payment: PaymentFact,
  traceparent?: string
): Promise<void> {
  if (payment.status !== 'refunded') return;
  const event = await lockEventOf(tx, payment);
  if (!event) return;
  const registration = await lockRegistrationOfPayment(tx, payment.id);
  if (registration) await releaseRegistrations(ctx, tx, event.id, [registration], 'payment_refunded', traceparent);
}
