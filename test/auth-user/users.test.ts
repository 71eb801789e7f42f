// The user service through HTTP and events (SPEC §3.2) and its rights (SPEC §2), with auth beside it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChangeUserRoleCommand, DeactivateUserCommand, Topics } from '@style-flow/contracts';
import { createEnvelope, type IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { claimsOf, login, registerAccount, type TestAccount } from '../support/accounts.ts';
import { modes, startStack, type Stack } from '../support/stack.ts';

interface Caller extends TestAccount {
  token: string;
}

for (const m of modes) {
  describe(`user service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: Caller;
    let manager: Caller;
    let alice: Caller;
    let bob: Caller;
    const userEvents: IncomingMessage[] = [];

    const as = async (account: TestAccount): Promise<Caller> => ({
      ...account,
      token: (await login(stack, account)).access_token
    });
    const profileExists = (id: number) =>
      eventually(
        async () => (await stack.request('GET', 'user', `/users/${id}`, { token: admin.token })).status === 200,
        30_000,
        `profile ${id}`
      );
    const eventsOf = (type: string, id: number) =>
      userEvents.filter((e) => {
        const env = JSON.parse(e.value);
        return env.type === type && env.data.id === id;
      });

    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user']);
      await stack.transport.subscribe({
        group: uniqueName('observer'),
        topics: [Topics.userEvents],
        handle: async (msg) => void userEvents.push(msg)
      });
      admin = await as(await registerAccount(stack));
      const managerAccount = await registerAccount(stack);
      alice = await as(await registerAccount(stack, { first_name: 'Alice', last_name: 'Liddell' }));
      bob = await as(await registerAccount(stack, { first_name: 'Bob' }));
      await profileExists(managerAccount.id);
      const promoted = await stack.request('PUT', 'user', `/users/${managerAccount.id}`, {
        token: admin.token,
        body: { role: 'manager' }
      });
      assert.equal(promoted.status, 200);
      // The role travels to auth on user-events; the next login's token carries it.
      await eventually(
        async () => claimsOf((await login(stack, managerAccount)).access_token).role === 'manager',
        30_000,
        'the manager role in new tokens'
      );
      manager = await as(managerAccount);
      await profileExists(alice.id);
      await profileExists(bob.id);
    });
    after(() => stack?.stop());

    test('auth.user.registered creates the profile with the same id, announced as user.created', async () => {
      const res = await stack.request('GET', 'user', `/users/${alice.id}`, { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.body.id, res.body.email, res.body.first_name, res.body.last_name, res.body.role, res.body.status],
        [alice.id, alice.email, 'Alice', 'Liddell', 'user', 'active']
      );
      await eventually(() => eventsOf('user.created', alice.id).length === 1, 30_000, 'user.created');
    });

    test('reading users: self yes; another user is not found; manager and admin read everyone', async () => {
      assert.equal((await stack.request('GET', 'user', `/users/${bob.id}`, { token: alice.token })).status, 404);
      assert.equal((await stack.request('GET', 'user', `/users/${alice.id}`, { token: manager.token })).status, 200);
      assert.equal((await stack.request('GET', 'user', `/users/${alice.id}`, { token: admin.token })).status, 200);
      assert.equal((await stack.request('GET', 'user', '/users/999999999', { token: admin.token })).status, 404);
      assert.equal((await stack.request('GET', 'user', `/users/${alice.id}`)).status, 401);
      assert.equal((await stack.request('GET', 'user', '/users/abc', { token: admin.token })).status, 400);
      assert.equal((await stack.request('GET', 'user', '/users/0', { token: admin.token })).status, 400);
    });

    test('listing users: managers and admins only, with role, status and q filters and cursor pages', async () => {
      assert.equal((await stack.request('GET', 'user', '/users', { token: alice.token })).status, 403);
      const all = await stack.request<{ data: Array<{ id: number }>; next_cursor: string | null }>(
        'GET',
        'user',
        '/users?limit=200',
        { token: manager.token }
      );
      assert.equal(all.status, 200);
      assert.ok([admin.id, manager.id, alice.id, bob.id].every((id) => all.body.data.some((u) => u.id === id)));
      const managers = await stack.request<{ data: Array<{ id: number; role: string }> }>(
        'GET',
        'user',
        '/users?role=manager',
        { token: admin.token }
      );
      assert.deepEqual(
        managers.body.data.map((u) => u.id),
        [manager.id]
      );
      const byName = await stack.request<{ data: Array<{ id: number }> }>('GET', 'user', '/users?q=liddell', {
        token: admin.token
      });
      assert.deepEqual(
        byName.body.data.map((u) => u.id),
        [alice.id]
      );
      const wild = await stack.request<{ data: unknown[] }>('GET', 'user', '/users?q=%25', { token: admin.token });
      assert.deepEqual(wild.body.data, [], '% is searched for literally');

      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: Array<{ id: number }>; next_cursor: string | null } } = await stack.request(
          'GET',
          'user',
          `/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          { token: admin.token }
        );
        seen.push(...page.body.data.map((u) => u.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.body.data.map((u) => u.id)
      );
      for (const q of [
        'limit=0',
        'limit=201',
        'limit=x',
        'cursor=bm90LWEtY3Vyc29y',
        'role=god',
        'status=gone',
        'unknown=1'
      ]) {
        const res = await stack.request('GET', 'user', `/users?${q}`, { token: admin.token });
        assert.equal(res.status, 400, q);
      }
    });

    test('changing a profile: self its own fields; never its own role or status; not someone else', async () => {
      const own = await stack.request('PUT', 'user', `/users/${alice.id}`, {
        token: alice.token,
        body: { first_name: 'Alicia', phone: '+44 20 7946 0000', settings: { theme: 'dark', lang: 'en' } }
      });
      assert.equal(own.status, 200);
      assert.deepEqual(
        [own.body.first_name, own.body.phone, own.body.settings],
        ['Alicia', '+44 20 7946 0000', { theme: 'dark', lang: 'en' }]
      );
      await eventually(
        () => eventsOf('user.updated', alice.id).some((e) => JSON.parse(e.value).data.first_name === 'Alicia'),
        30_000,
        'user.updated'
      );
      await eventually(
        async () =>
          (await stack.request('GET', 'auth', '/auth/me', { token: alice.token })).body.first_name === 'Alicia',
        30_000,
        'auth to follow the name'
      );

      assert.equal(
        (await stack.request('PUT', 'user', `/users/${alice.id}`, { token: alice.token, body: { role: 'admin' } }))
          .status,
        403
      );
      assert.equal(
        (
          await stack.request('PUT', 'user', `/users/${alice.id}`, {
            token: alice.token,
            body: { status: 'deactivated' }
          })
        ).status,
        403
      );
      assert.equal(
        (await stack.request('PUT', 'user', `/users/${bob.id}`, { token: alice.token, body: { first_name: 'Hacked' } }))
          .status,
        404
      );
      assert.equal(
        (
          await stack.request('PUT', 'user', `/users/${bob.id}`, {
            token: manager.token,
            body: { first_name: 'Hacked' }
          })
        ).status,
        403
      );
      const bobNow = await stack.request('GET', 'user', `/users/${bob.id}`, { token: bob.token });
      assert.equal(bobNow.body.first_name, 'Bob');
      const me = await stack.request('GET', 'user', `/users/${alice.id}`, { token: alice.token });
      assert.equal(me.body.role, 'user');
    });

    test('bad input on every endpoint is a 4xx problem and changes nothing', async () => {
      const before = (await stack.request('GET', 'user', `/users/${bob.id}`, { token: bob.token })).body;
      const bodies: unknown[] = [
        {},
        { email: 'new@example.com' },
        { id: 1 },
        { first_name: 'x'.repeat(101) },
        { first_name: 42 },
        { phone: 'call me' },
        { settings: 'dark' },
        { settings: [1, 2] },
        { role: 'root' },
        { created_at: '2020-01-01T00:00:00Z' },
        null,
        []
      ];
      for (const body of bodies) {
        const res = await stack.request('PUT', 'user', `/users/${bob.id}`, {
          token: bob.token,
          raw: JSON.stringify(body)
        });
        assert.ok(res.status === 400 || res.status === 403, `${JSON.stringify(body)} → ${res.status}`);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
      assert.equal(
        (await stack.request('PUT', 'user', `/users/${bob.id}`, { token: bob.token, raw: '{"first_name": ' })).status,
        400
      );
      assert.equal(
        (await stack.request('POST', 'user', '/users', { token: admin.token, body: { username: 'no' } })).status,
        400
      );
      assert.equal(
        (
          await stack.request('POST', 'user', `/users/${bob.id}/integrations`, {
            token: bob.token,
            body: { provider: 'Git Hub!', external_id: '1' }
          })
        ).status,
        400
      );
      assert.equal(
        (
          await stack.request('POST', 'user', `/users/${bob.id}/integrations`, {
            token: bob.token,
            body: { provider: 'github' }
          })
        ).status,
        400
      );
      assert.equal(
        (await stack.request('GET', 'user', `/users/${bob.id}/activity?limit=-1`, { token: bob.token })).status,
        400
      );
      assert.equal(
        (await stack.request('DELETE', 'user', `/users/${bob.id}/integrations/x`, { token: bob.token })).status,
        400
      );
      const after = (await stack.request('GET', 'user', `/users/${bob.id}`, { token: bob.token })).body;
      assert.deepEqual(after, before);
    });

    test('an admin changes roles; the next login carries the new role; the last admin cannot step down', async () => {
      const carol = await as(await registerAccount(stack));
      await profileExists(carol.id);
      const res = await stack.request('PUT', 'user', `/users/${carol.id}`, {
        token: admin.token,
        body: { role: 'manager' }
      });
      assert.equal(res.status, 200);
      await eventually(() => eventsOf('user.role_changed', carol.id).length === 1, 30_000, 'user.role_changed');
      assert.equal(JSON.parse(eventsOf('user.role_changed', carol.id)[0]!.value).data.previous_role, 'user');
      await eventually(
        async () => claimsOf((await login(stack, carol)).access_token).role === 'manager',
        30_000,
        'the new role in tokens'
      );
      // The user service applies the current role at once, even to a token issued before the change.
      assert.equal((await stack.request('GET', 'user', '/users', { token: carol.token })).status, 200);

      const demoteSelf = await stack.request('PUT', 'user', `/users/${admin.id}`, {
        token: admin.token,
        body: { role: 'user' }
      });
      assert.equal(demoteSelf.status, 422);
      assert.equal((await stack.request('DELETE', 'user', `/users/${admin.id}`, { token: admin.token })).status, 422);
    });

    test('an admin creates an account through auth; the new user sets a password through the reset flow', async () => {
      const body = {
        username: uniqueName('made'),
        email: `${uniqueName('made')}@example.com`,
        first_name: 'Made',
        role: 'manager'
      };
      assert.equal((await stack.request('POST', 'user', '/users', { token: manager.token, body })).status, 403);
      assert.equal((await stack.request('POST', 'user', '/users', { token: alice.token, body })).status, 403);
      const res = await stack.request('POST', 'user', '/users', { token: admin.token, body });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('location'), `/users/${res.body.id}`);
      assert.deepEqual([res.body.email, res.body.role, res.body.first_name], [body.email, 'manager', 'Made']);
      assert.equal((await stack.request('GET', 'user', `/users/${res.body.id}`, { token: admin.token })).status, 200);
      const dup = await stack.request('POST', 'user', '/users', { token: admin.token, body });
      assert.equal(dup.status, 409);

      const token = stack.resetTokens.get(body.email)!;
      assert.ok(token, 'a reset token was delivered to the new user');
      assert.equal(
        (
          await stack.request('POST', 'auth', '/auth/reset-password', {
            body: { token, new_password: 'my own password' }
          })
        ).status,
        204
      );
      const tokens = await login(stack, { email: body.email, password: 'my own password' });
      assert.equal(claimsOf(tokens.access_token).sub, String(res.body.id));
      assert.equal(claimsOf(tokens.access_token).role, 'manager');
    });

    test('deactivation: admin only; then login is refused and the old token is refused by both services', async () => {
      const dave = await as(await registerAccount(stack));
      await profileExists(dave.id);
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: dave.token })).status, 403);
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: alice.token })).status, 404);
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: manager.token })).status, 403);
      assert.equal((await stack.request('DELETE', 'user', `/users/${dave.id}`, { token: admin.token })).status, 204);
      assert.equal((await stack.request('GET', 'user', `/users/${dave.id}`, { token: dave.token })).status, 401);
      const kept = await stack.request('GET', 'user', `/users/${dave.id}`, { token: admin.token });
      assert.deepEqual([kept.body.status, kept.body.email], ['deactivated', dave.email], 'the data is kept');
      await eventually(() => eventsOf('user.deactivated', dave.id).length === 1, 30_000, 'user.deactivated');
      await eventually(
        async () =>
          (await stack.request('POST', 'auth', '/auth/login', { body: { email: dave.email, password: dave.password } }))
            .status === 403,
        30_000,
        'login refused'
      );
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: dave.token })).status, 401);
      assert.equal((await stack.request('DELETE', 'user', '/users/999999999', { token: admin.token })).status, 404);
    });

    test('integrations: the user and admin link and unlink; a manager reads; others see nothing', async () => {
      const path = `/users/${bob.id}/integrations`;
      const linked = await stack.request('POST', 'user', path, {
        token: bob.token,
        body: { provider: 'github', external_id: 'bob-gh' }
      });
      assert.equal(linked.status, 201);
      assert.deepEqual(
        [linked.body.provider, linked.body.external_id, linked.body.status],
        ['github', 'bob-gh', 'active']
      );
      assert.equal(
        (
          await stack.request('POST', 'user', path, {
            token: bob.token,
            body: { provider: 'github', external_id: 'bob-gh' }
          })
        ).status,
        409
      );
      assert.equal(
        (
          await stack.request('POST', 'user', path, {
            token: admin.token,
            body: { provider: 'slack', external_id: 'U1' }
          })
        ).status,
        201
      );
      assert.equal(
        (
          await stack.request('POST', 'user', path, {
            token: manager.token,
            body: { provider: 'jira', external_id: 'x' }
          })
        ).status,
        403
      );
      assert.equal((await stack.request('GET', 'user', path, { token: alice.token })).status, 404);
      assert.equal(
        (
          await stack.request('POST', 'user', path, {
            token: alice.token,
            body: { provider: 'evil', external_id: 'x' }
          })
        ).status,
        404
      );
      const list = await stack.request<{ data: Array<{ provider: string }> }>('GET', 'user', path, {
        token: manager.token
      });
      assert.deepEqual(
        list.body.data.map((i) => i.provider),
        ['github', 'slack']
      );
      assert.equal(
        (await stack.request('DELETE', 'user', `${path}/${linked.body.id}`, { token: alice.token })).status,
        404
      );
      assert.equal(
        (await stack.request('DELETE', 'user', `${path}/${linked.body.id}`, { token: bob.token })).status,
        204
      );
      assert.equal(
        (await stack.request('DELETE', 'user', `${path}/${linked.body.id}`, { token: bob.token })).status,
        404
      );
      assert.equal(
        (await stack.request('GET', 'user', '/users/999999999/integrations', { token: admin.token })).status,
        404
      );
    });

    test("activity: the history from its own changes and from auth's events, newest first, in pages", async () => {
      const erin = await as(await registerAccount(stack));
      await profileExists(erin.id);
      await stack.request('PUT', 'user', `/users/${erin.id}`, { token: erin.token, body: { last_name: 'Example' } });
      await stack.request('POST', 'user', `/users/${erin.id}/integrations`, {
        token: erin.token,
        body: { provider: 'github', external_id: 'erin' }
      });
      await stack.request('POST', 'auth', '/auth/logout', { token: erin.token });
      const path = `/users/${erin.id}/activity`;
      const types = await eventually(
        async () => {
          const res = await stack.request<{ data: Array<{ type: string }> }>('GET', 'user', path, {
            token: admin.token
          });
          const list = res.body.data.map((a) => a.type);
          return list.includes('logged_out') && list.includes('logged_in') ? list : null;
        },
        30_000,
        'the activity'
      );
      assert.deepEqual([...types].sort(), [
        'integration_linked',
        'logged_in',
        'logged_out',
        'profile_updated',
        'registered'
      ]);
      assert.equal(types[types.length - 1], 'registered', 'oldest last');
      assert.equal((await stack.request('GET', 'user', path, { token: alice.token })).status, 404);
      assert.equal((await stack.request('GET', 'user', path, { token: manager.token })).status, 200);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: Array<{ type: string }>; next_cursor: string | null } } = await stack.request(
          'GET',
          'user',
          `${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: admin.token }
        );
        paged.push(...page.body.data.map((a) => a.type));
        cursor = page.body.next_cursor;
      } while (cursor);
      assert.deepEqual(paged, types);
    });

    test('commands on user.role_changed and user.deactivated are applied once and announced on user-events', async () => {
      const frank = await as(await registerAccount(stack));
      await profileExists(frank.id);
      const command = createEnvelope('directory', ChangeUserRoleCommand.type, frank.id, {
        user_id: frank.id,
        role: 'manager' as const
      });
      const publish = (topic: string, env: { id: string; subject: string }) =>
        stack.transport.publish([{ topic, key: env.subject, value: JSON.stringify(env), headers: {} }]);
      await publish(Topics.userRoleChangedCommand, command);
      await publish(Topics.userRoleChangedCommand, command);
      await publish(
        Topics.userRoleChangedCommand,
        createEnvelope('directory', ChangeUserRoleCommand.type, frank.id, {
          user_id: frank.id,
          role: 'manager' as const
        })
      );
      await eventually(
        async () =>
          (await stack.request('GET', 'user', `/users/${frank.id}`, { token: admin.token })).body.role === 'manager',
        30_000,
        'the role'
      );
      await publish(
        Topics.userDeactivatedCommand,
        createEnvelope('directory', DeactivateUserCommand.type, frank.id, { user_id: frank.id })
      );
      await eventually(() => eventsOf('user.deactivated', frank.id).length === 1, 30_000, 'user.deactivated');
      assert.equal(
        eventsOf('user.role_changed', frank.id).length,
        1,
        'the same command twice, and a second one asking the same, changed the role once'
      );
      await eventually(
        async () => (await stack.request('GET', 'user', `/users/${frank.id}`, { token: frank.token })).status === 401,
        30_000,
        'the token refused'
      );
    });
  });
}
