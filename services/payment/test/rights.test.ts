// Who may do what with payments (SPEC §2, §3.6): `client_id` is for staff, so a plain user naming any client — live,
// archived or unknown — gets the same 403 before the client is looked up; managers read every payment, its
// refunds, invoice and ledger rows as admins do, while a plain user reads only its own. The rules do not depend on
// the transport, so one backend is enough.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ClientArchived, ClientCreated, type EventData } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  paymentServiceClient,
  quickProvider,
  type Invoice,
  type LedgerRow,
  type Page,
  type Payment,
  type Refund
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type Problem = { status: number; code: string; detail: string };

describe('payment rights', () => {
  let stack: Stack;
  const client = paymentServiceClient(() => stack);
  let user: Caller;
  let manager: Caller;
  let admin: Caller;

  before(async () => {
    stack = await startStack(modes[0]!.mode, ['payment'], quickProvider);
    [user, manager, admin] = [await client.caller(), await client.caller('manager'), await client.caller('admin')];
  });
  after(() => stack?.stop());

  /** A client in the payment service's copy, as client-events tell it; archived when asked. */
  async function knownClient(status: 'active' | 'archived'): Promise<number> {
    const id = 800_000 + Math.floor(Math.random() * 100_000);
    const snapshot: EventData<typeof ClientCreated> = {
      id,
      name: `Client ${id}`,
      type: 'organization',
      status: 'active',
      email: null,
      industry: null,
      website: null,
      merged_into: null
    };
    await client.publish(ClientCreated, 'client', id, snapshot);
    if (status === 'archived') await client.publish(ClientArchived, 'client', id, { ...snapshot, status });
    // Staff see the copy's answer: a payment for a live client, a 422 for an archived one.
    const expected = status === 'active' ? 201 : 422;
    await eventually(
      async () => (await client.pay(admin, { amount: '5.00', client_id: id })).status === expected,
      20_000
    );
    return id;
  }

  test('a plain user naming a client gets the same 403, live, archived or unknown; staff bill clients', async () => {
    const live = await knownClient('active');
    const archived = await knownClient('archived');
    // The client service is not part of this stack: a lookup of an unknown client would be a 503, not a 403.
    const unknown = 1_999_999;
    const before = await client.call<Page<Payment>>('GET', '/payments?limit=200', user);
    const answers: Array<Reply<Problem>> = [];
    for (const id of [live, archived, unknown]) {
      const res = (await client.pay(user, { amount: '10.00', client_id: id })) as unknown as Reply<Problem>;
      assert.equal(res.status, 403, `client ${id}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type')!, /^application\/problem\+json/);
      answers.push(res);
    }
    assert.deepEqual(
      answers.map((a) => [a.body.code, a.body.detail]),
      answers.map(() => [answers[0]!.body.code, answers[0]!.body.detail]),
      'nothing tells one client from another'
    );
    const withKey = await client.pay(user, { amount: '10.00', client_id: live }, 'rights-key-1');
    assert.equal(withKey.status, 403);
    const after = await client.call<Page<Payment>>('GET', '/payments?limit=200', user);
    assert.deepEqual(after.body.data, before.body.data, 'no payment was made');

    for (const staff of [manager, admin]) {
      const billed = await client.pay(staff, { amount: '10.00', client_id: live });
      assert.equal(billed.status, 201, JSON.stringify(billed.body));
      assert.equal(billed.body.client_id, live);
      const refused = (await client.pay(staff, { amount: '10.00', client_id: archived })) as unknown as Reply<Problem>;
      assert.deepEqual([refused.status, refused.body.code], [422, 'CLIENT_ARCHIVED']);
    }
    assert.equal((await client.pay(user, { amount: '10.00' })).status, 201, 'a user still pays for itself');
  });

  test('managers read every payment, its refunds, invoice and ledger rows; a plain user only its own', async () => {
    const other = await client.caller();
    const theirs = await client.paid(other, { amount: '40.00' });
    const refund = await client.refund(admin, theirs.id, { amount: '15.00' });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    const refundId = refund.body.id;

    const reads = [
      `/payments/${theirs.id}`,
      `/payments/${theirs.id}/refunds`,
      `/payments/${theirs.id}/refunds/${refundId}`,
      `/payments/${theirs.id}/invoice`
    ];
    for (const path of reads) {
      assert.equal((await client.call('GET', path, manager)).status, 200, `manager ${path}`);
      assert.equal((await client.call('GET', path, admin)).status, 200, `admin ${path}`);
      assert.equal((await client.call('GET', path, user)).status, 404, `user ${path}`);
    }
    const seen = await client.call<Payment>('GET', `/payments/${theirs.id}`, manager);
    assert.deepEqual([seen.body.refunded_amount, seen.body.refundable_amount], ['15.00', '25.00']);
    const refunds = await client.call<Page<Refund>>('GET', `/payments/${theirs.id}/refunds`, manager);
    assert.deepEqual(
      refunds.body.data.map((r) => r.id),
      [refundId]
    );
    const invoice = await client.call<Invoice>('GET', `/payments/${theirs.id}/invoice`, manager);
    assert.equal(invoice.body.payment_id, theirs.id);

    const listed = await client.call<Page<Payment>>('GET', `/payments?user_id=${other.id}`, manager);
    assert.deepEqual(
      listed.body.data.map((p) => p.id),
      [theirs.id]
    );
    const everyone = await client.call<Page<Payment>>('GET', '/payments?limit=200', manager);
    assert.ok(new Set(everyone.body.data.map((p) => p.user_id)).size > 1, 'a manager lists everyone’s payments');
    const rows = await client.ledger(manager, `payment_id=${theirs.id}`);
    assert.deepEqual(
      rows.map((r: LedgerRow) => r.kind),
      ['charge', 'refund']
    );
    assert.deepEqual(
      (await client.ledger(manager, `user_id=${other.id}`)).map((r) => r.id),
      rows.map((r) => r.id)
    );

    assert.deepEqual((await client.call<Page<Payment>>('GET', `/payments?user_id=${other.id}`, user)).body.data, []);
    assert.deepEqual(await client.ledger(user, `payment_id=${theirs.id}`), []);
    assert.ok((await client.ledger(user, '')).every((r) => r.payment_id !== theirs.id));
    assert.equal((await client.refund(manager, theirs.id)).status, 403, 'refunds stay admin-only');
  });
});
