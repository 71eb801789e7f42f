// The user service through HTTP and events (SPEC §3.2) and its rights (SPEC §2), with auth beside it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChangeUserRoleCommand, DeactivateUserCommand } from '@style-flow/contracts';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { claimsOf, login } from '../../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { userServiceClient, type Member, type UserBody } from '../../../test/support/user-client.ts';

for (const m of modes) {
  describe(`user service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: Member;
    let manager: Member;
    let alice: Member;
    let bob: Member;
    const users = userServiceClient(() => stack);
    const newMember = (extra: Record<string, unknown> = {}) => users.member(admin, extra);

    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user']);
      await users.watchUserEvents();
      // The first account of an empty system is the admin (SPEC §2).
      admin = await users.member('self');
      manager = await users.promote(admin, await newMember(), 'manager');
      alice = await newMember({ first_name: 'Alice', last_name: 'Liddell' });
      bob = await newMember({ first_name: 'Bob' });
    });
    after(() => stack?.stop());

    test('auth.user.registered creates the profile with the same id, announced as user.created', async () => {
      const res = await users.get(alice.token, alice.id);
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.body.id, res.body.email, res.body.first_name, res.body.last_name, res.body.role, res.body.status],
        [alice.id, alice.email, 'Alice', 'Liddell', 'user', 'active']
      );
      await eventually(() => users.eventsOf('user.created', alice.id).length === 1, 30_000, 'user.created');
    });

    test('reading users: self yes; another user is not found; manager and admin read everyone', async () => {
      assert.equal((await users.get(alice.token, bob.id)).status, 404);
      assert.equal((await users.get(manager.token, alice.id)).status, 200);
      assert.equal((await users.get(admin.token, alice.id)).status, 200);
      assert.equal((await users.get(admin.token, 999999999)).status, 404);
      assert.equal((await users.get(undefined, alice.id)).status, 401);
      for (const id of ['abc', '0', '-1', '1.5', '2147483648', '99999999999999999999']) {
        const res = await users.get(admin.token, id);
        assert.equal(res.status, 400, id);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
    });

    test('listing users: managers and admins only, with role, status and q filters and cursor pages', async () => {
      assert.equal((await users.list(alice.token)).status, 403);
      const all = await users.list(manager.token, 'limit=200');
      assert.equal(all.status, 200);
      assert.ok([admin.id, manager.id, alice.id, bob.id].every((id) => all.body.data.some((u) => u.id === id)));
      const managers = await users.list(admin.token, 'role=manager');
      assert.deepEqual(
        managers.body.data.map((u) => u.id),
        [manager.id]
      );
      const byName = await users.list(admin.token, 'q=liddell');
      assert.deepEqual(
        byName.body.data.map((u) => u.id),
        [alice.id]
      );

      const paged = await users.allPages<UserBody>(admin.token, '/users?limit=1');
      assert.deepEqual(
        paged.map((u) => u.id),
        all.body.data.map((u) => u.id)
      );
      for (const q of [
        'limit=0',
        'limit=201',
        'limit=x',
        'cursor=bm90LWEtY3Vyc29y',
        'role=god',
        'status=gone',
        'unknown=1',
        'q=%00',
        `q=${'x'.repeat(101)}`
      ]) {
        const res = await users.list(admin.token, q);
        assert.equal(res.status, 400, q);
        assert.match(res.headers.get('content-type')!, /problem\+json/, q);
      }
    });

    test('q matches % _ and \\ literally, not as patterns', async () => {
      const odd = await newMember({ first_name: '100%_sure', last_name: 'back\\slash' });
      // What each q would match if its % and _ were patterns: this one, and never the odd one's literal text.
      await newMember({ first_name: '100x1sure', last_name: 'backxslash' });
      const all = (await users.list(admin.token, 'limit=200')).body.data;
      const search = async (q: string) =>
        (await users.list(admin.token, `limit=200&q=${encodeURIComponent(q)}`)).body.data.map((u) => u.id);
      assert.deepEqual(await search('%'), [odd.id], 'only a name holding % matches %');
      assert.deepEqual(await search('0%_s'), [odd.id]);
      assert.deepEqual(await search('k\\s'), [odd.id]);
      assert.deepEqual(await search('1_0'), [], '_ is not any one character');
      assert.deepEqual(await search('%%'), []);
      const holding = (text: string) =>
        all
          .filter((u) => [u.first_name, u.last_name, u.email, u.username].some((f) => f?.includes(text)))
          .map((u) => u.id);
      assert.deepEqual(await search('_'), holding('_'), 'q=_ matches those holding _');
    });

    test('crafted cursors are refused with a 400 on every list', async () => {
      const crafted = ['[1.5]', '[2147483648]', '[-1]', '["1"]', '[1,2]', '{}', '[1e400]', '[null]'].map((json) =>
        Buffer.from(json).toString('base64url')
      );
      const activityCursors = [
        '[1.5,1]',
        '[1,"x"]',
        '[1]',
        '[9007199254740993,1]',
        '[0,0]',
        '[-1,-1]',
        '[1,2147483648]'
      ].map((json) => Buffer.from(json).toString('base64url'));
      for (const cursor of crafted) {
        assert.equal((await users.list(admin.token, `cursor=${cursor}`)).status, 400, `users ${cursor}`);
        assert.equal((await users.integrations(admin.token, bob.id, `cursor=${cursor}`)).status, 400, cursor);
      }
      for (const cursor of activityCursors) {
        assert.equal((await users.activity(admin.token, bob.id, `cursor=${cursor}`)).status, 400, cursor);
      }
    });

    test('changing a profile: self its own fields; never its own role or status; not someone else', async () => {
      const own = await users.update(alice.token, alice.id, {
        first_name: 'Alicia',
        phone: '+44 20 7946 0000',
        settings: { theme: 'dark', lang: 'en' }
      });
      assert.equal(own.status, 200);
      assert.deepEqual(
        [own.body.first_name, own.body.phone, own.body.settings],
        ['Alicia', '+44 20 7946 0000', { theme: 'dark', lang: 'en' }]
      );
      await eventually(
        () => users.eventsOf('user.updated', alice.id).some((e) => e.data.first_name === 'Alicia'),
        30_000,
        'user.updated'
      );
      await eventually(
        async () =>
          (await stack.request('GET', 'auth', '/auth/me', { token: alice.token })).body.first_name === 'Alicia',
        30_000,
        'auth to follow the name'
      );

      assert.equal((await users.update(alice.token, alice.id, { role: 'admin' })).status, 403);
      assert.equal((await users.update(alice.token, alice.id, { status: 'deactivated' })).status, 403);
      assert.equal((await users.update(alice.token, bob.id, { first_name: 'Hacked' })).status, 404);
      assert.equal((await users.update(manager.token, bob.id, { first_name: 'Hacked' })).status, 403);
      assert.equal((await users.get(bob.token, bob.id)).body.first_name, 'Bob');
      assert.equal((await users.get(alice.token, alice.id)).body.role, 'user');
    });

    test('bad input on every endpoint is a 4xx problem and changes nothing', async () => {
      const before = (await users.get(bob.token, bob.id)).body;
      const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
      const bodies: unknown[] = [
        {},
        { email: 'new@example.com' },
        { id: 1 },
        { first_name: 'x'.repeat(101) },
        { first_name: 42 },
        { first_name: 'nul\u0000' },
        { phone: 'call me' },
        { settings: 'dark' },
        { settings: [1, 2] },
        { settings: { k: 'x'.repeat(17 * 1024) } },
        { settings: Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`k${i}`, 'x'.repeat(190)])) },
        { settings: nested(20) },
        { settings: { 'nul\u0000': 1 } },
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
        const shown = JSON.stringify(body).slice(0, 80);
        assert.ok(res.status === 400 || res.status === 403, `${shown} → ${res.status}`);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
      const large = await users.update(bob.token, bob.id, { settings: { k: 'x'.repeat(17 * 1024) } });
      assert.deepEqual(
        [large.status, (large.body as { errors?: unknown }).errors],
        [400, [{ path: '/settings', message: 'is larger than 16 KB' }]]
      );
      assert.equal(
        (await stack.request('PUT', 'user', `/users/${bob.id}`, { token: bob.token, raw: '{"first_name": ' })).status,
        400
      );
      assert.equal((await users.create(admin.token, { username: 'no' })).status, 400);
      for (const body of [
        { username: 'nul\u0000name', email: 'nul@example.com' },
        { username: 'nulname', email: 'nul\u0000@example.com' },
        { username: 'nulname', email: 'nul@example.com', first_name: '\u0000' },
        { username: 'nulname', email: 'nul@example.com', extra: 1 },
        { username: 'nulname', email: 'not an email' }
      ]) {
        const res = await users.create(admin.token, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}: never sent on to auth`);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
      assert.equal((await users.link(bob.token, bob.id, { provider: 'Git Hub!', external_id: '1' })).status, 400);
      assert.equal((await users.link(bob.token, bob.id, { provider: 'github' })).status, 400);
      assert.equal((await users.link(bob.token, bob.id, { provider: 'github', external_id: 'a\u0000' })).status, 400);
      assert.equal((await users.activity(bob.token, bob.id, 'limit=-1')).status, 400);
      assert.equal((await users.unlink(bob.token, bob.id, 'x')).status, 400);
      assert.equal((await users.unlink(bob.token, bob.id, '2147483648')).status, 400);
      assert.deepEqual((await users.get(bob.token, bob.id)).body, before);
      assert.deepEqual((await users.integrations(bob.token, bob.id)).body.data, []);
    });

    test('settings: a free-form object up to 16 KB is kept as sent', async () => {
      const settings = { theme: 'dark', panels: [{ id: 1, open: true }], blob: 'y'.repeat(15 * 1024) };
      const res = await users.update(bob.token, bob.id, { settings });
      assert.equal(res.status, 200);
      assert.deepEqual((await users.get(bob.token, bob.id)).body.settings, settings);
      assert.equal((await users.update(bob.token, bob.id, { settings: {} })).status, 200);
    });

    test('an admin changes roles; the next login carries the new role; the last admin cannot step down', async () => {
      const carol = await newMember();
      assert.equal((await users.update(admin.token, carol.id, { role: 'manager' })).status, 200);
      await eventually(() => users.eventsOf('user.role_changed', carol.id).length === 1, 30_000, 'user.role_changed');
      assert.equal(users.eventsOf('user.role_changed', carol.id)[0]!.data.previous_role, 'user');
      await eventually(
        async () => claimsOf((await login(stack, carol)).access_token).role === 'manager',
        30_000,
        'the new role in tokens'
      );
      // The user service applies the current role at once, even to a token issued before the change.
      assert.equal((await users.list(carol.token)).status, 200);

      assert.equal((await users.update(admin.token, admin.id, { role: 'user' })).status, 422);
      assert.equal((await users.deactivate(admin.token, admin.id)).status, 422);
    });

    test('an admin creates an account through auth; the new user sets a password through the reset flow', async () => {
      const body = {
        username: uniqueName('made'),
        email: `${uniqueName('made')}@example.com`,
        first_name: 'Made',
        role: 'manager'
      };
      assert.equal((await users.create(manager.token, body)).status, 403);
      assert.equal((await users.create(alice.token, body)).status, 403);
      const res = await users.create(admin.token, body);
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('location'), `/users/${res.body.id}`);
      assert.deepEqual([res.body.email, res.body.role, res.body.first_name], [body.email, 'manager', 'Made']);
      assert.equal((await users.get(admin.token, res.body.id)).status, 200);
      // Auth's refusal is passed on as the same answer, not as "auth unavailable".
      const dup = await users.create(admin.token, body);
      assert.equal(dup.status, 409);
      assert.match(dup.headers.get('content-type')!, /problem\+json/);
      const sameEmail = await users.create(admin.token, { ...body, username: uniqueName('other') });
      assert.deepEqual([sameEmail.status, (sameEmail.body as unknown as { code: string }).code], [409, 'EMAIL_TAKEN']);

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
      const dave = await newMember();
      assert.equal((await users.deactivate(dave.token, dave.id)).status, 403);
      assert.equal((await users.deactivate(alice.token, dave.id)).status, 404);
      assert.equal((await users.deactivate(manager.token, dave.id)).status, 403);
      assert.equal((await users.deactivate(admin.token, dave.id)).status, 204);
      assert.equal((await users.get(dave.token, dave.id)).status, 401);
      const kept = await users.get(admin.token, dave.id);
      assert.deepEqual([kept.body.status, kept.body.email], ['deactivated', dave.email], 'the data is kept');
      await eventually(() => users.eventsOf('user.deactivated', dave.id).length === 1, 30_000, 'user.deactivated');
      await eventually(
        async () =>
          (await stack.request('POST', 'auth', '/auth/login', { body: { email: dave.email, password: dave.password } }))
            .status === 403,
        30_000,
        'login refused'
      );
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: dave.token })).status, 401);
      assert.equal((await users.deactivate(admin.token, 999999999)).status, 404);
    });

    test('integrations: the user and admin link and unlink; a manager reads; others see nothing', async () => {
      const linked = await users.link(bob.token, bob.id, { provider: 'github', external_id: 'bob-gh' });
      assert.equal(linked.status, 201);
      assert.equal(linked.headers.get('location'), `/users/${bob.id}/integrations/${linked.body.id}`);
      assert.deepEqual(
        [linked.body.provider, linked.body.external_id, linked.body.status],
        ['github', 'bob-gh', 'active']
      );
      const again = await users.link(bob.token, bob.id, { provider: 'github', external_id: 'bob-gh' });
      assert.deepEqual([again.status, again.body.code], [409, 'INTEGRATION_EXISTS']);
      assert.equal((await users.link(admin.token, bob.id, { provider: 'slack', external_id: 'U1' })).status, 201);
      assert.equal((await users.link(manager.token, bob.id, { provider: 'jira', external_id: 'x' })).status, 403);
      assert.equal((await users.integrations(alice.token, bob.id)).status, 404);
      assert.equal((await users.link(alice.token, bob.id, { provider: 'evil', external_id: 'x' })).status, 404);
      const list = await users.integrations(manager.token, bob.id);
      assert.deepEqual(
        list.body.data.map((i) => i.provider),
        ['github', 'slack']
      );
      const paged = await users.allPages<{ provider: string }>(admin.token, `/users/${bob.id}/integrations?limit=1`);
      assert.deepEqual(
        paged.map((i) => i.provider),
        ['github', 'slack']
      );
      assert.equal((await users.unlink(alice.token, bob.id, linked.body.id as number)).status, 404);
      assert.equal((await users.unlink(bob.token, bob.id, linked.body.id as number)).status, 204);
      assert.equal((await users.unlink(bob.token, bob.id, linked.body.id as number)).status, 404);
      assert.equal((await users.integrations(admin.token, 999999999)).status, 404);
      assert.equal(
        (await users.link(admin.token, 999999999, { provider: 'github', external_id: 'ghost' })).status,
        404
      );
    });

    test("activity: the history from its own changes and from auth's events, newest first, in pages", async () => {
      const erin = await newMember();
      await users.update(erin.token, erin.id, { last_name: 'Example' });
      await users.link(erin.token, erin.id, { provider: 'github', external_id: 'erin' });
      await stack.request('POST', 'auth', '/auth/logout', { token: erin.token });
      const types = await eventually(
        async () => {
          const list = (await users.activity(admin.token, erin.id)).body.data.map((a) => a.type);
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
      assert.equal((await users.activity(alice.token, erin.id)).status, 404);
      assert.equal((await users.activity(manager.token, erin.id)).status, 200);
      const paged = await users.allPages<{ type: string }>(admin.token, `/users/${erin.id}/activity?limit=2`);
      assert.deepEqual(
        paged.map((a) => a.type),
        types
      );
    });

    test('commands on user.role_changed and user.deactivated are applied once and announced on user-events', async () => {
      const frank = await newMember();
      // The same command delivered twice, then another one asking the same.
      await users.command(ChangeUserRoleCommand, frank.id, { user_id: frank.id, role: 'manager' }, 2);
      await users.command(ChangeUserRoleCommand, frank.id, { user_id: frank.id, role: 'manager' });
      await eventually(
        async () => (await users.get(admin.token, frank.id)).body.role === 'manager',
        30_000,
        'the role'
      );
      await users.command(DeactivateUserCommand, frank.id, { user_id: frank.id });
      await eventually(() => users.eventsOf('user.deactivated', frank.id).length === 1, 30_000, 'user.deactivated');
      assert.equal(
        users.eventsOf('user.role_changed', frank.id).length,
        1,
        'the same command twice, and a second one asking the same, changed the role once'
      );
      await eventually(
        async () => (await users.get(frank.token, frank.id)).status === 401,
        30_000,
        'the token refused'
      );
    });
  });
}
