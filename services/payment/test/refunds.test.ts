// Refunds and the ledger (SPEC §3.6): full by default, partial allowed, never past the payment whatever runs at
// once (100 concurrent refunds at one payment; concurrent refunds with one Idempotency-Key have one effect), a
// provider that refuses a refund gives the reservation back and leaves a reversal, the ledger balances for every
// payment and refuses any change from SQL, and the reconciliation on /metrics counts 0 mismatches.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { CloudEvent } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  observePaymentEvents,
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  sumMinor,
  type Page,
  type Payment,
  type Refund
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const codeOf = (body: unknown) => (body as { code?: string }).code;

for (const m of modes) {
  describe(`refunds and the ledger, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    let events: CloudEvent[];
    const client = paymentServiceClient(() => stack);
    let payer: Caller;
    let admin: Caller;

    /** The payment's ledger rows sum to the amount it keeps, and the payment says what was refunded. */
    async function assertBalanced(id: number): Promise<Payment> {
      const payment = await client.payment(admin, id);
      const rows = await client.ledger(admin, `payment_id=${id}`);
      assert.equal(
        sumMinor(rows.map((r) => r.amount)),
        sumMinor([payment.amount]) - sumMinor([payment.refunded_amount]),
        `the ledger of payment ${id} sums to the amount kept`
      );
      assert.ok(sumMinor([payment.refunded_amount]) <= sumMinor([payment.amount]), 'never refunded past the amount');
      return payment;
    }

    before(async () => {
      stack = await startStack(m.mode, ['payment'], quickProvider);
      events = await observePaymentEvents(stack);
      db = await paymentDatabase(stack);
      [payer, admin] = [await client.caller(), await client.caller('admin')];
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      await stack?.stop();
    });

    test('partial, then the rest by default: amounts, credit notes on the invoice, payment.refunded each', async () => {
      const p = await client.paid(payer, { amount: '100.00' });
      const part = await client.refund(admin, p.id, { amount: 30, reason: 'one day missed' });
      assert.equal(part.status, 201, JSON.stringify(part.body));
      assert.equal(part.headers.get('location'), `/payments/${p.id}/refunds/${part.body.id}`);
      assert.deepEqual(
        [part.body.status, part.body.amount, part.body.payment.status, part.body.payment.refundable_amount],
        ['completed', '30.00', 'partially_refunded', '70.00']
      );
      const tooMuch = await client.refund(admin, p.id, { amount: '70.01' });
      assert.deepEqual([tooMuch.status, codeOf(tooMuch.body)], [409, 'REFUND_EXCEEDS_PAYMENT']);
      assert.equal((tooMuch.body as unknown as { refundable_amount: string }).refundable_amount, '70.00');
      const rest = await client.refund(admin, p.id);
      assert.deepEqual([rest.status, rest.body.amount, rest.body.payment.status], [201, '70.00', 'refunded']);
      assert.equal(rest.body.payment.refundable_amount, '0.00');
      const none = await client.refund(admin, p.id);
      assert.deepEqual([none.status, codeOf(none.body)], [409, 'PAYMENT_NOT_REFUNDABLE']);

      const invoice = await client.invoice(payer, p.id);
      assert.deepEqual(
        invoice.credit_notes.map((c) => [c.refund_id, c.amount, c.invoice_number]),
        [
          [part.body.id, '30.00', p.invoice_number],
          [rest.body.id, '70.00', p.invoice_number]
        ]
      );
      assert.match(part.body.credit_note_number!, /^CN-\d{4}-\d{6}$/);
      assert.equal(invoice.payment_status, 'refunded');
      await eventually(
        () => events.filter((e) => e.type === 'payment.refunded' && e.subject === String(p.id)).length === 2
      );
      const announced = events
        .filter((e) => e.type === 'payment.refunded' && e.subject === String(p.id))
        .map((e) => e.data as { status: string; refund: { amount: string; credit_note_number: string } });
      assert.deepEqual(
        announced.map((d) => [d.status, d.refund.amount]),
        [
          ['partially_refunded', '30.00'],
          ['refunded', '70.00']
        ]
      );
      await assertBalanced(p.id);
      const refunds = await client.call<Page<Refund>>('GET', `/payments/${p.id}/refunds`, payer);
      assert.equal(refunds.body.data.length, 2);
    });

    test('a refund the provider refuses (…09): failed, the reservation given back, a reversal in the ledger', async () => {
      const p = await client.paid(payer, { amount: '100.09' });
      const refused = await client.refund(admin, p.id);
      assert.equal(refused.status, 201);
      assert.deepEqual([refused.body.status, refused.body.credit_note_number], ['failed', null]);
      assert.match(refused.body.failure_reason!, /refused/);
      assert.deepEqual(
        [refused.body.payment.status, refused.body.payment.refunded_amount, refused.body.payment.refundable_amount],
        ['completed', '0.00', '100.09']
      );
      const rows = await client.ledger(admin, `payment_id=${p.id}`);
      assert.deepEqual(
        rows.map((r) => [r.kind, r.amount]),
        [
          ['charge', '100.09'],
          ['refund', '-100.09'],
          ['reversal', '100.09']
        ]
      );
      await assertBalanced(p.id);
      const partial = await client.refund(admin, p.id, { amount: '0.10' });
      assert.equal(partial.body.status, 'completed', 'another amount goes through');
    });

    test('100 concurrent refunds at one payment never refund more than it, and the ledger balances', async () => {
      const p = await client.paid(payer, { amount: '100.00' });
      // 3.00 each, and every tenth one "everything that remains".
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => client.refund(admin, p.id, i % 10 === 9 ? {} : { amount: '3.00' }))
      );
      const statuses = answers.map((a) => a.status);
      assert.ok(
        statuses.every((s) => s === 201 || s === 409),
        `only 201 and 409: ${[...new Set(statuses)].join(', ')}`
      );
      const made = answers.filter((a) => a.status === 201).map((a) => a.body.amount);
      const after = await assertBalanced(p.id);
      assert.equal(sumMinor(made), sumMinor([after.refunded_amount]), 'what the answers refunded is what was refunded');
      assert.equal(after.status, 'refunded', 'the full refunds among them took what remained');
      assert.equal(after.refunded_amount, '100.00');
    });

    test('concurrent refunds with one Idempotency-Key have one effect; the others are 409 or the replay', async () => {
      const p = await client.paid(payer, { amount: '90.00' });
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 40 }, () => client.refund(admin, p.id, { amount: '10.00' }, key))
      );
      const made = answers.filter((a) => a.status === 201);
      const busy = answers.filter((a) => a.status === 409);
      assert.equal(made.length + busy.length, 40, JSON.stringify(answers.map((a) => a.status)));
      assert.ok(busy.every((a) => codeOf(a.body) === 'IDEMPOTENCY_KEY_IN_USE'));
      assert.equal(new Set(made.map((a) => a.body.id)).size, 1, 'every 201 is the one refund');
      assert.equal(made.filter((a) => a.headers.get('idempotent-replayed') === null).length, 1);
      const refunds = await client.call<Page<Refund>>('GET', `/payments/${p.id}/refunds`, admin);
      assert.equal(refunds.body.data.length, 1);
      assert.equal((await assertBalanced(p.id)).refunded_amount, '10.00');
      const later = await client.refund(admin, p.id, { amount: '10.00' }, key);
      assert.deepEqual([later.status, later.headers.get('idempotent-replayed')], [201, 'true']);
      assert.equal((await client.refund(admin, p.id, { amount: '20.00' }, key)).status, 422);
    });

    test('refund amounts follow the currency: JPY without decimals, KWD with three', async () => {
      const yen = await client.paid(payer, { amount: 5000, currency: 'JPY' });
      assert.equal((await client.refund(admin, yen.id, { amount: '0.5' })).status, 400);
      assert.equal((await client.refund(admin, yen.id, { amount: 1000 })).body.payment.refundable_amount, '4000');
      const dinar = await client.paid(payer, { amount: '1.500', currency: 'KWD' });
      const part = await client.refund(admin, dinar.id, { amount: '0.125' });
      assert.equal(part.body.payment.refundable_amount, '1.375');
      await assertBalanced(dinar.id);
      assert.equal((await client.refund(admin, 999_999)).status, 404);
      assert.equal((await client.refund(admin, dinar.id, { amount: 1, extra: true })).status, 400);
    });

    test('the ledger is append-only: the database refuses UPDATE, DELETE and TRUNCATE, of invoices too', async () => {
      const p = await client.paid(payer, { amount: '55.00' });
      const statements = [
        ['update transactions set amount = 0 where payment_id = $1', [p.id]],
        ['delete from transactions where payment_id = $1', [p.id]],
        ['truncate transactions cascade', []],
        ['update invoices set amount = 1 where payment_id = $1', [p.id]],
        ['delete from invoices where payment_id = $1', [p.id]],
        ['update credit_notes set amount = 1', []]
      ] as const;
      for (const [sql, params] of statements) {
        await assert.rejects(db.query(sql, [...params]), /append-only/, sql);
      }
      const rows = await client.ledger(admin, `payment_id=${p.id}`);
      assert.deepEqual(
        rows.map((r) => r.amount),
        ['55.00']
      );
    });

    test('the reconciliation finds every payment balanced (payment_ledger_mismatches 0), and finds a stray row', async () => {
      // Two rounds of the reconciliation (every 200 ms here) after everything above.
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(await client.metric('payment_ledger_mismatches'), 0);
      // A charge row slipped in by hand for a payment that is still pending: the next round counts it.
      const cash = await client.paid(payer, { amount: '5.00', payment_method_id: 3 });
      await db.query(
        `insert into transactions (payment_id, kind, amount, currency, user_id) values ($1, 'charge', 5, 'EUR', $2)`,
        [cash.id, payer.id]
      );
      await eventually(async () => (await client.metric('payment_ledger_mismatches')) === 1, 15_000, 'a mismatch');
    });
  });
}
