// The event service reacting to other services (SPEC §3.3): holds that run out, a deactivated user's future
// registrations, the resources allocated to an event — on the embedded backends and across Kafka with PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EventResourcesChanged,
  PaymentCompleted,
  ResourceAllocatedAnnounced,
  ResourceReleasedAnnounced,
  ResourceUpdated,
  Topics
} from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount, type Caller } from '../../../test/support/accounts.ts';
import { day, eventServiceClient, future, payment } from '../../../test/support/event-client.ts';
import { recordTopics } from '../../../test/support/resource-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`event service releases holds that run out, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);
    let manager: Caller;
    const find = (eventId: number, id: number) => client.registration(manager, eventId, id);

    before(async () => {
      stack = await startStack(m.mode, ['event'], { REGISTRATION_HOLD_SECONDS: '1', HOLD_SWEEP_INTERVAL_MS: '100' });
      manager = await client.caller('manager');
    });
    after(() => stack?.stop());

    test('an expired hold frees the seat for the waitlist; a payment completing afterwards registers the payer again', async () => {
      const { eventId, first, held, waiting } = await client.heldSeatAndWaitlist(manager);
      await eventually(
        async () => (await find(eventId, held.id)).status === 'cancelled',
        30_000,
        'the first hold released'
      );
      assert.equal((await find(eventId, held.id)).cancel_reason, 'hold_expired');
      // The second was promoted to a hold of its own, which runs out in turn.
      await eventually(
        async () => (await find(eventId, waiting.id)).cancel_reason === 'hold_expired',
        30_000,
        'the promoted hold released too'
      );
      assert.deepEqual(
        [(await client.event(eventId)).registered_count, (await client.event(eventId)).available_seats],
        [0, 1]
      );

      // The first payer's money arrives late: the seat is free, so the payer is registered again, confirmed.
      const late = payment(first.id, eventId);
      await client.publish(PaymentCompleted, 'payment', late.id, late);
      const again = await eventually(
        async () =>
          (await client.registrations(manager, eventId)).find(
            (r) => r.user_id === first.id && r.status === 'confirmed'
          ),
        30_000,
        'registered again'
      );
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
      const soon = await client.createEvent(manager, {
        price: null,
        currency: null,
        capacity: 5,
        start_date: new Date(soonStart).toISOString(),
        end_date: future(day)
      });
      const free = await client.createEvent(manager, { price: null, currency: null });
      const paid = await client.createEvent(manager, { capacity: 2 });
      const started = await client.register(dave, soon);
      const confirmed = await client.register(dave, free);
      const erinWaits = await client.register(erin, free);
      const held = await client.register(dave, paid);
      assert.deepEqual(
        [started.status, confirmed.status, erinWaits.status, held.status],
        ['confirmed', 'confirmed', 'waitlisted', 'pending_payment']
      );
      // Wait until the first event has started: its registration is history and stays.
      await sleep(Math.max(0, soonStart - Date.now() + 200));

      // user.deactivated may reach the user service's profile only after user.created: wait for the profile.
      await eventually(
        async () => (await stack.request('GET', 'user', `/users/${dave.id}`, { token: admin.token })).status === 200,
        30_000,
        'the profile'
      );
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: admin.token })).status, 204);

      await eventually(
        async () =>
          (await client.registrations(manager, free)).find((r) => r.id === confirmed.id)!.status === 'cancelled',
        30_000,
        'the free registration cancelled'
      );
      const freeNow = await client.registrations(manager, free);
      assert.equal(freeNow.find((r) => r.id === confirmed.id)!.cancel_reason, 'user_deactivated');
      assert.equal(freeNow.find((r) => r.id === erinWaits.id)!.status, 'confirmed', 'the seat went to the waitlist');
      const paidNow = (await client.registrations(manager, paid)).find((r) => r.id === held.id)!;
      assert.deepEqual([paidNow.status, paidNow.cancel_reason], ['cancelled', 'user_deactivated']);
      assert.equal((await client.event(paid)).registered_count, 0);
      const startedNow = (await client.registrations(manager, soon)).find((r) => r.id === started.id)!;
      assert.equal(startedNow.status, 'confirmed', 'an event that has started keeps its history');

      const refused = await stack.request('POST', 'event', `/events/${free}/register`, { token: dave.token });
      assert.equal(refused.status, 401, "the deactivated user's token is refused by the event service itself");
    });

    test('resources allocated on resource-events show on the event, renamed and released as announced', async () => {
      const eventId = await client.createEvent(await client.caller('manager'), { price: null, currency: null });
      const allocation = {
        id: randomInt(1, 1_000_000_000),
        resource_id: randomInt(1, 1_000_000_000),
        resource_name: 'Room A',
        resource_type_id: 1,
        event_id: eventId,
        start_time: future(10 * day),
        end_time: future(11 * day),
        quantity: 1,
        status: 'active' as const
      };
      assert.deepEqual((await client.event(eventId)).resources, []);
      // Each change of what the event shows is announced by the event service itself, once its copy has it.
      const recorder = await recordTopics(stack, [Topics.eventEvents]);
      const announced = (count: number, what: string) =>
        eventually(() => recorder.of(EventResourcesChanged.type, eventId).length >= count, 30_000, what);
      await client.publish(ResourceAllocatedAnnounced, 'resource', allocation.id, allocation);
      const shown = await eventually(
        async () => {
          const resources = (await client.event(eventId)).resources;
          return resources.length === 1 ? resources[0]! : null;
        },
        30_000,
        'the allocation on the event'
      );
      assert.deepEqual(
        [shown.allocation_id, shown.resource_id, shown.name, shown.type_id, shown.quantity],
        [allocation.id, allocation.resource_id, 'Room A', 1, 1]
      );
      assert.equal(shown.start_time, allocation.start_time);
      await announced(1, 'event.resources_changed for the allocation');

      await client.publish(ResourceUpdated, 'resource', allocation.resource_id, {
        id: allocation.resource_id,
        name: 'Room A (big)',
        type_id: 1,
        quantity: 1,
        location: null,
        status: 'active'
      });
      await eventually(
        async () => (await client.event(eventId)).resources[0]?.name === 'Room A (big)',
        30_000,
        'the new name'
      );
      await announced(2, 'event.resources_changed for the new name');
      await client.publish(ResourceReleasedAnnounced, 'resource', allocation.id, { ...allocation, status: 'released' });
      await eventually(async () => (await client.event(eventId)).resources.length === 0, 30_000, 'the release');
      await announced(3, 'event.resources_changed for the release');
      assert.deepEqual(recorder.of(EventResourcesChanged.type, eventId)[0]!.data, { id: eventId });
      await recorder.stop();
    });

    test('several resources show in the order of their start, with the event read in the same answer', async () => {
      const eventId = await client.createEvent(await client.caller('manager'), { price: null, currency: null });
      const allocation = (startDays: number) => ({
        id: randomInt(1, 1_000_000_000),
        resource_id: randomInt(1, 1_000_000_000),
        resource_name: `Room ${startDays}`,
        resource_type_id: 1,
        event_id: eventId,
        start_time: future(startDays * day),
        end_time: future((startDays + 1) * day),
        quantity: 2,
        status: 'active' as const
      });
      const later = allocation(12);
      const sooner = allocation(10);
      // The one that starts later is announced first: the order is the start's, not the arrival's.
      await client.publish(ResourceAllocatedAnnounced, 'resource', later.id, later);
      await client.publish(ResourceAllocatedAnnounced, 'resource', sooner.id, sooner);
      const shown = await eventually(
        async () => {
          const event = await client.event(eventId);
          return event.resources.length === 2 ? event : null;
        },
        30_000,
        'both allocations on the event'
      );
      assert.equal(shown.registered_count, 0);
      assert.deepEqual(
        shown.resources.map((r) => [r.allocation_id, r.name, r.quantity, r.start_time]),
        [
          [sooner.id, 'Room 10', 2, sooner.start_time],
          [later.id, 'Room 12', 2, later.start_time]
        ]
      );
    });
  });
}
