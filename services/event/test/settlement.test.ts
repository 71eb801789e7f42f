// Payments settle paid registrations (SPEC §3.3): completed confirms, failed releases, a full refund cancels,
// every path racing the others keeps the seat count exact — on the embedded backends and across Kafka with
// PostgreSQL. Payment events are published here as the payment service will publish them (see contracts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  RegistrationConfirmed,
  Topics,
  type EventData
} from '@style-flow/contracts';
import type { IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { eventServiceClient, payment, type Registration } from '../../../test/support/event-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`event service settles paid registrations from payment events, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);
    const registrationEvents: IncomingMessage[] = [];
    let manager: Caller;
    const find = (eventId: number, id: number) => client.registration(manager, eventId, id);

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      await stack.transport.subscribe({
        group: uniqueName('observer'),
        topics: [Topics.eventRegistrations],
        handle: async (msg) => void registrationEvents.push(msg)
      });
      manager = await client.caller('manager');
    });
    after(() => stack?.stop());

    test('a paid registration holds its seat; payment.completed confirms it, once even when delivered twice', async () => {
      const eventId = await client.createEvent(manager, { capacity: 2 });
      const user = await client.caller();
      const held = await client.register(user, eventId);
      assert.equal(held.status, 'pending_payment');
      const holdLeft = Date.parse(held.hold_expires_at!) - Date.now();
      assert.ok(
        holdLeft > 29 * 60_000 && holdLeft <= 30 * 60_000 + 5_000,
        `the default hold is 30 minutes (${holdLeft} ms left)`
      );
      assert.deepEqual(
        [(await client.event(eventId)).registered_count, (await client.event(eventId)).available_seats],
        [1, 1],
        'a held seat is taken'
      );

      const duplicatesBefore = await client.consumed(PaymentCompleted.type, 'duplicate');
      const paid = payment(user.id, eventId);
      await client.publish(PaymentCompleted, 'payment', paid.id, paid, 2);
      const confirmed = await eventually(
        async () => {
          const r = await find(eventId, held.id);
          return r.status === 'confirmed' ? r : null;
        },
        30_000,
        'the registration confirmed'
      );
      assert.deepEqual([confirmed.payment_id, confirmed.hold_expires_at], [paid.id, null]);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'duplicate')) > duplicatesBefore,
        30_000,
        'the second delivery seen as a duplicate'
      );
      const confirmations = () =>
        registrationEvents.filter((msg) => {
          const e = JSON.parse(msg.value);
          return e.type === RegistrationConfirmed.type && e.data.id === held.id;
        });
      await eventually(() => confirmations().length >= 1, 30_000, 'event.registration.confirmed');
      await sleep(300);
      assert.equal(confirmations().length, 1, 'one confirmation for two deliveries');
      assert.equal(JSON.parse(confirmations()[0]!.value).data.payment_id, paid.id);
      assert.equal((await client.event(eventId)).registered_count, 1);
    });

    test('payment.failed releases the held seat and the first waitlisted moves up', async () => {
      const { eventId, first, held, waiting } = await client.heldSeatAndWaitlist(manager);
      const failed = payment(first.id, eventId, { status: 'failed', failure_reason: 'card declined' });
      await client.publish(PaymentFailed, 'payment', failed.id, failed);
      await eventually(
        async () => (await find(eventId, held.id)).status === 'cancelled',
        30_000,
        'the failed registration released'
      );
      assert.equal((await find(eventId, held.id)).cancel_reason, 'payment_failed');
      const promoted = await find(eventId, waiting.id);
      assert.equal(
        promoted.status,
        'pending_payment',
        'the waitlisted registration now holds the seat, waiting for its own payment'
      );
      assert.ok(Date.parse(promoted.hold_expires_at!) > Date.now());
      assert.equal((await client.event(eventId)).registered_count, 1);
    });

    test('a payment that does not cover the price, or is for no event, confirms nothing', async () => {
      const eventId = await client.createEvent(manager);
      const user = await client.caller();
      const held = await client.register(user, eventId);
      const handled = await client.consumed(PaymentCompleted.type, 'handled');
      const short = payment(user.id, eventId, { amount: '10.00' });
      const otherCurrency = payment(user.id, eventId, { currency: 'USD' });
      const noEvent = payment(user.id, null);
      for (const p of [short, otherCurrency, noEvent]) await client.publish(PaymentCompleted, 'payment', p.id, p);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'handled')) >= handled + 3,
        30_000,
        'the three payments consumed'
      );
      assert.equal((await find(eventId, held.id)).status, 'pending_payment');
    });

    test('a payment for a free event registers nobody (SPEC §3.3), and is not dead-lettered', async () => {
      const eventId = await client.createEvent(manager, { capacity: 5, price: null, currency: null });
      const payer = await client.caller();
      const [handled, dead] = [
        await client.consumed(PaymentCompleted.type, 'handled'),
        await client.consumed(PaymentCompleted.type, 'dead_lettered')
      ];
      const paid = payment(payer.id, eventId, { amount: '5000.00', currency: 'RUB' });
      await client.publish(PaymentCompleted, 'payment', paid.id, paid);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'handled')) > handled,
        30_000,
        'the payment consumed'
      );
      assert.deepEqual(await client.registrations(manager, eventId), [], 'nobody registered');
      assert.equal((await client.event(eventId)).registered_count, 0);
      assert.equal(await client.consumed(PaymentCompleted.type, 'dead_lettered'), dead);
    });

    test('a full refund cancels the paid registration and frees its seat; a partial refund does not', async () => {
      const { eventId, first, held, waiting } = await client.heldSeatAndWaitlist(manager);
      const paid = payment(first.id, eventId);
      await client.publish(PaymentCompleted, 'payment', paid.id, paid);
      await eventually(async () => (await find(eventId, held.id)).status === 'confirmed', 30_000, 'confirmed');

      const refunds = await client.consumed(PaymentRefunded.type, 'handled');
      await client.publish(PaymentRefunded, 'payment', paid.id, {
        ...paid,
        status: 'partially_refunded',
        refunded_amount: '10.00',
        refund: { id: 1, amount: '10.00', reason: 'no lunch' }
      });
      await eventually(
        async () => (await client.consumed(PaymentRefunded.type, 'handled')) > refunds,
        30_000,
        'the partial refund consumed'
      );
      assert.equal((await find(eventId, held.id)).status, 'confirmed');

      await client.publish(PaymentRefunded, 'payment', paid.id, {
        ...paid,
        status: 'refunded',
        refunded_amount: '49.90',
        refund: { id: 2, amount: '39.90', reason: 'cannot come' }
      });
      await eventually(
        async () => (await find(eventId, held.id)).status === 'cancelled',
        30_000,
        'cancelled by the refund'
      );
      assert.equal((await find(eventId, held.id)).cancel_reason, 'payment_refunded');
      assert.equal((await find(eventId, waiting.id)).status, 'pending_payment', 'the freed seat went to the waitlist');
    });

    test('a payment without a registration registers the payer; one after the payer cancelled does not register again', async () => {
      const eventId = await client.createEvent(manager, { capacity: 5 });
      const [walkIn, quitter] = [await client.caller(), await client.caller()];
      const direct = payment(walkIn.id, eventId);
      await client.publish(PaymentCompleted, 'payment', direct.id, direct);
      const registered = await eventually(
        async () => (await client.registrations(manager, eventId)).find((r) => r.user_id === walkIn.id),
        30_000,
        'the payer registered'
      );
      assert.deepEqual([registered.status, registered.payment_id], ['confirmed', direct.id]);

      const held = await client.register(quitter, eventId);
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${eventId}/registrations/${held.id}`, {
            token: quitter.token
          })
        ).status,
        204
      );
      const handled = await client.consumed(PaymentCompleted.type, 'handled');
      const late = payment(quitter.id, eventId);
      await client.publish(PaymentCompleted, 'payment', late.id, late);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'handled')) > handled,
        30_000,
        'the late payment consumed'
      );
      const mine = (await client.registrations(manager, eventId)).filter((r) => r.user_id === quitter.id);
      assert.deepEqual(
        mine.map((r) => [r.id, r.status, r.cancel_reason]),
        [[held.id, 'cancelled', 'cancelled']],
        'no new registration for a cancelled one'
      );
      assert.equal((await client.event(eventId)).registered_count, 1);
    });

    test('a payment billed to a client registers nobody: neither the staff member who recorded it nor a held seat of theirs', async () => {
      const eventId = await client.createEvent(manager, { capacity: 5 });
      const held = await client.register(manager, eventId);
      assert.equal(held.status, 'pending_payment');
      const handled = await client.consumed(PaymentCompleted.type, 'handled');
      const bill = payment(manager.id, eventId, { client_id: 7, amount: '5000.00' });
      await client.publish(PaymentCompleted, 'payment', bill.id, bill);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'handled')) > handled,
        30_000,
        'the bill consumed'
      );
      const all = await client.registrations(manager, eventId);
      assert.deepEqual(
        all.map((r) => [r.id, r.status, r.payment_id]),
        [[held.id, 'pending_payment', null]],
        "the bill neither confirmed the manager's own hold nor registered anyone"
      );
      assert.equal((await client.event(eventId)).registered_count, 1);
    });

    test('seats stay exact while cancellations, payments, failures and a capacity raise race each other', async () => {
      const capacity = 20;
      const eventId = await client.createEvent(manager, { capacity });
      const users = await Promise.all(Array.from({ length: 50 }, () => client.caller()));
      const regs = await Promise.all(users.map((u) => client.register(u, eventId)));
      const held = regs.filter((r) => r.status === 'pending_payment');
      assert.equal(held.length, capacity);
      const ownerOf = (r: Registration) => users.find((u) => u.id === r.user_id)!;
      const [toCancel, toFail, toPay] = [held.slice(0, 6), held.slice(6, 12), held.slice(12)];
      const waiting = regs.filter((r) => r.status === 'waitlisted');
      const handled =
        (await client.consumed(PaymentCompleted.type, 'handled')) +
        (await client.consumed(PaymentFailed.type, 'handled'));
      await Promise.all([
        ...toCancel.map((r) =>
          stack.request('DELETE', 'event', `/events/${eventId}/registrations/${r.id}`, { token: ownerOf(r).token })
        ),
        ...toFail.map((r) => {
          const p = payment(r.user_id, eventId, { status: 'failed', failure_reason: 'declined' });
          return client.publish(PaymentFailed, 'payment', p.id, p);
        }),
        ...[...toPay, ...waiting.slice(0, 5)].map((r) => {
          const p = payment(r.user_id, eventId);
          return client.publish(PaymentCompleted, 'payment', p.id, p);
        }),
        stack.request('PUT', 'event', `/events/${eventId}`, { token: manager.token, body: { capacity: capacity + 5 } })
      ]);
      await eventually(
        async () =>
          (await client.consumed(PaymentCompleted.type, 'handled')) +
            (await client.consumed(PaymentFailed.type, 'handled')) >=
          handled + toFail.length + toPay.length + 5,
        30_000,
        'the payments consumed'
      );
      const all = await client.registrations(manager, eventId);
      const seated = all.filter((r) => r.status === 'confirmed' || r.status === 'pending_payment');
      const shown = await client.event(eventId);
      assert.equal(shown.registered_count, seated.length, 'the seat count matches the registrations holding seats');
      assert.equal(seated.length, capacity + 5, 'every seat is taken: the waitlist filled what was freed');
      assert.ok(
        toPay.every((r) => all.find((x) => x.id === r.id)!.status === 'confirmed'),
        'every paid hold confirmed'
      );
      assert.ok([...toCancel, ...toFail].every((r) => all.find((x) => x.id === r.id)!.status === 'cancelled'));
      // The waitlist moved in arrival order: nobody waits who arrived before somebody seated from it.
      const stillWaiting = all.filter((r) => r.status === 'waitlisted').map((r) => r.id);
      const seatedFromWaitlist = seated.filter((r) => waiting.some((w) => w.id === r.id)).map((r) => r.id);
      assert.ok(
        stillWaiting.every((id) => seatedFromWaitlist.every((s) => s < id)),
        'promoted in arrival order'
      );
    });

    test('a malformed payment event is dead-lettered and changes nothing', async () => {
      const eventId = await client.createEvent(manager);
      const user = await client.caller();
      const held = await client.register(user, eventId);
      const dead = await client.consumed(PaymentCompleted.type, 'dead_lettered');
      const bad = { ...payment(user.id, eventId), amount: 49.9 } as unknown as EventData<typeof PaymentCompleted>;
      await client.publish(PaymentCompleted, 'payment', bad.id, bad);
      await eventually(
        async () => (await client.consumed(PaymentCompleted.type, 'dead_lettered')) > dead,
        30_000,
        'the bad payment dead-lettered'
      );
      assert.equal((await find(eventId, held.id)).status, 'pending_payment');
    });
  });
}
