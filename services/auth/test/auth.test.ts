// The auth service through HTTP and events (SPEC §3.1), with the user service beside it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { eventually } from '@style-flow/platform/testing';
import { claimsOf, headerOf, login, registerAccount, type TestAccount } from '../../../test/support/accounts.ts';
import { modes, stackFor, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`auth service, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: TestAccount;
    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user']);
      admin = await registerAccount(stack);
    });
    after(() => stack?.stop());

    test('the first account of an empty system is admin; later ones are users; the password never comes back', async () => {
      const me = await stack.request('GET', 'auth', '/auth/me', { token: (await login(stack, admin)).access_token });
      assert.equal(me.body.role, 'admin');
      const res = await stack.request<Record<string, unknown>>('POST', 'auth', '/auth/register', {
        body: {
          username: 'second_user',
          email: 'Second@Example.com',
          password: 'a fine password',
          first_name: 'Sec',
          last_name: 'Ond'
        }
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('location'), `/users/${res.body.id}`);
      assert.deepEqual(Object.keys(res.body).sort(), [
        'created_at',
        'email',
        'first_name',
        'id',
        'last_name',
        'role',
        'status',
        'username'
      ]);
      assert.equal(res.body.role, 'user');
      assert.doesNotMatch(JSON.stringify(res.body), /a fine password|argon2/);
    });

    test('registration refuses duplicates (email case-insensitive), weak passwords and bad input, creating nothing', async () => {
      const existing = await registerAccount(stack);
      const cases: Array<[unknown, number, string]> = [
        [{ username: 'dup_mail', email: existing.email.toUpperCase(), password: 'long enough pw' }, 409, 'EMAIL_TAKEN'],
        [
          { username: existing.username, email: 'other_dup@example.com', password: 'long enough pw' },
          409,
          'USERNAME_TAKEN'
        ],
        [{ username: 'weak_one', email: 'weak@example.com', password: 'short' }, 400, 'WEAK_PASSWORD'],
        [{ username: 'same_pw', email: 'same@example.com', password: 'same@example.com' }, 400, 'WEAK_PASSWORD'],
        [{ username: 'no_email', password: 'long enough pw' }, 400, 'VALIDATION_FAILED'],
        [{ username: 'bad_email', email: 'not-an-email', password: 'long enough pw' }, 400, 'VALIDATION_FAILED'],
        [
          { username: 'x'.repeat(5000), email: 'huge@example.com', password: 'long enough pw' },
          400,
          'VALIDATION_FAILED'
        ],
        [
          { username: 'mass_assign', email: 'mass@example.com', password: 'long enough pw', role: 'admin' },
          400,
          'VALIDATION_FAILED'
        ],
        [{ username: 42, email: 'types@example.com', password: 'long enough pw' }, 400, 'VALIDATION_FAILED']
      ];
      for (const [body, status, code] of cases) {
        const res = await stack.request('POST', 'auth', '/auth/register', { body });
        assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
        assert.equal(res.body.code, code);
        assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
      }
      const malformed = await stack.request('POST', 'auth', '/auth/register', { raw: '{"username": "broken",' });
      assert.equal(malformed.status, 400);
      for (const email of ['weak@example.com', 'same@example.com', 'mass@example.com', 'huge@example.com']) {
        const res = await stack.request('POST', 'auth', '/auth/login', { body: { email, password: 'long enough pw' } });
        assert.equal(res.status, 401, `${email} must not exist`);
      }
    });

    test('registrations racing for one email: one account, the others 409 EMAIL_TAKEN, none a 500', async () => {
      const email = `race_${Date.now()}@example.com`;
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          stack.request('POST', 'auth', '/auth/register', {
            body: { username: `race_${Date.now()}_${i}`, email, password: 'long enough pw' }
          })
        )
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, ...Array(11).fill(409)]);
      for (const a of answers.filter((x) => x.status === 409)) assert.equal(a.body.code, 'EMAIL_TAKEN');
    });

    test('login gives an HS256 access token with sub, role, sid, jti, iat, exp and an opaque refresh token', async () => {
      const account = await registerAccount(stack);
      const tokens = await login(stack, account);
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.expires_in, 3600);
      assert.equal(headerOf(tokens.access_token).alg, 'HS256');
      const claims = claimsOf(tokens.access_token);
      assert.equal(claims.sub, String(account.id));
      assert.equal(claims.role, 'user');
      assert.equal(typeof claims.sid, 'string');
      assert.equal(typeof claims.jti, 'string');
      assert.equal((claims.exp as number) - (claims.iat as number), 3600);
      assert.match(tokens.refresh_token, /^[A-Za-z0-9_-]{43}$/);
      const me = await stack.request('GET', 'auth', '/auth/me', { token: tokens.access_token });
      assert.deepEqual(
        [me.body.id, me.body.email, me.body.role, me.body.status],
        [account.id, account.email, 'user', 'active']
      );
    });

    test("answers with tokens or the caller's own data are kept by no cache (Cache-Control: no-store)", async () => {
      const account = await registerAccount(stack);
      const loggedIn = await stack.request<{ access_token: string; refresh_token: string }>(
        'POST',
        'auth',
        '/auth/login',
        { body: { email: account.email, password: account.password } }
      );
      const refreshed = await stack.request<{ access_token: string }>('POST', 'auth', '/auth/refresh', {
        body: { refresh_token: loggedIn.body.refresh_token }
      });
      const me = await stack.request('GET', 'auth', '/auth/me', { token: refreshed.body.access_token });
      for (const [what, res] of Object.entries({ login: loggedIn, refresh: refreshed, me })) {
        assert.equal(res.status, 200, what);
        assert.equal(res.headers.get('cache-control'), 'no-store', what);
        assert.equal(res.headers.get('pragma'), 'no-cache', what);
      }
    });

    test('an unknown email and a wrong password get the same answer', async () => {
      const account = await registerAccount(stack);
      const wrong = await stack.request('POST', 'auth', '/auth/login', {
        body: { email: account.email, password: 'not the password' }
      });
      const unknown = await stack.request('POST', 'auth', '/auth/login', {
        body: { email: 'nobody-here@example.com', password: 'not the password' }
      });
      assert.equal(wrong.status, 401);
      const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined });
      assert.deepEqual(strip(wrong.body), strip(unknown.body));
    });

    test('repeated failures lock the account for a while (429 with Retry-After), even for the right password', async () => {
      const account = await registerAccount(stack);
      const other = await registerAccount(stack);
      for (let i = 0; i < 5; i++) {
        assert.equal(
          (
            await stack.request('POST', 'auth', '/auth/login', {
              body: { email: account.email, password: `guess ${i}` }
            })
          ).status,
          401
        );
      }
      const locked = await stack.request('POST', 'auth', '/auth/login', {
        body: { email: account.email, password: account.password }
      });
      assert.equal(locked.status, 429);
      assert.equal(locked.body.code, 'LOGIN_THROTTLED');
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      assert.equal(
        (await stack.request('POST', 'auth', '/auth/login', { body: { email: other.email, password: other.password } }))
          .status,
        200,
        'other accounts are not affected'
      );
    });

    test('refresh rotates the pair; a spent refresh token presented again ends the whole session', async () => {
      const account = await registerAccount(stack);
      const first = await login(stack, account);
      const second = await stack.request<{ access_token: string; refresh_token: string }>(
        'POST',
        'auth',
        '/auth/refresh',
        { body: { refresh_token: first.refresh_token } }
      );
      assert.equal(second.status, 200);
      assert.notEqual(second.body.refresh_token, first.refresh_token);
      assert.equal(claimsOf(second.body.access_token).sid, claimsOf(first.access_token).sid);
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: second.body.access_token })).status, 200);

      const reuse = await stack.request('POST', 'auth', '/auth/refresh', {
        body: { refresh_token: first.refresh_token }
      });
      assert.equal(reuse.status, 401);
      assert.equal(reuse.body.code, 'INVALID_REFRESH_TOKEN');
      assert.equal(
        (await stack.request('POST', 'auth', '/auth/refresh', { body: { refresh_token: second.body.refresh_token } }))
          .status,
        401,
        "the thief's new token is dead too"
      );
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: second.body.access_token })).status, 401);
      await eventually(
        async () =>
          (await stack.request('GET', 'user', `/users/${account.id}`, { token: second.body.access_token })).status ===
          401,
        30_000,
        'the user service to refuse the session'
      );
      assert.equal(
        (await stack.request('POST', 'auth', '/auth/refresh', { body: { refresh_token: 'garbage' } })).status,
        401
      );
      assert.equal((await stack.request('POST', 'auth', '/auth/refresh', { body: {} })).status, 400);
    });

    test('logout makes the access token useless in auth and, through the event, in the user service; the refresh token too', async () => {
      const account = await registerAccount(stack);
      const tokens = await login(stack, account);
      await eventually(
        async () =>
          (await stack.request('GET', 'user', `/users/${account.id}`, { token: tokens.access_token })).status === 200,
        30_000,
        'the profile'
      );
      const out = await stack.request('POST', 'auth', '/auth/logout', { token: tokens.access_token });
      assert.equal(out.status, 204);
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: tokens.access_token })).status, 401);
      assert.equal(
        (await stack.request('POST', 'auth', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } }))
          .status,
        401
      );
      await eventually(
        async () =>
          (await stack.request('GET', 'user', `/users/${account.id}`, { token: tokens.access_token })).status === 401,
        30_000,
        'the user service to refuse it'
      );
      assert.equal((await stack.request('POST', 'auth', '/auth/logout', { token: tokens.access_token })).status, 401);
      assert.equal((await stack.request('POST', 'auth', '/auth/logout')).status, 401);
    });

    test('forged and expired tokens are refused by auth and by the user service', async () => {
      const account = await registerAccount(stack);
      const good = await login(stack, account);
      const secret = new TextEncoder().encode('stack-test-secret-0123456789abcdef0123456789');
      const claims = claimsOf(good.access_token);
      const [h, , s] = good.access_token.split('.');
      const bad = {
        expired: await new SignJWT({ role: 'user', sid: claims.sid })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(String(account.id))
          .setJti('j')
          .setIssuedAt(1_000_000)
          .setExpirationTime(1_000_100)
          .sign(secret),
        tampered: `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`,
        'alg none': new UnsecuredJWT({ role: 'admin', sid: claims.sid })
          .setSubject(String(account.id))
          .setJti('j')
          .setIssuedAt()
          .setExpirationTime('1h')
          .encode(),
        'another key': await new SignJWT({ role: 'admin', sid: claims.sid })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(String(account.id))
          .setJti('j')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('some-other-secret-of-good-length-000000')),
        garbage: 'abc.def.ghi'
      };
      for (const [what, token] of Object.entries(bad)) {
        assert.equal((await stack.request('GET', 'auth', '/auth/me', { token })).status, 401, `auth: ${what}`);
        assert.equal(
          (await stack.request('GET', 'user', `/users/${account.id}`, { token })).status,
          401,
          `user: ${what}`
        );
      }
    });

    test('password reset: 202 whatever the email, a single-use token, the new password works and every session ends', async () => {
      const account = await registerAccount(stack);
      const session = await login(stack, account);
      const unknown = await stack.request('POST', 'auth', '/auth/reset-password', {
        body: { email: 'nobody-at-all@example.com' }
      });
      const known = await stack.request('POST', 'auth', '/auth/reset-password', { body: { email: account.email } });
      assert.deepEqual([unknown.status, known.status], [202, 202]);
      assert.deepEqual(unknown.body, known.body);
      assert.equal(stack.resetTokens.has('nobody-at-all@example.com'), false);
      const token = stack.resetTokens.get(account.email)!;
      assert.ok(token);

      const weak = await stack.request('POST', 'auth', '/auth/reset-password', {
        body: { token, new_password: 'short' }
      });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.code, 'WEAK_PASSWORD');
      const done = await stack.request('POST', 'auth', '/auth/reset-password', {
        body: { token, new_password: 'a brand new password' }
      });
      assert.equal(done.status, 204);
      const again = await stack.request('POST', 'auth', '/auth/reset-password', {
        body: { token, new_password: 'yet another password' }
      });
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'INVALID_RESET_TOKEN');

      assert.equal(
        (
          await stack.request('POST', 'auth', '/auth/login', {
            body: { email: account.email, password: account.password }
          })
        ).status,
        401
      );
      assert.equal(
        (
          await stack.request('POST', 'auth', '/auth/login', {
            body: { email: account.email, password: 'a brand new password' }
          })
        ).status,
        200
      );
      assert.equal((await stack.request('GET', 'auth', '/auth/me', { token: session.access_token })).status, 401);
      assert.equal(
        (await stack.request('POST', 'auth', '/auth/refresh', { body: { refresh_token: session.refresh_token } }))
          .status,
        401
      );

      for (const body of [
        {},
        { email: account.email, token },
        { token },
        { new_password: 'abcdefghij' },
        { email: 'x@example.com', extra: 1 }
      ]) {
        assert.equal(
          (await stack.request('POST', 'auth', '/auth/reset-password', { body })).status,
          400,
          JSON.stringify(body)
        );
      }
    });
  });

  describe(`auth service with ADMIN_EMAIL, ${m.name}`, { skip: m.skip }, () => {
    test('the configured admin exists at start, once, and the first registrant is a plain user', async (t) => {
      const overrides = { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root password 123' };
      const stack = await stackFor(t, m.mode, ['auth'], overrides);
      const tokens = await login(stack, { email: 'root@example.com', password: 'root password 123' });
      assert.equal(claimsOf(tokens.access_token).role, 'admin');
      const first = await registerAccount(stack);
      assert.equal(claimsOf((await login(stack, first)).access_token).role, 'user');
    });
  });
}

describe('auth service configuration', () => {
  test('ENVIRONMENT=production refuses to start with the default or a short JWT secret', async () => {
    await assert.rejects(
      startStack('embedded', ['auth'], { ENVIRONMENT: 'production', JWT_SECRET_KEY: 'short' }),
      /JWT_SECRET_KEY must be at least 32 characters/
    );
  });
});
