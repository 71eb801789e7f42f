// Every outcome of the built-in provider (its rule is in the README: the cents decide) and the sweeper that
// resolves what is left pending: a decline, a delayed success and a delayed decline, a timeout, and a crash
// between the two transactions of a payment or a refund — each with the events other services act on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { CloudEvent } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  amounts,
  observePaymentEvents,
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  type Payment
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`the payment provider's outcomes and the sweeper, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    let events: CloudEvent[];
    const client = paymentServiceClient(() => stack);
    let payer: Caller;
    let admin: Caller;
    const announced = (type: string, id: number) => events.filter((e) => e.type === type && e.subject === String(id));
    const settledAs = (id: number, status: Payment['status']) =>
      eventually(async () => (await client.payment(payer, id)).status === status, 15_000, `payment ${id} ${status}`);

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

    test('success: completed at once, payment.created then payment.completed with the invoice number', async () => {
      const p = await client.paid(payer, { amount: amounts.succeeds });
      assert.equal(p.status, 'completed');
      await eventually(() => announced('payment.completed', p.id).length === 1, 15_000, 'payment.completed');
      assert.equal(announced('payment.created', p.id).length, 1);
      const data = announced('payment.completed', p.id)[0]!.data as Record<string, unknown>;
      assert.deepEqual([data.amount, data.status, data.invoice_number], ['50.00', 'completed', p.invoice_number]);
    });

    test('decline (…01): failed at once with the reason, payment.failed, no invoice and no ledger row', async () => {
      const p = await client.paid(payer, { amount: amounts.declined });
      assert.equal(p.status, 'failed');
      assert.match(p.failure_reason!, /declined/);
      assert.equal(p.invoice_number, null);
      assert.deepEqual(await client.ledger(payer, `payment_id=${p.id}`), []);
      await eventually(() => announced('payment.failed', p.id).length === 1, 15_000, 'payment.failed');
      assert.equal((await client.refund(admin, p.id)).status, 409, 'a failed payment has nothing to refund');
    });

    test('delayed (…02): pending, then completed by the sweeper once the provider knows', async () => {
      const p = await client.paid(payer, { amount: amounts.delayed });
      assert.equal(p.status, 'pending');
      await settledAs(p.id, 'completed');
      const done = await client.payment(payer, p.id);
      assert.match(done.invoice_number!, /^SF-/);
      await eventually(() => announced('payment.completed', p.id).length === 1, 15_000, 'payment.completed');
    });

    test('delayed decline (…04): pending, then failed by the sweeper', async () => {
      const p = await client.paid(payer, { amount: amounts.lateDecline });
      assert.equal(p.status, 'pending');
      await settledAs(p.id, 'failed');
      await eventually(() => announced('payment.failed', p.id).length === 1, 15_000, 'payment.failed');
    });

    test('timeout (…03): the request answers pending after the provider timeout; the sweeper completes it', async () => {
      const began = Date.now();
      const p = await client.paid(payer, { amount: amounts.timeout });
      assert.ok(Date.now() - began >= 350, 'the request waited for the provider');
      assert.ok(p.status === 'pending' || p.status === 'completed', p.status);
      await settledAs(p.id, 'completed');
      assert.equal(announced('payment.completed', p.id).length <= 1, true);
    });

    test('a crash between the two transactions: a pending payment nobody settles is resolved by the sweeper', async () => {
      // What a process that died after writing the payment and before hearing the provider leaves behind.
      const insert = (amount: string) =>
        db.query<{ id: number }>(
          `insert into payments (user_id, amount, currency, minor_unit, status, payment_method_id, method_type, next_check_at)
           values ($1, $2, 'EUR', 2, 'pending', 1, 'card', now()) returning id`,
          [payer.id, amount]
        );
      const ok = (await insert('61.00')).rows[0]!.id;
      const declined = (await insert('61.01')).rows[0]!.id;
      await settledAs(ok, 'completed');
      await settledAs(declined, 'failed');
      assert.equal((await client.ledger(payer, `payment_id=${ok}`)).length, 1);
      await eventually(() => announced('payment.completed', ok).length === 1, 15_000, 'payment.completed');
      await eventually(() => announced('payment.failed', declined).length === 1, 15_000, 'payment.failed');
    });

    test('a crash after a refund was reserved: the refund worker asks the provider and finishes it', async () => {
      const p = await client.paid(payer, { amount: '80.00' });
      // The reservation's transaction as the refund request writes it, and then nothing.
      await db.query('begin');
      await db.query(`update payments set refunded = 30, status = 'partially_refunded' where id = $1`, [p.id]);
      const { rows } = await db.query<{ id: number }>(
        `insert into refunds (payment_id, amount, status, source, next_attempt_at)
         values ($1, 30, 'pending', 'request', now()) returning id`,
        [p.id]
      );
      await db.query(
        `insert into transactions (payment_id, refund_id, kind, amount, currency, user_id) values ($1, $2, 'refund', -30, 'EUR', $3)`,
        [p.id, rows[0]!.id, payer.id]
      );
      await db.query('commit');
      const refundId = rows[0]!.id;
      const refund = await eventually(async () => {
        const r = await client.call<{ status: string; credit_note_number: string | null }>(
          'GET',
          `/payments/${p.id}/refunds/${refundId}`,
          payer
        );
        return r.body.status === 'completed' ? r.body : null;
      });
      assert.match(refund.credit_note_number!, /^CN-/);
      await eventually(() => announced('payment.refunded', p.id).length === 1, 15_000, 'payment.refunded');
      assert.equal((await client.payment(payer, p.id)).refundable_amount, '50.00');
    });
  });
}
