// Outbox relay end to end: from the commit of a change with its event to the consumer's effect (inside its
// inbox transaction), one event at a time, against the bare transport (publish → handler) in the same run.
import { performance } from 'node:perf_hooks';
import {
  createEventConsumer,
  createOutboxRelay,
  enqueueEvents,
  migrate,
  platformMigrations,
  type Transport
} from '@style-flow/platform';
import {
  databaseBackends,
  quietLogger,
  transportBackends,
  uniqueName,
  type TestDatabase
} from '@style-flow/platform/testing';
import { summarize, table } from './stats.ts';

async function bareTransport(transport: Transport, n: number): Promise<number[]> {
  const topic = uniqueName('bench_raw');
  await transport.ensureTopics([topic]);
  let arrived: (() => void) | undefined;
  const sub = await transport.subscribe({
    group: uniqueName('bench'),
    topics: [topic],
    handle: async () => arrived?.()
  });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const done = new Promise<void>((resolve) => (arrived = resolve));
    const t0 = performance.now();
    await transport.publish([{ topic, key: 'k', value: JSON.stringify({ i }), headers: {} }]);
    await done;
    samples.push(performance.now() - t0);
  }
  await sub.stop();
  return samples;
}

async function commitOnly(db: TestDatabase, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.query('update bench_changes set n = n + 1');
    });
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function throughOutbox(db: TestDatabase, transport: Transport, n: number): Promise<number[]> {
  const topic = uniqueName('bench_outbox');
  const logger = quietLogger();
  await transport.ensureTopics([topic, `${topic}.dlq`]);
  let arrived: (() => void) | undefined;
  const consumer = createEventConsumer({
    service: 'bench',
    group: uniqueName('bench'),
    db,
    transport,
    logger,
    maxAttempts: 3,
    retryBaseMs: 10,
    handlers: [
      {
        topic,
        type: 'bench.tick',
        handle: async (tx) => {
          await tx.query('update bench_effects set n = n + 1');
          arrived?.();
        }
      }
    ]
  });
  const relay = createOutboxRelay({ service: 'bench', db, transport, logger, pollIntervalMs: 1000 });
  await consumer.start();
  await relay.start();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const done = new Promise<void>((resolve) => (arrived = resolve));
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.query('update bench_changes set n = n + 1');
      await enqueueEvents(tx, 'bench', [{ topic, type: 'bench.tick', subject: 'k', data: { i } }]);
    });
    await done;
    samples.push(performance.now() - t0);
  }
  await relay.stop();
  await consumer.stop();
  return samples;
}

export async function relayLatency(): Promise<void> {
  console.log('\n## Outbox relay latency: commit → consumer effect, one event at a time (ms)');
  const rows: (string | number)[][] = [];
  for (const tb of transportBackends()) {
    for (const dbb of databaseBackends()) {
      if (tb.skip || dbb.skip || (tb.name === 'kafka' && dbb.name === 'embedded')) continue;
      const n = tb.name === 'kafka' ? 200 : 500;
      const db = await dbb.open();
      await migrate(db, [
        ...(await platformMigrations()),
        {
          name: 'bench/001.sql',
          sql: 'create table bench_changes (n int); insert into bench_changes values (0); create table bench_effects (n int); insert into bench_effects values (0);'
        }
      ]);
      const transport = tb.create();
      // Warm up connections, JIT and the consumer group before measuring.
      await bareTransport(transport, 20);
      await throughOutbox(db, transport, 20);
      const bare = summarize(await bareTransport(transport, n));
      const commit = summarize(await commitOnly(db, n));
      const outbox = summarize(await throughOutbox(db, transport, n));
      rows.push([
        `${tb.name} + ${dbb.name}`,
        String(n),
        outbox.p50,
        outbox.p99,
        commit.p50,
        bare.p50,
        bare.p99,
        outbox.p50 / (commit.p50 + bare.p50)
      ]);
      await transport.close();
      await db.destroy();
    }
  }
  console.log(
    table(
      ['transport + database', 'events', 'outbox p50', 'outbox p99', 'commit p50', 'bare p50', 'bare p99', 'ratio'],
      rows
    )
  );
  console.log(
    'outbox = change + event committed in one transaction, relay woken by NOTIFY, consumer claims the id in its inbox in the transaction of its effect;'
  );
  console.log(
    'commit = the change alone in a transaction; bare = the transport publishing straight to a handler, no database.'
  );
  console.log(
    'ratio = outbox p50 / (commit p50 + bare p50): what the outbox, relay and inbox cost over the two steps they join.'
  );
}
