// The ledger summed per currency and period (GET /transactions/summary), for staff's charts: every period's sum is
// what adding up the signed rows of GET /transactions over the same window gives (charges and reversals add,
// refunds take away), periods are calendar periods in UTC with weeks from Monday, a row on a boundary falls in the
// period it starts, and the window is from ≤ created_at < to. Staff only; bad windows are 400s.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Json } from '@style-flow/client';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  sumMinor,
  type LedgerRow,
  type Page
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type Summary = Json<'/transactions/summary', 'get'>;
type Problem = { status: number; code: string; detail: string; errors?: { path: string }[] };

const digits: Record<string, number> = { EUR: 2, JPY: 0, KWD: 3 };

/** A summary as a table: currency → [total, each period's "start amount"], for readable comparisons. */
const tableOf = (s: Summary) =>
  Object.fromEntries(
    s.data.map((c) => [c.currency, [c.total, ...c.periods.map((p) => `${p.start.slice(0, 10)} ${p.amount}`)]])
  );

for (const m of modes) {
  describe(`the ledger's summary, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    const client = paymentServiceClient(() => stack);
    let user: Caller;
    let manager: Caller;
    let admin: Caller;

    const summary = (who: Caller | null, query: string) =>
      client.call<Summary>('GET', `/transactions/summary?${query}`, who);

    /** Every ledger row of the window, page by page, as the console used to read it. */
    async function rowsOf(from: string, to: string): Promise<LedgerRow[]> {
      const rows: LedgerRow[] = [];
      let cursor: string | null = null;
      do {
        const query: URLSearchParams = new URLSearchParams({ from, to, limit: '200', ...(cursor ? { cursor } : {}) });
        const page: Reply<Page<LedgerRow>> = await client.call<Page<LedgerRow>>('GET', `/transactions?${query}`, admin);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        rows.push(...page.body.data);
        cursor = page.body.next_cursor;
      } while (cursor);
      return rows;
    }

    /**
     * Every sum of a summary is what paging through GET /transactions over its window and adding up the rows gives,
     * per currency and per period; and a currency is listed when it has a row there. Answers the count of rows.
     */
    async function assertAsPaged(s: Summary): Promise<number> {
      const rows = await rowsOf(s.from, s.to);
      assert.deepEqual(
        s.data.map((c) => c.currency),
        [...new Set(rows.map((r) => r.currency))].sort()
      );
      for (const c of s.data) {
        const own = rows.filter((r) => r.currency === c.currency);
        const sum = (values: readonly string[]) => sumMinor(values, digits[c.currency]);
        assert.equal(sum([c.total]), sum(own.map((r) => r.amount)), c.currency);
        for (const [i, p] of c.periods.entries()) {
          const end = Date.parse(c.periods[i + 1]?.start ?? s.to);
          const within = own.filter(
            (r) => Date.parse(r.created_at) >= Date.parse(p.start) && Date.parse(r.created_at) < end
          );
          assert.equal(sum([p.amount]), sum(within.map((r) => r.amount)), `${c.currency} ${p.start}`);
        }
      }
      return rows.length;
    }

    /**
     * A payment with its ledger at chosen times, written as the service writes them (the rows balance with the
     * payment), since the service itself stamps rows with the time they happen.
     */
    async function pastPayment(
      currency: string,
      amount: string,
      chargedAt: string,
      refunds: { amount: string; at: string; reversedAt?: string }[] = []
    ): Promise<void> {
      const refunded = refunds.filter((r) => !r.reversedAt).reduce((sum, r) => sum + Number(r.amount), 0);
      const status = refunded === 0 ? 'completed' : refunded === Number(amount) ? 'refunded' : 'partially_refunded';
      const payment = await db.query<{ id: number; user_id: number }>(
        `insert into payments (user_id, amount, currency, minor_unit, refunded, status, payment_method_id, method_type,
                               created_at, settled_at)
         values ($1, $2, $3, $4, $5, $6, 1, 'card', $7, $7) returning id, user_id`,
        [user.id, amount, currency, digits[currency], refunded, status, chargedAt]
      );
      const { id, user_id } = payment.rows[0]!;
      const row = (kind: string, signed: string, at: string, refundId: number | null) =>
        db.query(
          `insert into transactions (payment_id, refund_id, kind, amount, currency, user_id, created_at)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [id, refundId, kind, signed, currency, user_id, at]
        );
      await row('charge', amount, chargedAt, null);
      for (const r of refunds) {
        const refund = await db.query<{ id: number }>(
          `insert into refunds (payment_id, amount, status, source, created_at) values ($1, $2, $3, 'request', $4)
           returning id`,
          [id, r.amount, r.reversedAt ? 'failed' : 'completed', r.at]
        );
        await row('refund', `-${r.amount}`, r.at, refund.rows[0]!.id);
        if (r.reversedAt) await row('reversal', r.amount, r.reversedAt, refund.rows[0]!.id);
      }
    }

    before(async () => {
      stack = await startStack(m.mode, ['payment'], quickProvider);
      db = await paymentDatabase(stack);
      [user, manager, admin] = [await client.caller(), await client.caller('manager'), await client.caller('admin')];
      // March 2024, Mondays 4, 11, 18, 25. Before the window, on its first instant, on a week's boundary and on
      // either side of it, a refund, a refund given back (a reversal), a currency that nets to nothing, and a row
      // on the window's end, which is not in it.
      await pastPayment('EUR', '7.00', '2024-02-25T23:59:59Z');
      await pastPayment('EUR', '49.90', '2024-03-03T23:59:59.999Z');
      await pastPayment('EUR', '100.00', '2024-03-04T00:00:00Z', [
        { amount: '30.00', at: '2024-03-12T10:00:00Z' },
        { amount: '20.00', at: '2024-03-13T10:00:00Z', reversedAt: '2024-03-13T10:05:00Z' }
      ]);
      await pastPayment('JPY', '5000', '2024-03-05T12:00:00Z');
      await pastPayment('KWD', '1.250', '2024-03-06T08:00:00Z', [{ amount: '1.250', at: '2024-03-07T08:00:00Z' }]);
      await pastPayment('EUR', '3.00', '2024-03-25T00:00:00Z');
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      await stack?.stop();
    });

    test('per week and currency: the sums of the rows, boundaries in the week they start, zeros kept', async () => {
      const res = await summary(manager, 'from=2024-02-26T00:00:00Z&to=2024-03-25T00:00:00Z&interval=week');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        [res.body.from, res.body.to, res.body.interval],
        ['2024-02-26T00:00:00.000Z', '2024-03-25T00:00:00.000Z', 'week']
      );
      assert.deepEqual(tableOf(res.body), {
        EUR: ['119.90', '2024-02-26 49.90', '2024-03-04 100.00', '2024-03-11 -30.00', '2024-03-18 0.00'],
        JPY: ['5000', '2024-02-26 0', '2024-03-04 5000', '2024-03-11 0', '2024-03-18 0'],
        KWD: ['0.000', '2024-02-26 0.000', '2024-03-04 0.000', '2024-03-11 0.000', '2024-03-18 0.000']
      });
      assert.ok(res.body.data.every((c) => c.periods.every((p) => p.start.endsWith('T00:00:00.000Z'))));

      assert.equal(await assertAsPaged(res.body), 8);
    });

    test('per month and per day; a window starting mid-week has its first week start before it', async () => {
      const months = await summary(admin, 'from=2024-02-01&to=2024-04-01&interval=month');
      assert.equal(months.status, 200, JSON.stringify(months.body));
      assert.deepEqual(tableOf(months.body), {
        EUR: ['129.90', '2024-02-01 7.00', '2024-03-01 122.90'],
        JPY: ['5000', '2024-02-01 0', '2024-03-01 5000'],
        KWD: ['0.000', '2024-02-01 0.000', '2024-03-01 0.000']
      });
      // A day is [00:00, 24:00) UTC, whatever offset the window is written in.
      const day = await summary(
        admin,
        `from=${encodeURIComponent('2024-03-04T01:00:00+01:00')}&to=2024-03-05&interval=day`
      );
      assert.equal(day.status, 200, JSON.stringify(day.body));
      assert.deepEqual(tableOf(day.body), { EUR: ['100.00', '2024-03-04 100.00'] });
      // Weeks by default; only the rows within the window count, in the week that holds them.
      const midWeek = await summary(admin, 'from=2024-03-03T12:00:00Z&to=2024-03-05T00:00:00Z');
      assert.equal(midWeek.status, 200, JSON.stringify(midWeek.body));
      assert.equal(midWeek.body.interval, 'week');
      assert.deepEqual(tableOf(midWeek.body), { EUR: ['149.90', '2024-02-26 49.90', '2024-03-04 100.00'] });
      const empty = await summary(admin, 'from=2023-01-01&to=2023-02-01&interval=month');
      assert.deepEqual([empty.status, empty.body.data], [200, []]);
    });

    test("payments and refunds made now are in today's sums, as the ledger's pages add up", async () => {
      const payer = await client.caller();
      const eur = await client.paid(payer, { amount: '50.00' });
      await client.paid(payer, { amount: '5000', currency: 'JPY' });
      await client.paid(payer, { amount: '1.300', currency: 'KWD' });
      const refund = await client.refund(admin, eur.id, { amount: '12.34' });
      assert.equal(refund.status, 201, JSON.stringify(refund.body));
      const today = new Date();
      today.setUTCHours(0, 0, 0, 0);
      const from = new Date(today.getTime() - 14 * 86_400_000).toISOString();
      const to = new Date(today.getTime() + 2 * 86_400_000).toISOString();
      const res = await summary(admin, `from=${from}&to=${to}&interval=day`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data[0]!.periods.length, 16);
      assert.deepEqual(
        res.body.data.map((c) => [c.currency, c.total]),
        [
          ['EUR', '37.66'],
          ['JPY', '5000'],
          ['KWD', '1.300']
        ]
      );
      assert.equal(await assertAsPaged(res.body), 4);
    });

    test('staff only: a plain user gets 403, without a token 401, managers and admins 200', async () => {
      const query = 'from=2024-02-26&to=2024-03-25';
      const refused = await client.call<Problem>('GET', `/transactions/summary?${query}`, user);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.headers.get('content-type')!, /^application\/problem\+json/);
      assert.equal(refused.body.code, 'FORBIDDEN');
      assert.equal((await summary(null, query)).status, 401);
      for (const staff of [manager, admin]) assert.equal((await summary(staff, query)).status, 200);
    });

    test('bad windows are 400 problems: missing or impossible dates, to not after from, too many periods', async () => {
      const bad = [
        ['to=2024-03-25', '/from'],
        ['from=2024-03-25', '/to'],
        ['from=2024-02-30&to=2024-03-25', '/from'],
        ['from=yesterday&to=2024-03-25', '/from'],
        ['from=2024-03-01&to=2024-03-25T24:00:00Z', '/to'],
        ['from=2024-03-25&to=2024-03-01', '/to'],
        ['from=2024-03-25&to=2024-03-25', '/to'],
        ['from=2024-03-01&to=2024-03-25&interval=year', '/interval'],
        ['from=2024-01-01&to=2025-01-02&interval=day', '/to'],
        ['from=2000-01-01&to=2009-01-01&interval=week', '/to'],
        ['from=0001-01-01&to=9999-12-31&interval=month', '/to'],
        ['from=2024-03-01&to=2024-03-25&currency=EUR', '']
      ] as const;
      for (const [query, path] of bad) {
        const res = await client.call<Problem>('GET', `/transactions/summary?${query}`, admin);
        assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type')!, /^application\/problem\+json/, query);
        if (path)
          assert.ok(JSON.stringify(res.body).includes(path), `${query} names ${path}: ${JSON.stringify(res.body)}`);
      }
      // At the limit: the 366 days of a leap year.
      const year = await summary(admin, 'from=2024-01-01&to=2025-01-01&interval=day');
      assert.equal(year.status, 200, JSON.stringify(year.body));
      assert.ok(year.body.data.every((c) => c.periods.length === 366));
    });
  });
}
