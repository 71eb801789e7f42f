// The messaging contract (SPEC §4), the same cases on both transports (in-process bus, Kafka) and the database
// server of the run (embedded or configured): outbox atomicity, per-key order, idempotent consumers, dead letters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deadLetterTopic, type CloudEvent } from '@style-flow/contracts';
import {
  createOutboxRelay,
  createServiceMetrics,
  enqueueEvents,
  type Queryable,
  type Transport
} from '../src/index.ts';
import {
  databaseBackends,
  eventually,
  quietLogger,
  transportBackends,
  uniqueName,
  type TestDatabase
} from '../src/testing/index.ts';
import { collect, prepareDatabase, recordingHandler, startHarness } from './messaging-harness.ts';

for (const tb of transportBackends()) {
  for (const dbb of databaseBackends()) {
    // Kafka is exercised with the configured PostgreSQL (the real pairing); the in-process bus with either server.
    if (tb.name === 'kafka' && dbb.name === 'embedded') continue;
    describe(`messaging on ${tb.name} with ${dbb.name}`, { skip: tb.skip || dbb.skip }, () => {
      let db: TestDatabase;
      let transport: Transport;
      before(async () => {
        db = await dbb.open();
        await prepareDatabase(db);
        transport = tb.create();
      });
      after(async () => {
        await transport.close();
        await db.destroy();
      });

      test('a committed change is delivered once as a CloudEvents envelope; a rolled-back one never', async (t) => {
        const h = await startHarness(t, db, transport);
        const reader = await collect(transport, h.topic);
        await assert.rejects(
          db.transaction(async (tx) => {
            await enqueueEvents(tx, 'test', [
              { topic: h.topic, type: 'thing.happened', subject: '1', data: { seq: 1 } }
            ]);
            throw new Error('the change failed');
          })
        );
        const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
        await h.emit('1', 2, 'thing.happened', trace);
        const effects = await eventually(
          async () => ((await h.effects()).length >= 1 ? h.effects() : null),
          20_000,
          'the effect'
        );
        await h.relay.flush();
        await eventually(() => reader.messages.length >= 1, 20_000, 'the reader');
        assert.deepEqual(
          effects.map((e) => e.seq),
          [2]
        );
        assert.equal(reader.messages.length, 1);
        const message = reader.messages[0]!;
        assert.equal(message.headers.traceparent, trace);
        assert.equal(message.key, '1');
        const envelope = JSON.parse(message.value);
        assert.equal(envelope.specversion, '1.0');
        assert.equal(envelope.type, 'thing.happened');
        assert.equal(envelope.source, '/test-service');
        assert.equal(envelope.subject, '1');
        assert.equal(envelope.datacontenttype, 'application/json');
        assert.match(envelope.id, /^[0-9a-f-]{36}$/);
        assert.ok(!Number.isNaN(Date.parse(envelope.time)));
        assert.deepEqual(envelope.data, { seq: 2 });
        const outbox = await db.query('select count(*)::int as n from platform_outbox');
        assert.equal(outbox.rows[0]!.n, 0, 'published rows leave the outbox');
        await reader.stop();
        await h.stop();
      });

      test('events of one key arrive in the order they were committed', async (t) => {
        const h = await startHarness(t, db, transport);
        const keys = ['a', 'b', 'c'];
        for (let seq = 1; seq <= 30; seq++) {
          await Promise.all(keys.map((k) => h.emit(k, seq)));
        }
        const effects = await eventually(
          async () => {
            const rows = await h.effects();
            return rows.length >= 90 ? rows : null;
          },
          30_000,
          '90 effects'
        );
        assert.equal(effects.length, 90);
        for (const k of keys) {
          assert.deepEqual(
            effects.filter((e) => e.subject === k).map((e) => e.seq),
            Array.from({ length: 30 }, (_, i) => i + 1),
            `order of key ${k}`
          );
        }
        await h.stop();
      });

      test('what waits on a partition is applied in batches: many events per transaction, each once, in order per key', async (t) => {
        const h = await startHarness(t, db, transport, { startRelay: false });
        const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
        await db.transaction((tx) =>
          enqueueEvents(
            tx,
            'test',
            Array.from({ length: 600 }, (_, i) => ({
              topic: h.topic,
              type: 'thing.happened',
              subject: keys[i % keys.length]!,
              data: { seq: Math.floor(i / keys.length) + 1 }
            }))
          )
        );
        await h.relay.start();
        await h.relay.flush();
        const effects = await eventually(
          async () => {
            const rows = await h.effects();
            return rows.length >= 600 ? rows : null;
          },
          30_000,
          '600 effects'
        );
        assert.equal(new Set(effects.map((e) => e.event_id)).size, 600, 'each event once');
        for (const k of keys) {
          assert.deepEqual(
            effects.filter((e) => e.subject === k).map((e) => e.seq),
            Array.from({ length: 100 }, (_, i) => i + 1),
            `order of key ${k}`
          );
        }
        const { rows } = await db.query<{ transactions: number }>(
          'select count(distinct tx)::int as transactions from effects where consumer = $1',
          [h.topic]
        );
        assert.ok(rows[0]!.transactions <= 150, `600 events in ${rows[0]!.transactions} transactions`);
        await h.stop();
      });

      test('a failing event in a batch is retried alone: the others apply once, and their effects after commit run once', async (t) => {
        const counted = new Map<string, number>();
        const counting = (topic: string) => ({
          topic,
          type: '*',
          async handle(_tx: Queryable, event: CloudEvent, context: { afterCommit(effect: () => void): void }) {
            context.afterCommit(() => counted.set(event.id, (counted.get(event.id) ?? 0) + 1));
          }
        });
        const h = await startHarness(t, db, transport, {
          startRelay: false,
          handlers: (topic) => [recordingHandler(topic), recordingHandler(topic, 'thing.poison'), counting(topic)]
        });
        const dlq = await collect(transport, deadLetterTopic(h.topic));
        await db.transaction((tx) =>
          enqueueEvents(
            tx,
            'test',
            Array.from({ length: 10 }, (_, i) => ({
              topic: h.topic,
              type: i === 5 ? 'thing.poison' : 'thing.happened',
              subject: 'one-key',
              data: { seq: i + 1 }
            }))
          )
        );
        await h.relay.start();
        await h.relay.flush();
        await eventually(() => dlq.messages.length >= 1, 30_000, 'the poison dead-lettered');
        const effects = await eventually(
          async () => {
            const all = await h.effects();
            return all.length >= 9 ? all : null;
          },
          30_000,
          'the events around the poison'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          [1, 2, 3, 4, 5, 7, 8, 9, 10]
        );
        assert.equal(counted.size, 9, 'an effect after commit for each applied event, none for the poison');
        assert.ok(
          [...counted.values()].every((n) => n === 1),
          'each effect after commit ran once'
        );
        await dlq.stop();
        await h.stop();
      });

      test('an event delivered twice has its effect once (inbox)', async (t) => {
        const h = await startHarness(t, db, transport, { startRelay: false });
        await h.emit('dup', 1);
        const { rows } = await db.query<{
          topic: string;
          key: string;
          envelope: unknown;
          headers: Record<string, string>;
        }>('select topic, key, envelope, headers from platform_outbox');
        const message = {
          topic: rows[0]!.topic,
          key: rows[0]!.key,
          value: JSON.stringify(rows[0]!.envelope),
          headers: rows[0]!.headers
        };
        await transport.publish([message]);
        await transport.publish([message]);
        await h.relay.start();
        await h.relay.flush();
        await h.emit('dup', 2);
        const effects = await eventually(
          async () => {
            const all = await h.effects();
            return all.some((e) => e.seq === 2) ? all : null;
          },
          20_000,
          'the event after the duplicates'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          [1, 2]
        );
        await h.stop();
      });

      test('an event that always fails goes to <topic>.dlq with its error, and the next one is still applied', async (t) => {
        const h = await startHarness(t, db, transport);
        const dlq = await collect(transport, deadLetterTopic(h.topic));
        await h.emit('k', 1, 'thing.poison');
        await h.emit('k', 2);
        await transport.publish([{ topic: h.topic, key: 'k', value: 'not json at all', headers: {} }]);
        await h.emit('k', 3);
        const effects = await eventually(
          async () => {
            const all = await h.effects();
            return all.some((e) => e.seq === 3) ? all : null;
          },
          30_000,
          'the events after the poison'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          [2, 3]
        );
        await eventually(() => dlq.messages.length >= 2, 20_000, 'two dead letters');
        // The raw message was published directly, so it may overtake the outbox's events: match by content.
        const garbage = dlq.messages.find((m) => m.value === 'not json at all');
        const poison = dlq.messages.find((m) => m !== garbage);
        assert.equal(JSON.parse(poison!.value).type, 'thing.poison');
        assert.match(poison!.headers['x-dlq-error']!, /can never be applied/);
        assert.equal(poison!.headers['x-dlq-attempts'], '3');
        assert.equal(poison!.headers['x-dlq-original-topic'], h.topic);
        assert.equal(garbage!.value, 'not json at all');
        assert.match(garbage!.headers['x-dlq-error']!, /not JSON/);
        await dlq.stop();
        await h.stop();
      });

      test('two handlers of one type both apply, in one transaction: a failure of the second undoes the first', async (t) => {
        let failures = 1;
        const second = (topic: string) => ({
          topic,
          type: 'thing.happened',
          async handle(tx: Queryable, event: CloudEvent) {
            await tx.query('insert into effects (event_id, subject, seq, consumer) values ($1, $2, $3, $4)', [
              event.id,
              event.subject,
              -1,
              topic
            ]);
            if (failures-- > 0) throw new Error('the second handler fails once');
          }
        });
        const h = await startHarness(t, db, transport, {
          handlers: (topic) => [recordingHandler(topic), second(topic)]
        });
        await h.emit('both', 7);
        const effects = await eventually(
          async () => ((await h.effects()).length >= 2 ? h.effects() : null),
          20_000,
          'both effects'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          [7, -1],
          'each handler once, the failed try left nothing'
        );
        await h.stop();
      });

      test('events left in the outbox while no relay ran are sent when one starts (restart)', async (t) => {
        const h = await startHarness(t, db, transport, { startRelay: false });
        for (let seq = 1; seq <= 5; seq++) await h.emit('later', seq);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal((await h.effects()).length, 0);
        const relay = createOutboxRelay({
          service: 'test',
          db,
          transport,
          logger: quietLogger(),
          pollIntervalMs: 60_000
        });
        await relay.start();
        t.after(() => relay.stop());
        const effects = await eventually(
          async () => ((await h.effects()).length >= 5 ? h.effects() : null),
          20_000,
          'five effects'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          [1, 2, 3, 4, 5]
        );
      });

      test('the relay wakes on commit rather than waiting for its poll', async (t) => {
        const h = await startHarness(t, db, transport);
        await h.relay.stop();
        const relay = createOutboxRelay({
          service: 'test',
          db,
          transport,
          logger: quietLogger(),
          pollIntervalMs: 60_000
        });
        await relay.start();
        t.after(() => relay.stop());
        await new Promise((r) => setTimeout(r, 300));
        const started = Date.now();
        await h.emit('fast', 1);
        await eventually(async () => (await h.effects()).length === 1, 10_000, 'the effect');
        assert.ok(Date.now() - started < 5_000, `delivered in ${Date.now() - started} ms, well before the 60 s poll`);
      });

      test('the first event of a topic nobody consumes yet is published, and a reader joining later reads it from the start', async () => {
        const topic = uniqueName('unread');
        await transport.publish([{ topic, key: 'k', value: '{"seq":1}', headers: {} }]);
        const reader = await collect(transport, topic);
        await eventually(() => reader.messages.length === 1, 20_000, 'the early event');
        assert.equal(reader.messages[0]!.value, '{"seq":1}');
        await reader.stop();
      });

      test('a reader has caught up only once it has applied everything its topics held when it began', async () => {
        const topic = uniqueName('backlog');
        const empty = uniqueName('empty');
        await transport.publish(
          Array.from({ length: 30 }, (_, i) => ({ topic, key: `k${i % 7}`, value: `{"seq":${i}}`, headers: {} }))
        );
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        const applied: string[] = [];
        const reader = await transport.subscribe({
          group: uniqueName('late'),
          topics: [topic],
          handle: async (m) => {
            await gate;
            applied.push(m.value);
          }
        });
        const idle = await transport.subscribe({ group: uniqueName('idle'), topics: [empty], handle: async () => {} });
        try {
          // Nothing can be applied while the gate is shut, so the reader is behind, however often it is asked.
          for (let i = 0; i < 5; i++) {
            assert.equal(await reader.caughtUp(), false);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          await eventually(() => idle.caughtUp(), 20_000, 'a reader of an empty topic is caught up');
          open();
          await eventually(() => reader.caughtUp(), 30_000, 'the reader catches up');
          assert.equal(applied.length >= 30, true, `caught up after applying ${applied.length} of 30`);
          // Once caught up it stays so: later messages are the ordinary flow, not a backlog from before it began.
          await transport.publish([{ topic, key: 'k', value: '{"seq":30}', headers: {} }]);
          assert.equal(await reader.caughtUp(), true);
        } finally {
          open();
          await reader.stop();
          await idle.stop();
        }
      });

      test('of two relays on one database one publishes, in order; when it stops the other takes over', async (t) => {
        const h = await startHarness(t, db, transport, { startRelay: false });
        const counted = async (m: ReturnType<typeof createServiceMetrics>) =>
          (await m.eventsPublished.get()).values.reduce((n, v) => n + v.value, 0);
        const metrics = [
          createServiceMetrics('a', { processMetrics: false }),
          createServiceMetrics('b', { processMetrics: false })
        ];
        const relays = metrics.map((m) =>
          createOutboxRelay({
            service: 'test',
            db,
            transport,
            logger: quietLogger(),
            metrics: m,
            pollIntervalMs: 100
          })
        );
        for (const r of relays) {
          await r.start();
          t.after(() => r.stop());
        }
        for (let seq = 1; seq <= 20; seq++) await h.emit('k', seq);
        await eventually(async () => (await h.effects()).length >= 20, 20_000, 'twenty effects');
        const firstCounts = await Promise.all(metrics.map(counted));
        assert.deepEqual(
          [...firstCounts].sort((a, b) => a - b),
          [0, 20],
          `one relay published everything: ${firstCounts}`
        );
        const leader = firstCounts[0] === 20 ? 0 : 1;
        await relays[leader]!.stop();
        for (let seq = 21; seq <= 30; seq++) await h.emit('k', seq);
        const effects = await eventually(
          async () => {
            const rows = await h.effects();
            return rows.length >= 30 ? rows : null;
          },
          20_000,
          'the standby to take over'
        );
        assert.deepEqual(
          effects.map((e) => e.seq),
          Array.from({ length: 30 }, (_, i) => i + 1)
        );
        assert.equal(await counted(metrics[1 - leader]!), 10);
      });
    });
  }
}
