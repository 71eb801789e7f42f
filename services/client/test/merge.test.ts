// No accidental duplicates (SPEC §3.5): the guard on a client's name, email and website domain, under
// concurrency too, and merges of the duplicates that happen anyway — on the embedded backends and on PostgreSQL
// with Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CloudEvent } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  clientServiceClient,
  observeClientEvents,
  uniqueName,
  type Client,
  type Page
} from '../../../test/support/client-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`client service: duplicates and merges, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const api = clientServiceClient(() => stack);
    let manager: Caller;
    let admin: Caller;
    let announced: CloudEvent[];

    before(async () => {
      stack = await startStack(m.mode, ['client']);
      announced = await observeClientEvents(stack);
      [manager, admin] = await Promise.all([api.caller('manager'), api.caller('admin')]);
    });
    after(() => stack?.stop());

    test('a likely duplicate (email, website domain or name) is a 409 listing the candidates, unless allowed', async () => {
      const tag = uniqueName('Dup').split(' ')[1]!;
      const original = await api.create(manager, {
        name: `Romashka ${tag} LLC`,
        email: `info@romashka-${tag}.example`,
        website: `https://www.romashka-${tag}.example/`
      });
      const attempts: Array<[Record<string, unknown>, string]> = [
        [{ name: `ООО «Romashka ${tag}»` }, 'name'],
        [{ name: `romashka  ${tag}, inc.` }, 'name'],
        [{ name: uniqueName(), email: `INFO@Romashka-${tag}.example` }, 'email'],
        [{ name: uniqueName(), website: `romashka-${tag}.example/contacts` }, 'website'],
        [{ name: uniqueName(), website: `http://ROMASHKA-${tag}.example` }, 'website']
      ];
      for (const [body, matched] of attempts) {
        const res = await api.call<{ code: string; candidates: Array<{ id: number; matched_on: string[] }> }>(
          'POST',
          '/clients',
          manager,
          { type: 'organization', ...body }
        );
        assert.equal(res.status, 409, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'CLIENT_DUPLICATE');
        assert.deepEqual(
          res.body.candidates.map((c) => [c.id, c.matched_on]),
          [[original.id, [matched]]]
        );
      }
      const allowed = await api.create(manager, { name: `Romashka ${tag}` }, '?allow_duplicate=true');
      assert.notEqual(allowed.id, original.id);

      // A change that would make a duplicate is refused too; changing other fields of an allowed duplicate is not.
      const other = await api.create(manager);
      const renamed = await api.call('PUT', `/clients/${other.id}`, manager, { email: `info@romashka-${tag}.example` });
      assert.equal(renamed.status, 409);
      assert.equal((await api.call('PUT', `/clients/${allowed.id}`, manager, { industry: 'Flowers' })).status, 200);

      // An archived client is no longer a candidate.
      assert.equal((await api.call('DELETE', `/clients/${original.id}`, manager)).status, 204);
      assert.equal((await api.call('DELETE', `/clients/${allowed.id}`, manager)).status, 204);
      await api.create(manager, { name: `Romashka ${tag}`, email: `info@romashka-${tag}.example` });
    });

    test('twenty concurrent creations of the same new client make exactly one; the others are 409s', async () => {
      const name = uniqueName('Race');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => api.call('POST', '/clients', manager, { name, type: 'organization' }))
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, ...Array(19).fill(409)], JSON.stringify(statuses));
      const found = await api.call<Page<Client>>('GET', `/clients?q=${encodeURIComponent(name)}`, manager);
      assert.equal(found.body.data.length, 1);
    });

    test('merge moves contacts, timeline and totals and archives the other; both must be live and distinct', async () => {
      const into = await api.create(manager);
      const from = await api.create(manager);
      const kept = await api.addContact(manager, into.id, { email: 'kept@example.com' });
      const moved = await api.addContact(manager, from.id, { email: 'moved@example.com' });
      assert.ok(kept.is_primary && moved.is_primary);
      const note = await api.call<{ id: number }>('POST', `/clients/${from.id}/activity`, manager, {
        type: 'call',
        description: 'Discussed the merger'
      });
      assert.equal(note.status, 201);

      const merged = await api.call<Client>('POST', `/clients/${into.id}/merge`, manager, { from_id: from.id });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.primary_contact?.id, kept.id);
      const contacts = await api.contacts(manager, into.id);
      assert.deepEqual(
        contacts.map((c) => [c.id, c.is_primary]),
        [
          [kept.id, true],
          [moved.id, false]
        ]
      );
      assert.deepEqual(
        (await api.timeline(manager, into.id)).map((a) => a.id),
        [note.body.id]
      );
      const archived = await api.client(manager, from.id);
      assert.deepEqual([archived.status, archived.merged_into], ['archived', into.id]);
      assert.deepEqual(await api.contacts(manager, from.id), []);
      const mergedEvent = await eventually(
        () => announced.find((e) => e.type === 'client.merged' && e.subject === String(into.id)),
        20_000,
        'client.merged'
      );
      assert.deepEqual(mergedEvent.data, { id: into.id, from_id: from.id });
      // Keyed by the other client: on Kafka it may come before or after client.merged.
      const archivedEvent = await eventually(
        () => announced.find((e) => e.type === 'client.archived' && e.subject === String(from.id)),
        20_000,
        'client.archived'
      );
      assert.deepEqual((archivedEvent.data as Client).merged_into, into.id);

      const again = await api.call<{ code: string }>('POST', `/clients/${into.id}/merge`, manager, {
        from_id: from.id
      });
      assert.deepEqual([again.status, again.body.code], [422, 'CLIENT_ARCHIVED']);
      assert.equal((await api.call('POST', `/clients/${into.id}/merge`, manager, { from_id: into.id })).status, 422);
      assert.equal((await api.call('POST', `/clients/${into.id}/merge`, manager, { from_id: 2147483000 })).status, 404);
      assert.equal((await api.call('POST', `/clients/${into.id}/merge`, manager, { from: from.id })).status, 400);
    });

    test('a merge takes the primary of the other when this client has none', async () => {
      const into = await api.create(manager);
      const from = await api.create(manager);
      const plain = await api.addContact(manager, into.id, { is_primary: false });
      const primary = await api.addContact(manager, from.id);
      await api.call('POST', `/clients/${into.id}/merge`, admin, { from_id: from.id });
      const contacts = await api.contacts(manager, into.id);
      assert.deepEqual(
        contacts.map((c) => [c.id, c.is_primary]),
        [
          [plain.id, false],
          [primary.id, true]
        ]
      );
    });
  });
}
