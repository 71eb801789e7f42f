// An event's client_id (SPEC §3.3, §5): a client created a moment ago is accepted (the local copy first, then the
// client service, asked with the caller's token), an unknown or archived client is a 422, a client service that
// does not answer is a 503, a merge re-points the events, and the snapshots on event-events carry the client.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  ClientArchived,
  ClientCreated,
  Topics,
  type CloudEvent,
  type EventCreated,
  type EventData
} from '@style-flow/contracts';
import { eventually, uniqueName as uniqueGroup } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { clientServiceClient, nextTestId } from '../../../test/support/client-client.ts';
import { day, eventServiceClient, future } from '../../../test/support/event-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type EventBody = { id: number; client_id: number | null; code?: string; status?: number };
type Snapshot = EventData<typeof EventCreated>;

const codeOf = (res: Reply<EventBody>) => [res.status, res.body.code];

/** Every event the stack's event service announces on `event-events`, as it arrives. */
async function observeEventEvents(stack: Stack): Promise<CloudEvent<Snapshot>[]> {
  const seen: CloudEvent<Snapshot>[] = [];
  await stack.transport.ensureTopics([Topics.eventEvents]);
  await stack.transport.subscribe({
    group: uniqueGroup('event-observer'),
    topics: [Topics.eventEvents],
    handle: async (message) => void seen.push(JSON.parse(message.value) as CloudEvent<Snapshot>)
  });
  return seen;
}

function eventRequests(get: () => Stack) {
  const body = (fields: Record<string, unknown>) => ({
    title: 'Partner conference',
    start_date: future(10 * day),
    end_date: future(11 * day),
    capacity: 50,
    category_id: 1,
    ...fields
  });
  return {
    create: (who: Caller, fields: Record<string, unknown> = {}) =>
      get().request<EventBody>('POST', 'event', '/events', { token: who.token, body: body(fields) }),
    change: (who: Caller, id: number, fields: Record<string, unknown>) =>
      get().request<EventBody>('PUT', 'event', `/events/${id}`, { token: who.token, body: fields }),
    read: async (id: number) => (await get().request<EventBody>('GET', 'event', `/events/${id}`)).body
  };
}

