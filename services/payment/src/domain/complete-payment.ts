import { AppError } from '@style-flow/platform';
import { findPayment, type PaymentRow } from '../data/payment-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { completePendingPayment } from './settle-payment.ts';

/**
 * Staff mark a cash, bank transfer or invoice payment paid (SPEC §3.6). Card payments are the provider's to
 * settle. The conditional update settles a payment once, however many staff press the button at once.
 */
export async function completeManualPayment(ctx: PaymentContext, id: number, traceparent: string): Promise<PaymentRow> {
  const completed = await ctx.db.transaction((tx) =>
    completePendingPayment(ctx, tx, id, ['bank_transfer', 'cash', 'invoice'], traceparent)
  );
  if (completed) return completed;
  const payment = await findPayment(ctx.db, id);
  if (!payment) throw new AppError('NOT_FOUND', `No payment ${id}.`);
  if (payment.method_type === 'card')
    throw new AppError('PAYMENT_NOT_MANUAL', `Payment ${id} is a card payment; the payment provider settles it.`);
  throw new AppError('PAYMENT_NOT_PENDING', `Payment ${id} is ${payment.status}, not pending.`);
}
