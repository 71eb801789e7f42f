// Webhooks (SPEC §3.8, Standard Webhooks 1.0) against a real HTTP receiver that verifies every delivery with the
// standardwebhooks library, as an integrator would: signatures hold and a tampered body fails; a rotation signs
// with both secrets; a failing receiver is tried on the (scaled) schedule and then disabled with the admins told;
// 410 disables at once; a slow receiver delays no other; private targets are refused unless allowed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PaymentCreated, UserCreated, UserUpdated } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signedCaller, type Caller } from '../../../test/support/accounts.ts';
import { modes, publishFact, startStack, type Stack } from '../../../test/support/stack.ts';
import { RETRY_SCHEDULE_MS } from '../src/webhooks/webhook-worker.ts';
import { startReceiver, webhookHeaders, type TestReceiver } from './support/receiver.ts';

const SPEEDUP = 100_000;

type Endpoint = { id: number; url: string; enabled: boolean; disabled_reason: string | null; secret?: string };
type Delivery = {
  id: number;
  status: string;
  event_id: string;
  attempts: Array<{ status_code: number | null; response: string | null; duration_ms: number }>;
};

for (const m of modes) {
  describe(`notification service: webhooks, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let receiver: TestReceiver;
    let admin: Caller;
    let next = 1_000 + Math.floor(Math.random() * 1_000_000);

    const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, who: Caller = admin) =>
      stack.request<T>(method, 'notification', path, { token: who.token, body });
    const endpoint = async (path: string, events: string[]) => {
      const res = await call<Endpoint>('POST', '/webhooks', {
        url: `http://localhost:${receiver.port}${path}`,
        events
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const user = (id: number, role: 'user' | 'admin' = 'user') => ({
      id,
      username: `w${id}`,
      email: `w${id}@example.com`,
      first_name: null,
      last_name: null,
      role,
      status: 'active' as const
    });
    const payment = (id: number) => ({
      id,
      amount: '10.00',
      currency: 'EUR',
      status: 'pending' as const,
      refunded_amount: '0.00',
      user_id: 1,
      event_id: null,
      client_id: null,
      payment_method_id: 1,
      description: null
    });

    // The slow receiver answers nothing until its test lets it.
    const slowAnswers = Promise.withResolvers<void>();
    before(async () => {
      receiver = await startReceiver((path) =>
        path === '/fail'
          ? { status: 500 }
          : path === '/gone'
            ? { status: 410 }
            : path === '/moved'
              ? { status: 302, headers: { location: `http://localhost:${receiver.port}/elsewhere` } }
              : path === '/slow'
                ? { status: 200, heldUntil: slowAnswers.promise }
                : { status: 200 }
      );
      stack = await startStack(m.mode, ['notification'], {
        WEBHOOK_ALLOWED_HOSTS: 'localhost',
        WEBHOOK_RETRY_SPEEDUP: String(SPEEDUP),
        WEBHOOK_PER_ENDPOINT: '2',
        NOTIFICATION_POLL_INTERVAL_MS: '100'
      });
      admin = await signedCaller(stack, 'admin');
    });
    after(async () => {
      await stack?.stop();
      await receiver?.stop();
    });

    test('each delivery verifies with standardwebhooks, a tampered one does not, and a rotation signs with both secrets', async () => {
      const created = await stack.request<Endpoint>('POST', 'notification', '/webhooks', {
        token: admin.token,
        body: { url: `http://localhost:${receiver.port}/ok`, events: ['user.*'], description: 'CRM' }
      });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('location'), `/webhooks/${created.body.id}`);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      const secret = created.body.secret!;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.equal((await call<Endpoint>('GET', `/webhooks/${created.body.id}`)).body.secret, undefined, 'shown once');

      const factId = await publishFact(stack, UserCreated, 'user', next, user(next++));
      const [first] = await eventually(
        () => (receiver.at('/ok').length >= 1 ? receiver.at('/ok') : null),
        30_000,
        'a delivery'
      );
      assert.equal(first!.headers['webhook-id'], factId, 'the event id: receivers de-duplicate on it');
      assert.equal(first!.headers['content-type'], 'application/json');
      const payload = new Webhook(secret).verify(first!.body, webhookHeaders(first!)) as {
        id: string;
        type: string;
        specversion: string;
      };
      assert.deepEqual([payload.id, payload.type, payload.specversion], [factId, 'user.created', '1.0']);
      assert.throws(
        () => new Webhook(secret).verify(first!.body.replace('user.created', 'user.deleted'), webhookHeaders(first!)),
        WebhookVerificationError
      );

      const rotated = await call<Endpoint>('POST', `/webhooks/${created.body.id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.equal(rotated.headers.get('cache-control'), 'no-store');
      assert.notEqual(rotated.body.secret, secret);
      await publishFact(stack, UserUpdated, 'user', next, user(next++));
      const second = await eventually(() => receiver.at('/ok')[1], 30_000, 'a delivery after the rotation');
      assert.equal(String(second.headers['webhook-signature']).split(' ').length, 2);
      for (const s of [secret, rotated.body.secret!])
        assert.ok(new Webhook(s).verify(second.body, webhookHeaders(second)));

      // The receiver has answered; the worker writes the attempt down right after.
      const deliveries = await eventually(
        async () => {
          const list = await call<{ data: Delivery[] }>('GET', `/webhooks/${created.body.id}/deliveries`);
          return list.body.data.every((d) => d.status === 'delivered') ? list : null;
        },
        30_000,
        'both deliveries recorded'
      );
      assert.equal(deliveries.body.data.length, 2);
      assert.deepEqual(
        deliveries.body.data.map((d) => [
          d.status,
          d.attempts.length,
          d.attempts[0]!.status_code,
          d.attempts[0]!.response
        ]),
        [
          ['delivered', 1, 200, 'answered 200'],
          ['delivered', 1, 200, 'answered 200']
        ]
      );

      // A replay delivers the same fact again, with the same webhook-id, signed with the secrets of now.
      const replayed = deliveries.body.data.find((d) => d.event_id === factId)!;
      const replay = await call<Delivery>('POST', `/webhooks/${created.body.id}/deliveries/${replayed.id}/replay`);
      assert.equal(replay.status, 202);
      const again = await eventually(() => receiver.at('/ok')[2], 30_000, 'the replayed delivery');
      assert.equal(again.headers['webhook-id'], factId);
      assert.ok(new Webhook(rotated.body.secret!).verify(again.body, webhookHeaders(again)));
    });

    test('a redirect is not followed: the delivery fails and is tried again later', async () => {
      const moved = await endpoint('/moved', ['user.*']);
      const factId = await publishFact(stack, UserUpdated, 'user', next, user(next++));
      const failed = await eventually(
        async () => {
          const list = await call<{ data: Delivery[] }>('GET', `/webhooks/${moved.id}/deliveries`);
          const d = list.body.data.find((x) => x.event_id === factId);
          return d && d.attempts.length > 0 ? d : null;
        },
        30_000,
        'the redirected delivery recorded'
      );
      assert.equal(failed.attempts[0]!.status_code, 302);
      assert.notEqual(failed.status, 'delivered');
      assert.equal(receiver.at('/elsewhere').length, 0, 'the Location was never asked');
      await call('DELETE', `/webhooks/${moved.id}`);
    });

    test('a receiver answering 500 is tried on the scaled schedule, then the endpoint is disabled and the admins told', async () => {
      const adminId = next++;
      await publishFact(stack, UserCreated, 'user', adminId, user(adminId, 'admin'));
      const failing = await endpoint('/fail', ['payment.*']);
      await publishFact(stack, PaymentCreated, 'payment', next, payment(next++));
      const tries = await eventually(
        () => (receiver.at('/fail').length >= RETRY_SCHEDULE_MS.length + 1 ? receiver.at('/fail') : null),
        60_000,
        'every try'
      );
      const gaps = tries.slice(1).map((r, i) => r.at - tries[i]!.at);
      gaps.forEach((gap, i) =>
        assert.ok(
          gap >= RETRY_SCHEDULE_MS[i]! / SPEEDUP - 2,
          `retry ${i + 1} came ${gap.toFixed(1)} ms after the try before`
        )
      );
      const shown = await eventually(
        async () => {
          const e = (await call<Endpoint>('GET', `/webhooks/${failing.id}`)).body;
          return e.enabled ? null : e;
        },
        30_000,
        'the endpoint disabled'
      );
      assert.match(shown.disabled_reason!, /after 10 attempts \(last: HTTP 500\)/);
      const told = await eventually(
        async () => {
          const list = (
            await call<{ data: Array<{ recipient_id: number; status: string; subject: string }> }>(
              'GET',
              '/notifications/mailbox'
            )
          ).body.data;
          return list.find((x) => x.recipient_id === adminId);
        },
        30_000,
        'the admin told'
      );
      assert.equal(told.subject, `Webhook #${failing.id} disabled`);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.at('/fail').length, RETRY_SCHEDULE_MS.length + 1, 'no try after the last');
    });

    test('410 Gone disables the endpoint at once; a slow endpoint delays no other', async () => {
      const gone = await endpoint('/gone', ['payment.created']);
      const slow = await endpoint('/slow', ['user.*']);
      const fast = await endpoint('/ok?fast', ['user.*']);
      await publishFact(stack, PaymentCreated, 'payment', next, payment(next++));
      await eventually(
        async () => !(await call<Endpoint>('GET', `/webhooks/${gone.id}`)).body.enabled,
        30_000,
        'disabled by 410'
      );
      assert.equal(receiver.at('/gone').length, 1);

      for (let i = 0; i < 8; i++) await publishFact(stack, UserUpdated, 'user', next, user(next++));
      // The slow receiver has answered none of its deliveries: the fast one gets all eight all the same.
      await eventually(() => receiver.at('/ok?fast').length === 8, 30_000, 'the fast endpoint served');
      assert.ok(receiver.at('/slow').length <= 2, 'no more than WEBHOOK_PER_ENDPOINT under way to the slow one');
      slowAnswers.resolve();
      await eventually(
        () => new Set(receiver.at('/slow').map((r) => r.headers['webhook-id'])).size === 8,
        30_000,
        'the slow endpoint served once it answers'
      );
      await call('DELETE', `/webhooks/${slow.id}`);
      await call('DELETE', `/webhooks/${fast.id}`);
    });

    test('targets in private, loopback, link-local or unique-local ranges are refused unless allowed', async () => {
      for (const url of [
        `http://127.0.0.1:${receiver.port}/ok`,
        'http://[::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[::ffff:7f00:1]/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://[fd00::1]/hook',
        'http://0.0.0.0/hook',
        'ftp://example.com/hook',
        'not a url'
      ]) {
        const res = await call<{ errors: Array<{ path: string }> }>('POST', '/webhooks', { url, events: ['*'] });
        assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
        assert.equal(res.body.errors[0]!.path, '/url');
      }
    });

    test('a plain user or a manager gets 403 on every admin route, no token 401; bad input is a 400 problem', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/notifications/messages'],
        ['POST', '/notifications/messages/1/resend'],
        ['GET', '/notifications/mailbox'],
        ['GET', '/webhooks'],
        ['POST', '/webhooks', { url: `http://localhost:${receiver.port}/ok`, events: ['*'] }],
        ['GET', '/webhooks/1'],
        ['PUT', '/webhooks/1', { description: 'x' }],
        ['DELETE', '/webhooks/1'],
        ['POST', '/webhooks/1/rotate-secret'],
        ['GET', '/webhooks/1/deliveries'],
        ['POST', '/webhooks/1/deliveries/1/replay']
      ];
      const plain = await signedCaller(stack, 'user');
      const manager = await signedCaller(stack, 'manager');
      for (const [method, path, body] of routes) {
        for (const who of [plain, manager]) {
          const res = await call(method, path, body, who);
          assert.equal(res.status, 403, `${method} ${path}`);
          assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
        }
        const anonymous = await stack.request(method, 'notification', path, { body });
        assert.equal(anonymous.status, 401, `${method} ${path} without a token`);
      }
      const bad: Array<[string, string, unknown?]> = [
        ['POST', '/webhooks', { url: `http://localhost:${receiver.port}/ok`, events: ['*'], secret: 'mine' }],
        ['POST', '/webhooks', { url: `http://localhost:${receiver.port}/ok`, events: [] }],
        ['POST', '/webhooks', { url: `http://localhost:${receiver.port}/ok`, events: ['Payment Completed'] }],
        ['POST', '/webhooks', { events: ['*'] }],
        ['PUT', '/webhooks/1', {}],
        ['GET', '/webhooks/abc'],
        ['GET', '/webhooks/2147483648'],
        ['GET', '/notifications/messages?status=lost'],
        ['GET', '/notifications/messages?cursor=AAAAforged'],
        ['GET', '/notifications/messages?limit=201'],
        ['POST', '/webhooks/1/deliveries/0/replay']
      ];
      for (const [method, path, body] of bad) {
        const res = await call(method, path, body);
        assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
      }
      assert.equal((await call('GET', '/webhooks/999999')).status, 404);
      assert.equal((await call('POST', '/notifications/messages/999999/resend')).status, 404);
    });
  });
}
