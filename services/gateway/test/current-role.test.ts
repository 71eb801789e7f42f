// The current-role rule at the edge (SPEC §2): the gateway grants what the caller is now, not what its token
// says. A demoted manager and a deactivated user lose their rights there within seconds, however long their
// tokens still run; the change travels as user events to the gateway's own copy of each user's role and status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { claimsOf, login, registerAccount, type TestAccount } from '../../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { throughGateway } from './support/through-gateway.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const m of modes) {
  describe(`the current role at the edge, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let client: Stack;
    let adminToken: string;
    const get = (path: string, token: string) => client.request('GET', 'gateway', path, { headers: bearer(token) });

    before(async () => {
      // Polling through the gateway must not meet its per-user rate limit.
      stack = await startStack(m.mode, ['auth', 'user', 'event', 'gateway'], { RATE_LIMIT_PER_MINUTE: '1000000' });
      client = throughGateway(stack);
      // The first account of the system is its admin.
      adminToken = (await login(client, await registerAccount(client))).access_token;
    });
    after(() => stack?.stop());

    async function accountWithProfile(): Promise<TestAccount> {
      const account = await registerAccount(client);
      await eventually(
        async () => (await get(`/users/${account.id}`, adminToken)).status === 200,
        30_000,
        'the profile in the user service'
      );
      return account;
    }

    test('a manager demoted through the gateway is refused /gateway/events with its old token within seconds', async () => {
      const account = await accountWithProfile();
      const userToken = (await login(client, account)).access_token;
      const promoted = await client.request('PUT', 'user', `/users/${account.id}`, {
        token: adminToken,
        body: { role: 'manager' }
      });
      assert.equal(promoted.status, 200);
      await eventually(
        async () => (await get('/auth/me', userToken)).body.role === 'manager',
        30_000,
        'auth to learn the new role'
      );
      // A token that itself says manager: what the edge refuses later, it refuses despite the token.
      const managerToken = (await login(client, account)).access_token;
      assert.equal(claimsOf(managerToken).role, 'manager');
      await eventually(
        async () => (await get('/gateway/events', managerToken)).status === 200,
        30_000,
        'the gateway to know the manager'
      );

      const demoted = await client.request('PUT', 'user', `/users/${account.id}`, {
        token: adminToken,
        body: { role: 'user' }
      });
      assert.equal(demoted.status, 200);
      const started = Date.now();
      const refused = await eventually(
        async () => {
          const res = await get('/gateway/events', managerToken);
          return res.status === 403 ? res : null;
        },
        10_000,
        'the edge to refuse the demoted manager'
      );
      assert.match(refused.headers.get('content-type')!, /problem\+json/);
      assert.ok(Date.now() - started < 10_000, `refused ${Date.now() - started} ms after the demotion`);
      assert.equal((await get('/gateway/upstreams', managerToken)).status, 403);
      assert.equal((await get('/user-service/metrics', managerToken)).status, 403);
      assert.equal((await get(`/users/${account.id}`, managerToken)).status, 200, 'still a user, with its own rights');
    });

    test("a deactivated user's old token is refused at the edge (401) on every route that is not public", async () => {
      const account = await accountWithProfile();
      const token = (await login(client, account)).access_token;
      assert.equal((await get('/auth/me', token)).status, 200);
      assert.equal((await client.request('DELETE', 'user', `/users/${account.id}`, { token: adminToken })).status, 204);
      // /gateway/events is the gateway's own route: a 401 there is the edge's.
      await eventually(
        async () => (await get('/gateway/events', token)).status === 401,
        10_000,
        'the edge to refuse the deactivated user'
      );
      const requests: Array<[string, string]> = [
        ['GET', `/users/${account.id}`],
        ['GET', '/auth/me'],
        ['POST', '/auth/logout'],
        ['POST', '/events'],
        ['GET', '/events/1/registrations'],
        ['POST', '/events/1/register'],
        // No payment or client service runs here: only the edge can answer these.
        ['GET', '/payments'],
        ['POST', '/clients'],
        // A token sent to a public route must be valid too.
        ['GET', '/events']
      ];
      for (const [method, path] of requests) {
        const res = await client.request(method, 'gateway', path, {
          headers: bearer(token),
          ...(method === 'POST' ? { body: {} } : {})
        });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.match(res.headers.get('content-type')!, /problem\+json/, `${method} ${path}`);
        // Deactivation also ends the user's sessions: either fact refuses the token.
        assert.match(
          String(res.body.detail),
          /session of this access token has ended|account of this access token is deactivated/
        );
      }
    });
  });
}
