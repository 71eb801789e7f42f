// An event's time zone (SPEC §3.9): an IANA name, stored as the zone database spells it, UTC when none is given; an
// unknown one is a 400 problem naming the field. Its instants stay instants. event-events carry it — on both
// transports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Topics, type CloudEvent, type EventCreated, type EventData } from '@style-flow/contracts';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { eventServiceClient } from '../../../test/support/event-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type EventBody = { id: number; time_zone: string; start_date: string; end_date: string };
type Snapshot = EventData<typeof EventCreated>;

const start = '2031-03-14T07:00:00.000Z';
const end = '2031-03-14T15:00:00.000Z';

for (const m of modes) {
  describe(`an event's time zone, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const events = eventServiceClient(() => stack);
    let manager: Caller;
    const announced: CloudEvent<Snapshot>[] = [];
    const create = (fields: Record<string, unknown>) =>
      stack.request<EventBody>('POST', 'event', '/events', {
        token: manager.token,
        body: { title: 'Zoned', start_date: start, end_date: end, capacity: 5, category_id: 1, ...fields }
      });
    const change = (id: number, fields: Record<string, unknown>) =>
      stack.request<EventBody>('PUT', 'event', `/events/${id}`, { token: manager.token, body: fields });
    const assertRefused = (res: Reply<unknown>, why: string) => {
      assert.equal(res.status, 400, `${why}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, why);
      const errors = (res.body as { errors?: Array<{ path: string }> }).errors ?? [];
      assert.ok(
        errors.some((e) => e.path === '/time_zone'),
        `${why}: names /time_zone: ${JSON.stringify(res.body)}`
      );
    };

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      manager = await events.caller('manager');
      await stack.transport.ensureTopics([Topics.eventEvents]);
      await stack.transport.subscribe({
        group: uniqueName('zone-observer'),
        topics: [Topics.eventEvents],
        handle: async (message) => void announced.push(JSON.parse(message.value) as CloudEvent<Snapshot>)
      });
    });
    after(() => stack?.stop());

    test('UTC when none is given; a zone is stored as the database spells it, the instants unchanged', async () => {
      const plain = await create({});
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.body.time_zone, 'UTC');
      const moscow = await create({ time_zone: 'europe/moscow' });
      assert.equal(moscow.status, 201, JSON.stringify(moscow.body));
      assert.deepEqual(
        [moscow.body.time_zone, moscow.body.start_date, moscow.body.end_date],
        ['Europe/Moscow', start, end]
      );
      assert.equal((await events.event(moscow.body.id)).time_zone, 'Europe/Moscow');
      assert.equal((await create({ time_zone: 'Etc/UTC' })).body.time_zone, 'UTC');
      const listed = await stack.request<{ data: EventBody[] }>(
        'GET',
        'event',
        `/events?organizer_id=${manager.id}&limit=50`
      );
      assert.equal(listed.body.data.find((e) => e.id === moscow.body.id)?.time_zone, 'Europe/Moscow');
    });

    test('PUT changes the zone alone; the event-events snapshot carries it', async () => {
      const made = await create({});
      const changed = await change(made.body.id, { time_zone: 'Asia/Tokyo' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual([changed.body.time_zone, changed.body.start_date], ['Asia/Tokyo', start]);
      const updated = await eventually(
        () => announced.find((e) => e.type === 'event.updated' && e.data.id === made.body.id),
        20_000,
        'event.updated announced'
      );
      assert.equal(updated.data.time_zone, 'Asia/Tokyo');
      const created = announced.find((e) => e.type === 'event.created' && e.data.id === made.body.id);
      assert.equal(created?.data.time_zone, 'UTC');
    });

    test('an unknown zone, an offset or a wrong type is a 400 problem naming time_zone; nothing changes', async () => {
      for (const time_zone of ['Mars/Olympus_Mons', '+03:00', 'UTC+3', '', 'x'.repeat(65), 42, null])
        assertRefused(await create({ time_zone }), `create with ${JSON.stringify(time_zone)}`);
      const made = await create({ time_zone: 'Europe/Berlin' });
      assertRefused(await change(made.body.id, { time_zone: 'Europe/Atlantis' }), 'change');
      assert.equal((await events.event(made.body.id)).time_zone, 'Europe/Berlin');
    });
  });
}
