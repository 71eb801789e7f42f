// One person's registrations across events (GET /registrations): your own by default, anyone's for managers and
// admins, a 403 problem for anyone else; each with its event, in the events' start order, paged by signed cursors
// and filtered by status and by when the event runs; bad queries are 400 problems — on both transports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../test/support/accounts.ts';
import { day, eventServiceClient, future } from '../../../test/support/event-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type Item = {
  id: number;
  event_id: number;
  user_id: number;
  status: string;
  event: { id: number; title: string; start_date: string; status: string; price: string | null; time_zone: string };
};
type Page = { data: Item[]; next_cursor: string | null };

for (const m of modes) {
  describe(`a person's registrations, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const events = eventServiceClient(() => stack);
    let manager: Caller;
    let attendee: Caller;
    // The attendee's events in start order: in 3 days (free), 5 days (paid, held), 8 days (free, then cancelled).
    let [soon, held, dropped] = [0, 0, 0];
    const list = (who: Caller, query = '') =>
      stack.request<Page>('GET', 'event', `/registrations${query ? `?${query}` : ''}`, { token: who.token });
    const ids = (res: Reply<Page>) => res.body.data.map((r) => r.event_id);
    const assertProblem = (res: Reply<unknown>, status: number, why: string) => {
      assert.equal(res.status, status, `${why}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, why);
    };

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      manager = await events.caller('manager');
      attendee = await events.caller();
      const at = (days: number) => ({ start_date: future(days * day), end_date: future(days * day + 3_600_000) });
      // Made out of start order, so that the list's order is the events' and not the registrations'.
      dropped = await events.createEvent(manager, {
        title: 'Dropped',
        ...at(8),
        price: undefined,
        currency: undefined
      });
      held = await events.createEvent(manager, { title: 'Held', ...at(5), time_zone: 'Europe/Moscow' });
      soon = await events.createEvent(manager, { title: 'Soon', ...at(3), price: undefined, currency: undefined });
      for (const id of [dropped, held, soon]) await events.register(attendee, id);
      const cancelled = await stack.request('DELETE', 'event', `/events/${dropped}`, { token: manager.token });
      assert.equal(cancelled.status, 204);
      // Someone else's registration of the same event, which the attendee's list must not show.
      await events.register(await events.caller(), soon);
    });
    after(() => stack?.stop());

    test('your own, by default: every status, in the order the events start, each with its event', async () => {
      const res = await list(attendee);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(ids(res), [soon, held, dropped]);
      assert.deepEqual(
        res.body.data.map((r) => [r.user_id, r.status]),
        [
          [attendee.id, 'confirmed'],
          [attendee.id, 'pending_payment'],
          [attendee.id, 'cancelled']
        ]
      );
      const [first, second, third] = res.body.data;
      assert.deepEqual(
        [first!.event.id, first!.event.title, first!.event.price, first!.event.time_zone],
        [soon, 'Soon', null, 'UTC']
      );
      assert.deepEqual([second!.event.price, second!.event.time_zone], ['49.90', 'Europe/Moscow']);
      assert.equal(third!.event.status, 'cancelled');
      assert.equal(res.body.next_cursor, null);
      // Naming yourself is the same list.
      assert.deepEqual(ids(await list(attendee, `user_id=${attendee.id}`)), [soon, held, dropped]);
    });

    test("someone else's list is a 403 problem for a plain user; managers and admins see anyone's", async () => {
      const stranger = await events.caller();
      assertProblem(await list(stranger, `user_id=${attendee.id}`), 403, "a user asking for another's");
      for (const [role, staff] of [
        ['manager', manager],
        ['admin', await events.caller('admin')]
      ] as const) {
        const res = await list(staff, `user_id=${attendee.id}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(ids(res), [soon, held, dropped], role);
      }
      // The stranger's own list is empty, not an error.
      assert.deepEqual((await list(stranger)).body, { data: [], next_cursor: null });
    });

    test('pages in start order follow the cursor to the end; a cursor of another filter is refused', async () => {
      const first = await list(attendee, 'limit=2');
      assert.deepEqual(ids(first), [soon, held]);
      const cursor = encodeURIComponent(first.body.next_cursor!);
      const rest = await list(attendee, `limit=2&cursor=${cursor}`);
      assert.equal(rest.status, 200, JSON.stringify(rest.body));
      assert.deepEqual([ids(rest), rest.body.next_cursor], [[dropped], null]);
      const refused = await list(attendee, `limit=2&status=confirmed&cursor=${cursor}`);
      assertProblem(refused, 400, 'a cursor with another filter');
      assert.equal((refused.body as unknown as { errors: Array<{ path: string }> }).errors[0]!.path, '/cursor');
      const forged = Buffer.from(JSON.stringify([Date.parse(first.body.data[0]!.event.start_date), 1])).toString(
        'base64url'
      );
      assertProblem(await list(attendee, `cursor=${forged}`), 400, 'a forged cursor');
    });

    test('filters: status, and from/to on when the event runs', async () => {
      assert.deepEqual(ids(await list(attendee, 'status=pending_payment')), [held]);
      assert.deepEqual(ids(await list(attendee, 'status=cancelled')), [dropped]);
      // Upcoming from day 4: the events that end after it; up to day 6: those that start before it.
      assert.deepEqual(ids(await list(attendee, `from=${future(4 * day)}`)), [held, dropped]);
      assert.deepEqual(ids(await list(attendee, `to=${future(6 * day)}`)), [soon, held]);
      const both = `from=${future(4 * day)}&to=${future(6 * day)}&status=pending_payment`;
      assert.deepEqual(ids(await list(attendee, both)), [held]);
    });

    test('bad queries are 400 problems; no token is a 401', async () => {
      for (const query of [
        'user_id=0',
        'user_id=abc',
        'user_id=2147483648',
        'status=lost',
        'from=tomorrow',
        'to=2030-13-01T10:00:00Z',
        'limit=0',
        'limit=201',
        'cursor=%00',
        'event_id=1'
      ])
        assertProblem(await list(attendee, query), 400, query);
      assertProblem(await stack.request('GET', 'event', '/registrations'), 401, 'no token');
    });
  });
}
