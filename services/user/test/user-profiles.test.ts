// The user service's profile store, fed by auth.user.registered and announced as user.created (SPEC §3.2),
// in both modes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthUserRegistered, Topics, UserCreated, deadLetterTopic } from '@style-flow/contracts';
import { createEnvelope, type IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`user profiles, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const seen: IncomingMessage[] = [];
    const dead: IncomingMessage[] = [];

    before(async () => {
      stack = await startStack(m.mode, ['user']);
      await stack.transport.ensureTopics([deadLetterTopic(Topics.authUserRegistered)]);
      await stack.transport.subscribe({
        group: uniqueName('observer'),
        topics: [Topics.userEvents],
        handle: async (message) => void seen.push(message)
      });
      await stack.transport.subscribe({
        group: uniqueName('dlq'),
        topics: [deadLetterTopic(Topics.authUserRegistered)],
        handle: async (message) => void dead.push(message)
      });
    });
    after(() => stack?.stop());

    const registered = (id: number) =>
      createEnvelope('auth', AuthUserRegistered.type, id, {
        id,
        username: `user${id}`,
        email: `user${id}@example.com`,
        first_name: 'Ann',
        last_name: null,
        role: 'user' as const,
        registered_at: new Date().toISOString()
      });
    const publish = (envelope: { id: string; subject: string }) =>
      stack.transport.publish([
        { topic: Topics.authUserRegistered, key: envelope.subject, value: JSON.stringify(envelope), headers: {} }
      ]);
    const createdFor = (id: number) =>
      seen.filter((m) => {
        const e = JSON.parse(m.value);
        return e.type === UserCreated.type && e.data.id === id;
      });

    test('a registration in auth creates the profile with the same id, announced once as user.created, even if delivered twice', async () => {
      const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
      const envelope = registered(id);
      await publish(envelope);
      await publish(envelope);
      const [message] = await eventually(
        () => (createdFor(id).length > 0 ? createdFor(id) : null),
        30_000,
        'user.created'
      );
      const event = JSON.parse(message!.value);
      assert.equal(event.source, '/user-service');
      assert.equal(message!.key, String(id));
      assert.deepEqual(event.data, {
        id,
        username: `user${id}`,
        email: `user${id}@example.com`,
        first_name: 'Ann',
        last_name: null,
        role: 'user',
        status: 'active',
        locale: null,
        optional_messages: true
      });
      // A second, different event for the same account is also harmless: the profile exists already.
      await publish(registered(id));
      const marker = 2_000_000 + Math.floor(Math.random() * 1_000_000);
      await publish(registered(marker));
      await eventually(() => createdFor(marker).length > 0, 30_000, 'the next user.created');
      assert.equal(createdFor(id).length, 1);
    });

    test('a registration whose payload breaks the contract goes to the dead-letter topic', async () => {
      const bad = createEnvelope('auth', AuthUserRegistered.type, 5, { id: 'five', email: 42 });
      await publish(bad);
      const [letter] = await eventually(
        () => {
          const found = dead.filter((m) => JSON.parse(m.value).id === bad.id);
          return found.length > 0 ? found : null;
        },
        30_000,
        'the dead letter'
      );
      assert.match(
        letter!.headers['x-dlq-error']!,
        /auth.user.registered payload is invalid at \/: must have required properties username/
      );
    });
  });
}
