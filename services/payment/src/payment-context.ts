import type { ServiceContext } from '@style-flow/platform';
import type { Counter, Gauge } from 'prom-client';
import type { PaymentProvider } from './domain/payment-provider.ts';
import type { PaymentSettings } from './payment-config.ts';

export interface PaymentMetrics {
  /** Payments whose ledger rows do not sum to the amount they keep, as the last reconciliation found: must be 0. */
  ledgerMismatches: Gauge;
  /** Answers of the payment provider, by operation (charge, lookup, refund) and outcome. */
  providerCalls: Counter<'operation' | 'outcome'>;
}

export interface PaymentContext extends ServiceContext {
  settings: PaymentSettings;
  /** The payment processor, behind its port: the built-in deterministic one unless another is plugged in. */
  provider: PaymentProvider;
  paymentMetrics: PaymentMetrics;
}
