import { readFile } from 'node:fs/promises';
import { createPeriodicTask, createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { clientEventsHandlers } from './consumers/on-client-events.ts';
import { eventEventsHandlers } from './consumers/on-event-events.ts';
import { userEventsHandlers } from './consumers/on-user-events.ts';
import { createBuiltInProvider } from './domain/built-in-provider.ts';
import { reconcileLedger } from './domain/reconcile-ledger.ts';
import { sweepPending } from './domain/sweep-pending.ts';
import { registerPaymentRoutes } from './http/payment-routes.ts';
import { usePaymentBodyParser } from './http/json-body.ts';
import { registerInvoiceRoutes } from './http/invoice-routes.ts';
import { registerPaymentMethodRoutes } from './http/payment-method-routes.ts';
import { registerRefundRoutes } from './http/refund-routes.ts';
import { registerTransactionRoutes } from './http/transaction-routes.ts';
import type { PaymentSettings } from './payment-config.ts';
import type { PaymentContext } from './payment-context.ts';
import { createPaymentMetrics } from './payment-metrics.ts';

/**
 * The payment service's composition root (SPEC §3.6): payments through a provider port (the built-in deterministic
 * one), Idempotency-Keys kept in the database, refunds that never sum past a payment, an append-only ledger with
 * its reconciliation, gapless invoices and credit notes; the sweeper that settles what was left pending; and the
 * copies of clients, events and users it checks payments against.
 */
export async function createPaymentService(deps: ServiceDeps<PaymentSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'payment', new URL('../migrations/', import.meta.url));
  const s = deps.settings;
  const ctx: PaymentContext = {
    ...runtime.ctx,
    settings: s,
    provider: createBuiltInProvider({ delayMs: s.providerDelayMs }),
    paymentMetrics: createPaymentMetrics(runtime.ctx.metrics.registry)
  };
  const font = s.invoiceFont === null ? null : await readFile(s.invoiceFont);
  // Their own scope, for the body parser that keeps amounts as written and refuses card numbers.
  await runtime.app.register(async (scope) => {
    usePaymentBodyParser(scope);
    registerPaymentRoutes(scope, ctx);
    registerRefundRoutes(scope, ctx);
    registerInvoiceRoutes(scope, ctx, font);
    registerPaymentMethodRoutes(scope, ctx);
    registerTransactionRoutes(scope, ctx);
  });
  const every = (name: string, intervalMs: number, run: (signal: AbortSignal) => Promise<unknown>) =>
    createPeriodicTask({ name, intervalMs, logger: ctx.logger, run: async (signal) => void (await run(signal)) });
  return runtime.handle(
    [...eventEventsHandlers(ctx), ...clientEventsHandlers(), ...userEventsHandlers()],
    [
      every('payment-sweeper', s.sweepIntervalMs, (signal) => sweepPending(ctx, signal)),
      every('ledger-reconciliation', s.reconcileIntervalMs, () => reconcileLedger(ctx))
    ]
  );
}
