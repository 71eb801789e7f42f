// The event service (SPEC §3.3): events and registrations that never overbook, the waitlist and its order,
// the rights of SPEC §2, and bad input — on the embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import { signedCaller, type Caller } from '../../../test/support/accounts.ts';
import {
  modes,
  serviceDatabase,
  startStack,
  waitingForLocks,
  type Reply,
  type Stack
} from '../../../test/support/stack.ts';

const day = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * day).toISOString();

for (const m of modes) {
  describe(`event service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: Caller;
    let manager: Caller;
    let otherManager: Caller;
    let user: Caller;
    const caller = (role?: Role) => signedCaller(stack, role);
    const createEvent = async (who: Caller, body: Record<string, unknown> = {}) => {
      const res = await stack.request<Record<string, unknown>>('POST', 'event', '/events', {
        token: who.token,
        body: {
          title: 'Microservices conference',
          start_date: future(10),
          end_date: future(11),
          capacity: 10,
          category_id: 1,
          ...body
        }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: number } & Record<string, unknown>;
    };
    const register = (who: Caller, eventId: number) =>
      stack.request<{ id: number; status: string; code?: string }>('POST', 'event', `/events/${eventId}/register`, {
        token: who.token
      });

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      admin = await caller('admin');
      manager = await caller('manager');
      otherManager = await caller('manager');
      user = await caller('user');
    });
    after(() => stack?.stop());

    test('200 concurrent registrations for 10 seats: exactly 10 confirmed, the rest waitlisted in order; 3 cancellations promote the first 3', async () => {
      const event = await createEvent(manager);
      const users = await Promise.all(Array.from({ length: 200 }, () => caller()));
      const results = await Promise.all(users.map((u) => register(u, event.id)));
      assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
      const confirmed = results.filter((r) => r.body.status === 'confirmed');
      const waitlisted = results
        .filter((r) => r.body.status === 'waitlisted')
        .map((r) => r.body.id)
        .sort((a, b) => a - b);
      assert.equal(confirmed.length, 10);
      assert.equal(waitlisted.length, 190);
      const shown = await stack.request('GET', 'event', `/events/${event.id}`);
      assert.deepEqual([shown.body.registered_count, shown.body.available_seats], [10, 0]);

      // The organiser's list shows the same: 10 confirmed, the waitlist in arrival order.
      const listed = await stack.request<{ data: Array<{ id: number; status: string }> }>(
        'GET',
        'event',
        `/events/${event.id}/registrations?status=waitlisted&limit=200`,
        { token: manager.token }
      );
      assert.deepEqual(
        listed.body.data.map((r) => r.id),
        waitlisted
      );

      for (const r of confirmed.slice(0, 3)) {
        const owner = users[results.indexOf(r)]!;
        assert.equal(
          (
            await stack.request('DELETE', 'event', `/events/${event.id}/registrations/${r.body.id}`, {
              token: owner.token
            })
          ).status,
          204
        );
      }
      const now = await stack.request<{ data: Array<{ id: number }> }>(
        'GET',
        'event',
        `/events/${event.id}/registrations?status=confirmed&limit=200`,
        { token: manager.token }
      );
      const confirmedIds = now.body.data.map((r) => r.id);
      assert.equal(confirmedIds.length, 10);
      assert.deepEqual(
        confirmedIds.filter((id) => waitlisted.includes(id)).sort((a, b) => a - b),
        waitlisted.slice(0, 3),
        'exactly the first three waitlisted were promoted'
      );
      assert.equal((await stack.request('GET', 'event', `/events/${event.id}`)).body.registered_count, 10);
    });

    test('registrations and cancellations racing on a full paid event: no seat stays free while anyone waits', async () => {
      const capacity = 10;
      const event = await createEvent(manager, { capacity, price: '49.90', currency: 'EUR' });
      const owners = new Map<number, Caller>();
      const newcomers = async (n: number) => {
        const users = await Promise.all(Array.from({ length: n }, () => caller()));
        for (const u of users) owners.set(u.id, u);
        return users;
      };
      let seated = await Promise.all(
        (await newcomers(capacity)).map(async (u) => ({ id: (await register(u, event.id)).body.id, user_id: u.id }))
      );
      for (let round = 0; round < 8; round++) {
        // Every seated registration cancels while as many newcomers (and a few more) register, all at once: a
        // newcomer who finds the event full joins the waitlist while a cancellation looks for someone to promote.
        const cancels = seated.map(
          (r) => () =>
            stack.request('DELETE', 'event', `/events/${event.id}/registrations/${r.id}`, {
              token: owners.get(r.user_id)!.token
            })
        );
        const registers = (await newcomers(capacity + 2)).map((u) => () => register(u, event.id));
        const interleaved = registers.flatMap((reg, i) => (cancels[i] ? [reg, cancels[i]!] : [reg]));
        const answers = await Promise.all(interleaved.map((run) => run()));
        assert.ok(
          answers.every((a) => a.status === 201 || a.status === 204),
          JSON.stringify(answers.find((a) => a.status >= 300)?.body)
        );
        const listed = await stack.request<{ data: Array<{ id: number; user_id: number; status: string }> }>(
          'GET',
          'event',
          `/events/${event.id}/registrations?limit=200`,
          { token: manager.token }
        );
        const live = listed.body.data.filter((r) => r.status !== 'cancelled');
        const holding = live.filter((r) => r.status === 'confirmed' || r.status === 'pending_payment');
        const waiting = live.filter((r) => r.status === 'waitlisted');
        assert.equal(
          holding.length,
          Math.min(capacity, live.length),
          `round ${round}: ${holding.length} of ${capacity} seats taken while ${waiting.length} wait`
        );
        const shown = await stack.request('GET', 'event', `/events/${event.id}`);
        assert.equal(shown.body.registered_count, holding.length, 'the seat count matches the registrations');
        // The next round cancels whoever holds a seat now.
        seated = holding;
      }
    });

    test('a newcomer joining the waitlist while a cancellation frees the last seat gets the seat, whatever the timing', async () => {
      const event = await createEvent(manager, { capacity: 1, price: '49.90', currency: 'EUR' });
      const [holder, newcomer] = [await caller(), await caller()];
      const held = await register(holder, event.id);
      assert.equal(held.body.status, 'pending_payment');
      const db = await serviceDatabase(stack, 'event');
      try {
        // The newcomer's registration is held between finding the event full and writing its waiting row: a
        // transaction of the test holds a live registration of the same user, so the insert waits on the unique
        // index until the test rolls it back. The cancellation runs in that gap.
        await db.query('begin');
        await db.query(`insert into registrations (event_id, user_id, status) values ($1, $2, 'waitlisted')`, [
          event.id,
          newcomer.id
        ]);
        const registering = register(newcomer, event.id);
        await eventually(async () => (await waitingForLocks(db)) >= 1, 10_000, 'the registration waits');
        let cancelled = false;
        const cancelling = stack
          .request('DELETE', 'event', `/events/${event.id}/registrations/${held.body.id}`, { token: holder.token })
          .finally(() => (cancelled = true));
        // Either the cancellation is done (it did not wait for the registration), or it waits for it.
        await eventually(async () => cancelled || (await waitingForLocks(db)) >= 2, 10_000, 'the cancellation ran');
        await db.query('rollback');
        assert.equal((await cancelling).status, 204);
        assert.equal((await registering).status, 201);
      } finally {
        await db.end();
      }
      const mine = await stack.request<{ data: Array<{ user_id: number; status: string }> }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: manager.token }
      );
      assert.deepEqual(
        mine.body.data.filter((r) => r.user_id === newcomer.id).map((r) => r.status),
        ['pending_payment'],
        'the freed seat went to the one waiting'
      );
      assert.equal((await stack.request('GET', 'event', `/events/${event.id}`)).body.registered_count, 1);
    });

    test('a second registration is a 409; past and cancelled events refuse (422); capacity cannot drop below the seats taken, and raising it promotes', async () => {
      const event = await createEvent(manager, { capacity: 1 });
      const first = await caller();
      const second = await caller();
      assert.equal((await register(first, event.id)).body.status, 'confirmed');
      const dup = await register(first, event.id);
      assert.equal(dup.status, 409);
      assert.equal(dup.body.code, 'ALREADY_REGISTERED');
      assert.equal((await register(second, event.id)).body.status, 'waitlisted');
      const down = await stack.request('PUT', 'event', `/events/${event.id}`, {
        token: manager.token,
        body: { capacity: 1 }
      });
      assert.equal(down.status, 200);
      const up = await stack.request('PUT', 'event', `/events/${event.id}`, {
        token: manager.token,
        body: { capacity: 2 }
      });
      assert.equal(up.body.registered_count, 2, 'raising the capacity promoted the waitlisted registration');
      const tooLow = await stack.request('PUT', 'event', `/events/${event.id}`, {
        token: manager.token,
        body: { capacity: 1 }
      });
      assert.equal(tooLow.status, 409);
      assert.equal(tooLow.body.code, 'CAPACITY_BELOW_REGISTRATIONS');

      const past = await createEvent(manager, { start_date: '2023-12-01T10:00:00', end_date: '2023-12-01T18:00:00' });
      assert.equal(past.start_date, '2023-12-01T10:00:00.000Z', 'a timestamp without an offset is UTC');
      assert.equal((await register(user, past.id)).status, 422);

      assert.equal(
        (await stack.request('DELETE', 'event', `/events/${event.id}`, { token: manager.token })).status,
        204
      );
      const cancelled = await stack.request('GET', 'event', `/events/${event.id}`);
      assert.deepEqual([cancelled.body.status, cancelled.body.registered_count], ['cancelled', 0]);
      const regs = await stack.request<{ data: Array<{ status: string }> }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: manager.token }
      );
      assert.deepEqual(
        [...new Set(regs.body.data.map((r) => r.status))],
        ['cancelled'],
        'registrations cancelled, kept for history'
      );
      assert.equal((await register(await caller(), event.id)).status, 422);
      assert.equal((await register(user, 999_999_999)).status, 404);
    });

    test('rights: managers create; a manager changes only its own events; a user sees only its own registrations', async () => {
      assert.equal(
        (
          await stack.request('POST', 'event', '/events', {
            token: user.token,
            body: { title: 'x', start_date: future(1), end_date: future(2), capacity: 1, category_id: 1 }
          })
        ).status,
        403
      );
      assert.equal(
        (
          await stack.request('POST', 'event', '/events', {
            body: { title: 'x', start_date: future(1), end_date: future(2), capacity: 1, category_id: 1 }
          })
        ).status,
        401
      );
      const event = await createEvent(manager, { capacity: 5 });
      assert.equal(event.organizer_id, manager.id);
      assert.equal(
        (
          await stack.request('PUT', 'event', `/events/${event.id}`, {
            token: otherManager.token,
            body: { title: 'Hijacked' }
          })
        ).status,
        403
      );
      assert.equal(
        (await stack.request('DELETE', 'event', `/events/${event.id}`, { token: otherManager.token })).status,
        403
      );
      assert.equal(
        (await stack.request('PUT', 'event', `/events/${event.id}`, { token: user.token, body: { title: 'Hijacked' } }))
          .status,
        403
      );
      assert.equal(
        (
          await stack.request('PUT', 'event', `/events/${event.id}`, {
            token: admin.token,
            body: { title: 'Renamed by admin' }
          })
        ).body.title,
        'Renamed by admin'
      );

      const alice = await caller();
      const bob = await caller();
      const aliceReg = (await register(alice, event.id)).body;
      await register(bob, event.id);
      const seenByAlice = await stack.request<{ data: Array<{ user_id: number }> }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: alice.token }
      );
      assert.deepEqual(
        seenByAlice.body.data.map((r) => r.user_id),
        [alice.id]
      );
      const seenByOrganiser = await stack.request<{ data: unknown[] }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: manager.token }
      );
      assert.equal(seenByOrganiser.body.data.length, 2);
      const seenByAdmin = await stack.request<{ data: unknown[] }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: admin.token }
      );
      assert.equal(seenByAdmin.body.data.length, 2, 'an admin sees every registration');
      const seenByOtherManager = await stack.request<{ data: unknown[] }>(
        'GET',
        'event',
        `/events/${event.id}/registrations`,
        { token: otherManager.token }
      );
      assert.deepEqual(seenByOtherManager.body.data, [], 'a manager who does not organise it sees only its own (none)');
      assert.equal(
        (await stack.request('GET', 'event', '/events/999999999/registrations', { token: admin.token })).status,
        404
      );
      assert.equal((await stack.request('DELETE', 'event', `/events/${event.id}`, { token: user.token })).status, 403);
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${event.id}/registrations/${aliceReg.id}`, {
            token: bob.token
          })
        ).status,
        404,
        'bob cannot cancel alice'
      );
      assert.equal(
        (
          await stack.request('POST', 'event', `/events/${event.id}/register`, {
            token: bob.token,
            body: { user_id: alice.id }
          })
        ).status,
        403
      );
      const forSomeone = await stack.request('POST', 'event', `/events/${event.id}/register`, {
        token: admin.token,
        body: { user_id: 77 }
      });
      assert.deepEqual([forSomeone.status, forSomeone.body.user_id], [201, 77]);
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${event.id}/registrations/${aliceReg.id}`, {
            token: manager.token
          })
        ).status,
        204,
        'the organiser cancels'
      );
      const bobReg = seenByOrganiser.body.data.find((r) => (r as { user_id: number }).user_id === bob.id) as {
        id: number;
      };
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${event.id}/registrations/${bobReg.id}`, {
            token: otherManager.token
          })
        ).status,
        404,
        'another manager cannot cancel it'
      );
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${event.id}/registrations/${bobReg.id}`, {
            token: admin.token
          })
        ).status,
        204,
        'an admin cancels'
      );
      assert.equal((await stack.request('GET', 'event', `/events/${event.id}/registrations`)).status, 401);
    });

    test('bad input is a 4xx problem and creates nothing', async () => {
      const before = (
        await stack.request<{ data: unknown[] }>('GET', 'event', `/events?organizer_id=${otherManager.id}&limit=200`)
      ).body.data.length;
      const base = { title: 'Bad', start_date: future(3), end_date: future(4), capacity: 5, category_id: 1 };
      const cases: Array<[Record<string, unknown>, number]> = [
        [{ ...base, end_date: future(2) }, 400],
        [{ ...base, capacity: 0 }, 400],
        [{ ...base, capacity: '5' }, 400],
        [{ ...base, category_id: 999 }, 422],
        [{ ...base, organizer_id: 1 }, 400],
        [{ ...base, start_date: 'tomorrow' }, 400],
        [{ ...base, start_date: '2030-02-30T10:00:00' }, 400],
        [{ ...base, price: 10.555, currency: 'EUR' }, 400],
        [{ ...base, price: 10 }, 400],
        [{ ...base, currency: 'euro', price: 5 }, 400],
        [{ ...base, title: 'x'.repeat(201) }, 400],
        [{ title: 'only a title' }, 400]
      ];
      for (const [body, status] of cases) {
        const res = await stack.request('POST', 'event', '/events', { token: otherManager.token, body });
        assert.equal(res.status, status, JSON.stringify(body));
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
      assert.equal(
        (await stack.request('POST', 'event', '/events', { token: otherManager.token, raw: '{"title":' })).status,
        400
      );
      for (const q of [
        'limit=0',
        'limit=500',
        'category_id=x',
        'from=yesterday',
        'status=open',
        'cursor=zzz',
        'nope=1'
      ]) {
        assert.equal((await stack.request('GET', 'event', `/events?${q}`)).status, 400, q);
      }
      assert.equal((await stack.request('GET', 'event', '/events/abc')).status, 400);
      assert.equal(
        (await stack.request('POST', 'event', '/events/1/register', { token: user.token, body: { user_id: 'me' } }))
          .status,
        400
      );
      const after = (
        await stack.request<{ data: unknown[] }>('GET', 'event', `/events?organizer_id=${otherManager.id}&limit=200`)
      ).body.data.length;
      assert.equal(after, before);
    });

    test('lists: filters and cursor pages in start order; categories are public and managers add them', async () => {
      const a = await createEvent(otherManager, {
        title: 'Alpha meetup',
        start_date: future(30),
        end_date: future(31),
        category_id: 2
      });
      const b = await createEvent(otherManager, {
        title: 'Beta training',
        start_date: future(20),
        end_date: future(21),
        category_id: 3
      });
      const mine = await stack.request<{ data: Array<{ id: number }> }>(
        'GET',
        'event',
        `/events?organizer_id=${otherManager.id}`
      );
      assert.deepEqual(
        mine.body.data.map((e) => e.id),
        [b.id, a.id]
      );
      assert.deepEqual(
        (
          await stack.request<{ data: Array<{ id: number }> }>(
            'GET',
            'event',
            `/events?organizer_id=${otherManager.id}&category_id=2`
          )
        ).body.data.map((e) => e.id),
        [a.id]
      );
      assert.deepEqual(
        (
          await stack.request<{ data: Array<{ id: number }> }>(
            'GET',
            'event',
            `/events?organizer_id=${otherManager.id}&q=beta`
          )
        ).body.data.map((e) => e.id),
        [b.id]
      );
      assert.deepEqual(
        (
          await stack.request<{ data: Array<{ id: number }> }>(
            'GET',
            'event',
            `/events?organizer_id=${otherManager.id}&from=${encodeURIComponent(future(25))}`
          )
        ).body.data.map((e) => e.id),
        [a.id]
      );
      const page1 = await stack.request<{ data: Array<{ id: number }>; next_cursor: string }>(
        'GET',
        'event',
        `/events?organizer_id=${otherManager.id}&limit=1`
      );
      const page2 = await stack.request<{ data: Array<{ id: number }>; next_cursor: string | null }>(
        'GET',
        'event',
        `/events?organizer_id=${otherManager.id}&limit=1&cursor=${page1.body.next_cursor}`
      );
      assert.deepEqual([page1.body.data[0]!.id, page2.body.data[0]!.id, page2.body.next_cursor], [b.id, a.id, null]);

      const categories = await stack.request<{ data: Array<{ id: number; name: string }> }>(
        'GET',
        'event',
        '/categories'
      );
      assert.equal(categories.body.data[0]!.name, 'Conference');
      assert.equal(
        (await stack.request('POST', 'event', '/categories', { token: user.token, body: { name: 'Hackathon' } }))
          .status,
        403
      );
      assert.equal(
        (await stack.request('POST', 'event', '/categories', { token: manager.token, body: { name: 'Hackathon' } }))
          .status,
        201
      );
      assert.equal(
        (await stack.request('POST', 'event', '/categories', { token: manager.token, body: { name: 'hackathon' } }))
          .status,
        409
      );
    });

    test('lists: q matches %, _ and \\ as themselves; cursors page across the whole calendar; categories page too', async () => {
      const organizer = await caller('manager');
      const titled = async (title: string, start: string, end: string) =>
        (await createEvent(organizer, { title, start_date: start, end_date: end })).id;
      const percent = await titled('100% fun', future(40), future(41));
      const underscore = await titled('snake_case meetup', future(42), future(43));
      const backslash = await titled('C:\\ drive', future(44), future(45));
      const ancient = await titled('Founding', '0050-03-01T10:00:00Z', '0050-03-01T12:00:00Z');
      const distant = await titled('Far future', '9999-12-30T10:00:00Z', '9999-12-31T10:00:00Z');
      const ids = async (query: string) =>
        (
          await stack.request<{ data: Array<{ id: number }> }>(
            'GET',
            'event',
            `/events?organizer_id=${organizer.id}&${query}`
          )
        ).body.data.map((e) => e.id);
      assert.deepEqual(await ids('q=%25'), [percent]);
      assert.deepEqual(await ids('q=_'), [underscore]);
      assert.deepEqual(await ids('q=%5C'), [backslash]);

      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Reply<{ data: Array<{ id: number }>; next_cursor: string | null }> = await stack.request(
          'GET',
          'event',
          `/events?organizer_id=${organizer.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        paged.push(...page.body.data.map((e) => e.id));
        cursor = page.body.next_cursor;
      } while (cursor !== null && paged.length < 10);
      assert.deepEqual(paged, [ancient, percent, underscore, backslash, distant], 'each event once, in start order');

      const all: number[] = [];
      let next: string | null = null;
      do {
        const page: Reply<{ data: Array<{ id: number }>; next_cursor: string | null }> = await stack.request(
          'GET',
          'event',
          `/categories?limit=2${next ? `&cursor=${next}` : ''}`
        );
        all.push(...page.body.data.map((c) => c.id));
        next = page.body.next_cursor;
      } while (next !== null && all.length < 100);
      assert.deepEqual(
        all,
        [...all].sort((x, y) => x - y)
      );
      assert.ok(all.length >= 5, 'the seeded categories and those added');
      const one = await stack.request<{ id: number; name: string }>('GET', 'event', `/categories/${all[0]}`);
      assert.deepEqual([one.status, one.body.name], [200, 'Conference']);
    });
  });
}
