// SPEC §2: rights follow the caller's current role and status, not those written in its token. A demotion or
// a deactivation, made in the user service, reaches auth as an event and counts within seconds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { login } from '../../../test/support/accounts.ts';
import { changeUserAs, createAccountAs, me, signedIn, type SignedIn } from '../../../test/support/auth-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

// Long enough for an event through Kafka on a busy machine, short against a token's hour.
const WITHIN = 10_000;

for (const m of modes) {
  describe(`the current role and status, not the token's, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let root: SignedIn;
    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user']);
      root = await signedIn(stack);
      assert.equal((await me(stack, root.token)).body.role, 'admin', 'the first account is the admin');
    });
    after(() => stack?.stop());

    test("an admin demoted to user is refused an admin's action with its old token within seconds", async () => {
      const second = await signedIn(stack);
      assert.equal((await changeUserAs(stack, root.token, second.id, { role: 'admin' })).status, 200);
      // Its token says `user`; the promotion counts as soon as auth has heard of it.
      await eventually(
        async () => (await createAccountAs(stack, second.token)).status === 201,
        WITHIN,
        'auth to let the promoted admin create accounts'
      );
      const oldToken = second.token;

      assert.equal((await changeUserAs(stack, root.token, second.id, { role: 'user' })).status, 200);
      const refused = await eventually(
        async () => {
          const res = await createAccountAs(stack, oldToken);
          return res.status === 201 ? null : res;
        },
        WITHIN,
        'auth to refuse the demoted admin'
      );
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'FORBIDDEN');
      assert.equal((await me(stack, oldToken)).body.role, 'user', 'it is still signed in, as a user');
      await eventually(
        async () => (await stack.request('GET', 'user', '/users', { token: oldToken })).status === 403,
        WITHIN,
        'the user service to refuse the list of users too'
      );
    });

    test("a deactivated user's old token is refused (401) and it can log in no more", async () => {
      const user = await signedIn(stack);
      const refreshToken = (await login(stack, user)).refresh_token;
      assert.equal((await me(stack, user.token)).status, 200);

      assert.equal((await changeUserAs(stack, root.token, user.id, 'deactivate')).status, 204);
      await eventually(async () => (await me(stack, user.token)).status === 401, WITHIN, 'auth to refuse the token');
      const again = await me(stack, user.token);
      assert.equal(again.body.code, 'UNAUTHENTICATED');
      assert.match(again.headers.get('content-type')!, /application\/problem\+json/);
      const refreshed = await stack.request('POST', 'auth', '/auth/refresh', { body: { refresh_token: refreshToken } });
      assert.equal(refreshed.status, 401);
      const loggedIn = await stack.request('POST', 'auth', '/auth/login', {
        body: { email: user.email, password: user.password }
      });
      assert.equal(loggedIn.status, 403);
      assert.equal(loggedIn.body.code, 'ACCOUNT_DEACTIVATED');
      assert.equal((await stack.request('GET', 'user', `/users/${user.id}`, { token: user.token })).status, 401);
    });
  });
}
