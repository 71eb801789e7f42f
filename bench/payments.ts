// Payment service: card payments per second (the built-in provider answers at once), each one two transactions
// around the provider call and an invoice numbered from the gapless series, against a plain SQL baseline of the
// same two transactions; and refunds on one hot payment, each one the conditional UPDATE that keeps refunds within
// the amount, against the same statements in plain SQL — service and baseline in turns, measured in the same run.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { migrate, platformMigrations, readMigrations, signAccessToken, type Database } from '@style-flow/platform';
import { openTestDatabase } from '@style-flow/platform/testing';
import { modes, startStack, type Stack } from '../test/support/stack.ts';
import { load, type LoadResult } from './http-load.ts';
import { table } from './stats.ts';

const CONNECTIONS = 16;
const SECONDS = 4;
const ROUNDS = 3;
const HOT_AMOUNT = '9999999999.00';

async function prepareBaseline(db: Database): Promise<number> {
  await migrate(db, [
    ...(await platformMigrations()),
    ...(await readMigrations(new URL('../services/payment/migrations/', import.meta.url), 'payment'))
  ]);
  const { rows } = await db.query<{ id: number }>(
    `insert into payments (user_id, amount, currency, minor_unit, status, payment_method_id, method_type)
     values (1, $1, 'EUR', 2, 'completed', 1, 'card') returning id`,
    [HOT_AMOUNT]
  );
  await db.query(
    `insert into invoices (payment_id, series, number, amount, currency, minor_unit, user_id, bill_to,
    method_name) values ($1, 'SF-BENCH', 1, $2, 'EUR', 2, 1, 'bench', 'Card')`,
    [rows[0]!.id, HOT_AMOUNT]
  );
  return rows[0]!.id;
}

/** Runs `one` on CONNECTIONS connections for SECONDS; gives how many ran per second. */
async function rate(one: () => Promise<void>): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        await one();
        done++;
      }
    })
  );
  return done / SECONDS;
}

/** A card payment's two transactions, without HTTP, token, provider port, outbox or relay. */
async function plainPayment(db: Database): Promise<void> {
  const id = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>(
      `insert into payments (user_id, amount, currency, minor_unit, status, payment_method_id, method_type, next_check_at)
       values (2, 50.00, 'EUR', 2, 'pending', 1, 'card', now() + interval '30 seconds') returning id`
    );
    return rows[0]!.id;
  });
  await db.transaction(async (tx) => {
    await tx.query(
      `update payments set status = 'completed', settled_at = now() where id = $1 and status = 'pending'`,
      [id]
    );
    await tx.query(
      `insert into transactions (payment_id, kind, amount, currency, user_id) values ($1, 'charge', 50.00, 'EUR', 2)`,
      [id]
    );
    const { rows } = await tx.query<{ n: number }>(
      `insert into document_counters (series, last_number) values ('SF-PLAIN', 1)
       on conflict (series) do update set last_number = document_counters.last_number + 1 returning last_number as n`
    );
    await tx.query(
      `insert into invoices (payment_id, series, number, amount, currency, minor_unit, user_id, bill_to, method_name)
       values ($1, 'SF-PLAIN', $2, 50.00, 'EUR', 2, 2, 'bench', 'Card')`,
      [id, rows[0]!.n]
    );
  });
}

/** A refund's reservation (the conditional UPDATE, the refund and its ledger row) and its settlement with a credit note. */
async function plainRefund(db: Database, paymentId: number): Promise<void> {
  const refundId = await db.transaction(async (tx) => {
    const reserved = await tx.query(
      `update payments set refunded = refunded + 0.01,
         status = case when refunded + 0.01 = amount then 'refunded' else 'partially_refunded' end
       where id = $1 and status in ('completed', 'partially_refunded') and refunded + 0.01 <= amount`,
      [paymentId]
    );
    if (reserved.rowCount === 0) return null;
    const { rows } = await tx.query<{ id: number }>(
      `insert into refunds (payment_id, amount, status, source) values ($1, 0.01, 'pending', 'request') returning id`,
      [paymentId]
    );
    await tx.query(
      `insert into transactions (payment_id, refund_id, kind, amount, currency, user_id)
       values ($1, $2, 'refund', -0.01, 'EUR', 1)`,
      [paymentId, rows[0]!.id]
    );
    return rows[0]!.id;
  });
  if (refundId === null) return;
  await db.transaction(async (tx) => {
    await tx.query(`update refunds set status = 'completed', settled_at = now() where id = $1 and status = 'pending'`, [
      refundId
    ]);
    const { rows } = await tx.query<{ n: number }>(
      `insert into document_counters (series, last_number) values ('CN-PLAIN', 1)
       on conflict (series) do update set last_number = document_counters.last_number + 1 returning last_number as n`
    );
    await tx.query(
      `insert into credit_notes (refund_id, invoice_id, series, number, amount, currency)
       select $1, i.id, 'CN-PLAIN', $2, 0.01, 'EUR' from invoices i where i.payment_id = $3`,
      [refundId, rows[0]!.n, paymentId]
    );
  });
}

