// The client's session against a real auth service: login keeps the pair, a 401 renews it once however many requests
// got one (a second use of a rotated refresh token would revoke the whole session, SPEC §3.1, so a double refresh
// shows as a dead session), a failed refresh ends the session, and logout ends it at the service. The client does
// not depend on the event transport, so one backend is enough.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { signAccessToken } from '@style-flow/platform';
import { createStyleFlowClient, ok, ProblemError, type SessionTokens } from '@style-flow/client';
import { registerAccount, type TestAccount } from '../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../test/support/stack.ts';

const backend = modes[0]!;

describe(`the client's session, ${backend.name}`, () => {
  let stack: Stack;
  let account: TestAccount;
  /** A client of the auth service that counts the refreshes it asks for. */
  const counted = (onTokens?: (tokens: SessionTokens | null) => void) => {
    const seen = { refreshes: 0 };
    const client = createStyleFlowClient({
      baseUrl: stack.url('auth'),
      fetch: (request) => {
        if (new URL(request.url).pathname === '/auth/refresh') seen.refreshes++;
        return fetch(request);
      },
      ...(onTokens ? { onTokens } : {})
    });
    return { client, seen };
  };
  /** An access token of the account that the services refuse: it expired a minute ago. */
  const expired = async (id: number) =>
    signAccessToken(stack.config.jwt.secret, { userId: id, role: 'user', sessionId: randomUUID() }, -60);

  before(async () => {
    stack = await startStack(backend.mode, ['auth']);
    account = await registerAccount(stack);
  });
  after(() => stack?.stop());

  test('login keeps the pair and sends the access token; logout ends the session at the service', async () => {
    const { client } = counted();
    const pair = await client.login(account.email, account.password);
    assert.equal(pair.token_type, 'Bearer');
    assert.deepEqual(client.tokens(), { access_token: pair.access_token, refresh_token: pair.refresh_token });
    assert.equal((await ok(client.GET('/auth/me'))).email, account.email);

    await client.logout();
    assert.equal(client.tokens(), null);
    const later = await stack.request('GET', 'auth', '/auth/me', { token: pair.access_token });
    assert.equal(later.status, 401, 'the access token is refused once its session ended');
    const refreshed = await stack.request('POST', 'auth', '/auth/refresh', {
      body: { refresh_token: pair.refresh_token }
    });
    assert.equal(refreshed.status, 401, 'and so is its refresh token');
  });

  test('a wrong password is a typed problem, and the client keeps no tokens', async () => {
    const { client } = counted();
    const refused = await client.login(account.email, 'not the password').catch((e: unknown) => e);
    assert.ok(refused instanceof ProblemError);
    assert.equal(refused.status, 401);
    assert.equal(refused.problem?.code, 'INVALID_CREDENTIALS');
    assert.equal(client.tokens(), null);
  });

  test('twenty requests that get a 401 together share one refresh, and each is sent again and answered', async () => {
    const changes: Array<SessionTokens | null> = [];
    const { client, seen } = counted((tokens) => changes.push(tokens));
    const pair = await client.login(account.email, account.password);
    client.useTokens({ access_token: await expired(account.id), refresh_token: pair.refresh_token });

    const answers = await Promise.all(Array.from({ length: 20 }, () => client.GET('/auth/me')));
    assert.deepEqual(
      answers.map((a) => [a.response.status, a.data?.id]),
      answers.map(() => [200, account.id])
    );
    assert.equal(seen.refreshes, 1);
    const renewed = client.tokens()!;
    assert.notEqual(renewed.refresh_token, pair.refresh_token, 'the refresh rotated the pair');
    assert.deepEqual(changes.at(-1), renewed, 'onTokens heard of the new pair');

    // The session lives on: had a second refresh presented the used token, the service would have revoked it.
    const again = await stack.request('POST', 'auth', '/auth/refresh', {
      body: { refresh_token: renewed.refresh_token }
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
  });

  test('when the refresh is refused the caller gets the 401 and the client forgets the session', async () => {
    const changes: Array<SessionTokens | null> = [];
    const { client, seen } = counted((tokens) => changes.push(tokens));
    const pair = await client.login(account.email, account.password);
    // Ended elsewhere: the refresh token no longer works.
    assert.equal((await stack.request('POST', 'auth', '/auth/logout', { token: pair.access_token })).status, 204);
    client.useTokens({ access_token: await expired(account.id), refresh_token: pair.refresh_token });

    const { error, response } = await client.GET('/auth/me');
    assert.equal(response.status, 401);
    assert.equal(error?.code, 'UNAUTHENTICATED');
    assert.equal(seen.refreshes, 1);
    assert.equal(client.tokens(), null);
    assert.equal(changes.at(-1), null);
  });

  test("a token the caller put on the request itself is not the session's: its 401 is answered as it is", async () => {
    const { client, seen } = counted();
    await client.login(account.email, account.password);
    const { response } = await client.GET('/auth/me', {
      headers: { authorization: `Bearer ${await expired(account.id)}` }
    });
    assert.equal(response.status, 401);
    assert.equal(seen.refreshes, 0);
    assert.notEqual(client.tokens(), null);
  });
});
