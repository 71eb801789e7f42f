// Bodies the payment service refuses at its edge (SPEC §1, §3.6), read by the platform's one JSON parser with the
// payment service's reading of amounts on top: a byte-order mark is a 400 problem+json on every POST and PUT,
// directly and through the gateway, and money in exponent notation (`1e3`, `"1e3"`) is a 400 at /amount, for a
// payment and for a refund, with nothing written and no Idempotency-Key remembered.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AppError } from '@style-flow/platform';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  paymentServiceClient,
  quickProvider,
  type Page,
  type Payment,
  type Refund
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';
import { parseAmount } from '../src/domain/money.ts';
import { parsePaymentBody } from '../src/http/json-body.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

const problemOf = (res: Reply<unknown>): Problem => res.body as Problem;

function assertProblem(res: Reply<unknown>, what: string): Problem {
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8', what);
  assert.equal(problemOf(res).status, 400, what);
  return problemOf(res);
}

// Written as JSON numbers and as strings: the text a client sends, never what JSON.stringify would make of it.
const exponentAmounts = ['1e3', '1E3', '5e-1', '1.5E+2', '"1e3"', '"1E3"', '"1.5e2"', '"5e-1"'];

/** A 400 at /amount and nowhere else; a JSON number is told why (a string, by the schema's pattern). */
function assertAmountRefused(res: Reply<unknown>, amount: string): void {
  const problem = assertProblem(res, amount);
  assert.equal(problem.code, 'VALIDATION_FAILED', amount);
  assert.ok(problem.errors!.length > 0, amount);
  assert.deepEqual([...new Set(problem.errors!.map((e) => e.path))], ['/amount'], amount);
  if (!amount.startsWith('"')) assert.match(problem.errors![0]!.message, /exponent/, amount);
}

test('the domain reads no exponent either, whoever hands it an amount', () => {
  for (const raw of ['1e3', '1E3', '5e-1', '1.5e2', 1e-7, 1e21]) {
    assert.throws(
      () => parseAmount(raw, 'EUR', '/amount'),
      (error: unknown) => error instanceof AppError && error.status === 400 && /exponent/.test(error.message),
      String(raw)
    );
  }
  assert.equal(parseAmount('1000', 'EUR', '/amount'), 100000n);
  assert.equal(parseAmount(49.9, 'EUR', '/amount'), 4990n);
});

test('whatever the bytes, the payment body parser throws nothing but a 4xx AppError', () => {
  // Mutations of payment bodies, byte by byte, from a small deterministic generator.
  let seed = 0xb0d1;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const samples = [
    '{"amount": 10.50, "currency": "EUR", "payment_method_id": 1}',
    '\ufeff{"amount": "1e3", "currency": "RUB", "description": "Оплата участия в конференции"}',
    '{"amount": 1E400, "reason": "card 4111 1111 1111 1111", "x": [4111111111111111, -0.0]}',
    '{"name": "Карта", "type": "card", "is_active": true}'
  ];
  const noise = ['\ufeff', '\u0000', '"', '\\', '{', '}', ',', ':', 'e', 'E', '-', '.', '0', '4111111111111111'];
  for (let round = 0; round < 3000; round++) {
    let bytes = Buffer.from(samples[random(samples.length)]!);
    for (let edits = random(4); edits > 0; edits--) {
      const at = random(bytes.length + 1);
      const insert = random(3) === 0 ? Buffer.from([random(256)]) : Buffer.from(noise[random(noise.length)]!);
      bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + (random(3) === 0 ? random(4) : 0))]);
    }
    for (const body of [bytes, bytes.toString('utf8')]) {
      try {
        parsePaymentBody(body);
      } catch (error) {
        assert.ok(error instanceof AppError, `${bytes.toString('hex')}: ${String(error)}`);
        assert.ok(error.status >= 400 && error.status < 500, bytes.toString('hex'));
      }
    }
  }
});

