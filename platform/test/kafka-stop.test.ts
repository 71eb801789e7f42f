// Stopping a Kafka subscription in the middle of a batch (DESIGN rule 10: consumers stop after their current message).
// The batch's offset must be committed while the consumer is still in its group: a commit asked of a closed stream is
// never settled by the client, and a stop that waited for one kept the transport's connections, and the process, open.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sleep, type IncomingMessage } from '../src/index.ts';
import { createLanes } from '../src/messaging/partition-lanes.ts';
import { eventually, quietLogger, transportBackends, uniqueName } from '../src/testing/index.ts';

const kafka = transportBackends().find((b) => b.name === 'kafka')!;

describe('a Kafka subscription stopped while its handler is busy', { skip: kafka.skip }, () => {
  const transport = kafka.create();
  after(() => transport.close());

  test(
    'lets the message finish, commits it while still in the group, and stops promptly',
    { timeout: 60_000 },
    async () => {
      const topic = uniqueName('stopping');
      const group = uniqueName('stopping');
      await transport.ensureTopics([topic]);
      let entered!: () => void;
      const inHandler = new Promise<void>((resolve) => (entered = resolve));
      const first = await transport.subscribe({
        group,
        topics: [topic],
        async handle(_message, signal) {
          entered();
          // The stop comes while the handler works; it finishes a moment later, as a real one finishes its transaction.
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          await sleep(200);
        }
      });
      await transport.publish([{ topic, key: 'k', value: 'first', headers: {} }]);
      await inHandler;
      const began = Date.now();
      await first.stop();
      const took = Date.now() - began;
      assert.ok(took < 4_000, `the stop took ${took} ms`);

      // The next member of the group starts after the committed message: it gets the second, never the first again.
      await transport.publish([{ topic, key: 'k', value: 'second', headers: {} }]);
      const seen: string[] = [];
      const next = await transport.subscribe({
        group,
        topics: [topic],
        async handle(message: IncomingMessage) {
          seen.push(message.value);
        }
      });
      try {
        await eventually(() => seen.includes('second'), 30_000, 'the second message');
        assert.deepEqual(seen, ['second']);
      } finally {
        await next.stop();
      }
    }
  );
});

describe('the partition lanes of a Kafka subscription, closing', () => {
  test('wait for the batch under way, and for its commit only so long: one the client never settles is given up', async () => {
    const stopping = new AbortController();
    const handled: string[] = [];
    const lanes = createLanes(
      {
        group: 'g',
        topics: ['t'],
        async handle(message) {
          await sleep(50);
          handled.push(message.value);
        }
      },
      stopping.signal,
      quietLogger(),
      2048,
      300
    );
    let asked = false;
    const message = { topic: 't', key: 'k', value: 'v', headers: {}, partition: 0, offset: '0' };
    // The commit of a consumer that is rebalancing or has left its group: the client never answers it.
    lanes.push(message, () => {
      asked = true;
      return new Promise<never>(() => undefined);
    });
    const began = Date.now();
    await lanes.close();
    const took = Date.now() - began;
    assert.deepEqual(handled, ['v']);
    assert.equal(asked, true);
    assert.ok(took >= 250 && took < 2_000, `close took ${took} ms`);
  });
});
