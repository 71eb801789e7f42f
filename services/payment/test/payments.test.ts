// Payments (SPEC §3.6) as a payer and staff see them: money read exactly in the currency's minor unit, card
// numbers refused anywhere in a body, methods that wait for staff, inactive methods, and who sees what (SPEC §2)
// — on the embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ClientArchived, ClientCreated, type EventData } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { paymentServiceClient, quickProvider, type Page, type Payment } from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`payments, money and rights, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = paymentServiceClient(() => stack);
    let payer: Caller;
    let admin: Caller;
    let manager: Caller;

    before(async () => {
      stack = await startStack(m.mode, ['payment'], quickProvider);
      [payer, admin, manager] = [await client.caller(), await client.caller('admin'), await client.caller('manager')];
    });
    after(() => stack?.stop());

    test('a card payment completes at once: 201 + Location, its invoice, amounts as strings with the digits', async () => {
      const res = await client.pay(payer, { amount: 5000, currency: 'RUB', payment_method_id: 1 });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.headers.get('location'), `/payments/${res.body.id}`);
      assert.equal(res.body.status, 'completed');
      assert.deepEqual(
        [res.body.amount, res.body.refunded_amount, res.body.refundable_amount],
        ['5000.00', '0.00', '5000.00']
      );
      assert.match(res.body.invoice_number!, /^SF-\d{4}-\d{6}$/);
      assert.equal(res.body.user_id, payer.id);
      assert.deepEqual(await client.payment(payer, res.body.id), { ...res.body });
    });

    test("money: the currency's minor unit decides, read from the text as written", async () => {
      const cases: Array<[unknown, string, number, string | null]> = [
        [5000, 'JPY', 201, '5000'],
        ['5000.5', 'JPY', 400, null],
        [5000.5, 'JPY', 400, null],
        ['1.234', 'KWD', 201, '1.234'],
        ['1.2345', 'KWD', 400, null],
        ['49.9', 'EUR', 201, '49.90'],
        [49.9, 'EUR', 201, '49.90'],
        ['0.1', 'USD', 201, '0.10'],
        [10.001, 'EUR', 400, null],
        // A JSON number keeps the decimals it was written with: 10.000 has three.
        ['10.000', 'EUR', 400, null],
        [1e3, 'GBP', 201, '1000.00'],
        [0, 'EUR', 400, null],
        [-5, 'EUR', 400, null],
        ['abc', 'EUR', 400, null],
        [1e10, 'EUR', 400, null],
        ['9999999999.99', 'EUR', 201, '9999999999.99'],
        [10, 'XXX', 400, null],
        [10, 'eur', 400, null]
      ];
      for (const [amount, currency, status, shown] of cases) {
        const res = await client.pay(payer, { amount, currency });
        assert.equal(res.status, status, `${JSON.stringify(amount)} ${currency}: ${JSON.stringify(res.body)}`);
        if (shown !== null) assert.equal(res.body.amount, shown, `${JSON.stringify(amount)} ${currency}`);
        else assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      }
      // Many digits are read exactly, never through a float (an exponent is refused: body-input.test.ts).
      const raw = await stack.request<Payment>('POST', 'payment', '/payments', {
        token: payer.token,
        raw: '{"amount": 1234567890.12, "currency": "EUR", "payment_method_id": 1}'
      });
      assert.equal(raw.status, 201, JSON.stringify(raw.body));
      assert.equal(raw.body.amount, '1234567890.12');
    });

    test('no card number is ever accepted: a Luhn-valid 13–19 digit run anywhere in the body is a 400', async () => {
      for (const description of ['card 4111 1111 1111 1111', '4111-1111-1111-1111', 'pan:5500005555555559x']) {
        const res = await client.pay(payer, { amount: '10.00', description });
        assert.equal(res.status, 400, description);
        assert.equal((res.body as unknown as { code: string }).code, 'CARD_DATA_REFUSED');
      }
      const asNumber = await stack.request('POST', 'payment', '/payments', {
        token: payer.token,
        raw: '{"amount": "10.00", "currency": "EUR", "payment_method_id": 1, "card": 4111111111111111}'
      });
      assert.equal(asNumber.status, 400);
      // Digits that fail the Luhn check (an order number) are just text; unknown fields are refused anyway.
      assert.equal((await client.pay(payer, { amount: '10.00', description: 'order 4111111111111112' })).status, 201);
      const unknown = await client.pay(payer, { amount: '10.00', card_number: 'none' });
      assert.equal(unknown.status, 400);
      assert.ok(JSON.stringify(unknown.body).includes('/card_number'));
    });

    test('cash, bank transfer and invoice wait for staff; an invoice payment has its invoice at once', async () => {
      const cash = await client.paid(payer, { amount: '30.00', payment_method_id: 3 });
      assert.equal(cash.status, 'pending');
      assert.equal(cash.invoice_number, null, 'no invoice before it is paid');
      assert.equal((await client.call('GET', `/payments/${cash.id}/invoice`, payer)).status, 404);
      const byInvoice = await client.paid(payer, { amount: '30.00', payment_method_id: 4 });
      assert.equal(byInvoice.status, 'pending');
      assert.match(byInvoice.invoice_number!, /^SF-/);

      assert.equal((await client.call('POST', `/payments/${cash.id}/complete`, payer)).status, 403);
      const done = await client.call<Payment>('POST', `/payments/${cash.id}/complete`, manager);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.status, 'completed');
      assert.match(done.body.invoice_number!, /^SF-/);
      assert.equal((await client.call('POST', `/payments/${cash.id}/complete`, manager)).status, 409);
      const invoiced = await client.call<Payment>('POST', `/payments/${byInvoice.id}/complete`, admin);
      assert.equal(invoiced.body.invoice_number, byInvoice.invoice_number, 'the invoice issued at creation stays');

      const card = await client.paid(payer);
      const refused = await client.call('POST', `/payments/${card.id}/complete`, admin);
      assert.deepEqual([refused.status, (refused.body as { code: string }).code], [422, 'PAYMENT_NOT_MANUAL']);
      assert.equal((await client.call('POST', '/payments/999999/complete', admin)).status, 404);
    });

    test('payment methods: seeded, anyone signed in reads, staff add and deactivate; an inactive one refuses', async () => {
      const list = await client.call<Page<{ id: number; type: string; is_active: boolean }>>(
        'GET',
        '/payment-methods',
        payer
      );
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.slice(0, 4).map((x) => [x.id, x.type]),
        [
          [1, 'card'],
          [2, 'bank_transfer'],
          [3, 'cash'],
          [4, 'invoice']
        ]
      );
      assert.equal((await stack.request('GET', 'payment', '/payment-methods')).status, 401);
      // Not a timestamp: 13 digits may pass the Luhn check and be refused as a card number.
      const body = { name: `Voucher ${randomUUID().slice(0, 8)}`, type: 'cash' };
      assert.equal((await client.call('POST', '/payment-methods', payer, body)).status, 403);
      const added = await client.call<{ id: number; is_active: boolean }>('POST', '/payment-methods', manager, body);
      assert.equal(added.status, 201);
      assert.equal(added.headers.get('location'), `/payment-methods/${added.body.id}`);
      assert.equal((await client.call('POST', '/payment-methods', manager, body)).status, 409, 'names are unique');
      const off = await client.call('PUT', `/payment-methods/${added.body.id}`, admin, { is_active: false });
      assert.equal(off.status, 200);
      const refused = await client.pay(payer, { amount: '10.00', payment_method_id: added.body.id });
      assert.deepEqual(
        [refused.status, (refused.body as unknown as { code: string }).code],
        [422, 'PAYMENT_METHOD_INACTIVE']
      );
      const unknown = await client.pay(payer, { amount: '10.00', payment_method_id: 987654 });
      assert.deepEqual(
        [unknown.status, (unknown.body as unknown as { code: string }).code],
        [422, 'UNKNOWN_PAYMENT_METHOD']
      );
    });

    test('rights: a payer sees only its own payments and ledger; managers and admins see all; refunds are admin-only', async () => {
      const other = await client.caller();
      const mine = await client.paid(payer, { amount: '12.00' });
      const theirs = await client.paid(other, { amount: '13.00' });
      assert.equal((await client.call('GET', `/payments/${theirs.id}`, payer)).status, 404);
      assert.equal((await client.call('GET', `/payments/${theirs.id}/invoice`, payer)).status, 404);
      assert.equal((await client.call('GET', `/payments/${theirs.id}/refunds`, payer)).status, 404);
      assert.equal((await client.call('GET', `/payments/${theirs.id}`, manager)).status, 200, 'managers see all');
      assert.equal((await client.call('GET', `/payments/${theirs.id}`, admin)).status, 200);

      const listed = await client.call<Page<Payment>>('GET', '/payments?limit=200', payer);
      assert.ok(listed.body.data.length > 0 && listed.body.data.every((p) => p.user_id === payer.id));
      const asked = await client.call<Page<Payment>>('GET', `/payments?user_id=${other.id}`, payer);
      assert.deepEqual(asked.body.data, [], "another user's payments are not listed");
      const byAdmin = await client.call<Page<Payment>>('GET', `/payments?user_id=${other.id}`, admin);
      assert.deepEqual(
        byAdmin.body.data.map((p) => p.id),
        [theirs.id]
      );
      assert.ok((await client.ledger(payer, '')).every((row) => row.payment_id !== theirs.id));
      assert.deepEqual(await client.ledger(payer, `payment_id=${theirs.id}`), []);
      assert.equal((await client.ledger(admin, `payment_id=${theirs.id}`)).length, 1);

      for (const who of [payer, manager]) assert.equal((await client.refund(who, mine.id)).status, 403);
      assert.equal((await client.refund(admin, mine.id)).status, 201);
      assert.equal((await stack.request('GET', 'payment', `/payments/${mine.id}`)).status, 401);
    });

    test('lists: filters and cursor pages', async () => {
      const who = await client.caller();
      const made: Payment[] = [];
      for (let i = 0; i < 5; i++) made.push(await client.paid(who, { amount: `${20 + i}.00`, event_id: 424242 }));
      made.push(await client.paid(who, { amount: '1.00', payment_method_id: 3 }));
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { body: Page<Payment> } = await client.call<Page<Payment>>('GET', query, who);
        seen.push(...page.body.data.map((p) => p.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        made.map((p) => p.id)
      );
      const pending = await client.call<Page<Payment>>('GET', '/payments?status=pending', who);
      assert.deepEqual(
        pending.body.data.map((p) => p.id),
        [made[5]!.id]
      );
      const ofEvent = await client.call<Page<Payment>>('GET', '/payments?event_id=424242&limit=200', admin);
      assert.ok(ofEvent.body.data.length >= 5 && ofEvent.body.data.every((p) => p.event_id === 424242));
      const future = await client.call<Page<Payment>>('GET', '/payments?from=2999-01-01T00:00:00Z', who);
      assert.deepEqual(future.body.data, []);
      const charges = await client.ledger(who, 'kind=charge');
      assert.equal(charges.length, 5, 'a pending payment has no ledger row yet');
      assert.equal((await client.call('GET', '/payments?cursor=bm9wZQ', who)).status, 400);
    });

    test('client_id from the copy kept from client-events; one the copy lacks while the client service is down: 503', async () => {
      // Staff bill clients (a plain user naming one is refused first: rights.test.ts). The client service is not
      // part of this stack: its address answers nothing.
      const id = 700_000 + Math.floor(Math.random() * 100_000);
      const snapshot: EventData<typeof ClientCreated> = {
        id,
        name: 'Acme',
        type: 'organization',
        status: 'active',
        email: null,
        industry: null,
        website: null,
        merged_into: null
      };
      const down = await client.pay(manager, { amount: '15.00', client_id: id });
      assert.deepEqual([down.status, (down.body as unknown as { code: string }).code], [503, 'DEPENDENCY_UNAVAILABLE']);
      await client.publish(ClientCreated, 'client', id, snapshot);
      await eventually(
        async () => (await client.pay(manager, { amount: '15.00', client_id: id })).status === 201,
        20_000
      );
      await client.publish(ClientArchived, 'client', id, { ...snapshot, status: 'archived' });
      await eventually(
        async () => (await client.pay(manager, { amount: '15.00', client_id: id })).status === 422,
        20_000
      );
      const refused = await client.pay(manager, { amount: '15.00', client_id: id });
      assert.equal((refused.body as unknown as { code: string }).code, 'CLIENT_ARCHIVED');
    });
  });
}
