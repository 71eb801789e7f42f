// A payment completing at the moment its event is cancelled (SPEC §3.6): refunded in full, exactly once, whichever
// of the two is applied first — completed by staff or by the sweeper, with the cancellation delivered as
// event-events carries it. On the in-process bus and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventCancelled, type EventData } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  amounts,
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  sumMinor,
  type Payment
} from '../../../test/support/payment-client.ts';
import { modes, startStack, waitingForLocks, type Stack } from '../../../test/support/stack.ts';

let nextEventId = 700_000 + Math.floor(Math.random() * 100_000);

const cancelledEvent = (id: number, organizerId: number): EventData<typeof EventCancelled> => ({
  id,
  title: 'Paid workshop',
  start_date: new Date(Date.now() + 864e6).toISOString(),
  end_date: new Date(Date.now() + 950e6).toISOString(),
  location: null,
  capacity: 100,
  category_id: 4,
  price: '50.00',
  currency: 'EUR',
  organizer_id: organizerId,
  status: 'cancelled'
});

for (const m of modes) {
  describe(`payments completing while their event is cancelled, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const payments = paymentServiceClient(() => stack);
    let manager: Caller;
    let admin: Caller;

    before(async () => {
      stack = await startStack(m.mode, ['payment'], quickProvider);
      [manager, admin] = [await payments.caller('manager'), await payments.caller('admin')];
    });
    after(() => stack?.stop());

    /** Each payment ends refunded in full, its ledger one charge and one refund that sum to nothing. */
    const assertRefundedOnce = async (ids: readonly number[]) => {
      for (const id of ids)
        await eventually(
          async () => (await payments.payment(admin, id)).status === 'refunded',
          20_000,
          `payment ${id} refunded`
        );
      for (const id of ids) {
        const rows = await payments.ledger(admin, `payment_id=${id}`);
        assert.deepEqual(
          rows.map((r) => r.kind).sort(),
          ['charge', 'refund'],
          `payment ${id}: one charge and one refund (${JSON.stringify(rows)})`
        );
        assert.equal(sumMinor(rows.map((r) => r.amount)), 0n, `payment ${id}: the ledger keeps nothing`);
      }
    };

    test('a completion committed between the cancellation reading the payments and its commit is refunded', async () => {
      const eventId = nextEventId++;
      const payer = await payments.caller();
      // P0 is completed; P1 is a cash payment still pending that staff will mark paid.
      const p0 = await payments.paid(payer, { amount: amounts.succeeds, event_id: eventId });
      const p1 = (await payments.pay(payer, { amount: '50.00', event_id: eventId, payment_method_id: 3 })).body;
      assert.equal(p1.status, 'pending');
      const db = await paymentDatabase(stack);
      try {
        // The test holds P0's row, so the cancellation stops at P0 with the copy already saying "cancelled" but
        // not committed; staff complete P1 in that gap.
        await db.query('begin');
        await db.query('select id from payments where id = $1 for update', [p0.id]);
        await payments.publish(EventCancelled, 'event', eventId, cancelledEvent(eventId, manager.id));
        await eventually(async () => (await waitingForLocks(db)) >= 1, 20_000, 'the cancellation waits for P0');
        const completed = await payments.call<Payment>('POST', `/payments/${p1.id}/complete`, manager);
        assert.equal(completed.status, 200, JSON.stringify(completed.body));
        await db.query('rollback');
      } finally {
        await db.end();
      }
      await assertRefundedOnce([p0.id, p1.id]);
    });

    test('staff and the sweeper completing payments while event.cancelled is applied: every one refunded once', async () => {
      const eventId = nextEventId++;
      const payers = await Promise.all(Array.from({ length: 6 }, () => payments.caller()));
      // Cash payments for staff to mark paid, and card payments the provider settles late (the sweeper completes
      // them); a few completed already.
      const cash = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          payments.pay(payers[i % payers.length]!, { amount: '50.00', event_id: eventId, payment_method_id: 3 })
        )
      );
      const cards = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          payments.pay(payers[i % payers.length]!, { amount: amounts.delayed, event_id: eventId })
        )
      );
      const done = await Promise.all(
        Array.from({ length: 4 }, (_, i) => payments.paid(payers[i]!, { amount: amounts.succeeds, event_id: eventId }))
      );
      for (const r of [...cash, ...cards]) assert.equal(r.status, 201, JSON.stringify(r.body));
      const completions = cash.map((r) => payments.call('POST', `/payments/${r.body.id}/complete`, manager));
      await payments.publish(EventCancelled, 'event', eventId, cancelledEvent(eventId, manager.id));
      const answers = await Promise.all(completions);
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      const ids = [...cash.map((r) => r.body.id), ...done.map((p) => p.id)];
      // The late card payments complete (and are refunded then) or fail; none stays completed.
      await eventually(
        async () => {
          const now = await Promise.all(cards.map((r) => payments.payment(admin, r.body.id)));
          return now.every((p) => p.status === 'refunded' || p.status === 'failed');
        },
        30_000,
        'the card payments settled and refunded'
      );
      await assertRefundedOnce([...ids, ...cards.map((r) => r.body.id)]);
    });
  });
}
