import type { Json } from '@style-flow/client';

export type Payment = Json<'/payments/{id}', 'get'>;
export type PaymentStatus = Payment['status'];
export type Refund = Json<'/payments/{id}/refunds', 'get'>['data'][number];
export type Invoice = Json<'/payments/{id}/invoice', 'get'>;
export type LedgerRow = Json<'/transactions', 'get'>['data'][number];
export type Method = Json<'/payment-methods', 'get'>['data'][number];

export const paymentStatuses: readonly PaymentStatus[] = [
  'pending',
  'completed',
  'failed',
  'partially_refunded',
  'refunded'
];
export const ledgerKinds: readonly LedgerRow['kind'][] = ['charge', 'refund', 'reversal'];

/** Cash, bank transfer and invoice payments wait for staff to mark them paid; a card is settled by the provider. */
export const waitsForStaff = (p: Pick<Payment, 'status' | 'payment_method_type'>): boolean =>
  p.status === 'pending' && p.payment_method_type !== 'card';

/** Only what was charged and not yet given back can be refunded (the API checks again, under concurrency). */
export const refundable = (p: Pick<Payment, 'status' | 'refundable_amount'>): boolean =>
  (p.status === 'completed' || p.status === 'partially_refunded') && Number(p.refundable_amount) > 0;

/** A path id the API could have given (1..2^31−1), else null: such a page does not exist. */
export function idParam(value: string): number | null {
  const n = Number(value);
  return /^[1-9]\d{0,9}$/.test(value) && n <= 2 ** 31 - 1 ? n : null;
}
