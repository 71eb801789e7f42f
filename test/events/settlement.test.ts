// The event service reacting to other services (SPEC §3.3): payments settle paid holds, holds run out,
// a deactivated user's future registrations are cancelled, allocated resources show on the event —
// on the embedded backends and across Kafka with PostgreSQL. Payment and resource events are published
// here as their services will publish them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  PaymentCompleted, PaymentFailed, PaymentRefunded, RegistrationConfirmed, ResourceAllocatedAnnounced, ResourceReleasedAnnounced, ResourceUpdated,
  Topics, type EventData, type EventDefinition
} from '@style-flow/contracts';
import { createEnvelope, type IncomingMessage, type Role } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { login, registerAccount, signedCaller, type Caller } from '../support/accounts.ts';
import { modes, startStack, type Stack } from '../support/stack.ts';

interface Registration {
  id: number;
  user_id: number;
  status: string;
  payment_id: number | null;
  cancel_reason: string | null;
  hold_expires_at: string | null;
}

const day = 86_400_000;
const future = (ms: number) => new Date(Date.now() + ms).toISOString();
let nextPaymentId = randomInt(1, 1_000_000_000);

/** What a stack's event service is asked and told, shared by the suites below. */
function eventServiceClient(get: () => Stack) {
  const stack = () => get();
  const caller = (role?: Role) => signedCaller(stack(), role);
  return {
    caller,
    async createEvent(organizer: Caller, body: Record<string, unknown> = {}): Promise<number> {
      const res = await stack().request<{ id: number }>('POST', 'event', '/events', {
        token: organizer.token, body: { title: 'Paid workshop', start_date: future(10 * day), end_date: future(11 * day), capacity: 1, category_id: 4, price: '49.90', currency: 'EUR', ...body }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    },
    async register(who: Caller, eventId: number): Promise<Registration> {
      const res = await stack().request<Registration>('POST', 'event', `/events/${eventId}/register`, { token: who.token });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async registrations(organizer: Caller, eventId: number): Promise<Registration[]> {
      const res = await stack().request<{ data: Registration[] }>('GET', 'event', `/events/${eventId}/registrations?limit=100`, { token: organizer.token });
      assert.equal(res.status, 200);
      return res.body.data;
    },
    async event(eventId: number) {
      return (await stack().request<{ registered_count: number; available_seats: number; resources: Array<Record<string, unknown>> }>('GET', 'event', `/events/${eventId}`)).body;
    },
    /** Publishes an event as its producing service would: a CloudEvents envelope keyed by its subject. */
    async publish<D extends EventDefinition>(definition: D, source: string, subject: number, data: EventData<D>, times = 1): Promise<string> {
      const envelope = createEnvelope(source, definition.type, subject, data);
      for (let i = 0; i < times; i++) {
        await stack().transport.publish([{ topic: definition.topic, key: String(subject), value: JSON.stringify(envelope), headers: {} }]);
      }
      return envelope.id;
    },
    /** How many events of a type the event service has consumed with an outcome (handled, duplicate, …), from its /metrics. */
    async consumed(type: string, outcome: string): Promise<number> {
      const text = await (await fetch(`${stack().url('event')}/metrics`)).text();
      return text.split('\n')
        .filter((line) => line.startsWith('events_consumed_total{') && line.includes(`type="${type}"`) && line.includes(`outcome="${outcome}"`))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    }
  };
}

function payment(userId: number, eventId: number | null, fields: Partial<EventData<typeof PaymentCompleted>> = {}): EventData<typeof PaymentCompleted> {
  return {
    id: nextPaymentId++, amount: '49.90', currency: 'EUR', status: 'completed', refunded_amount: '0.00', user_id: userId, event_id: eventId,
    client_id: null, payment_method_id: 1, description: null, ...fields
  };
}

for (const m of modes) {
  describe(`event service settles paid registrations from payment events, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);
    const registrationEvents: IncomingMessage[] = [];
    let manager: Caller;
    const find = async (eventId: number, id: number) => (await client.registrations(manager, eventId)).find((r) => r.id === id)!;

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      await stack.transport.subscribe({ group: uniqueName('observer'), topics: [Topics.eventRegistrations], handle: async (msg) => void registrationEvents.push(msg) });
      manager = await client.caller('manager');
    });
    after(() => stack?.stop());

    test('a paid registration holds its seat; payment.completed confirms it, once even when delivered twice', async () => {
      const eventId = await client.createEvent(manager, { capacity: 2 });
      const user = await client.caller();
      const held = await client.register(user, eventId);
      assert.equal(held.status, 'pending_payment');
      const holdLeft = Date.parse(held.hold_expires_at!) - Date.now();
      assert.ok(holdLeft > 29 * 60_000 && holdLeft <= 30 * 60_000 + 5_000, `the default hold is 30 minutes (${holdLeft} ms left)`);
      assert.deepEqual([(await client.event(eventId)).registered_count, (await client.event(eventId)).available_seats], [1, 1], 'a held seat is taken');

      const duplicatesBefore = await client.consumed(PaymentCompleted.type, 'duplicate');
      const paid = payment(user.id, eventId);
      await client.publish(PaymentCompleted, 'payment', paid.id, paid, 2);
      const confirmed = await eventually(async () => {
        const r = await find(eventId, held.id);
        return r.status === 'confirmed' ? r : null;
      }, 30_000, 'the registration confirmed');
      assert.deepEqual([confirmed.payment_id, confirmed.hold_expires_at], [paid.id, null]);
      await eventually(async () => (await client.consumed(PaymentCompleted.type, 'duplicate')) > duplicatesBefore, 30_000, 'the second delivery seen as a duplicate');
      const confirmations = () => registrationEvents.filter((msg) => {
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
      const eventId = await client.createEvent(manager);
      const [first, second] = [await client.caller(), await client.caller()];
      const held = await client.register(first, eventId);
      const waiting = await client.register(second, eventId);
      assert.deepEqual([held.status, waiting.status], ['pending_payment', 'waitlisted']);
      const failed = payment(first.id, eventId, { status: 'failed', failure_reason: 'card declined' });
      await client.publish(PaymentFailed, 'payment', failed.id, failed);
      await eventually(async () => (await find(eventId, held.id)).status === 'cancelled', 30_000, 'the failed registration released');
      assert.equal((await find(eventId, held.id)).cancel_reason, 'payment_failed');
      const promoted = await find(eventId, waiting.id);
      assert.equal(promoted.status, 'pending_payment', 'the waitlisted registration now holds the seat, waiting for its own payment');
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
      await eventually(async () => (await client.consumed(PaymentCompleted.type, 'handled')) >= handled + 3, 30_000, 'the three payments consumed');
      assert.equal((await find(eventId, held.id)).status, 'pending_payment');
    });

    test('a full refund cancels the paid registration and frees its seat; a partial refund does not', async () => {
      const eventId = await client.createEvent(manager);
      const [first, second] = [await client.caller(), await client.caller()];
      const held = await client.register(first, eventId);
      const waiting = await client.register(second, eventId);
      const paid = payment(first.id, eventId);
      await client.publish(PaymentCompleted, 'payment', paid.id, paid);
      await eventually(async () => (await find(eventId, held.id)).status === 'confirmed', 30_000, 'confirmed');

      const refunds = await client.consumed(PaymentRefunded.type, 'handled');
      await client.publish(PaymentRefunded, 'payment', paid.id, {
        ...paid, status: 'partially_refunded', refunded_amount: '10.00', refund: { id: 1, amount: '10.00', reason: 'no lunch' }
      });
      await eventually(async () => (await client.consumed(PaymentRefunded.type, 'handled')) > refunds, 30_000, 'the partial refund consumed');
      assert.equal((await find(eventId, held.id)).status, 'confirmed');

      await client.publish(PaymentRefunded, 'payment', paid.id, {
        ...paid, status: 'refunded', refunded_amount: '49.90', refund: { id: 2, amount: '39.90', reason: 'cannot come' }
      });
      await eventually(async () => (await find(eventId, held.id)).status === 'cancelled', 30_000, 'cancelled by the refund');
      assert.equal((await find(eventId, held.id)).cancel_reason, 'payment_refunded');
      assert.equal((await find(eventId, waiting.id)).status, 'pending_payment', 'the freed seat went to the waitlist');
    });

    test('a payment without a registration registers the payer; one after the payer cancelled does not register again', async () => {
      const eventId = await client.createEvent(manager, { capacity: 5 });
      const [walkIn, quitter] = [await client.caller(), await client.caller()];
      const direct = payment(walkIn.id, eventId);
      await client.publish(PaymentCompleted, 'payment', direct.id, direct);
      const registered = await eventually(async () => (await client.registrations(manager, eventId)).find((r) => r.user_id === walkIn.id), 30_000, 'the payer registered');
      assert.deepEqual([registered.status, registered.payment_id], ['confirmed', direct.id]);

      const held = await client.register(quitter, eventId);
      assert.equal((await stack.request('DELETE', 'event', `/events/${eventId}/registrations/${held.id}`, { token: quitter.token })).status, 204);
      const handled = await client.consumed(PaymentCompleted.type, 'handled');
      const late = payment(quitter.id, eventId);
      await client.publish(PaymentCompleted, 'payment', late.id, late);
      await eventually(async () => (await client.consumed(PaymentCompleted.type, 'handled')) > handled, 30_000, 'the late payment consumed');
      const mine = (await client.registrations(manager, eventId)).filter((r) => r.user_id === quitter.id);
      assert.deepEqual(mine.map((r) => [r.id, r.status, r.cancel_reason]), [[held.id, 'cancelled', 'cancelled']], 'no new registration for a cancelled one');
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
      const handled = await client.consumed(PaymentCompleted.type, 'handled') + await client.consumed(PaymentFailed.type, 'handled');
      await Promise.all([
        ...toCancel.map((r) => stack.request('DELETE', 'event', `/events/${eventId}/registrations/${r.id}`, { token: ownerOf(r).token })),
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
      await eventually(async () => (await client.consumed(PaymentCompleted.type, 'handled')) + (await client.consumed(PaymentFailed.type, 'handled')) >= handled + toFail.length + toPay.length + 5, 30_000, 'the payments consumed');
      const all = await client.registrations(manager, eventId);
      const seated = all.filter((r) => r.status === 'confirmed' || r.status === 'pending_payment');
      const shown = await client.event(eventId);
      assert.equal(shown.registered_count, seated.length, 'the seat count matches the registrations holding seats');
      assert.equal(seated.length, capacity + 5, 'every seat is taken: the waitlist filled what was freed');
      assert.ok(toPay.every((r) => all.find((x) => x.id === r.id)!.status === 'confirmed'), 'every paid hold confirmed');
      assert.ok([...toCancel, ...toFail].every((r) => all.find((x) => x.id === r.id)!.status === 'cancelled'));
      // The waitlist moved in arrival order: nobody waits who arrived before somebody seated from it.
      const stillWaiting = all.filter((r) => r.status === 'waitlisted').map((r) => r.id);
      const seatedFromWaitlist = seated.filter((r) => waiting.some((w) => w.id === r.id)).map((r) => r.id);
      assert.ok(stillWaiting.every((id) => seatedFromWaitlist.every((s) => s < id)), 'promoted in arrival order');
    });

    test('a malformed payment event is dead-lettered and changes nothing', async () => {
      const eventId = await client.createEvent(manager);
      const user = await client.caller();
      const held = await client.register(user, eventId);
      const dead = await client.consumed(PaymentCompleted.type, 'dead_lettered');
      const bad = { ...payment(user.id, eventId), amount: 49.9 } as unknown as EventData<typeof PaymentCompleted>;
      await client.publish(PaymentCompleted, 'payment', bad.id, bad);
      await eventually(async () => (await client.consumed(PaymentCompleted.type, 'dead_lettered')) > dead, 30_000, 'the bad payment dead-lettered');
      assert.equal((await find(eventId, held.id)).status, 'pending_payment');
    });

    test('resources allocated on resource-events show on the event, renamed and released as announced', async () => {
      const eventId = await client.createEvent(manager, { price: null, currency: null });
      const allocation = {
        id: randomInt(1, 1_000_000_000), resource_id: randomInt(1, 1_000_000_000), resource_name: 'Room A', resource_type_id: 1, event_id: eventId,
        start_time: future(10 * day), end_time: future(11 * day), quantity: 1, status: 'active' as const
      };
      assert.deepEqual((await client.event(eventId)).resources, []);
      await client.publish(ResourceAllocatedAnnounced, 'resource', allocation.id, allocation);
      const shown = await eventually(async () => {
        const resources = (await client.event(eventId)).resources;
        return resources.length === 1 ? resources[0]! : null;
      }, 30_000, 'the allocation on the event');
      assert.deepEqual([shown.allocation_id, shown.resource_id, shown.name, shown.type_id, shown.quantity], [allocation.id, allocation.resource_id, 'Room A', 1, 1]);
      assert.equal(shown.start_time, allocation.start_time);

      await client.publish(ResourceUpdated, 'resource', allocation.resource_id, {
        id: allocation.resource_id, name: 'Room A (big)', type_id: 1, quantity: 1, location: null, status: 'active'
      });
      await eventually(async () => (await client.event(eventId)).resources[0]?.name === 'Room A (big)', 30_000, 'the new name');
      await client.publish(ResourceReleasedAnnounced, 'resource', allocation.id, { ...allocation, status: 'released' });
      await eventually(async () => (await client.event(eventId)).resources.length === 0, 30_000, 'the release');
    });
  });

  describe(`event service releases holds that run out, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);
    let manager: Caller;
    const find = async (eventId: number, id: number) => (await client.registrations(manager, eventId)).find((r) => r.id === id)!;

    before(async () => {
      stack = await startStack(m.mode, ['event'], { REGISTRATION_HOLD_SECONDS: '1', HOLD_SWEEP_INTERVAL_MS: '100' });
      manager = await client.caller('manager');
    });
    after(() => stack?.stop());

    test('an expired hold frees the seat for the waitlist; a payment completing afterwards registers the payer again', async () => {
      const eventId = await client.createEvent(manager);
      const [first, second] = [await client.caller(), await client.caller()];
      const held = await client.register(first, eventId);
      const waiting = await client.register(second, eventId);
      assert.deepEqual([held.status, waiting.status], ['pending_payment', 'waitlisted']);
      await eventually(async () => (await find(eventId, held.id)).status === 'cancelled', 30_000, 'the first hold released');
      assert.equal((await find(eventId, held.id)).cancel_reason, 'hold_expired');
      // The second was promoted to a hold of its own, which runs out in turn.
      await eventually(async () => (await find(eventId, waiting.id)).cancel_reason === 'hold_expired', 30_000, 'the promoted hold released too');
      assert.deepEqual([(await client.event(eventId)).registered_count, (await client.event(eventId)).available_seats], [0, 1]);

      // The first payer's money arrives late: the seat is free, so the payer is registered again, confirmed.
      const late = payment(first.id, eventId);
      await client.publish(PaymentCompleted, 'payment', late.id, late);
      const again = await eventually(async () => (await client.registrations(manager, eventId)).find((r) => r.user_id === first.id && r.status === 'confirmed'), 30_000, 'registered again');
      assert.notEqual(again.id, held.id);
      assert.equal(again.payment_id, late.id);
      assert.equal((await client.event(eventId)).registered_count, 1);
    });
  });

  describe(`event service cancels a deactivated user's future registrations, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);

    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user', 'event']);
    });
    after(() => stack?.stop());

    test('user.deactivated cancels the registrations for events not yet started, frees the seats and refuses the old token', async () => {
      const adminAccount = await registerAccount(stack);
      const admin = { id: adminAccount.id, token: (await login(stack, adminAccount)).access_token };
      const daveAccount = await registerAccount(stack);
      const dave = { id: daveAccount.id, token: (await login(stack, daveAccount)).access_token };
      const manager = await client.caller('manager');
      const erin = await client.caller();

      const soonStart = Date.now() + 3_000;
      const soon = await client.createEvent(manager, { price: null, currency: null, capacity: 5, start_date: new Date(soonStart).toISOString(), end_date: future(day) });
      const free = await client.createEvent(manager, { price: null, currency: null });
      const paid = await client.createEvent(manager, { capacity: 2 });
      const started = await client.register(dave, soon);
      const confirmed = await client.register(dave, free);
      const erinWaits = await client.register(erin, free);
      const held = await client.register(dave, paid);
      assert.deepEqual([started.status, confirmed.status, erinWaits.status, held.status], ['confirmed', 'confirmed', 'waitlisted', 'pending_payment']);
      // Wait until the first event has started: its registration is history and stays.
      await sleep(Math.max(0, soonStart - Date.now() + 200));

      // user.deactivated may reach the user service's profile only after user.created: wait for the profile.
      await eventually(async () => (await stack.request('GET', 'user', `/users/${dave.id}`, { token: admin.token })).status === 200, 30_000, 'the profile');
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: admin.token })).status, 204);

      await eventually(async () => (await client.registrations(manager, free)).find((r) => r.id === confirmed.id)!.status === 'cancelled', 30_000, 'the free registration cancelled');
      const freeNow = await client.registrations(manager, free);
      assert.equal(freeNow.find((r) => r.id === confirmed.id)!.cancel_reason, 'user_deactivated');
      assert.equal(freeNow.find((r) => r.id === erinWaits.id)!.status, 'confirmed', 'the seat went to the waitlist');
      const paidNow = (await client.registrations(manager, paid)).find((r) => r.id === held.id)!;
      assert.deepEqual([paidNow.status, paidNow.cancel_reason], ['cancelled', 'user_deactivated']);
      assert.equal((await client.event(paid)).registered_count, 0);
      const startedNow = (await client.registrations(manager, soon)).find((r) => r.id === started.id)!;
      assert.equal(startedNow.status, 'confirmed', 'an event that has started keeps its history');

      const refused = await stack.request('POST', 'event', `/events/${free}/register`, { token: dave.token });
      assert.equal(refused.status, 401, 'the deactivated user\'s token is refused by the event service itself');
    });
  });
}
