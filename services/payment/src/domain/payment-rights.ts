import { AppError, type Principal } from '@style-flow/platform';
import type { PaymentRow } from '../data/payment-repository.ts';

/**
 * Payments, their refunds, invoices and ledger rows are the payer's and the admins' (SPEC §2): anyone else gets
 * the 404 of a payment that does not exist, so ids reveal nothing.
 */
export const seesAll = (p: Principal): boolean => p.role === 'admin';

export function visiblePayment(caller: Principal, payment: PaymentRow | null, id: number): PaymentRow {
  if (!payment || (!seesAll(caller) && payment.user_id !== caller.userId))
    throw new AppError('NOT_FOUND', `No payment ${id}.`);
  return payment;
}

/**
 * The `user_id` a list is narrowed to: an admin's choice, or the caller itself. A non-admin asking for another
 * user's rows gets none (null).
 */
export function listedUser(caller: Principal, asked: number | undefined): number | undefined | null {
  if (seesAll(caller)) return asked;
  return asked === undefined || asked === caller.userId ? caller.userId : null;
}
