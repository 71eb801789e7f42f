// Allocations (SPEC §3.4): the peak decides, setup and teardown count, blocks take quantity, availability as
// intervals, release, a lowered quantity — on the embedded backends and on PostgreSQL + Kafka. What events do to
// allocations is in events.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  at,
  day,
  eventFacts,
  hour,
  recordTopics,
  resourceServiceClient,
  startFakeEventService,
  type FakeEventService
} from '../../../test/support/resource-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`resource allocations, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let events: FakeEventService;
    let manager: Caller;
    let recorder: Awaited<ReturnType<typeof recordTopics>>;
    const client = resourceServiceClient(() => stack);
    // Each test works on its own day, so that windows of different tests never meet.
    let nextDay = 0;
    const newDay = () => nextDay++ * day;
    /** An event the event service knows (and the local copy does not, yet), running over [start, end). */
    const event = (start: string, end: string, fields = {}) => {
      const e = eventFacts(start, end, fields);
      events.events.set(e.id, e);
      return e.id;
    };
    const window = (base: number, from: number, to: number) => ({
      start_time: at(base + from * hour),
      end_time: at(base + to * hour)
    });

    before(async () => {
      events = await startFakeEventService();
      stack = await startStack(m.mode, ['resource'], { EVENT_SERVICE_URLS: events.url });
      manager = await client.caller('manager');
      recorder = await recordTopics(stack, [Topics.resourceAllocations, Topics.resourceEvents]);
    });
    after(async () => {
      await recorder?.stop();
      await stack?.stop();
      await events?.kill();
    });

    test('the peak decides: quantity 2 with 09–10 and 11–12 taken fits 09–12 once, and not twice', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { quantity: 2 });
      const eventId = event(at(d), at(d + day));
      const allocate = (from: number, to: number, quantity = 1) =>
        client.allocate(manager, resource, { event_id: eventId, quantity, ...window(d, from, to) });
      const [nine, eleven] = [await allocate(9, 10), await allocate(11, 12)];
      assert.deepEqual([nine.status, eleven.status], [201, 201]);
      const across = await allocate(9, 12);
      assert.equal(across.status, 201, 'the peak inside 09–12 is 1 of 2, however many overlap it');
      assert.equal(across.headers.get('location'), `/allocations/${across.body.id}`);
      assert.deepEqual(
        [across.body.status, across.body.quantity, across.body.start_time, across.body.end_time],
        ['active', 1, at(d + 9 * hour), at(d + 12 * hour)]
      );

      const again = await allocate(9, 12);
      assert.equal(again.status, 409);
      assert.match(again.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(again.body.code, 'ALLOCATION_CONFLICT');
      assert.equal(again.body.free_quantity, 0);
      assert.deepEqual(
        again.body.conflicts!.map((c) => c.id).sort((a, b) => a - b),
        [nine.body.id, eleven.body.id, across.body.id].sort((a, b) => a - b)
      );
      const two = await allocate(10, 11, 2);
      assert.equal(two.status, 409, 'only one is free from 10 to 11');
      assert.equal(two.body.free_quantity, 1);
      assert.deepEqual(
        two.body.conflicts!.map((c) => c.id),
        [across.body.id]
      );
      assert.equal((await allocate(10, 11, 1)).status, 201);
      assert.equal((await allocate(12, 13, 2)).status, 201, 'an end and a start that touch do not overlap');
    });

    test('setup and teardown minutes are part of the occupied window, and longer buffers must still fit', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { setup_minutes: 30, teardown_minutes: 15 });
      const eventId = event(at(d), at(d + day));
      const allocate = (from: number, to: number) =>
        client.allocate(manager, resource, { event_id: eventId, ...window(d, from, to) });
      const ten = await allocate(10, 11);
      assert.equal(ten.status, 201);
      assert.deepEqual([ten.body.occupied_from, ten.body.occupied_to], [at(d + 9.5 * hour), at(d + 11.25 * hour)]);
      const eleven = await allocate(11, 12);
      assert.equal(eleven.status, 409, "its setup from 10:30 meets the other's teardown until 11:15");
      assert.deepEqual(
        eleven.body.conflicts!.map((c) => c.id),
        [ten.body.id]
      );
      assert.equal((await allocate(11.75, 12.5)).status, 201, 'its setup starts as the teardown ends');
      const early = await allocate(8, 9.25);
      assert.equal(early.status, 201, 'its teardown ends as the setup of 10:00 starts');

      const longer = await client.send<{ code: string; peak: number; conflicts: Array<{ id: number }> }>(
        'PUT',
        `/resources/${resource}`,
        manager,
        { setup_minutes: 60 }
      );
      assert.equal(longer.status, 409);
      assert.equal(longer.body.code, 'QUANTITY_BELOW_ALLOCATED');
      assert.equal(longer.body.peak, 2);
      assert.ok(longer.body.conflicts.some((c) => c.id === early.body.id));
      const shorter = await client.send('PUT', `/resources/${resource}`, manager, { teardown_minutes: 0 });
      assert.equal(shorter.status, 200);
    });

    test('maintenance blocks take quantity like allocations, are listed, and free it when released', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { quantity: 3, setup_minutes: 60 });
      const eventId = event(at(d), at(d + day));
      const block = await client.block(manager, resource, { ...window(d, 10, 12), quantity: 2, reason: 'Repaint' });
      assert.equal(block.status, 201, JSON.stringify(block.body));
      assert.equal(block.headers.get('location'), `/allocations/${block.body.id}`);
      assert.deepEqual([block.body.kind, block.body.event_id, block.body.quantity], ['block', null, 2]);
      const two = await client.allocate(manager, resource, { event_id: eventId, quantity: 2, ...window(d, 12.5, 14) });
      assert.equal(two.status, 409, 'its setup hour from 11:30 meets the block');
      assert.deepEqual(
        [two.body.free_quantity, two.body.conflicts!.map((c) => [c.id, c.kind])],
        [1, [[block.body.id, 'block']]]
      );
      const blocked = await client.block(manager, resource, { ...window(d, 11, 13), quantity: 2 });
      assert.equal(blocked.status, 409, 'a block is refused like an allocation');
      assert.equal(blocked.body.free_quantity, 1);

      const blocks = await client.allocations(manager, `kind=block&resource_id=${resource}`);
      assert.deepEqual(
        blocks.map((b) => [b.id, b.kind, b.event_id, b.reason, b.status]),
        [[block.body.id, 'block', null, 'Repaint', 'active']]
      );
      assert.deepEqual(await client.allocations(manager, `kind=allocation&resource_id=${resource}`), []);
      assert.equal((await client.send('DELETE', `/allocations/${block.body.id}`, manager)).status, 204);
      assert.equal(
        (await client.allocate(manager, resource, { event_id: eventId, quantity: 2, ...window(d, 12.5, 14) })).status,
        201
      );
      const all = await client.allocations(manager, `resource_id=${resource}`);
      assert.deepEqual(
        all.map((a) => [a.kind, a.status]),
        [
          ['block', 'released'],
          ['allocation', 'active']
        ]
      );
      await eventually(
        () => recorder.of('resource.allocated', all[1]!.id).length === 2,
        30_000,
        'the allocation announced'
      );
      assert.equal(
        recorder.seen.filter((e) => String(e.subject) === String(block.body.id)).length,
        0,
        'a block is not'
      );
    });

    test('availability: the free quantity over the window as intervals, setup and teardown counted', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { quantity: 3, teardown_minutes: 30 });
      const eventId = event(at(d), at(d + day));
      assert.equal(
        (await client.allocate(manager, resource, { event_id: eventId, ...window(d, 10, 11.5) })).status,
        201
      );
      assert.equal((await client.block(manager, resource, { ...window(d, 11, 13), quantity: 2 })).status, 201);
      const intervals = await client.availability(manager, resource, at(d + 9 * hour), at(d + 14 * hour));
      assert.deepEqual(
        intervals.map((i) => [i.start, i.end, i.free_quantity]),
        [
          [at(d + 9 * hour), at(d + 10 * hour), 3],
          [at(d + 10 * hour), at(d + 11 * hour), 2],
          [at(d + 11 * hour), at(d + 12 * hour), 0],
          [at(d + 12 * hour), at(d + 13 * hour), 1],
          [at(d + 13 * hour), at(d + 14 * hour), 3]
        ]
      );
      const bad = await client.send('GET', `/resources/${resource}/availability?from=${at(d)}&to=${at(d)}`, manager);
      assert.equal(bad.status, 400, 'the window must not be empty');
    });

    test('release: the row stays with released_at; again is a 409; a past one (the seed’s 2023) is a 422', async () => {
      const d = newDay();
      const resource = await client.createResource(manager);
      const eventId = event(at(d), at(d + day));
      const first = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 9, 17) });
      assert.equal(first.status, 201);
      assert.equal((await client.send('DELETE', `/allocations/${first.body.id}`, manager)).status, 204);
      const released = await client.send<{ status: string; released_at: string | null; released_reason: string }>(
        'GET',
        `/allocations/${first.body.id}`,
        manager
      );
      assert.equal(released.body.status, 'released');
      assert.ok(released.body.released_at);
      assert.equal(released.body.released_reason, 'released');
      const again = await client.send<{ code: string }>('DELETE', `/allocations/${first.body.id}`, manager);
      assert.deepEqual([again.status, again.body.code], [409, 'ALREADY_RELEASED']);
      assert.equal(
        (await client.allocate(manager, resource, { event_id: eventId, ...window(d, 9, 17) })).status,
        201,
        'the released quantity is free again'
      );

      const seedEvent = event('2023-12-01T10:00:00.000Z', '2023-12-01T18:00:00.000Z');
      const past = await client.allocate(manager, resource, {
        event_id: seedEvent,
        start_time: '2023-12-01T10:00:00',
        end_time: '2023-12-01T18:00:00',
        quantity: 1
      });
      assert.equal(past.status, 201, 'past dates are allowed for allocations');
      assert.equal(past.body.start_time, '2023-12-01T10:00:00.000Z');
      const refused = await client.send<{ code: string }>('DELETE', `/allocations/${past.body.id}`, manager);
      assert.deepEqual([refused.status, refused.body.code], [422, 'ALLOCATION_IN_PAST']);
      assert.equal((await client.send('DELETE', '/allocations/2147483647', manager)).status, 404);

      await eventually(
        () => recorder.of('resource.released', first.body.id).length === 2,
        30_000,
        'the release announced on resource-allocations and resource-events'
      );
      const [own, announced] = ['resource-allocations', 'resource-events'].map((topic) =>
        recorder.of('resource.released', first.body.id).find((e) => e.topic.endsWith(topic))!
      );
      assert.deepEqual(own!.data, announced!.data);
      assert.equal((own!.data as { status: string }).status, 'released');
      assert.equal(recorder.of('resource.allocated', first.body.id).length, 2);
    });

    test('lowering the quantity below the peak of allocations that have not ended is a 409 with the conflicts', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { quantity: 3 });
      const eventId = event(at(d), at(d + day));
      const a = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 9, 12) });
      const b = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 11, 14) });
      const c = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 15, 16) });
      const lower = (quantity: number) =>
        client.send<{ code: string; peak: number; conflicts: Array<{ id: number }>; quantity: number }>(
          'PUT',
          `/resources/${resource}`,
          manager,
          { quantity }
        );
      const refused = await lower(1);
      assert.deepEqual([refused.status, refused.body.code, refused.body.peak], [409, 'QUANTITY_BELOW_ALLOCATED', 2]);
      assert.deepEqual(
        refused.body.conflicts.map((x) => x.id),
        [a.body.id, b.body.id],
        'the allocations over the new quantity, not the one alone at 15:00'
      );
      const two = await lower(2);
      assert.deepEqual([two.status, two.body.quantity], [200, 2]);
      assert.equal((await client.send('DELETE', `/allocations/${b.body.id}`, manager)).status, 204);
      assert.equal((await lower(1)).status, 200);
      assert.ok(c.body.id);
    });

    test('bad windows and missing resources', async () => {
      const d = newDay();
      const resource = await client.createResource(manager);
      const eventId = event(at(d), at(d + day));
      const backwards = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 12, 11) });
      assert.equal(backwards.status, 400);
      assert.deepEqual(backwards.body.errors, [{ path: '/end_time', message: 'must be after start_time' }]);
      const impossible = await client.allocate(manager, resource, {
        event_id: eventId,
        start_time: '2040-02-30T10:00:00Z',
        end_time: '2040-03-01T10:00:00Z'
      });
      assert.equal(impossible.status, 400);
      const missing = await client.allocate(manager, 2_147_483_647, { event_id: eventId, ...window(d, 9, 10) });
      assert.equal(missing.status, 404);
      assert.equal((await client.send('DELETE', `/resources/${resource}`, manager)).status, 204);
      const deleted = await client.allocate(manager, resource, { event_id: eventId, ...window(d, 9, 10) });
      assert.equal(deleted.status, 404, 'a deleted resource takes no allocation');
    });
  });
}
