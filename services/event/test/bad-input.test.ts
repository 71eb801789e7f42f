// Bad input on every endpoint of the event service (SPEC §1): generated wrong values for every field of
// every body, query and path; each gets a 4xx problem+json and changes nothing — on both backends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@style-flow/platform';
import { signedCaller } from '../../../test/support/accounts.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

const day = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * day).toISOString();

// Wrong values by the kind of field they are sent for; each is invalid for that kind.
const notAString = [42, true, [], {}, null];
const notAnId = ['1', 0, -1, 1.5, 2 ** 53, true, null, [], {}];
const notATimestamp = ['tomorrow', '2030-13-01T10:00:00', '2030-02-30', '2030-01-01T25:00:00', '10:00', 42, null];
const fields: Record<string, readonly unknown[]> = {
  title: [...notAString, '', 'x'.repeat(201)],
  description: [42, [], 'x'.repeat(10_001)],
  start_date: notATimestamp,
  end_date: notATimestamp,
  location: [42, {}, 'x'.repeat(301)],
  capacity: [...notAnId, 1_000_001],
  category_id: notAnId,
  price: [-1, '1.234', 10.555, 'ten', '1e3', true, 1e11],
  currency: ['eur', 'EURO', 'E1R', 42],
  time_zone: [42, null, '', 'Mars/Olympus_Mons', '+03:00', 'x'.repeat(65)]
};

const cursorOf = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** Every body made by replacing one field of a valid one with a wrong value, plus structural mistakes. */
function badBodies(valid: Record<string, unknown>): unknown[] {
  const bodies: unknown[] = [];
  for (const [field, values] of Object.entries(fields)) for (const v of values) bodies.push({ ...valid, [field]: v });
  return [
    ...bodies,
    { ...valid, organizer_id: 1 },
    { ...valid, status: 'cancelled' },
    { ...valid, seats_taken: 0 },
    [],
    'text',
    42
  ];
}

