// SPEC §2: the event service grants rights by the caller's current role and status, not those written in its
// token. The user service announces a demotion or a deactivation on `user-events`; here those facts are
// published as it publishes them, and the old tokens lose their rights within seconds — on both transports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UserDeactivated, UserRoleChanged, type EventData } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { day, eventServiceClient, future } from '../../../test/support/event-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

// Long enough for an event through Kafka on a busy machine, short against a token's hour.
const WITHIN = 10_000;

/** The user as the user service's events describe it. */
function userFact(who: Caller, role: Role, status: 'active' | 'deactivated'): EventData<typeof UserDeactivated> {
  return {
    id: who.id,
    username: `u${who.id}`,
    email: `u${who.id}@example.com`,
    first_name: null,
    last_name: null,
    role,
    status
  };
}

for (const m of modes) {
  describe(
    `the event service follows the current role and status, not the token's, ${m.name}`,
    { skip: m.skip },
    () => {
      let stack: Stack;
      const client = eventServiceClient(() => stack);
      const free = { price: null, currency: null, capacity: 5 };
      const createEvent = (who: Caller) =>
        stack.request<{ id: number; code?: string }>('POST', 'event', '/events', {
          token: who.token,
          body: {
            title: 'Current role',
            start_date: future(10 * day),
            end_date: future(11 * day),
            category_id: 1,
            ...free
          }
        });

      before(async () => {
        stack = await startStack(m.mode, ['event']);
      });
      after(() => stack?.stop());

      test('a manager demoted to user is refused POST /events (403) with its old token within seconds', async () => {
        const manager = await client.caller('manager');
        const own = await client.createEvent(manager, free);

        await client.publish(UserRoleChanged, 'user', manager.id, {
          ...userFact(manager, 'user', 'active'),
          previous_role: 'manager'
        });
        const refused = await eventually(
          async () => {
            const res = await createEvent(manager);
            return res.status === 201 ? null : res;
          },
          WITHIN,
          'the event service to refuse the demoted manager'
        );
        assert.equal(refused.status, 403);
        assert.equal(refused.body.code, 'FORBIDDEN');
        assert.match(refused.headers.get('content-type')!, /application\/problem\+json/);
        const change = await stack.request('PUT', 'event', `/events/${own}`, {
          token: manager.token,
          body: { title: 'Still mine?' }
        });
        assert.equal(change.status, 403, 'nor may it change the event it organised');
        const registered = await stack.request('POST', 'event', `/events/${own}/register`, { token: manager.token });
        assert.equal(registered.status, 201, 'it is still signed in, as a user');
      });

      test('a user promoted to manager creates events with its old token', async () => {
        const user = await client.caller('user');
        assert.equal((await createEvent(user)).status, 403);
        await client.publish(UserRoleChanged, 'user', user.id, {
          ...userFact(user, 'manager', 'active'),
          previous_role: 'user'
        });
        await eventually(async () => (await createEvent(user)).status === 201, WITHIN, 'the promotion to count');
      });

      test('a deactivated user gets 401 with its old token on POST /events/{id}/register', async () => {
        const organizer = await client.caller('manager');
        const [first, second] = [await client.createEvent(organizer, free), await client.createEvent(organizer, free)];
        const user = await client.caller('user');
        await client.register(user, first);

        await client.publish(UserDeactivated, 'user', user.id, userFact(user, 'user', 'deactivated'));
        // A public read with the token is refused too once the deactivation counts, and changes nothing meanwhile.
        await eventually(
          async () => (await stack.request('GET', 'event', `/events/${first}`, { token: user.token })).status === 401,
          WITHIN,
          'the event service to refuse the deactivated user'
        );
        const refused = await stack.request('POST', 'event', `/events/${second}/register`, { token: user.token });
        assert.equal(refused.status, 401);
        assert.equal(refused.body.code, 'UNAUTHENTICATED');
        assert.match(refused.headers.get('content-type')!, /application\/problem\+json/);
        assert.equal((await client.event(second)).registered_count, 0);
      });
    }
  );
}
