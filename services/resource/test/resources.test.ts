// Resources and their types (SPEC §3.4): CRUD with filters and cursor pages, "free for the whole window",
// deletion refused while allocations hold a resource unless forced, and the development seed — on the embedded
// backends and on PostgreSQL + Kafka. The rights of SPEC §2 are in rights.test.ts.
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

type Resource = { id: number; name: string; type_id: number; quantity: number; location: string | null };
type Page<T> = { data: T[]; next_cursor: string | null };

for (const m of modes) {
  describe(`resources and resource types, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let events: FakeEventService;
    let manager: Caller;
    let admin: Caller;
    const client = resourceServiceClient(() => stack);
    const event = (start: string, end: string) => {
      const e = eventFacts(start, end);
      events.events.set(e.id, e);
      return e.id;
    };

    before(async () => {
      events = await startFakeEventService();
      stack = await startStack(m.mode, ['resource'], { EVENT_SERVICE_URLS: events.url });
      manager = await client.caller('manager');
      admin = await client.caller('admin');
    });
    after(async () => {
      await stack?.stop();
      await events?.kill();
    });

    test('types: the five seeded, staff add more, names unique whatever their case', async () => {
      const types = await client.send<Page<{ id: number; name: string }>>('GET', '/resource-types', manager);
      assert.equal(types.status, 200);
      assert.deepEqual(
        types.body.data.slice(0, 5).map((t) => [t.id, t.name]),
        [
          [1, 'room'],
          [2, 'equipment'],
          [3, 'catering'],
          [4, 'staff'],
          [5, 'transport']
        ]
      );
      const added = await client.send<{ id: number; name: string }>('POST', '/resource-types', admin, {
        name: 'Furniture',
        description: 'Chairs and tables'
      });
      assert.equal(added.status, 201);
      assert.equal(added.headers.get('location'), `/resource-types/${added.body.id}`);
      assert.equal(
        (await client.send<{ name: string }>('GET', `/resource-types/${added.body.id}`, manager)).body.name,
        'Furniture'
      );
      const again = await client.send<{ code: string }>('POST', '/resource-types', manager, { name: 'FURNITURE' });
      assert.deepEqual([again.status, again.body.code], [409, 'RESOURCE_TYPE_EXISTS']);
      const page = await client.send<Page<{ id: number }>>('GET', '/resource-types?limit=2', manager);
      const next = await client.send<Page<{ id: number }>>(
        'GET',
        `/resource-types?limit=2&cursor=${page.body.next_cursor}`,
        manager
      );
      assert.deepEqual(
        next.body.data.map((t) => t.id),
        [3, 4]
      );
    });

    test('resources: create, read, change, list by type and text, in cursor pages; an unknown type is a 422', async () => {
      const created = await client.send<Resource & Record<string, unknown>>('POST', '/resources', manager, {
        name: 'Projector XL',
        type_id: 2,
        quantity: 4,
        location: 'Store room 3',
        description: 'Full HD',
        setup_minutes: 15
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.headers.get('location'), `/resources/${created.body.id}`);
      assert.deepEqual(
        [created.body.quantity, created.body.setup_minutes, created.body.teardown_minutes, created.body.status],
        [4, 15, 0, 'active']
      );
      const fetched = await client.send<Resource>('GET', `/resources/${created.body.id}`, admin);
      assert.deepEqual(fetched.body, created.body);
      const changed = await client.send<Resource>('PUT', `/resources/${created.body.id}`, manager, {
        location: null,
        quantity: 6
      });
      assert.deepEqual([changed.status, changed.body.location, changed.body.quantity], [200, null, 6]);
      assert.equal((await client.send('PUT', `/resources/${created.body.id}`, manager, {})).status, 400);
      const unknown = await client.send<{ code: string }>('POST', '/resources', manager, { name: 'X', type_id: 999 });
      assert.deepEqual([unknown.status, unknown.body.code], [422, 'UNKNOWN_RESOURCE_TYPE']);
      const defaulted = await client.send<Resource>('POST', '/resources', manager, { name: 'Van', type_id: 5 });
      assert.deepEqual([defaulted.status, defaulted.body.quantity], [201, 1]);

      const byType = await client.send<Page<Resource>>('GET', '/resources?type_id=2', manager);
      assert.ok(byType.body.data.every((r) => r.type_id === 2));
      assert.ok(byType.body.data.some((r) => r.id === created.body.id));
      const byText = await client.send<Page<Resource>>('GET', '/resources?q=hd', manager);
      assert.deepEqual(
        byText.body.data.map((r) => r.id),
        [created.body.id],
        'q looks in the description too'
      );
      const first = await client.send<Page<Resource>>('GET', '/resources?limit=1', manager);
      const second = await client.send<Page<Resource>>(
        'GET',
        `/resources?limit=1&cursor=${first.body.next_cursor}`,
        manager
      );
      assert.ok(second.body.data[0]!.id > first.body.data[0]!.id);
      const forged = await client.send('GET', '/resources?cursor=WzAsMF0', manager);
      assert.equal(forged.status, 400, 'a cursor this list never gave out');
    });

    test('available_from/available_to/quantity: resources free for at least that much over the whole window', async () => {
      const base = 10 * day;
      const eventId = event(at(base), at(base + day));
      const type = await client.send<{ id: number }>('POST', '/resource-types', manager, { name: 'Booth' });
      const make = () => client.createResource(manager, { type_id: type.body.id, quantity: 2 });
      const [half, full, free] = [await make(), await make(), await make()];
      const allocate = (resource: number, quantity: number, from: number, to: number) =>
        client.allocate(manager, resource, {
          event_id: eventId,
          quantity,
          start_time: at(base + from * hour),
          end_time: at(base + to * hour)
        });
      assert.equal((await allocate(half, 1, 10, 12)).status, 201);
      assert.equal((await allocate(full, 2, 11, 12)).status, 201);
      const available = async (quantity: number, from = 9, to = 13) =>
        (
          await client.send<Page<Resource>>(
            'GET',
            `/resources?type_id=${type.body.id}&available_from=${at(base + from * hour)}&available_to=${at(base + to * hour)}&quantity=${quantity}`,
            manager
          )
        ).body.data.map((r) => r.id);
      assert.deepEqual(await available(1), [half, free]);
      assert.deepEqual(await available(2), [free]);
      assert.deepEqual(await available(2, 12, 13), [half, full, free], 'the window after them is free');
      const partial = await client.send('GET', `/resources?available_from=${at(base)}`, manager);
      assert.equal(partial.status, 400, 'the window needs both ends');
    });

    test('delete: a 409 listing the allocations that have not ended, unless force=true releases each, announced', async () => {
      const recorder = await recordTopics(stack, [Topics.resourceAllocations, Topics.resourceEvents]);
      try {
        const base = 20 * day;
        const resource = await client.createResource(manager, { quantity: 2 });
        const eventId = event(at(base), at(base + day));
        const allocation = await client.allocate(manager, resource, {
          event_id: eventId,
          start_time: at(base + 9 * hour),
          end_time: at(base + 10 * hour)
        });
        assert.equal(allocation.status, 201);
        const block = await client.block(manager, resource, {
          start_time: at(base + 11 * hour),
          end_time: at(base + 12 * hour)
        });
        assert.equal(block.status, 201);
        const refused = await client.send<{ code: string; conflicts: Array<{ id: number }> }>(
          'DELETE',
          `/resources/${resource}`,
          manager
        );
        assert.deepEqual([refused.status, refused.body.code], [409, 'RESOURCE_IN_USE']);
        assert.deepEqual(
          refused.body.conflicts.map((c) => c.id),
          [allocation.body.id]
        );
        assert.equal((await client.send('GET', `/resources/${resource}`, manager)).status, 200, 'nothing changed');

        assert.equal((await client.send('DELETE', `/resources/${resource}?force=true`, manager)).status, 204);
        assert.equal((await client.send('GET', `/resources/${resource}`, manager)).status, 404);
        const released = await client.allocations(manager, `resource_id=${resource}`);
        assert.deepEqual(
          released.map((a) => [a.id, a.status, a.released_reason]),
          [
            [allocation.body.id, 'released', 'resource_deleted'],
            [block.body.id, 'released', 'resource_deleted']
          ]
        );
        await eventually(
          () =>
            recorder.of('resource.released', allocation.body.id).length === 2 &&
            recorder.of('resource.deleted', resource).length === 1,
          30_000,
          'the release (on both topics) and the deletion announced'
        );
        assert.equal((await client.send('DELETE', `/resources/${resource}`, manager)).status, 404);
        const listed = await client.send<Page<Resource>>('GET', '/resources?limit=200', manager);
        assert.ok(!listed.body.data.some((r) => r.id === resource), 'a deleted resource is not listed');
      } finally {
        await recorder.stop();
      }
    });

    test('an allocation that has ended does not hold its resource back from deletion', async () => {
      const resource = await client.createResource(manager);
      const eventId = event('2023-12-01T10:00:00Z', '2023-12-01T18:00:00Z');
      const past = await client.allocate(manager, resource, {
        event_id: eventId,
        start_time: '2023-12-01T10:00:00Z',
        end_time: '2023-12-01T18:00:00Z'
      });
      assert.equal(past.status, 201);
      assert.equal((await client.send('DELETE', `/resources/${resource}`, manager)).status, 204);
      const [kept] = await client.allocations(manager, `resource_id=${resource}`);
      assert.equal(kept!.status, 'active', 'history stays as it was');
    });
  });
}

describe('the development seed', () => {
  test('an empty system in ENVIRONMENT=development gets one room, Main hall, as resource 1; a test system none', async () => {
    const development = await startStack('embedded', ['resource'], { ENVIRONMENT: 'development' });
    try {
      const manager = await resourceServiceClient(() => development).caller('manager');
      const list = await development.request<Page<Resource>>('GET', 'resource', '/resources', { token: manager.token });
      assert.deepEqual(
        list.body.data.map((r) => [r.id, r.name, r.type_id, r.quantity]),
        [[1, 'Main hall', 1, 1]]
      );
    } finally {
      await development.stop();
    }
    const testing = await startStack('embedded', ['resource']);
    try {
      const manager = await resourceServiceClient(() => testing).caller('manager');
      const list = await testing.request<Page<Resource>>('GET', 'resource', '/resources', { token: manager.token });
      assert.deepEqual(list.body.data, []);
    } finally {
      await testing.stop();
    }
  });
});
