import { existsSync } from 'node:fs';
import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

export const paymentConfig = defineConfig(
  {
    providerTimeoutMs: key.int(
      'PAYMENT_PROVIDER_TIMEOUT_MS',
      5000,
      50,
      120_000,
      'how long a request waits for the payment provider before it answers with the payment still pending'
    ),
    providerDelayMs: key.int(
      'PAYMENT_PROVIDER_DELAY_MS',
      5000,
      0,
      86_400_000,
      'built-in provider: how long after a payment its delayed result (amounts ending 02 or 04) is known'
    ),
    pendingGraceMs: key.int(
      'PAYMENT_PENDING_GRACE_MS',
      10_000,
      0,
      86_400_000,
      'how long a pending card payment or refund is left to the request that made it before the sweeper asks the provider'
    ),
    sweepIntervalMs: key.int(
      'PAYMENT_SWEEP_INTERVAL_MS',
      2000,
      10,
      3_600_000,
      'how often the sweeper resolves pending card payments and refunds with the provider'
    ),
    reconcileIntervalMs: key.int(
      'PAYMENT_RECONCILE_INTERVAL_MS',
      60_000,
      10,
      86_400_000,
      'how often the ledger is reconciled with the payments (payment_ledger_mismatches on /metrics)'
    ),
    idempotencyLeaseMs: key.int(
      'PAYMENT_IDEMPOTENCY_LEASE_MS',
      60_000,
      100,
      3_600_000,
      'how long an Idempotency-Key stays claimed by a request that has not answered; past it, a crash is assumed'
    ),
    invoiceFont: key.optional(
      'PAYMENT_INVOICE_FONT',
      'a TrueType font to set invoice PDFs in instead of the shipped DejaVu Sans (which covers Latin, Cyrillic and Greek); it must cover the names and descriptions invoiced; unset: DejaVu Sans',
      (path) => (existsSync(path) ? null : 'is not a file that exists')
    )
  },
  (v) =>
    v.idempotencyLeaseMs <= v.providerTimeoutMs
      ? ['PAYMENT_IDEMPOTENCY_LEASE_MS must be longer than PAYMENT_PROVIDER_TIMEOUT_MS']
      : []
);

export type PaymentSettings = ConfigValues<typeof paymentConfig.keys>;
