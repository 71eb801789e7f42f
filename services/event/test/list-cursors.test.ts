// Signed list cursors through HTTP (SPEC §1): a cursor pages the list and filter it was given out for, whatever
// the page size; with another filter, on another list, on the same list of another event, or forged from a row's
// position, it is a 400 problem on /cursor. The transport plays no part, so one backend is enough.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../test/support/accounts.ts';
import { day, eventServiceClient, future } from '../../../test/support/event-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type Page = { data: Array<{ id: number; start_date: string }>; next_cursor: string | null };

describe('list cursors of the event service', () => {
  let stack: Stack;
  const events = eventServiceClient(() => stack);
  let organizer: Caller;
  let made: number[];
  const get = (path: string, who?: Caller) => stack.request<Page>('GET', 'event', path, { token: who?.token });

  function assertRefused(res: Reply<unknown>, why: string): void {
    assert.equal(res.status, 400, `${why}: ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get('content-type')!, /^application\/problem\+json/, why);
    assert.equal((res.body as { errors: Array<{ path: string }> }).errors[0]!.path, '/cursor', why);
  }

  before(async () => {
    stack = await startStack(modes[0]!.mode, ['event']);
    organizer = await events.caller('manager');
    made = [];
    for (const d of [3, 4, 5])
      made.push(
        await events.createEvent(organizer, {
          title: `Cursor ${d}`,
          start_date: future(d * day),
          end_date: future(d * day + 3_600_000),
          capacity: 5,
          price: undefined,
          currency: undefined
        })
      );
  });
  after(() => stack?.stop());

  test('a cursor pages its own filter at any page size; another filter or list refuses it', async () => {
    const mine = `organizer_id=${organizer.id}`;
    const first = await get(`/events?${mine}&limit=1`);
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.data.map((e) => e.id),
      [made[0]]
    );
    const cursor = first.body.next_cursor!;
    const rest = await get(`/events?limit=5&${mine}&cursor=${cursor}`);
    assert.equal(rest.status, 200, JSON.stringify(rest.body));
    assert.deepEqual([rest.body.data.map((e) => e.id), rest.body.next_cursor], [made.slice(1), null]);

    const other = await events.caller('manager');
    assertRefused(await get(`/events?organizer_id=${other.id}&limit=1&cursor=${cursor}`), 'another organiser');
    assertRefused(await get(`/events?limit=1&cursor=${cursor}`), 'the filter dropped');
    assertRefused(await get(`/events?${mine}&status=scheduled&cursor=${cursor}`), 'a filter added');
    assertRefused(await get(`/categories?cursor=${cursor}`), 'another list');
  });

  test('a cursor forged from a position the list would give out is refused', async () => {
    const page = await get(`/events?organizer_id=${organizer.id}&limit=1`);
    const position = [Date.parse(page.body.data[0]!.start_date), page.body.data[0]!.id];
    const forged = Buffer.from(JSON.stringify(position)).toString('base64url');
    assertRefused(await get(`/events?organizer_id=${organizer.id}&cursor=${forged}`), 'forged');
  });

  test('the registrations of one event do not take the cursor of another', async () => {
    const [a, b] = [made[0]!, made[1]!];
    for (const eventId of [a, b]) for (let i = 0; i < 2; i++) await events.register(await events.caller(), eventId);
    const first = await get(`/events/${a}/registrations?limit=1`, organizer);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const cursor = first.body.next_cursor!;
    assert.equal((await get(`/events/${a}/registrations?limit=1&cursor=${cursor}`, organizer)).status, 200);
    assertRefused(await get(`/events/${b}/registrations?limit=1&cursor=${cursor}`, organizer), 'another event');
  });
});
