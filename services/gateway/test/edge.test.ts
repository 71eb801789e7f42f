// The gateway in front of the real auth and user services (SPEC §3.7): routing, authentication at the edge,
// its operational endpoints for staff only, token answers passed through uncached, and the docs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signAccessToken } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount, type Tokens } from '../../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { metricsText, throughGateway } from './support/through-gateway.ts';

const get = (stack: Stack, path: string, headers: Record<string, string> = {}) =>
  stack.request('GET', 'gateway', path, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const m of modes) {
  describe(`gateway in front of auth and user, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let viaGateway: Stack;
    let adminToken: string;
    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user', 'gateway']);
      viaGateway = throughGateway(stack);
      // The first account of the system is its admin.
      adminToken = (await login(viaGateway, await registerAccount(viaGateway))).access_token;
    });
    after(() => stack?.stop());

    /** A user with an account, its profile in the user service, and a token. */
    async function signedInUser(): Promise<{ id: number; tokens: Tokens }> {
      const account = await registerAccount(viaGateway);
      const tokens = await login(viaGateway, account);
      await eventually(
        async () => (await get(stack, `/users/${account.id}`, bearer(tokens.access_token))).status === 200,
        30_000,
        'the profile through the gateway'
      );
      return { id: account.id, tokens };
    }

    test('routes by resource and by service name; an unknown route is a 404 problem', async () => {
      const health = await get(stack, '/user-service/health');
      assert.deepEqual(health.body, { status: 'ok', service: 'user' });
      assert.deepEqual((await get(stack, '/auth-service/health')).body, { status: 'ok', service: 'auth' });
      for (const path of ['/nowhere', '/nothing-service/health', '/usersx']) {
        const res = await get(stack, path);
        assert.equal(res.status, 404, path);
        assert.match(res.headers.get('content-type')!, /problem\+json/);
      }
    });

    test('sign-up and sign-in are public; everything else needs a valid token; a logged-out one is refused at the edge', async () => {
      const { id, tokens } = await signedInUser();
      assert.equal((await get(stack, `/users/${id}`)).status, 401);
      assert.equal((await get(stack, `/users/${id}`, { authorization: 'Bearer not.a.token' })).status, 401);
      assert.equal((await get(stack, `/users/${id}`, { authorization: 'Basic abc' })).status, 401);
      const forged = await signAccessToken(
        'some-other-secret-that-is-long-enough!!',
        { userId: id, role: 'admin', sessionId: 's' },
        60
      );
      assert.equal((await get(stack, '/users', bearer(forged))).status, 401);

      assert.equal(
        (await stack.request('POST', 'gateway', '/auth/logout', { token: tokens.access_token })).status,
        204
      );
      // Refused by the gateway itself once auth.user.logout has reached it.
      await eventually(
        async () => {
          const res = await get(stack, '/auth/me', bearer(tokens.access_token));
          return res.status === 401 && res.body.detail === 'The session of this access token has ended.';
        },
        30_000,
        'the gateway to refuse the ended session'
      );
    });

    test("a deactivated user's token is refused at the edge; events are counted on /metrics and listed for staff", async () => {
      const victim = await signedInUser();
      assert.equal((await get(stack, '/auth/me', bearer(adminToken))).body.role, 'admin');
      assert.equal(
        (await stack.request('DELETE', 'gateway', `/users/${victim.id}`, { token: adminToken })).status,
        204
      );
      // Auth and the user service refuse the token on their own; wait until the gateway itself has heard.
      const metrics = await eventually(
        async () => {
          const text = await metricsText(stack, 'gateway', adminToken);
          return /gateway_events_total\{[^}]*type="user\.deactivated"/.test(text) ? text : null;
        },
        30_000,
        'the gateway to count user.deactivated'
      );
      assert.match(
        metrics,
        /gateway_events_total\{[^}]*topic="auth\.user\.registered"[^}]*type="auth\.user\.registered"[^}]*source="\/auth-service"/
      );
      // /gateway/events is the gateway's own route: a 401 there comes from the edge, not from a service.
      await eventually(
        async () => (await get(stack, '/gateway/events', bearer(victim.tokens.access_token))).status === 401,
        10_000,
        'the edge to refuse the token'
      );
      assert.equal((await get(stack, '/auth/me', bearer(victim.tokens.access_token))).status, 401);
      const recent = await get(stack, '/gateway/events?limit=200', bearer(adminToken));
      assert.equal(recent.status, 200);
      assert.ok((recent.body.data as Array<{ type: string }>).some((e) => e.type === 'user.deactivated'));
    });

    test("operational endpoints answer staff only: the gateway's /metrics, every service's through it, upstream status", async () => {
      const { tokens } = await signedInUser();
      const user = bearer(tokens.access_token);
      // The payment service does not run here: a 401 or 403 for it can only come from the edge.
      for (const path of ['/metrics', '/user-service/metrics', '/payment-service/metrics', '/gateway/upstreams']) {
        const anonymous = await get(stack, path);
        assert.equal(anonymous.status, 401, `${path} without a token`);
        assert.match(anonymous.headers.get('content-type')!, /problem\+json/);
        assert.equal((await get(stack, path, user)).status, 403, `${path} with a user's token`);
      }
      const gatewayMetrics = await fetch(`${stack.url('gateway')}/metrics`, { headers: bearer(adminToken) });
      assert.equal(gatewayMetrics.status, 200);
      assert.match(await gatewayMetrics.text(), /http_request_duration_seconds_count\{[^}]*service="gateway-service"/);
      const userMetrics = await fetch(`${stack.url('gateway')}/user-service/metrics`, { headers: bearer(adminToken) });
      assert.equal(userMetrics.status, 200);
      assert.match(await userMetrics.text(), /http_request_duration_seconds_count\{[^}]*service="user-service"/);
      const upstreams = await get(stack, '/gateway/upstreams', bearer(adminToken));
      assert.equal(upstreams.status, 200);
      assert.deepEqual((upstreams.body.data as Array<{ service: string }>).map((u) => u.service).sort(), [
        'auth',
        'client',
        'console',
        'event',
        'notification',
        'payment',
        'resource',
        'user'
      ]);
      assert.equal((await get(stack, '/user-service/health')).status, 200, 'health stays public');
      assert.equal((await get(stack, '/user-service/openapi.json')).status, 200, 'the documents stay public');
    });

    test('token answers pass through with Cache-Control: no-store and are never cached', async () => {
      const account = await registerAccount(viaGateway);
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const res = await stack.request<Tokens>('POST', 'gateway', '/auth/login', {
          body: { email: account.email, password: account.password }
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        assert.equal(res.headers.get('x-cache'), null, 'a POST never meets the cache');
        answers.push(res.body);
      }
      assert.notEqual(answers[0]!.access_token, answers[1]!.access_token, 'each login was answered by auth');
      const refreshed = await stack.request<Tokens>('POST', 'gateway', '/auth/refresh', {
        body: { refresh_token: answers[1]!.refresh_token }
      });
      assert.equal(refreshed.status, 200);
      assert.equal(refreshed.headers.get('cache-control'), 'no-store');
      const me = await get(stack, '/auth/me', bearer(refreshed.body.access_token));
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('x-cache'), null, 'an answer to a caller with a token is never cached');
    });

    test("GET /docs serves Swagger UI from the gateway itself, with every service's document behind it, unframed", async () => {
      const page = await fetch(`${stack.url('gateway')}/docs/`, { redirect: 'follow' });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /swagger/i);
      assert.doesNotMatch(html, /https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/i, 'no assets from a CDN');
      const init = await fetch(`${stack.url('gateway')}/docs/static/swagger-initializer.js`).then((r) => r.text());
      assert.match(init, /auth-service\/openapi\.json/);
      for (const path of ['/docs', '/docs/', '/docs/static/swagger-initializer.js', '/docs/json']) {
        const res = await fetch(`${stack.url('gateway')}${path}`, { redirect: 'manual' });
        await res.arrayBuffer();
        assert.ok(res.status < 400, `${path}: ${res.status}`);
        assert.equal(res.headers.get('content-security-policy'), "frame-ancestors 'none'", path);
        assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      }
      const spec = await get(stack, '/auth-service/openapi.json');
      assert.equal(spec.status, 200);
      assert.ok((spec.body.paths as Record<string, unknown>)['/auth/login']);
    });

    test('the request id and trace context travel downstream, and the answer carries the request id', async () => {
      const res = await get(stack, '/user-service/health', {
        'x-request-id': 'gw-trace-1',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
      });
      assert.equal(res.headers.get('x-request-id'), 'gw-trace-1');
    });
  });
}
