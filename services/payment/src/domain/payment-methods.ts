import {
  insertPaymentMethod,
  updatePaymentMethod,
  type PaymentMethodChanges,
  type PaymentMethodRow
} from '../data/payment-method-repository.ts';
import type { MethodType } from '../data/payment-repository.ts';
import { AppError } from '@style-flow/platform';
import type { PaymentContext } from '../payment-context.ts';

/** Staff add a method the organisation accepts (SPEC §3.6); a name is unique whatever its case. */
export function addPaymentMethod(
  ctx: PaymentContext,
  m: { name: string; type: MethodType; provider: string | null; is_active: boolean }
): Promise<PaymentMethodRow> {
  return insertPaymentMethod(ctx.db, m);
}

/** Staff rename a method or stop (and resume) accepting it; payments already made with it are untouched. */
export async function changePaymentMethod(
  ctx: PaymentContext,
  id: number,
  changes: PaymentMethodChanges
): Promise<PaymentMethodRow> {
  const changed = await updatePaymentMethod(ctx.db, id, changes);
  if (!changed) throw new AppError('NOT_FOUND', `No payment method ${id}.`);
  return changed;
}
