// The rights of SPEC §2 on the resource service: resources, their types and allocations are for staff; a plain
// user gets a 403 on every route, sees nothing and changes nothing — on the embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  at,
  day,
  eventFacts,
  hour,
  resourceServiceClient,
  startFakeEventService,
  type FakeEventService
} from '../../../test/support/resource-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`resource service rights, ${m.name}`, { skip: m.skip }, () => {
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

    test('SPEC §2: a plain user gets a 403 on every route and sees nothing; without a token, a 401', async () => {
      const resource = await client.createResource(manager);
      const eventId = event(at(30 * day), at(31 * day));
      const allocation = await client.allocate(manager, resource, {
        event_id: eventId,
        start_time: at(30 * day + hour),
        end_time: at(30 * day + 2 * hour)
      });
      const block = await client.block(manager, resource, {
        start_time: at(30 * day + 3 * hour),
        end_time: at(30 * day + 4 * hour)
      });
      const window = `from=${at(30 * day)}&to=${at(31 * day)}`;
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/resources'],
        ['GET', `/resources/${resource}`],
        ['POST', '/resources', { name: 'Sneaky', type_id: 1 }],
        ['PUT', `/resources/${resource}`, { name: 'Renamed' }],
        ['DELETE', `/resources/${resource}?force=true`],
        ['GET', `/resources/${resource}/availability?${window}`],
        ['POST', `/resources/${resource}/blocks`, { start_time: at(30 * day), end_time: at(30 * day + hour) }],
        ['GET', `/allocations/${block.body.id}`],
        ['DELETE', `/allocations/${block.body.id}`],
        [
          'POST',
          `/resources/${resource}/allocate`,
          { event_id: eventId, ...{ start_time: at(30 * day), end_time: at(30 * day + hour) } }
        ],
        ['GET', '/allocations'],
        ['GET', `/allocations/${allocation.body.id}`],
        ['DELETE', `/allocations/${allocation.body.id}`],
        ['GET', '/resource-types'],
        ['GET', '/resource-types/1'],
        ['POST', '/resource-types', { name: 'Sneaky type' }],
        ['GET', '/resources/2147483647']
      ];
      const user = await client.caller('user');
      for (const [method, path, body] of routes) {
        const res = await client.send<{ code: string; data?: unknown; name?: unknown }>(method, path, user, body);
        assert.equal(res.status, 403, `${method} ${path} as a user`);
        assert.equal(res.body.code, 'FORBIDDEN');
        assert.equal(res.body.data, undefined);
        const anonymous = await client.send(method, path, null, body);
        assert.equal(anonymous.status, 401, `${method} ${path} without a token`);
      }
      const still = await client.send<{ name: string }>('GET', `/resources/${resource}`, manager);
      assert.deepEqual([still.status, still.body.name], [200, 'Hall'], 'nothing was changed');
      const kept = await client.send<{ status: string }>('GET', `/allocations/${allocation.body.id}`, admin);
      assert.equal(kept.body.status, 'active');
    });
  });
}