const median = <T>(values: T[], by: (v: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

async function rounds(service: () => Promise<LoadResult>, baseline: () => Promise<number>) {
  const s: LoadResult[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    s.push(await service());
    b.push(await baseline());
  }
  return { service: median(s, (r) => r.rps), baseline: median(b, (r) => r) };
}

async function measure(stack: Stack, baselineDb: Database, name: string): Promise<(string | number)[][]> {
  const token = (role: 'user' | 'admin') =>
    signAccessToken(stack.config.jwt.secret, { userId: role === 'admin' ? 1 : 2, role, sessionId: randomUUID() }, 600);
  const [payer, admin] = [await token('user'), await token('admin')];
  const json = { 'content-type': 'application/json' };
  const pay = (body: Record<string, unknown>) =>
    stack.request<{ id: number }>('POST', 'payment', '/payments', { token: payer, body });
  const hot = await pay({ amount: HOT_AMOUNT, currency: 'EUR', payment_method_id: 1 });
  const hotBaseline = await prepareBaseline(baselineDb);
  const payments = await rounds(
    () =>
      load({
        url: `${stack.url('payment')}/payments`,
        method: 'POST',
        connections: CONNECTIONS,
        seconds: SECONDS,
        headers: { ...json, authorization: `Bearer ${payer}` },
        body: JSON.stringify({ amount: '50.00', currency: 'EUR', payment_method_id: 1 })
      }),
    () => rate(() => plainPayment(baselineDb))
  );
  const refunds = await rounds(
    () =>
      load({
        url: `${stack.url('payment')}/payments/${hot.body.id}/refund`,
        method: 'POST',
        connections: CONNECTIONS,
        seconds: SECONDS,
        headers: { ...json, authorization: `Bearer ${admin}` },
        body: JSON.stringify({ amount: '0.01' })
      }),
    () => rate(() => plainRefund(baselineDb, hotBaseline))
  );
  const row = (what: string, r: { service: LoadResult; baseline: number }) => [
    name,
    what,
    r.service.rps,
    r.service.p99,
    `${(r.service.rps / r.baseline).toFixed(2)} of plain SQL (${r.baseline.toFixed(0)}/s)`,
    String(r.service.failed)
  ];
  return [row('POST /payments (card)', payments), row('POST /payments/{id}/refund (one hot payment)', refunds)];
}

export async function paymentThroughput(): Promise<void> {
  console.log(
    `\n## Payments: card payments, and refunds on one hot payment (median of ${ROUNDS} rounds, service and baseline in turn; ${CONNECTIONS} connections, ${SECONDS} s each, loopback)`
  );
  const rows: (string | number)[][] = [];
  for (const m of modes) {
    if (m.skip) continue;
    const stack = await startStack(m.mode, ['payment']);
    const baselineDb = await openTestDatabase();
    try {
      rows.push(...(await measure(stack, baselineDb, m.name)));
    } finally {
      await stack.stop();
      await baselineDb.destroy();
    }
  }
  console.log(table(['backends', 'request', 'req/s', 'p99 ms', 'ratio to baseline', 'failed'], rows));
  console.log(
    'plain SQL: the same two transactions of each request (a payment: pending, then completed with its ledger'
  );
  console.log(
    'row and the next invoice number; a refund: the conditional UPDATE with its refund and ledger rows, then'
  );
  console.log(
    'its settlement with the next credit note number) on a fresh database of the same kind and pool size; the'
  );
  console.log('service adds HTTP, the token and revocation check, the provider port, the outbox rows and their relay.');
}
