import { Counter, Gauge, type Registry } from 'prom-client';
import type { PaymentMetrics } from './payment-context.ts';

/** The payment service's own metrics, in its registry beside the platform's. */
export function createPaymentMetrics(registry: Registry): PaymentMetrics {
  return {
    ledgerMismatches: new Gauge({
      name: 'payment_ledger_mismatches',
      help: 'Payments whose ledger rows do not sum to the amount they keep, at the last reconciliation (must be 0)',
      registers: [registry]
    }),
    providerCalls: new Counter({
      name: 'payment_provider_calls_total',
      help: 'Answers of the payment provider by operation (charge, lookup, refund) and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry]
    })
  };
}
