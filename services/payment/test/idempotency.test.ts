// Idempotency-Key on POST /payments (SPEC §3.6, draft-ietf-httpapi-idempotency-key-header as Stripe does it):
// the first answer replayed for the same key and body, compared canonically; another body a 422; a first request
// still running a 409; validation failures not remembered; keys per caller and route, kept in the database so a
// second instance on the same database honours them, and a crashed request's work found rather than done twice.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  amounts,
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  type Page,
  type Payment
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const codeOf = (body: unknown) => (body as { code?: string }).code;

for (const m of modes) {
  describe(`Idempotency-Key on payments, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let twin: Stack;
    let db: pg.Client;
    const client = paymentServiceClient(() => stack);
    const other = paymentServiceClient(() => twin);
    let payer: Caller;
    const countOf = async (who: Caller) =>
      (await client.call<Page<Payment>>('GET', '/payments?limit=200', who)).body.data.length;

    before(async () => {
      // A slow provider timeout, and a sweeper that leaves pending payments to their requests for a while.
      const settings = { ...quickProvider, PAYMENT_PROVIDER_TIMEOUT_MS: '1500', PAYMENT_PENDING_GRACE_MS: '20000' };
      stack = await startStack(m.mode, ['payment'], settings);
      // A second instance on the same database: what a restart or a second replica sees.
      twin = await startStack(m.mode, ['payment'], {
        ...settings,
        POSTGRES_DB_SUFFIX: stack.config.postgres!.databaseSuffix!
      });
      db = await paymentDatabase(stack);
      payer = await client.caller();
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      // The twin first: the stack's stop drops the database they share.
      await twin?.stop();
      await stack?.stop();
    });

    test('the same key and body answers the first answer, replayed; one payment is made', async () => {
      const key = randomUUID();
      const first = await client.pay(payer, { amount: '70.00' }, key);
      assert.equal(first.status, 201);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const again = await client.pay(payer, { amount: '70.00' }, key);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.headers.get('location'), first.headers.get('location'));
      assert.deepEqual(again.body, first.body);
      // Compared canonically: 70 = "70.00" = 70.0, the fields in any order, an absent field = null.
      const reordered = await stack.request<Payment>('POST', 'payment', '/payments', {
        token: payer.token,
        headers: { 'idempotency-key': key },
        raw: '{"payment_method_id": 1, "description": null, "currency": "EUR", "amount": 70.0}'
      });
      assert.equal(reordered.status, 201, JSON.stringify(reordered.body));
      assert.equal(reordered.body.id, first.body.id);
      assert.equal((await client.pay(payer, { amount: 70 }, key)).body.id, first.body.id);
      // A structured-field string ("…") is the same key.
      assert.equal((await client.pay(payer, { amount: 70 }, `"${key}"`)).body.id, first.body.id);
    });

    test('5000 and "5000.00" are the same request', async () => {
      const key = randomUUID();
      const first = await client.pay(payer, { amount: 5000, currency: 'RUB' }, key);
      const again = await client.pay(payer, { amount: '5000.00', currency: 'RUB' }, key);
      assert.deepEqual([first.status, again.status, again.headers.get('idempotent-replayed')], [201, 201, 'true']);
      assert.equal(again.body.id, first.body.id);
    });

    test('the same key with another body is a 422, and nothing is made', async () => {
      const key = randomUUID();
      const first = await client.pay(payer, { amount: '71.00' }, key);
      const before = await countOf(payer);
      const other = await client.pay(payer, { amount: '72.00' }, key);
      assert.deepEqual([other.status, codeOf(other.body)], [422, 'IDEMPOTENCY_KEY_REUSED']);
      assert.equal(await countOf(payer), before);
      assert.equal((await client.pay(payer, { amount: '71.00' }, key)).body.id, first.body.id);
    });

    test('while the first request is still running, the same key is a 409; afterwards its answer is replayed', async () => {
      const key = randomUUID();
      // The provider never answers a charge ending 03: the first request waits out its timeout (1.5 s).
      const first = client.pay(payer, { amount: amounts.timeout }, key);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await client.pay(payer, { amount: amounts.timeout }, key);
      assert.deepEqual([during.status, codeOf(during.body)], [409, 'IDEMPOTENCY_KEY_IN_USE']);
      assert.equal(during.headers.get('retry-after'), '1');
      // The second instance sees the claim too: it lives in the database.
      const elsewhere = await other.pay(payer, { amount: amounts.timeout }, key);
      assert.equal(elsewhere.status, 409);
      const answered = await first;
      assert.equal(answered.status, 201);
      assert.equal(answered.body.status, 'pending', 'the provider did not answer; the sweeper will');
      const replayed = await other.pay(payer, { amount: amounts.timeout }, key);
      assert.deepEqual([replayed.status, replayed.headers.get('idempotent-replayed')], [201, 'true']);
      assert.equal(replayed.body.id, answered.body.id);
    });

    test('a request refused by validation is not remembered; a refusal by the rules is', async () => {
      const key = randomUUID();
      const invalid = await client.pay(payer, { amount: '10.001' }, key);
      assert.equal(invalid.status, 400);
      const valid = await client.pay(payer, { amount: '10.00' }, key);
      assert.equal(valid.status, 201, 'the key was free again');

      const refusedKey = randomUUID();
      const refused = await client.pay(payer, { amount: '10.00', payment_method_id: 999_999 }, refusedKey);
      assert.equal(refused.status, 422);
      const replay = await client.pay(payer, { amount: '10.00', payment_method_id: 999_999 }, refusedKey);
      assert.deepEqual([replay.status, replay.headers.get('idempotent-replayed')], [422, 'true']);
      assert.equal(replay.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(codeOf(replay.body), 'UNKNOWN_PAYMENT_METHOD');
    });

    test('a key belongs to its caller and route', async () => {
      const key = randomUUID();
      const someone = await client.caller();
      const mine = await client.pay(payer, { amount: '73.00' }, key);
      const theirs = await client.pay(someone, { amount: '73.00' }, key);
      assert.deepEqual([mine.status, theirs.status], [201, 201]);
      assert.notEqual(theirs.body.id, mine.body.id);
      assert.equal(theirs.headers.get('idempotent-replayed'), null);
      const admin = await client.caller('admin');
      const refund = await client.refund(admin, mine.body.id, {}, key);
      assert.equal(refund.status, 201, 'the refund route keeps its own keys');
    });

    test('malformed keys are a 400', async () => {
      for (const key of ['', '"unterminated', 'x'.repeat(256), 'a"b']) {
        const res = await client.pay(payer, { amount: '10.00' }, key);
        assert.equal(res.status, 400, JSON.stringify(key));
      }
    });

    test('a request that crashed after making its payment: a retry past the lease answers that payment', async () => {
      const key = randomUUID();
      const first = await client.pay(payer, { amount: '74.00' }, key);
      // As if the process had died between the payment's commit and the answer's: the claim still running, its
      // lease run out, no answer kept.
      await db.query(
        `update idempotency_keys set state = 'running', answer_status = null, answer_body = null, answer_location = null,
           locked_until = now() - interval '1 second' where key = $1`,
        [key]
      );
      const before = await countOf(payer);
      const retry = await other.pay(payer, { amount: '74.00' }, key);
      assert.equal(retry.status, 201);
      assert.equal(retry.body.id, first.body.id, 'the payment the first request made, not a second one');
      assert.equal(await countOf(payer), before);
      const replay = await client.pay(payer, { amount: '74.00' }, key);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    });
  });
}
