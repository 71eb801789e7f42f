// The resource service with the real event service (SPEC §3.4, §5): an allocation made right after its event was
// created (the copy has not caught up: the event service is asked), shown on GET /events/{id}; a cancelled event's
// allocations released and gone from it; a moved event's allocations outside the new window flagged — the two
// services agreeing through one contract, on the in-process bus and on Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { day, hour, resourceServiceClient } from '../../../test/support/resource-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

type EventPage = { status: string; resources: Array<{ allocation_id: number; resource_id: number; name: string }> };

for (const m of modes) {
  describe(`resources allocated to events of the event service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let manager: Caller;
    const client = resourceServiceClient(() => stack);
    let nextDay = 40;
    const start = () => Date.now() + nextDay++ * day;
    const iso = (ms: number) => new Date(ms).toISOString();
    const createEvent = async (from: number, to: number) => {
      const res = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: { title: 'Offsite', start_date: iso(from), end_date: iso(to), capacity: 20, category_id: 1 }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };
    const eventPage = async (id: number) => (await stack.request<EventPage>('GET', 'event', `/events/${id}`)).body;

    before(async () => {
      stack = await startStack(m.mode, ['event', 'resource']);
      manager = await client.caller('manager');
    });
    after(() => stack?.stop());

    test('allocated right after the event was created, shown on the event; the cancelled event releases it', async () => {
      const resource = await client.createResource(manager, { name: 'Main hall', quantity: 1 });
      const from = start();
      const eventId = await createEvent(from, from + 8 * hour);
      const allocated = await client.allocate(manager, resource, {
        event_id: eventId,
        start_time: iso(from),
        end_time: iso(from + 8 * hour)
      });
      assert.equal(allocated.status, 201, JSON.stringify(allocated.body));
      const shown = await eventually(
        async () => (await eventPage(eventId)).resources.find((r) => r.allocation_id === allocated.body.id),
        30_000,
        'the allocation on GET /events/{id}'
      );
      assert.deepEqual([shown.resource_id, shown.name], [resource, 'Main hall']);

      assert.equal(
        (await stack.request('DELETE', 'event', `/events/${eventId}`, { token: manager.token })).status,
        204
      );
      await eventually(
        async () => {
          const [a] = await client.allocations(manager, `event_id=${eventId}`);
          return a?.status === 'released' && a.released_reason === 'event_cancelled';
        },
        30_000,
        'the allocation released with its event'
      );
      await eventually(
        async () => (await eventPage(eventId)).resources.length === 0,
        30_000,
        'the allocation gone from GET /events/{id}'
      );
      const refused = await client.allocate(manager, resource, {
        event_id: eventId,
        start_time: iso(from),
        end_time: iso(from + hour)
      });
      assert.deepEqual([refused.status, refused.body.code], [422, 'EVENT_CANCELLED']);
      const other = await createEvent(from, from + 8 * hour);
      assert.equal(
        (
          await client.allocate(manager, resource, {
            event_id: other,
            start_time: iso(from),
            end_time: iso(from + 8 * hour)
          })
        ).status,
        201,
        'the released room is free for another event'
      );
    });

    test('the event moved: its allocations outside the new window are flagged conflict, the others stay', async () => {
      const resource = await client.createResource(manager, { name: 'Projector', type_id: 2, quantity: 3 });
      const from = start();
      const eventId = await createEvent(from, from + 10 * hour);
      const allocate = (a: number, b: number) =>
        client.allocate(manager, resource, {
          event_id: eventId,
          start_time: iso(from + a * hour),
          end_time: iso(from + b * hour)
        });
      const [morning, evening] = [await allocate(0, 3), await allocate(7, 10)];
      assert.deepEqual([morning.status, evening.status], [201, 201]);
      await eventually(async () => (await eventPage(eventId)).resources.length === 2, 30_000, 'both on the event');

      const moved = await stack.request('PUT', 'event', `/events/${eventId}`, {
        token: manager.token,
        body: { start_date: iso(from - hour), end_date: iso(from + 5 * hour) }
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      await eventually(
        async () => {
          const list = await client.allocations(manager, `event_id=${eventId}`);
          const status = Object.fromEntries(list.map((a) => [a.id, a.status]));
          return status[evening.body.id] === 'conflict' && status[morning.body.id] === 'active';
        },
        30_000,
        'the evening allocation flagged, the morning one kept'
      );
      const page = await eventPage(eventId);
      assert.equal(page.resources.length, 2, 'a flagged allocation is not dropped: it still holds the projector');
      const conflicts = await client.allocations(manager, `status=conflict&resource_id=${resource}`);
      assert.deepEqual(
        conflicts.map((a) => a.id),
        [evening.body.id]
      );
    });
  });
}
