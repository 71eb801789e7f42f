// Contacts of a client (SPEC §3.5): at most one primary, enforced by the database and kept under real
// concurrency; the first contact is primary, a new primary demotes the old one, removing the primary promotes
// no one; every change announced on client-events — on the embedded backends and on PostgreSQL with Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CloudEvent } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import { clientServiceClient, observeClientEvents, type Contact } from '../../../test/support/client-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`client service: contacts, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const api = clientServiceClient(() => stack);
    let manager: Caller;
    let announced: CloudEvent[];
    const primaries = async (clientId: number) =>
      (await api.contacts(manager, clientId)).filter((c) => c.is_primary).map((c) => c.id);

    before(async () => {
      stack = await startStack(m.mode, ['client']);
      announced = await observeClientEvents(stack);
      manager = await api.caller('manager');
    });
    after(() => stack?.stop());

    test('the first contact is primary; a new primary demotes the old one in the same change, and both are announced', async () => {
      const c = await api.create(manager);
      const first = await api.addContact(manager, c.id, { email: 'Anna@Example.com', position: 'CEO' });
      const second = await api.addContact(manager, c.id, { phone: '+7 900 000-00-00' });
      assert.deepEqual([first.is_primary, second.is_primary], [true, false]);
      const third = await api.addContact(manager, c.id, { is_primary: true });
      assert.equal(third.is_primary, true);
      assert.deepEqual(await primaries(c.id), [third.id]);
      assert.equal((await api.client(manager, c.id)).primary_contact?.id, third.id);

      const ofClient = () => announced.filter((e) => e.subject === String(c.id));
      await eventually(() => ofClient().length >= 5, 20_000, 'the contact events');
      assert.deepEqual(
        ofClient().map((e) => [e.type, (e.data as Contact).id, (e.data as Contact).is_primary]),
        [
          ['client.created', c.id, undefined],
          ['client.contact.added', first.id, true],
          ['client.contact.added', second.id, false],
          ['client.contact.updated', first.id, false],
          ['client.contact.added', third.id, true]
        ]
      );
    });

    test('is_primary false on the first contact is respected; PUT makes another primary or none', async () => {
      const c = await api.create(manager);
      const a = await api.addContact(manager, c.id, { is_primary: false });
      const b = await api.addContact(manager, c.id);
      assert.deepEqual(await primaries(c.id), []);

      const made = await api.call<Contact>('PUT', `/clients/${c.id}/contacts/${b.id}`, manager, { is_primary: true });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const moved = await api.call<Contact>('PUT', `/clients/${c.id}/contacts/${a.id}`, manager, {
        is_primary: true,
        name: 'Anna Renamed',
        email: null
      });
      assert.deepEqual([moved.body.name, moved.body.email, moved.body.is_primary], ['Anna Renamed', null, true]);
      assert.deepEqual(await primaries(c.id), [a.id]);
      await api.call('PUT', `/clients/${c.id}/contacts/${a.id}`, manager, { is_primary: false });
      assert.deepEqual(await primaries(c.id), []);

      const one = await api.call<Contact>('GET', `/clients/${c.id}/contacts/${a.id}`, manager);
      assert.equal(one.body.name, 'Anna Renamed');
    });

    test('removing the primary promotes no one; a contact is reached only through its own client', async () => {
      const c = await api.create(manager);
      const other = await api.create(manager);
      const primary = await api.addContact(manager, c.id);
      const rest = await api.addContact(manager, c.id);
      assert.equal((await api.call('DELETE', `/clients/${other.id}/contacts/${primary.id}`, manager)).status, 404);
      assert.equal(
        (await api.call('PUT', `/clients/${other.id}/contacts/${primary.id}`, manager, { name: 'X' })).status,
        404
      );
      assert.equal((await api.call('GET', `/clients/${other.id}/contacts/${primary.id}`, manager)).status, 404);
      assert.equal((await api.call('DELETE', `/clients/${c.id}/contacts/${primary.id}`, manager)).status, 204);
      assert.equal((await api.call('DELETE', `/clients/${c.id}/contacts/${primary.id}`, manager)).status, 404);
      const left = await api.contacts(manager, c.id);
      assert.deepEqual(
        left.map((x) => [x.id, x.is_primary]),
        [[rest.id, false]]
      );
      assert.equal((await api.client(manager, c.id)).primary_contact, null);
      assert.equal((await api.call('GET', '/clients/2147483000/contacts', manager)).status, 404);
    });

    test('fifty concurrent "make primary" requests on one client: all answered 200, exactly one primary', async () => {
      const c = await api.create(manager);
      const contacts: Contact[] = [];
      for (let i = 0; i < 50; i++) contacts.push(await api.addContact(manager, c.id, { is_primary: false }));
      const answers = await Promise.all(
        contacts.map((x) => api.call('PUT', `/clients/${c.id}/contacts/${x.id}`, manager, { is_primary: true }))
      );
      assert.deepEqual(
        answers.map((a) => a.status).filter((s) => s !== 200),
        [],
        JSON.stringify(answers.find((a) => a.status !== 200)?.body)
      );
      assert.equal((await primaries(c.id)).length, 1);

      // And as many concurrent additions of a primary contact: one primary, the rest demoted.
      const added = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.call('POST', `/clients/${c.id}/contacts`, manager, { name: `Racer ${i}`, is_primary: true })
        )
      );
      assert.deepEqual(
        added.map((a) => a.status).filter((s) => s !== 201),
        []
      );
      assert.equal((await primaries(c.id)).length, 1);
    });

    test('contacts of an archived client are read, not changed (422); bad contact input is a 400', async () => {
      const c = await api.create(manager);
      const kept = await api.addContact(manager, c.id);
      assert.equal(
        (await api.call('POST', `/clients/${c.id}/contacts`, manager, { name: 'X', email: 'nope' })).status,
        400
      );
      assert.equal((await api.call('POST', `/clients/${c.id}/contacts`, manager, { name: 'X', extra: 1 })).status, 400);
      assert.equal((await api.call('PUT', `/clients/${c.id}/contacts/${kept.id}`, manager, {})).status, 400);
      await api.call('DELETE', `/clients/${c.id}`, manager);
      for (const [method, path, body] of [
        ['POST', `/clients/${c.id}/contacts`, { name: 'Late' }],
        ['PUT', `/clients/${c.id}/contacts/${kept.id}`, { name: 'Late' }],
        ['DELETE', `/clients/${c.id}/contacts/${kept.id}`, undefined]
      ] as const) {
        const res = await api.call<{ code: string }>(method, path, manager, body);
        assert.deepEqual([res.status, res.body.code], [422, 'CLIENT_ARCHIVED'], `${method} ${path}`);
      }
      assert.deepEqual(
        (await api.contacts(manager, c.id)).map((x) => x.id),
        [kept.id]
      );
    });
  });
}
