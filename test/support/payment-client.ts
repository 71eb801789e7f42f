// What tests of the payment service ask it and tell it: a small client over a stack, the events it announces on
// payment-events, and plain SQL on its database for what only SQL can show (the ledger refusing an UPDATE, a
// payment left pending by a crash between its two transactions).
import assert from 'node:assert/strict';
import type pg from 'pg';
import { Topics, type CloudEvent, type EventData, type EventDefinition } from '@style-flow/contracts';
import { createEnvelope, type Role } from '@style-flow/platform';
import { uniqueName } from '@style-flow/platform/testing';
import { signedCaller, type Caller } from './accounts.ts';
import { serviceDatabase, type Reply, type Stack } from './stack.ts';

export interface Payment {
  id: number;
  amount: string;
  currency: string;
  status: 'pending' | 'completed' | 'failed' | 'partially_refunded' | 'refunded';
  refunded_amount: string;
  refundable_amount: string;
  user_id: number;
  event_id: number | null;
  client_id: number | null;
  payment_method_id: number;
  payment_method_type: string;
  description: string | null;
  failure_reason: string | null;
  invoice_number: string | null;
}

export interface Refund {
  id: number;
  payment_id: number;
  amount: string;
  status: 'pending' | 'completed' | 'failed';
  source: string;
  failure_reason: string | null;
  credit_note_number: string | null;
  payment: Payment;
}

export interface LedgerRow {
  id: number;
  payment_id: number;
  refund_id: number | null;
  kind: 'charge' | 'refund' | 'reversal';
  amount: string;
  currency: string;
}

export interface Invoice {
  number: string;
  payment_id: number;
  amount: string;
  currency: string;
  bill_to: string;
  payment_status: string;
  credit_notes: Array<{ number: string; refund_id: number; invoice_number: string; amount: string }>;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

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
  const stack = () => get();
  const call = <T = Record<string, unknown>>(
    method: string,
    path: string,
    who: Caller,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<Reply<T>> => stack().request<T>(method, 'payment', path, { token: who.token, body, headers });
  return {
    call,
    caller: (role?: Role) => signedCaller(stack(), role),
    /** POST /payments; the answer as it came (status and all). */
    pay(who: Caller, body: Record<string, unknown>, key?: string): Promise<Reply<Payment>> {
      return call<Payment>(
        'POST',
        '/payments',
        who,
        { currency: 'EUR', payment_method_id: 1, ...body },
        key === undefined ? {} : { 'idempotency-key': key }
      );
    },
    /** A payment that must be created (201), by card unless the body says otherwise. */
    async paid(who: Caller, body: Record<string, unknown> = {}): Promise<Payment> {
      const res = await this.pay(who, { amount: amounts.succeeds, ...body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async payment(who: Caller, id: number): Promise<Payment> {
      const res = await call<Payment>('GET', `/payments/${id}`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    refund(who: Caller, id: number, body?: Record<string, unknown>, key?: string): Promise<Reply<Refund>> {
      return call<Refund>(
        'POST',
        `/payments/${id}/refund`,
        who,
        body,
        key === undefined ? {} : { 'idempotency-key': key }
      );
    },
    async ledger(who: Caller, query: string): Promise<LedgerRow[]> {
      const res = await call<Page<LedgerRow>>('GET', `/transactions?limit=200&${query}`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data;
    },
    async invoice(who: Caller, id: number): Promise<Invoice> {
      const res = await call<Invoice>('GET', `/payments/${id}/invoice`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    /** The value of a metric on the service's /metrics (staff only), summed over its series. */
    async metric(name: string): Promise<number> {
      const staff = await signedCaller(stack(), 'admin');
      const res = await fetch(`${stack().url('payment')}/metrics`, {
        headers: { authorization: `Bearer ${staff.token}` }
      });
      assert.equal(res.status, 200);
      return (await res.text())
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    },
    /** Publishes an event as its producing service would (a CloudEvents envelope keyed by its subject). */
    async publish<D extends EventDefinition>(definition: D, source: string, subject: number, data: EventData<D>) {
      const envelope = createEnvelope(source, definition.type, subject, data);
      await stack().transport.publish([
        { topic: definition.topic, key: String(subject), value: JSON.stringify(envelope), headers: {} }
      ]);
      return envelope.id;
    }
  };
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
