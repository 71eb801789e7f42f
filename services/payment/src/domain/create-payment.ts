import { PaymentCreated } from '@style-flow/contracts';
import { AppError, eventOf, type Role } from '@style-flow/platform';
import { insertInvoice } from '../data/invoice-repository.ts';
import { findPaymentMethod } from '../data/payment-method-repository.ts';
import { findPayment, insertPayment, paymentOfClaim, type PaymentRow } from '../data/payment-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { chargeCard } from './charge-card.ts';
import { checkClient, checkEvent } from './check-references.ts';
import { formatMinor, minorUnits, type Currency } from './money.ts';
import { assertMayBillClient } from './payment-rights.ts';
import { paymentSnapshot } from './snapshots.ts';

export interface PaymentInput {
  /** The amount in minor units of the currency, read from the request's text. */
  minor: bigint;
  currency: Currency;
  description: string | null;
  client_id: number | null;
  event_id: number | null;
  payment_method_id: number;
}

export interface Payer {
  userId: number;
  /** The payer's current role: only staff bill a client. */
  role: Role;
  /** The request's Authorization header, passed on when the client service is asked about the client. */
  authorization: string | undefined;
  traceparent: string;
}

const refused = (code: 'UNKNOWN_PAYMENT_METHOD' | 'PAYMENT_METHOD_INACTIVE', detail: string) =>
  new AppError(code, detail, { errors: [{ path: '/payment_method_id', message: detail }] });

/**
 * A payer pays for itself (SPEC §2); only staff name a client, and a plain user who does is refused before anything
 * is looked up. The payment is written as pending with payment.created (and, paid by invoice, its invoice) in one
 * transaction; a card payment is then charged through the provider outside any transaction and settled in a second
 * one; cash, bank transfer and invoice payments wait for staff. `claimId`: the
 * Idempotency-Key claim this request holds; a request that took over an abandoned claim answers with the payment
 * the first one made rather than making another.
 */
export async function createPayment(
  ctx: PaymentContext,
  input: PaymentInput,
  payer: Payer,
  claimId: number | null
): Promise<PaymentRow> {
  assertMayBillClient(payer.role, input.client_id);
  const earlier = claimId === null ? null : await paymentOfClaim(ctx.db, claimId);
  if (earlier) return earlier;
  const method = await findPaymentMethod(ctx.db, input.payment_method_id);
  if (!method) throw refused('UNKNOWN_PAYMENT_METHOD', `There is no payment method ${input.payment_method_id}.`);
  if (!method.is_active)
    throw refused('PAYMENT_METHOD_INACTIVE', `Payment method ${method.id} (${method.name}) is not accepted now.`);
  if (input.event_id !== null) await checkEvent(ctx, input.event_id);
  if (input.client_id !== null) await checkClient(ctx, input.client_id, payer);
  const minorUnit = minorUnits[input.currency];
  const payment = await ctx.db.transaction(async (tx) => {
    const id = await insertPayment(tx, {
      userId: payer.userId,
      amount: formatMinor(input.minor, minorUnit),
      currency: input.currency,
      minorUnit,
      methodId: method.id,
      methodType: method.type,
      description: input.description,
      clientId: input.client_id,
      eventId: input.event_id,
      idempotencyKeyId: claimId,
      traceparent: payer.traceparent,
      graceMs: ctx.settings.pendingGraceMs
    });
    if (method.type === 'invoice') await insertInvoice(tx, id);
    const created = (await findPayment(tx, id))!;
    await ctx.emit(tx, [eventOf(PaymentCreated, id, paymentSnapshot(created), payer.traceparent)]);
    return created;
  });
  return method.type === 'card' ? chargeCard(ctx, payment, payer.traceparent) : payment;
}
