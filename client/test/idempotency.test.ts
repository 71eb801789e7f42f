// The client's Idempotency-Key support against a real payment service: a payment whose answer is lost on the way back
// is asked for again with the same key and body, and the service replays its first answer, so one payment is made;
// a request without a key is never sent twice; refusals come back as typed problem+json.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, ProblemError, withIdempotencyKey } from '@style-flow/client';
import { signedCaller, type Caller } from '../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../test/support/stack.ts';

const backend = modes[0]!;

describe(`the client's Idempotency-Key, ${backend.name}`, () => {
  let stack: Stack;
  let payer: Caller;

  /**
   * A client whose first `lose` POSTs reach the service and are answered, but whose answers never arrive: the
   * connection drops on the way back, as it does when a mobile network changes. Counts what it sends.
   */
  const losingAnswers = (lose: number) => {
    const sent: Array<string | null> = [];
    const client = createStyleFlowClient({
      baseUrl: stack.url('payment'),
      tokens: { access_token: payer.token },
      retry: { retries: 2, delayMs: 20 },
      fetch: async (request) => {
        sent.push(request.headers.get('idempotency-key'));
        const response = await fetch(request);
        if (request.method === 'POST' && sent.length <= lose) {
          await response.body?.cancel();
          throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
        }
        return response;
      }
    });
    return { client, sent };
  };
  const paymentsOf = async () =>
    (
      await ok(
        createStyleFlowClient({ baseUrl: stack.url('payment'), tokens: { access_token: payer.token } }).GET(
          '/payments',
          { params: { query: { limit: 200 } } }
        )
      )
    ).data;

  before(async () => {
    stack = await startStack(backend.mode, ['payment']);
    payer = await signedCaller(stack);
  });
  after(() => stack?.stop());

  test('a payment whose answer was lost is asked again with the same key: the first answer, replayed, one payment', async () => {
    const { client, sent } = losingAnswers(1);
    const before = (await paymentsOf()).length;
    const header = withIdempotencyKey();
    const { data, response } = await client.POST('/payments', {
      body: { amount: '50.00', currency: 'EUR', payment_method_id: 1, description: 'Workshop' },
      params: { header }
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('idempotent-replayed'), 'true');
    assert.equal(data?.description, 'Workshop');
    assert.deepEqual(sent, [header['idempotency-key'], header['idempotency-key']]);
    assert.equal((await paymentsOf()).length, before + 1);
  });

  test('when every try is lost the network error reaches the caller, after the configured retries', async () => {
    const { client, sent } = losingAnswers(10);
    const failed = await client
      .POST('/payments', {
        body: { amount: '50.00', currency: 'EUR', payment_method_id: 1 },
        params: { header: withIdempotencyKey('fixed-key-for-this-test') }
      })
      .catch((e: unknown) => e);
    assert.ok(failed instanceof TypeError);
    assert.deepEqual(sent, ['fixed-key-for-this-test', 'fixed-key-for-this-test', 'fixed-key-for-this-test']);
  });

  test('a POST without a key is sent once: the client cannot know whether the first one was made', async () => {
    const { client, sent } = losingAnswers(1);
    const before = (await paymentsOf()).length;
    const failed = await client
      .POST('/payments', { body: { amount: '50.00', currency: 'EUR', payment_method_id: 1 } })
      .catch((e: unknown) => e);
    assert.ok(failed instanceof TypeError);
    assert.deepEqual(sent, [null]);
    assert.equal((await paymentsOf()).length, before + 1, 'it was made, and only once');
  });

  test('a refusal is typed problem+json, and ok() throws it as a ProblemError without any token', async () => {
    const client = createStyleFlowClient({ baseUrl: stack.url('payment'), tokens: { access_token: payer.token } });
    const body = { amount: '50.00', currency: 'EUR' as const, payment_method_id: 999_999 };
    const { error, response } = await client.POST('/payments', { body });
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(error?.code, 'UNKNOWN_PAYMENT_METHOD');
    assert.equal(error?.status, 422);

    const thrown = await ok(client.POST('/payments', { body })).catch((e: unknown) => e);
    assert.ok(thrown instanceof ProblemError);
    assert.equal(thrown.problem?.code, 'UNKNOWN_PAYMENT_METHOD');
    assert.match(thrown.message, /^\/payments answered 422 UNKNOWN_PAYMENT_METHOD: /);
    assert.ok(!thrown.message.includes(payer.token) && !JSON.stringify(thrown).includes(payer.token));
  });
});