for (const m of modes) {
  describe(`event client_id with the client service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const clients = clientServiceClient(() => stack);
    const events = eventServiceClient(() => stack);
    const requests = eventRequests(() => stack);
    let manager: Caller;
    let announced: CloudEvent<Snapshot>[];

    before(async () => {
      stack = await startStack(m.mode, ['client', 'event']);
      manager = await events.caller('manager');
      announced = await observeEventEvents(stack);
    });
    after(() => stack?.stop());

    test('a client created a moment ago: the event is created for it and lands on the client’s timeline', async () => {
      const client = await clients.create(manager);
      const created = await requests.create(manager, { client_id: client.id });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.client_id, client.id);
      assert.equal((await requests.read(created.body.id)).client_id, client.id);
      const entry = await eventually(
        async () => (await clients.timeline(manager, client.id)).find((a) => a.event_id === created.body.id),
        20_000,
        'the event on the client’s timeline'
      );
      assert.equal(entry.type, 'event_created');
      const snapshot = await eventually(
        () => announced.find((e) => e.type === 'event.created' && e.data.id === created.body.id),
        20_000,
        'event.created announced'
      );
      assert.equal(snapshot.data.client_id, client.id);
    });

    test('an event without a client has client_id null', async () => {
      const created = await requests.create(manager);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.client_id, null);
    });

    test('an unknown client is a 422 UNKNOWN_CLIENT, problem+json, and nothing is created', async () => {
      const refused = await requests.create(manager, { client_id: 2_000_000_000, title: 'Never created' });
      assert.deepEqual(codeOf(refused), [422, 'UNKNOWN_CLIENT']);
      assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    });

    test('an archived client is a 422 CLIENT_ARCHIVED', async () => {
      const client = await clients.create(manager);
      assert.equal((await clients.call('DELETE', `/clients/${client.id}`, manager)).status, 204);
      // The copy may still hold the client as created, for a moment: refused once it has caught up.
      await eventually(
        async () => (await requests.create(manager, { client_id: client.id })).body.code === 'CLIENT_ARCHIVED',
        20_000,
        'an archived client refused'
      );
    });

    test('PUT changes client_id: to another client, to none, never to an unknown or archived one', async () => {
      const [first, second] = [await clients.create(manager), await clients.create(manager)];
      const created = await requests.create(manager, { client_id: first.id });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      const moved = await requests.change(manager, id, { client_id: second.id });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.client_id, second.id);
      assert.equal((await requests.read(id)).client_id, second.id);
      const updated = await eventually(
        () => announced.find((e) => e.type === 'event.updated' && e.data.id === id && e.data.client_id === second.id),
        20_000,
        'event.updated with the new client'
      );
      assert.equal(updated.data.client_id, second.id);

      assert.deepEqual(codeOf(await requests.change(manager, id, { client_id: 2_000_000_001 })), [
        422,
        'UNKNOWN_CLIENT'
      ]);
      const archived = await clients.create(manager);
      const archivedBefore = await events.consumed('client.archived', 'handled');
      assert.equal((await clients.call('DELETE', `/clients/${archived.id}`, manager)).status, 204);
      // Once the copy has heard of the archiving: until then it may hold the client as created (the copy is
      // trusted first, SPEC §5), and a refusal that came from asking the client service says nothing of the copy.
      await eventually(
        async () => (await events.consumed('client.archived', 'handled')) > archivedBefore,
        20_000,
        'the copy to hear of the archiving'
      );
      assert.deepEqual(codeOf(await requests.create(manager, { client_id: archived.id })), [422, 'CLIENT_ARCHIVED']);
      assert.deepEqual(codeOf(await requests.change(manager, id, { client_id: archived.id })), [
        422,
        'CLIENT_ARCHIVED'
      ]);
      assert.equal((await requests.read(id)).client_id, second.id, 'a refused change changes nothing');

      const cleared = await requests.change(manager, id, { client_id: null });
      assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
      assert.equal(cleared.body.client_id, null);
    });

    test('another manager’s event is a 403 before the client is even looked at', async () => {
      const created = await requests.create(manager);
      const other = await events.caller('manager');
      const res = await requests.change(other, created.body.id, { client_id: 2_000_000_002 });
      assert.equal(res.status, 403, JSON.stringify(res.body));
    });

    test('client.merged: the events of the merged client are run for the one that took it over', async () => {
      const [keeper, duplicate] = [await clients.create(manager), await clients.create(manager)];
      const created = await requests.create(manager, { client_id: duplicate.id });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const merged = await clients.call('POST', `/clients/${keeper.id}/merge`, manager, { from_id: duplicate.id });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      await eventually(
        async () => (await requests.read(created.body.id)).client_id === keeper.id,
        20_000,
        'the event re-pointed'
      );
      await eventually(
        () => announced.find((e) => e.type === 'event.updated' && e.data.id === created.body.id),
        20_000,
        'event.updated for the re-pointed event'
      );
      const refused = await requests.create(manager, { client_id: duplicate.id });
      assert.deepEqual(codeOf(refused), [422, 'CLIENT_ARCHIVED']);
    });
  });

  describe(`event client_id with the client service down, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const events = eventServiceClient(() => stack);
    const requests = eventRequests(() => stack);
    let manager: Caller;
    const known = (id: number, status: 'active' | 'archived'): EventData<typeof ClientCreated> => ({
      id,
      name: `Client ${id}`,
      type: 'organization',
      status,
      email: null,
      industry: null,
      website: null,
      merged_into: null
    });

    before(async () => {
      stack = await startStack(m.mode, ['event'], { CLIENT_SERVICE_URLS: 'http://127.0.0.1:9' });
      manager = await events.caller('manager');
    });
    after(() => stack?.stop());

    test('a client the copy lacks is a 503 DEPENDENCY_UNAVAILABLE problem+json, never a 500', async () => {
      const res = await requests.create(manager, { client_id: nextTestId() });
      assert.deepEqual(codeOf(res), [503, 'DEPENDENCY_UNAVAILABLE']);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const created = await requests.create(manager);
      assert.equal(created.status, 201, 'an event without a client needs no client service');
      const put = await requests.change(manager, created.body.id, { client_id: nextTestId() });
      assert.deepEqual(codeOf(put), [503, 'DEPENDENCY_UNAVAILABLE']);
    });

    test('a client the copy knows needs no client service; one the copy knows archived is refused', async () => {
      const id = nextTestId();
      await events.publish(ClientCreated, 'client', id, known(id, 'active'));
      const created = await eventually(
        async () => {
          const res = await requests.create(manager, { client_id: id });
          return res.status === 201 ? res : null;
        },
        20_000,
        'accepted from the copy'
      );
      assert.equal(created.body.client_id, id);
      await events.publish(ClientArchived, 'client', id, known(id, 'archived'));
      await eventually(
        async () => (await requests.create(manager, { client_id: id })).body.code === 'CLIENT_ARCHIVED',
        20_000,
        'refused from the copy'
      );
    });
  });
}

/** A stand-in client service: 1 active, 2 archived (merged into 1), 3 failing; any other id does not exist. */
async function fakeClientService(seen: Array<string | undefined>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    seen.push(request.headers.authorization);
    const id = Number(/^\/clients\/(\d+)$/.exec(request.url ?? '')?.[1]);
    const reply = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (id === 1) reply(200, { id, name: 'Active', type: 'organization', status: 'active', merged_into: null });
    else if (id === 2) reply(200, { id, name: 'Gone', type: 'organization', status: 'archived', merged_into: 1 });
    else if (id === 3) reply(500, { title: 'Internal server error' });
    else reply(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('event client_id asked of the client service (a stand-in), embedded', () => {
  let stack: Stack;
  let fake: { server: Server; url: string };
  const seen: Array<string | undefined> = [];
  const events = eventServiceClient(() => stack);
  const requests = eventRequests(() => stack);
  let manager: Caller;

  before(async () => {
    fake = await fakeClientService(seen);
    // The first instance is down: the next one is asked.
    stack = await startStack('embedded', ['event'], { CLIENT_SERVICE_URLS: `http://127.0.0.1:9,${fake.url}` });
    manager = await events.caller('manager');
  });
  after(async () => {
    await stack?.stop();
    fake?.server.close();
  });

  test('asked with the caller’s own token: active → 201, archived → 422, missing → 422, failing → 503', async () => {
    const created = await requests.create(manager, { client_id: 1 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(seen.at(-1), `Bearer ${manager.token}`);
    const archived = await requests.create(manager, { client_id: 2 });
    assert.deepEqual(codeOf(archived), [422, 'CLIENT_ARCHIVED']);
    assert.match(String((archived.body as { detail?: string }).detail), /merged into client 1/);
    assert.deepEqual(codeOf(await requests.create(manager, { client_id: 4 })), [422, 'UNKNOWN_CLIENT']);
    const failing = await requests.create(manager, { client_id: 3 });
    assert.deepEqual(codeOf(failing), [503, 'DEPENDENCY_UNAVAILABLE']);
    assert.doesNotMatch(JSON.stringify(failing.body), /Internal server error/);
  });
});
