// Real faults on real Kafka (SPEC §4's guarantees): the broker is down when a change commits; a consumer
// is killed between its effect and its offset commit. The first runs its own broker so that stopping it
// disturbs no other test.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createEventConsumer, createKafkaTransport, createServiceMetrics, type Transport } from '../src/index.ts';
import {
  createTestBroker,
  databaseBackends,
  eventually,
  quietLogger,
  transportBackends,
  uniqueName,
  type TestBroker,
  type TestDatabase
} from '../src/testing/index.ts';
import { prepareDatabase, recordingHandler, startHarness } from './messaging-harness.ts';

const kafka = transportBackends().find((t) => t.name === 'kafka')!;
const postgres = databaseBackends().find((d) => d.name === 'postgres')!;

describe('Kafka faults', { skip: kafka.skip || postgres.skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await postgres.open();
    await prepareDatabase(db);
  });
  after(() => db.destroy());

  describe('with a broker of its own', () => {
    let testBroker: TestBroker;
    let transport: Transport;
    const broker = (action: 'start' | 'stop') => (action === 'start' ? testBroker.start() : testBroker.stop());
    before(async () => {
      testBroker = await createTestBroker();
      await testBroker.start();
      transport = createKafkaTransport({
        brokers: [testBroker.address],
        clientId: uniqueName('faults'),
        logger: quietLogger(),
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 500
      });
    });
    after(async () => {
      await transport.close();
      await testBroker.destroy();
    });

    test('an event committed while the broker is down is delivered once it is back', async (t) => {
      const h = await startHarness(t, db, transport);
      await h.emit('x', 1);
      await eventually(async () => (await h.effects()).length === 1, 30_000, 'the first effect');

      await broker('stop');
      await h.emit('x', 2);
      await h.emit('x', 3);
      await new Promise((r) => setTimeout(r, 2000));
      const pending = await db.query('select count(*)::int as n from platform_outbox');
      assert.equal(pending.rows[0]!.n, 2, 'the events wait in the outbox while the broker is down');
      assert.equal((await h.effects()).length, 1);

      await broker('start');
      const effects = await eventually(
        async () => {
          const rows = await h.effects();
          return rows.length >= 3 ? rows : null;
        },
        90_000,
        'the effects after the broker came back'
      );
      assert.deepEqual(
        effects.map((e) => e.seq),
        [1, 2, 3]
      );
      await h.stop();
    });
  });

  test('a consumer killed after its effect but before its offset commit does not apply the effect twice', async (t) => {
    const transport = kafka.create();
    t.after(() => transport.close());
    const h = await startHarness(t, db, transport, { handlers: () => [] });
    const group = uniqueName('crash-group');
    await h.emit('once', 1);
    await h.relay.flush();

    const child = spawn(
      process.execPath,
      [new URL('./fixtures/crash-after-effect.ts', import.meta.url).pathname, db.name, h.topic, group],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal))
    );
    assert.equal(exit, 'SIGKILL', output);
    assert.match(output, /effect committed/);
    assert.equal((await h.effects()).length, 1, 'the effect committed before the kill');

    // A new member of the same group gets the uncommitted message again; the inbox makes it a no-op.
    const metrics = createServiceMetrics('test', { processMetrics: false });
    const survivor = createEventConsumer({
      service: 'test',
      group,
      db,
      transport,
      logger: quietLogger(),
      metrics,
      handlers: [recordingHandler(h.topic)],
      maxAttempts: 3,
      retryBaseMs: 20
    });
    await survivor.start();
    t.after(() => survivor.stop());
    await h.emit('once', 2);
    const effects = await eventually(
      async () => {
        const rows = await h.effects();
        return rows.length >= 2 ? rows : null;
      },
      60_000,
      'the next effect'
    );
    assert.deepEqual(
      effects.map((e) => e.seq),
      [1, 2]
    );
    const consumed = await metrics.eventsConsumed.get();
    const duplicates = consumed.values.filter((v) => v.labels.outcome === 'duplicate').reduce((n, v) => n + v.value, 0);
    assert.equal(duplicates, 1, 'the redelivered event was recognised as already applied');
  });
});
