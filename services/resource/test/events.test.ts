// Knowing the event of an allocation (SPEC §3.4, §5): it must exist, not be cancelled and cover the allocation —
// the local copy from event-events first, then the event service (a 503 when it cannot answer) — and what
// event-events do to allocations: a cancellation releases them, a move flags those outside the new window. On the
// embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventCancelled, EventCreated, EventUpdated, Topics } from '@style-flow/contracts';
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
  describe(`allocations and their events, ${m.name}`, { skip: m.skip }, () => {
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

    test('the event: unknown is a 422, cancelled a 422, not covering the allocation a 422; the event service down is a 503', async () => {
      const d = newDay();
      const resource = await client.createResource(manager);
      const allocate = (eventId: number, from = 9, to = 10) =>
        client.allocate(manager, resource, { event_id: eventId, ...window(d, from, to) });
      const unknown = await allocate(2_000_000_000);
      assert.deepEqual([unknown.status, unknown.body.code], [422, 'UNKNOWN_EVENT']);
      const cancelled = await allocate(event(at(d), at(d + day), { status: 'cancelled' }));
      assert.deepEqual([cancelled.status, cancelled.body.code], [422, 'EVENT_CANCELLED']);
      const short = event(at(d + 9 * hour), at(d + 10 * hour));
      const outside = await allocate(short, 9, 11);
      assert.deepEqual([outside.status, outside.body.code], [422, 'OUTSIDE_EVENT']);
      assert.equal((await allocate(short, 9, 10)).status, 201);

      events.setDown(true);
      try {
        const down = await allocate(1_999_999_999);
        assert.deepEqual([down.status, down.body.code], [503, 'DEPENDENCY_UNAVAILABLE']);
        assert.match(down.headers.get('content-type') ?? '', /application\/problem\+json/);
        // An event the copy learned from event-events needs no event service.
        const known = eventFacts(at(d), at(d + day));
        await client.publishEvent(EventCreated, known);
        const allocated = await eventually(
          async () => {
            const res = await allocate(known.id, 12, 13);
            return res.status === 201 ? res : null;
          },
          30_000,
          'an allocation for the event learned from event-events'
        );
        assert.equal(allocated.body.event_id, known.id);
      } finally {
        events.setDown(false);
      }
    });

    test('event-events: a cancelled event releases its allocations; a moved one flags those outside its window', async () => {
      const d = newDay();
      const resource = await client.createResource(manager, { quantity: 2 });
      const facts = eventFacts(at(d), at(d + day));
      events.events.set(facts.id, facts);
      const morning = await client.allocate(manager, resource, { event_id: facts.id, ...window(d, 9, 12) });
      const evening = await client.allocate(manager, resource, { event_id: facts.id, ...window(d, 18, 20) });
      assert.deepEqual([morning.status, evening.status], [201, 201]);

      const moved = { ...facts, start_date: at(d + 8 * hour), end_date: at(d + 13 * hour) };
      await client.publishEvent(EventUpdated, moved);
      await eventually(
        async () =>
          (await client.send<{ status: string }>('GET', `/allocations/${evening.body.id}`, manager)).body.status ===
          'conflict',
        30_000,
        'the allocation outside the new window flagged'
      );
      assert.equal(
        (await client.send<{ status: string }>('GET', `/allocations/${morning.body.id}`, manager)).body.status,
        'active'
      );
      const flagged = await eventually(
        () => (recorder.of('resource.allocation_conflict', evening.body.id).length === 2 ? true : null),
        30_000,
        'the conflict announced on both topics'
      );
      assert.ok(flagged);
      const conflictEvent = recorder.of('resource.allocation_conflict', evening.body.id)[0]!.data as Record<
        string,
        unknown
      >;
      assert.deepEqual(
        [conflictEvent.status, conflictEvent.event_start_date, conflictEvent.event_end_date],
        ['conflict', moved.start_date, moved.end_date]
      );
      const other = event(at(d), at(d + day));
      const still = await client.allocate(manager, resource, { event_id: other, quantity: 2, ...window(d, 18, 20) });
      assert.equal(still.status, 409, 'a flagged allocation still holds its quantity until released');
      assert.deepEqual(
        still.body.conflicts!.map((c) => c.id),
        [evening.body.id]
      );

      await client.publishEvent(EventCancelled, { ...moved, status: 'cancelled' });
      await eventually(
        async () => {
          const list = await client.allocations(manager, `event_id=${facts.id}`);
          return (
            list.length === 2 && list.every((a) => a.status === 'released' && a.released_reason === 'event_cancelled')
          );
        },
        30_000,
        'both allocations released with the event'
      );
      await eventually(
        () => recorder.of('resource.released', morning.body.id).length === 2,
        30_000,
        'each release announced'
      );
      const refused = await client.allocate(manager, resource, { event_id: facts.id, ...window(d, 9, 10) });
      assert.deepEqual([refused.status, refused.body.code], [422, 'EVENT_CANCELLED']);
    });
  });
}
