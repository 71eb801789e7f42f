// The payment service with the others (SPEC §3.3, §3.5, §3.6, §5): a paid registration confirmed by a payment
// made through the gateway, a declined payment releasing the seat to the waitlist, a cancelled event refunding its
// payments once however often it is delivered, and client references checked against the copy or the client
// service with the caller's own token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventCancelled, type EventData } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { clientServiceClient } from '../../../test/support/client-client.ts';
import { consumedIn, eventServiceClient } from '../../../test/support/event-client.ts';
import { paymentServiceClient, quickProvider, sumMinor, type Payment } from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const codeOf = (body: unknown) => (body as { code?: string }).code;

for (const m of modes) {
  describe(`payments with the event and client services, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const payments = paymentServiceClient(() => stack);
    const events = eventServiceClient(() => stack);
    const clients = clientServiceClient(() => stack);
    let organizer: Caller;
    let admin: Caller;
    const statusOf = async (eventId: number, registrationId: number) =>
      (await events.registration(organizer, eventId, registrationId)).status;

    before(async () => {
      stack = await startStack(m.mode, ['client', 'event', 'payment', 'gateway'], quickProvider);
      [organizer, admin] = [await payments.caller('manager'), await payments.caller('admin')];
    });
    after(() => stack?.stop());

    test('a paid registration: pending_payment, then the payer pays through the gateway with event_id → confirmed', async () => {
      const eventId = await events.createEvent(organizer, { price: '49.90', currency: 'EUR', capacity: 5 });
      const user = await events.caller();
      const held = await events.register(user, eventId);
      assert.equal(held.status, 'pending_payment');
      const paid = await stack.request<Payment>('POST', 'gateway', '/payments', {
        token: user.token,
        body: { amount: '49.90', currency: 'EUR', payment_method_id: 1, event_id: eventId }
      });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal(paid.body.status, 'completed');
      await eventually(async () => (await statusOf(eventId, held.id)) === 'confirmed', 20_000, 'confirmed');
      const mine = await stack.request<{ data: Payment[] }>('GET', 'gateway', `/payments?event_id=${eventId}`, {
        token: user.token
      });
      assert.deepEqual(
        mine.body.data.map((p) => p.id),
        [paid.body.id]
      );
    });

    test('a partial refund keeps the registration; the refund of the rest cancels it', async () => {
      const eventId = await events.createEvent(organizer, { price: '40.00', currency: 'EUR', capacity: 5 });
      const user = await events.caller();
      const held = await events.register(user, eventId);
      const paid = await payments.paid(user, { amount: '40.00', event_id: eventId });
      await eventually(async () => (await statusOf(eventId, held.id)) === 'confirmed', 20_000, 'confirmed');
      assert.equal((await payments.refund(admin, paid.id, { amount: '10.00' })).status, 201);
      await new Promise((resolve) => setTimeout(resolve, m.mode === 'real' ? 1500 : 500));
      assert.equal(await statusOf(eventId, held.id), 'confirmed', 'a partial refund cancels nothing');
      assert.equal((await payments.refund(admin, paid.id)).body.payment.status, 'refunded');
      await eventually(async () => (await statusOf(eventId, held.id)) === 'cancelled', 20_000, 'cancelled');
      const registration = await events.registration(organizer, eventId, held.id);
      assert.equal(registration.cancel_reason, 'payment_refunded');
    });

    test('a declined payment releases the seat, and the waitlist moves', async () => {
      // The built-in provider declines amounts ending in 01: a price that makes the payer's card fail.
      const eventId = await events.createEvent(organizer, { price: '49.01', currency: 'EUR', capacity: 1 });
      const [first, second] = [await events.caller(), await events.caller()];
      const held = await events.register(first, eventId);
      const waiting = await events.register(second, eventId);
      assert.deepEqual([held.status, waiting.status], ['pending_payment', 'waitlisted']);
      const declined = await payments.paid(first, { amount: '49.01', event_id: eventId });
      assert.equal(declined.status, 'failed');
      await eventually(async () => (await statusOf(eventId, held.id)) === 'cancelled', 20_000, 'seat released');
      await eventually(async () => (await statusOf(eventId, waiting.id)) === 'pending_payment', 20_000, 'promoted');
    });

    test('the event is cancelled: each of its payments is refunded once, however often the event arrives', async () => {
      const eventId = await events.createEvent(organizer, { price: '30.00', currency: 'EUR', capacity: 5 });
      const payers = [await events.caller(), await events.caller()];
      const paid: Payment[] = [];
      for (const who of payers) {
        const registration = await events.register(who, eventId);
        paid.push(await payments.paid(who, { amount: '30.00', event_id: eventId }));
        await eventually(async () => (await statusOf(eventId, registration.id)) === 'confirmed', 20_000, 'confirmed');
      }
      // One of them partly refunded already: the rest of it is refunded.
      await payments.refund(admin, paid[1]!.id, { amount: '5.00' });
      const cancelled = await stack.request('DELETE', 'event', `/events/${eventId}`, { token: organizer.token });
      assert.equal(cancelled.status, 204);
      for (const p of paid)
        await eventually(
          async () => (await payments.payment(admin, p.id)).status === 'refunded',
          20_000,
          `payment ${p.id} refunded`
        );
      // Delivered again (another copy of the same fact): nothing is left to refund.
      const snapshot: EventData<typeof EventCancelled> = {
        id: eventId,
        title: 'Paid workshop',
        start_date: new Date(Date.now() + 864e6).toISOString(),
        end_date: new Date(Date.now() + 950e6).toISOString(),
        location: null,
        capacity: 5,
        category_id: 4,
        price: '30.00',
        currency: 'EUR',
        organizer_id: organizer.id,
        status: 'cancelled'
      };
      await payments.publish(EventCancelled, 'event', eventId, snapshot);
      await new Promise((resolve) => setTimeout(resolve, m.mode === 'real' ? 2000 : 700));
      for (const p of paid) {
        const rows = await payments.ledger(admin, `payment_id=${p.id}`);
        assert.equal(sumMinor(rows.map((r) => r.amount)), 0n, 'the ledger keeps nothing of a refunded payment');
        assert.equal(rows.filter((r) => r.kind === 'refund').length, p.id === paid[1]!.id ? 2 : 1);
      }
      const late = await payments.pay(payers[0]!, { amount: '30.00', event_id: eventId });
      assert.deepEqual([late.status, codeOf(late.body)], [422, 'EVENT_CANCELLED']);
    });

    test('client_id: a client created a moment ago is asked of the client service with the caller’s token', async () => {
      const client = await clients.create(organizer);
      // Paid at once, before or after the copy caught up: accepted either way.
      const paid = await payments.paid(organizer, { amount: '20.00', client_id: client.id });
      assert.equal(paid.client_id, client.id);
      const user = await payments.caller();
      // A plain user names no client, known or not (SPEC §3.6): refused before the client is looked up.
      const unknown = await payments.pay(user, { amount: '20.00', client_id: 1_999_999 });
      assert.deepEqual([unknown.status, codeOf(unknown.body)], [403, 'FORBIDDEN']);
      const known = await payments.pay(user, { amount: '20.00', client_id: client.id });
      assert.deepEqual([known.status, codeOf(known.body)], [403, 'FORBIDDEN']);
      const byStaff = await payments.pay(organizer, { amount: '20.00', client_id: 1_999_999 });
      assert.deepEqual([byStaff.status, codeOf(byStaff.body)], [422, 'UNKNOWN_CLIENT']);

      const archived = await clients.create(organizer);
      assert.equal((await clients.call('DELETE', `/clients/${archived.id}`, organizer)).status, 204);
      // Refused once the copy has heard of it (before that, a copy that knows the client only as created still
      // takes a payment for it).
      await eventually(
        async () => {
          const metrics = await fetch(`${stack.url('payment')}/metrics`, {
            headers: { authorization: `Bearer ${admin.token}` }
          });
          return consumedIn(await metrics.text(), 'client.archived', 'handled') >= 1;
        },
        20_000,
        'the payment service to hear that the client is archived'
      );
      const refused = await payments.pay(organizer, { amount: '20.00', client_id: archived.id });
      assert.equal(codeOf(refused.body), 'CLIENT_ARCHIVED');
    });
  });
}
