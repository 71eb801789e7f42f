// The client service's clients (SPEC §3.5) through HTTP, with the rights of SPEC §2: create, read, filter, page,
// change and archive — on the embedded backends and on PostgreSQL with Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../test/support/accounts.ts';
import type { CloudEvent } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import {
  clientServiceClient,
  observeClientEvents,
  uniqueName,
  type Client,
  type Page
} from '../../../test/support/client-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`client service: clients, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const api = clientServiceClient(() => stack);
    let manager: Caller;
    let admin: Caller;
    let user: Caller;
    let announced: CloudEvent[];

    before(async () => {
      stack = await startStack(m.mode, ['client']);
      announced = await observeClientEvents(stack);
      [manager, admin, user] = await Promise.all([api.caller('manager'), api.caller('admin'), api.caller('user')]);
    });
    after(() => stack?.stop());

    test('a manager creates a client: 201 with Location, and reads it back with empty totals', async () => {
      const res = await api.call<Client>('POST', '/clients', manager, {
        name: '  Acme Events  ',
        type: 'organization',
        industry: 'Media',
        description: 'Partner since 2020',
        email: 'Hello@Acme-Events.example',
        phone: '+7 (495) 123-45-67',
        website: 'https://www.acme-events.example/about'
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.headers.get('location'), `/clients/${res.body.id}`);
      assert.equal(res.body.name, 'Acme Events');
      assert.equal(res.body.status, 'active');
      const read = await api.client(admin, res.body.id);
      assert.deepEqual(read.totals, []);
      assert.equal(read.primary_contact, null);
      assert.equal(read.website, 'https://www.acme-events.example/about');
    });

    test('clients are staff-only: a user gets 403 on every operation, no token is a 401', async () => {
      const mine = await api.create(manager);
      const calls: Array<[string, string, unknown?]> = [
        ['GET', '/clients'],
        ['GET', `/clients/${mine.id}`],
        ['POST', '/clients', { name: uniqueName(), type: 'individual' }],
        ['PUT', `/clients/${mine.id}`, { industry: 'Retail' }],
        ['DELETE', `/clients/${mine.id}`],
        ['POST', `/clients/${mine.id}/merge`, { from_id: mine.id + 1 }],
        ['GET', `/clients/${mine.id}/contacts`],
        ['POST', `/clients/${mine.id}/contacts`, { name: 'Someone' }],
        ['GET', `/clients/${mine.id}/activity`],
        ['POST', `/clients/${mine.id}/activity`, { type: 'note', description: 'x' }]
      ];
      for (const [method, path, body] of calls) {
        const res = await api.call(method, path, user, body);
        assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
        assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        const anonymous = await stack.request(method, 'client', path, { body });
        assert.equal(anonymous.status, 401, `${method} ${path} without a token`);
      }
      assert.equal((await api.client(manager, mine.id)).status, 'active', 'nothing changed');
    });

    test('an unknown client is a 404; unknown fields and bad values are 400s', async () => {
      assert.equal((await api.call('GET', '/clients/2147483000', manager)).status, 404);
      const cases: unknown[] = [
        { name: 'X', type: 'company' },
        { name: '   ', type: 'organization' },
        { name: 'X', type: 'organization', role: 'admin' },
        { name: 'X', type: 'organization', email: 'not-an-email' },
        { name: 'X', type: 'organization', website: 'ftp://files.example.com' },
        { name: 'X', type: 'organization', website: 'just words' },
        { name: 'X', type: 'organization', phone: 'call me' }
      ];
      for (const body of cases) {
        const res = await api.call('POST', '/clients', manager, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      }
      assert.equal((await api.call('PUT', '/clients/1', manager, {})).status, 400, 'an empty change');
      assert.equal((await api.call('GET', '/clients?q=a%0Ab', manager)).status, 400, 'q never spans two fields');
    });

    test('filters (type, industry, status, q on name, email and website) and cursor pages in name order', async () => {
      const tag = uniqueName('Zeta').split(' ')[1]!;
      const made = [
        await api.create(manager, { name: `Zeta ${tag} Alpha`, type: 'organization', industry: 'Retail' }),
        await api.create(manager, { name: `Zeta ${tag} Beta`, type: 'individual', email: `beta.${tag}@mail.example` }),
        await api.create(manager, { name: `Zeta ${tag} Gamma`, type: 'organization', website: `gamma-${tag}.example` }),
        await api.create(manager, { name: `Other ${tag}`, type: 'organization', industry: 'retail' })
      ];
      const list = async (query: string) => {
        const res = await api.call<Page<Client>>('GET', `/clients?${query}`, manager);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      const names = (p: Page<Client>) => p.data.map((c) => c.name);
      assert.deepEqual(names(await list(`q=zeta ${tag}`)), [
        `Zeta ${tag} Alpha`,
        `Zeta ${tag} Beta`,
        `Zeta ${tag} Gamma`
      ]);
      assert.deepEqual(names(await list(`q=${tag}&type=individual`)), [`Zeta ${tag} Beta`]);
      assert.deepEqual(names(await list(`q=${tag}&industry=RETAIL`)), [`Other ${tag}`, `Zeta ${tag} Alpha`]);
      assert.deepEqual(names(await list(`q=beta.${tag}@`)), [`Zeta ${tag} Beta`], 'q finds the email');
      assert.deepEqual(names(await list(`q=gamma-${tag}`)), [`Zeta ${tag} Gamma`], 'q finds the website');
      assert.deepEqual(names(await list(`q=${encodeURIComponent('%')}${tag}`)), [], '% is matched as itself');

      const first = await list(`q=${tag}&limit=2`);
      assert.deepEqual(names(first), [`Other ${tag}`, `Zeta ${tag} Alpha`]);
      assert.ok(first.next_cursor);
      const second = await list(`q=${tag}&limit=2&cursor=${first.next_cursor}`);
      assert.deepEqual(names(second), [`Zeta ${tag} Beta`, `Zeta ${tag} Gamma`]);
      assert.equal(second.next_cursor, null);
      assert.equal((await api.call('GET', '/clients?cursor=bm90LWEtY3Vyc29y', manager)).status, 400);
      const noSuchRow = Buffer.from('[2147483000]').toString('base64url');
      assert.equal((await api.call('GET', `/clients?cursor=${noSuchRow}`, manager)).status, 400);

      // Archived clients leave the default list and show with status=archived.
      assert.equal((await api.call('DELETE', `/clients/${made[3]!.id}`, manager)).status, 204);
      assert.deepEqual(names(await list(`q=${tag}&industry=retail`)), [`Zeta ${tag} Alpha`]);
      assert.deepEqual(names(await list(`q=${tag}&status=archived`)), [`Other ${tag}`]);
    });

    test('PUT changes a live client, DELETE archives it (once): an archived client is read, not changed (422)', async () => {
      const c = await api.create(manager, { industry: 'Media' });
      const changed = await api.call<Client>('PUT', `/clients/${c.id}`, admin, {
        industry: null,
        phone: '+1 555 0100'
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.industry, null);
      assert.equal(changed.body.name, c.name);

      assert.equal((await api.call('DELETE', `/clients/${c.id}`, manager)).status, 204);
      assert.equal(
        (await api.call('DELETE', `/clients/${c.id}`, manager)).status,
        204,
        'archiving again changes nothing'
      );
      const archived = await api.client(manager, c.id);
      assert.equal(archived.status, 'archived');
      const refused = await api.call<{ code: string }>('PUT', `/clients/${c.id}`, manager, { industry: 'Retail' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'CLIENT_ARCHIVED');
      assert.equal((await api.call('DELETE', '/clients/2147483000', manager)).status, 404);

      // Announced on client-events once each, with the snapshot the payment service keeps.
      const ofClient = () => announced.filter((e) => e.subject === String(c.id));
      await eventually(() => ofClient().length >= 3, 20_000, 'the client events');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(
        ofClient().map((e) => [e.type, (e.data as Client).status, (e.data as Client).industry]),
        [
          ['client.created', 'active', 'Media'],
          ['client.updated', 'active', null],
          ['client.archived', 'archived', null]
        ]
      );
    });
  });
}
