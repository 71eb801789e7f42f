// What tests of the payment service ask it and tell it: the typed client's normal flows over a stack, the events it
// announces on payment-events, and plain SQL on its database for what only SQL can show (the ledger refusing an
// UPDATE, a payment left pending by a crash between its two transactions).
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ok, withIdempotencyKey, type Json, type JsonBody, type Page } from '@style-flow/client';
import { Topics, type CloudEvent, type EventData, type EventDefinition } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { uniqueName } from '@style-flow/platform/testing';
import { apiAs, metricsText, queryOf, rawAs, replyOf, signedCaller, type Caller } from './accounts.ts';
import { publishFact, serviceDatabase, type Stack } from './stack.ts';

export type Payment = Json<'/payments/{id}', 'get'>;
export type Refund = Json<'/payments/{id}/refund', 'post'>;
export type LedgerRow = Json<'/transactions', 'get'>['data'][number];
export type Invoice = Json<'/payments/{id}/invoice', 'get'>;
export type { Page };

/** The built-in provider's rule (README): the cents decide. */
export const amounts = {
  succeeds: '50.00',
  declined: '50.01',
  delayed: '50.02',
  timeout: '50.03',
  lateDecline: '50.04'
};

/** Settings that make the provider's slow paths quick: a short timeout, delay and grace, a busy sweeper. */
export const quickProvider = {
  PAYMENT_PROVIDER_TIMEOUT_MS: '400',
  PAYMENT_PROVIDER_DELAY_MS: '800',
  PAYMENT_PENDING_GRACE_MS: '300',
  PAYMENT_SWEEP_INTERVAL_MS: '100',
  PAYMENT_RECONCILE_INTERVAL_MS: '200',
  PAYMENT_IDEMPOTENCY_LEASE_MS: '5000'
};

/** What a stack's payment service is asked, for the payment service's suites. */
export function paymentServiceClient(get: () => Stack) {
  const api = (who: Caller) => apiAs(get(), 'payment', who);
  // Keys as the suites give them, malformed ones included: the client sends them as they are.
  const keyed = (key?: string) => (key === undefined ? {} : { header: withIdempotencyKey(key) });
  const client = {
    call: rawAs(get, 'payment'),
    caller: (role?: Role) => signedCaller(get(), role),
    /** POST /payments, by card in euros unless the body says otherwise; the answer as it came (status and all). */
    pay(who: Caller, body: Record<string, unknown>, key?: string) {
      // Bodies as the suites give them, bad ones included (card numbers, money in exponent notation): sent as they are.
      const sent = { currency: 'EUR', payment_method_id: 1, ...body } as JsonBody<'/payments', 'post'>;
      return replyOf(api(who).POST('/payments', { params: keyed(key), body: sent }));
    },
    /** A payment that must be created (201), by card unless the body says otherwise. */
    async paid(who: Caller, body: Partial<JsonBody<'/payments', 'post'>> = {}): Promise<Payment> {
      const res = await client.pay(who, { amount: amounts.succeeds, ...body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    payment: (who: Caller, id: number): Promise<Payment> =>
      ok(api(who).GET('/payments/{id}', { params: { path: { id } } })),
    refund(who: Caller, id: number, body?: Record<string, unknown>, key?: string) {
      // Without a body the request has none, as `curl -X POST` sends it.
      return replyOf(
        api(who).POST('/payments/{id}/refund', { params: { path: { id }, ...keyed(key) }, body: body as never })
      );
    },
    /** The ledger's rows (one page of 200) that a filter, as a URL writes it, matches. */
    async ledger(who: Caller, query: string): Promise<LedgerRow[]> {
      return (await ok(api(who).GET('/transactions', { params: { query: { ...queryOf(query), limit: 200 } } }))).data;
    },
    invoice: (who: Caller, id: number): Promise<Invoice> =>
      ok(api(who).GET('/payments/{id}/invoice', { params: { path: { id } } })),
    /** The value of a metric on the service's /metrics (staff only), summed over its series. */
    async metric(name: string): Promise<number> {
      return (await metricsText(get(), 'payment'))
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    },
    /** Publishes an event as its producing service would (a CloudEvents envelope keyed by its subject). */
    publish<D extends EventDefinition>(definition: D, source: string, subject: number, data: EventData<D>) {
      return publishFact(get(), definition, source, subject, data);
    }
  };
  return client;
}

/** Sums decimal strings exactly, in minor units of `digits` decimals. */
export function sumMinor(values: readonly string[], digits = 2): bigint {
  return values.reduce((sum, v) => {
    const [whole, fraction = ''] = v.replace('-', '').split('.');
    const minor = BigInt(`${whole}${fraction.padEnd(digits, '0')}`);
    return sum + (v.startsWith('-') ? -minor : minor);
  }, 0n);
}

/** Every event the stack's payment service announces on payment-events, as it arrives (start before acting). */
export async function observePaymentEvents(stack: Stack): Promise<CloudEvent[]> {
  const seen: CloudEvent[] = [];
  await stack.transport.ensureTopics([Topics.paymentEvents]);
  await stack.transport.subscribe({
    group: uniqueName('payment-observer'),
    topics: [Topics.paymentEvents],
    handle: async (message) => void seen.push(JSON.parse(message.value) as CloudEvent)
  });
  return seen;
}

/** A connection to the stack's payment database, for what only SQL can show; the suite ends it. */
export function paymentDatabase(stack: Stack): Promise<pg.Client> {
  return serviceDatabase(stack, 'payment');
}
