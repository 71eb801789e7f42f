import { countLedgerMismatches } from '../data/ledger-repository.ts';
import type { PaymentContext } from '../payment-context.ts';

/**
 * The reconciliation: for every payment, its ledger rows must sum to the amount it keeps (amount − refunded once
 * charged, nothing before). The count of payments where they do not is exported as payment_ledger_mismatches on
 * /metrics, for an alert; it must stay 0.
 */
export async function reconcileLedger(ctx: PaymentContext): Promise<number> {
  const mismatches = await countLedgerMismatches(ctx.db);
  ctx.paymentMetrics.ledgerMismatches.set(mismatches);
  if (mismatches > 0) ctx.logger.error({ mismatches }, 'the ledger does not balance with the payments');
  return mismatches;
}