for (const m of modes) {
  describe(`bodies the payment service refuses at its edge, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = paymentServiceClient(() => stack);
    let manager: Caller;
    let admin: Caller;

    before(async () => {
      stack = await startStack(m.mode, ['payment', 'gateway'], quickProvider);
      [manager, admin] = [await client.caller('manager'), await client.caller('admin')];
    });
    after(() => stack?.stop());

    test('a body that starts with a byte-order mark is a 400 problem+json, directly and through the gateway', async () => {
      const payer = await client.caller();
      const paid = await client.paid(payer, { amount: '50.00' });
      const methodsBefore = await client.call<Page<unknown>>('GET', '/payment-methods?limit=200', manager);
      // fetch sends the string as UTF-8: the mark is the three bytes EF BB BF.
      const bom = (json: string) => `\ufeff${json}`;
      const requests: Array<[string, string, Caller, string]> = [
        ['POST', '/payments', payer, '{"amount": "10.00", "currency": "EUR", "payment_method_id": 1}'],
        ['POST', '/payment-methods', manager, '{"name": "Вексель", "type": "invoice"}'],
        ['PUT', '/payment-methods/1', manager, '{"name": "Карта"}'],
        ['POST', `/payments/${paid.id}/refund`, admin, '{"amount": "10.00"}']
      ];
      for (const service of ['payment', 'gateway']) {
        for (const [method, path, who, json] of requests) {
          const what = `${method} ${path} (${service})`;
          const res = await stack.request(method, service, path, { token: who.token, raw: bom(json) });
          const problem = assertProblem(res, what);
          assert.equal(problem.code, 'BAD_REQUEST', what);
          assert.match(problem.detail, /byte-order mark/, what);
        }
      }
      // Nothing was written: no payment, method, rename or refund.
      const mine = await client.call<Page<Payment>>('GET', '/payments', payer);
      assert.deepEqual(
        mine.body.data.map((p) => p.id),
        [paid.id]
      );
      assert.equal((await client.payment(payer, paid.id)).refunded_amount, '0.00');
      const methodsAfter = await client.call<Page<unknown>>('GET', '/payment-methods?limit=200', manager);
      assert.deepEqual(methodsAfter.body, methodsBefore.body);
      // The same bodies without the mark are taken.
      const [method, path, who, json] = requests[0]!;
      assert.equal((await stack.request(method, 'gateway', path, { token: who.token, raw: json })).status, 201);
    });

    test('an amount in exponent notation is a 400 at /amount for a payment, and nothing is written', async () => {
      const payer = await client.caller();
      const key = randomUUID();
      for (const amount of exponentAmounts) {
        const res = await stack.request('POST', 'payment', '/payments', {
          token: payer.token,
          headers: { 'idempotency-key': key },
          raw: `{"amount": ${amount}, "currency": "EUR", "payment_method_id": 1}`
        });
        assertAmountRefused(res, amount);
      }
      assert.deepEqual((await client.call<Page<Payment>>('GET', '/payments', payer)).body.data, []);
      assert.deepEqual(await client.ledger(payer, `user_id=${payer.id}`), []);
      // A refused request leaves its key free: the same key with a plain amount is a first request (201, not 422).
      const plain = await stack.request<Payment>('POST', 'payment', '/payments', {
        token: payer.token,
        headers: { 'idempotency-key': key },
        raw: '{"amount": 1000, "currency": "EUR", "payment_method_id": 1}'
      });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.headers.get('idempotent-replayed'), null);
      assert.equal(plain.body.amount, '1000.00');
    });

    test('an amount in exponent notation is a 400 at /amount for a refund, and nothing is refunded', async () => {
      const payer = await client.caller();
      const paid = await client.paid(payer, { amount: '500.00' });
      const key = randomUUID();
      for (const amount of exponentAmounts) {
        const res = await stack.request('POST', 'payment', `/payments/${paid.id}/refund`, {
          token: admin.token,
          headers: { 'idempotency-key': key },
          raw: `{"amount": ${amount}, "reason": "exponent"}`
        });
        assertAmountRefused(res, amount);
      }
      const refunded = await client.payment(admin, paid.id);
      assert.deepEqual([refunded.status, refunded.refunded_amount], ['completed', '0.00']);
      assert.deepEqual((await client.call<Page<Refund>>('GET', `/payments/${paid.id}/refunds`, admin)).body.data, []);
      const ledger = await client.ledger(admin, `payment_id=${paid.id}`);
      assert.deepEqual(
        ledger.map((r) => r.kind),
        ['charge']
      );
      const plain = await stack.request<Refund>('POST', 'payment', `/payments/${paid.id}/refund`, {
        token: admin.token,
        headers: { 'idempotency-key': key },
        raw: '{"amount": 150, "reason": "plain"}'
      });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.body.amount, '150.00');
    });
  });
}
