import { AppError, isStaff, type Principal, type Role } from '@style-flow/platform';
import type { PaymentRow } from '../data/payment-repository.ts';

/**
 * Payments, their refunds, invoices and ledger rows are the payer's and staff's (SPEC §2, §3.6): managers are the
 * ones who find pending transfers and mark them paid, so they read every payment as admins do. Anyone else gets
 * the 404 of a payment that does not exist, so ids reveal nothing.
 */
export const seesAll = (p: Principal): boolean => isStaff(p);

export function visiblePayment(caller: Principal, payment: PaymentRow | null, id: number): PaymentRow {
  if (!payment || (!seesAll(caller) && payment.user_id !== caller.userId))
    throw new AppError('NOT_FOUND', `No payment ${id}.`);
  return payment;
}

/**
 * The `user_id` a list is narrowed to: staff's choice, or the caller itself. A plain user asking for another
 * user's rows gets none (null).
 */
export function listedUser(caller: Principal, asked: number | undefined): number | undefined | null {
  if (seesAll(caller)) return asked;
  return asked === undefined || asked === caller.userId ? caller.userId : null;
}

/**
 * The ledger's totals are the organisation's revenue, which is staff's to read; a plain user has its own rows in
 * GET /transactions, and a 403 here tells it nothing it could not guess.
 */
export function assertSeesTotals(caller: Principal): void {
  if (!seesAll(caller)) throw new AppError('FORBIDDEN', "Only a manager or an admin may read the ledger's totals.");
}

/**
 * `client_id` bills a client, which is staff's work (SPEC §3.6). A plain user naming one is refused before the
 * client is looked up, with the same 403 for a live, an archived and an unknown client: nobody learns which
 * clients exist, and nobody adds money to a client's totals.
 */
export function assertMayBillClient(role: Role, clientId: number | null): void {
  if (clientId === null || role === 'manager' || role === 'admin') return;
  const detail = 'Only a manager or an admin may bill a client: a payment of your own names no client_id.';
  throw new AppError('FORBIDDEN', detail, { errors: [{ path: '/client_id', message: detail }] });
}
