// A registration is one statement that locks the event's row, claims a seat and writes the registration (SPEC §3.3).
// Its snapshot is taken before it waits for that lock, so these cases hold it up behind the row lock while another
// change of the event commits, and check that it decides on the event as that change left it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { signedCaller, type Caller } from '../../../test/support/accounts.ts';
import { modes, serviceDatabase, startStack, waitingForLocks, type Stack } from '../../../test/support/stack.ts';

const day = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * day).toISOString();

type Registration = { id: number; user_id: number; status: string; code?: string; detail?: string };

for (const m of modes) {
  describe(`registrations waiting for the event's lock, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let manager: Caller;
    const createEvent = async (body: Record<string, unknown>) => {
      const res = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: { title: 'Lock waits', start_date: future(10), end_date: future(11), category_id: 1, ...body }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const register = (who: Caller, eventId: number) =>
      stack.request<Registration>('POST', 'event', `/events/${eventId}/register`, { token: who.token });
    const registrations = async (eventId: number) =>
      (
        await stack.request<{ data: Registration[] }>('GET', 'event', `/events/${eventId}/registrations?limit=100`, {
          token: manager.token
        })
      ).body.data;

    /**
     * Holds the event's row lock in a transaction of the test until `calls` all wait on the database, then lets them
     * go: they were all sent (and each statement's snapshot taken) before any of them had the lock.
     */
    const behindTheLock = async <T>(eventId: number, calls: (() => Promise<T>)[]): Promise<T[]> => {
      const db = await serviceDatabase(stack, 'event');
      try {
        await db.query('begin');
        await db.query('select id from events where id = $1 for update', [eventId]);
        const answers = Promise.all(calls.map((call) => call()));
        await eventually(
          async () => (await waitingForLocks(db)) >= calls.length,
          10_000,
          'every call waits on the lock'
        ).catch(async (error: Error) => {
          // Read afresh: inside this transaction the server would show the sessions as its first read saw them.
          await db.query('select pg_stat_clear_snapshot()');
          const sessions = await db.query(
            `select pid, state, wait_event_type, wait_event, left(query, 100) as query
               from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
          );
          throw new Error(`${error.message}; the database's sessions: ${JSON.stringify(sessions.rows)}`);
        });
        await db.query('rollback');
        return await answers;
      } finally {
        await db.end();
      }
    };

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      manager = await signedCaller(stack, 'manager');
    });
    after(() => stack?.stop());

    test('a cancellation and a newcomer both waiting for a full event: the freed seat goes to the newcomer, whichever goes first', async () => {
      for (let round = 0; round < 5; round++) {
        const event = await createEvent({ capacity: 1, price: '10.00', currency: 'EUR' });
        const [holder, newcomer] = [await signedCaller(stack), await signedCaller(stack)];
        const held = await register(holder, event.id);
        assert.equal(held.body.status, 'pending_payment');
        const [cancelled, registered] = await behindTheLock<{ status: number; body: unknown }>(event.id, [
          () =>
            stack.request('DELETE', 'event', `/events/${event.id}/registrations/${held.body.id}`, {
              token: holder.token
            }),
          () => register(newcomer, event.id)
        ]);
        assert.equal(cancelled!.status, 204);
        assert.equal(registered!.status, 201, JSON.stringify(registered!.body));
        const live = (await registrations(event.id)).filter((r) => r.status !== 'cancelled');
        assert.deepEqual(
          live.map((r) => [r.user_id, r.status]),
          [[newcomer.id, 'pending_payment']],
          `round ${round}: the seat freed while the newcomer waited is the newcomer's`
        );
        assert.equal((await stack.request('GET', 'event', `/events/${event.id}`)).body.registered_count, 1);
      }
    });

    test('an event cancelled while a registration waits: refused as cancelled, or registered and then cancelled; no seat kept', async () => {
      const event = await createEvent({ capacity: 5 });
      const newcomer = await signedCaller(stack);
      const [ended, registered] = await behindTheLock<{ status: number; body: Registration }>(event.id, [
        () => stack.request('DELETE', 'event', `/events/${event.id}`, { token: manager.token }),
        () => register(newcomer, event.id)
      ]);
      assert.equal(ended!.status, 204);
      if (registered!.status === 422) {
        assert.equal(registered!.body.code, 'EVENT_NOT_OPEN');
        assert.match(registered!.body.detail ?? '', /cancelled/);
      } else assert.equal(registered!.status, 201, JSON.stringify(registered!.body));
      const shown = await stack.request('GET', 'event', `/events/${event.id}`);
      assert.deepEqual([shown.body.status, shown.body.registered_count], ['cancelled', 0]);
      assert.ok((await registrations(event.id)).every((r) => r.status === 'cancelled'));
    });

    test('refusals say why without guessing: no event (404), cancelled, started (422)', async () => {
      const user = await signedCaller(stack);
      const missing = await register(user, 999_999_999);
      assert.equal(missing.status, 404);
      const cancelled = await createEvent({ capacity: 5 });
      assert.equal(
        (await stack.request('DELETE', 'event', `/events/${cancelled.id}`, { token: manager.token })).status,
        204
      );
      const refused = await register(user, cancelled.id);
      assert.deepEqual([refused.status, refused.body.code], [422, 'EVENT_NOT_OPEN']);
      assert.match(refused.body.detail ?? '', /cancelled/);
      const started = await createEvent({ capacity: 5, start_date: future(-1), end_date: future(1) });
      const late = await register(user, started.id);
      assert.deepEqual([late.status, late.body.code], [422, 'EVENT_NOT_OPEN']);
      assert.match(late.body.detail ?? '', /started/);
      assert.equal((await stack.request('GET', 'event', `/events/${started.id}`)).body.registered_count, 0);
    });
  });
}