for (const m of modes) {
  describe(`event service refuses bad input and changes nothing, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let manager: { id: number; token: string };
    let user: { id: number; token: string };
    const token = (role: Role) => signedCaller(stack, role);
    const assertProblem = (res: Reply, what: unknown) => {
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} for ${JSON.stringify(what)}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, JSON.stringify(what));
      assert.equal(res.body.status, res.status);
      assert.equal(typeof res.body.detail, 'string');
    };
    const mine = async () =>
      (await stack.request<{ data: unknown[] }>('GET', 'event', `/events?organizer_id=${manager.id}&limit=200`)).body
        .data;

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      manager = await token('manager');
      user = await token('user');
    });
    after(() => stack?.stop());

    test('POST /events and PUT /events/{id}: every field with every wrong value', async () => {
      const valid = {
        title: 'Valid',
        start_date: future(5),
        end_date: future(6),
        capacity: 5,
        category_id: 1,
        price: '10.00',
        currency: 'EUR'
      };
      const created = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: valid
      });
      assert.equal(created.status, 201);
      const original = (await stack.request('GET', 'event', `/events/${created.body.id}`)).body;
      const bodies = badBodies(valid);
      assert.ok(bodies.length > 60, `${bodies.length} bad bodies`);
      for (const body of bodies) {
        assertProblem(await stack.request('POST', 'event', '/events', { token: manager.token, body }), body);
        assertProblem(
          await stack.request('PUT', 'event', `/events/${created.body.id}`, { token: manager.token, body }),
          body
        );
      }
      for (const body of [{}, { end_date: future(4) }, { category_id: 999 }]) {
        assertProblem(
          await stack.request('PUT', 'event', `/events/${created.body.id}`, { token: manager.token, body }),
          body
        );
      }
      for (const raw of ['{"title":', '', 'null', '{"title": "x"}}']) {
        assertProblem(await stack.request('POST', 'event', '/events', { token: manager.token, raw }), raw);
      }
      assertProblem(
        await stack.request('POST', 'event', '/events', {
          token: manager.token,
          raw: JSON.stringify(valid),
          headers: { 'content-type': 'text/plain' }
        }),
        'text/plain'
      );
      assertProblem(
        await stack.request('PUT', 'event', '/events/999999999', { token: manager.token, body: { title: 'Nowhere' } }),
        'missing event'
      );

      assert.equal((await mine()).length, 1, 'no event was created');
      assert.deepEqual(
        (await stack.request('GET', 'event', `/events/${created.body.id}`)).body,
        original,
        'the event is unchanged'
      );
    });

    test('queries and paths: lists, ids and registrations', async () => {
      for (const q of [
        'limit=0',
        'limit=201',
        'limit=x',
        'category_id=x',
        'category_id=0',
        'organizer_id=-1',
        'from=yesterday',
        'to=2030-13-01',
        'status=open',
        'q=',
        `q=${'x'.repeat(101)}`,
        'cursor=zzz',
        'cursor=eyJ4IjoxfQ',
        'nope=1',
        // Past what the columns and the calendar hold (SPEC §1).
        'category_id=2147483648',
        'organizer_id=2147483648',
        'from=0000-01-01',
        'to=10000-01-01',
        `to=${encodeURIComponent('9999-12-31T23:00:00-05:00')}`,
        'q=%00',
        'q=a%00b',
        // Cursors it never gave out: wrong shapes and numbers, and a start beyond the calendar.
        ...[[1.5, 1.5], [1, 2 ** 31], [1, 0], ['a', 1], [1], [9e15, 1], [-9e15, 1]].map((c) => `cursor=${cursorOf(c)}`)
      ]) {
        assertProblem(await stack.request('GET', 'event', `/events?${q}`), q);
      }
      const event = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: { title: 'Paths', start_date: future(5), end_date: future(6), capacity: 5, category_id: 1 }
      });
      const reg = await stack.request<{ id: number }>('POST', 'event', `/events/${event.body.id}/register`, {
        token: user.token
      });
      for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
        assertProblem(await stack.request('GET', 'event', `/events/${id}`), id);
        assertProblem(await stack.request('DELETE', 'event', `/events/${id}`, { token: manager.token }), id);
        assertProblem(await stack.request('POST', 'event', `/events/${id}/register`, { token: user.token }), id);
        assertProblem(await stack.request('GET', 'event', `/events/${id}/registrations`, { token: manager.token }), id);
        assertProblem(
          await stack.request('DELETE', 'event', `/events/${event.body.id}/registrations/${id}`, {
            token: manager.token
          }),
          id
        );
      }
      for (const q of [
        'limit=0',
        'status=maybe',
        'cursor=%%%',
        'user_id=1',
        ...[[1.5], [0], [2 ** 31], ['1'], [1, 2]].map((c) => `cursor=${cursorOf(c)}`)
      ]) {
        assertProblem(
          await stack.request('GET', 'event', `/events/${event.body.id}/registrations?${q}`, { token: manager.token }),
          q
        );
      }
      for (const body of [
        { user_id: 'me' },
        { user_id: 0 },
        { user_id: 1.5 },
        { user_id: null },
        { seat: 1 },
        [],
        'x',
        null
      ]) {
        assertProblem(
          await stack.request('POST', 'event', `/events/${event.body.id}/register`, { token: user.token, body }),
          body
        );
      }
      // A JSON `null` is a body of the wrong type, not an absent one (which registers the caller).
      const newcomer = await token('user');
      const nullBody = await stack.request('POST', 'event', `/events/${event.body.id}/register`, {
        token: newcomer.token,
        body: null
      });
      assert.equal(nullBody.status, 400, JSON.stringify(nullBody.body));
      // A registration reached through another event's path is not found, and stays as it was.
      const other = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: { title: 'Other', start_date: future(5), end_date: future(6), capacity: 5, category_id: 1 }
      });
      assertProblem(
        await stack.request('DELETE', 'event', `/events/${other.body.id}/registrations/${reg.body.id}`, {
          token: manager.token
        }),
        'crossed path'
      );

      const regs = await stack.request<{ data: Array<{ id: number; status: string }> }>(
        'GET',
        'event',
        `/events/${event.body.id}/registrations`,
        { token: manager.token }
      );
      assert.deepEqual(
        regs.body.data.map((r) => [r.id, r.status]),
        [[reg.body.id, 'confirmed']],
        'one registration, unchanged'
      );
      assert.equal((await stack.request('GET', 'event', `/events/${event.body.id}`)).body.registered_count, 1);
    });

    test('POST /categories', async () => {
      const before = (await stack.request<{ data: unknown[] }>('GET', 'event', '/categories')).body.data.length;
      for (const body of [
        {},
        { name: '' },
        { name: 42 },
        { name: null },
        { name: 'x'.repeat(101) },
        { name: 'Ok', description: 42 },
        { name: 'Ok', id: 7 },
        [],
        'Ok'
      ]) {
        assertProblem(await stack.request('POST', 'event', '/categories', { token: manager.token, body }), body);
      }
      assertProblem(
        await stack.request('POST', 'event', '/categories', { token: manager.token, body: { name: ' conference ' } }),
        'duplicate name'
      );
      for (const q of ['limit=0', 'limit=201', 'cursor=zzz', `cursor=${cursorOf([2 ** 31])}`, 'nope=1'])
        assertProblem(await stack.request('GET', 'event', `/categories?${q}`), q);
      for (const id of ['abc', '0', '2147483648'])
        assertProblem(await stack.request('GET', 'event', `/categories/${id}`), id);
      assertProblem(await stack.request('GET', 'event', '/categories/2147483647'), 'missing category');
      assertProblem(
        await stack.request('POST', 'event', '/categories', { token: manager.token, body: { name: '   ' } }),
        'blank name'
      );
      assert.equal((await stack.request<{ data: unknown[] }>('GET', 'event', '/categories')).body.data.length, before);
    });
  });
}
