// The relay after a broker outage: an event committed while Kafka is down waits in the outbox; once the broker is
// back, how long until the relay has sent it (with nothing newly committed to wake it). A broker of the benchmark's
// own is stopped and started (infra/kafka.sh on a free port), so no other broker is disturbed.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createKafkaTransport,
  createOutboxRelay,
  enqueueEvents,
  migrate,
  platformMigrations
} from '@style-flow/platform';
import {
  createTestBroker,
  kafkaBrokersFromEnv,
  openTestDatabase,
  postgresFromEnv,
  quietLogger,
  uniqueName
} from '@style-flow/platform/testing';
import { percentile, table, timing } from './stats.ts';

/** Long enough for a relay with an exponential backoff to have backed off far. */
const DOWN_MS = 20_000;

export async function relayRecovery(): Promise<void> {
  console.log('\n## Relay: from the broker back to the event that waited in the outbox sent');
  if (!kafkaBrokersFromEnv() || !postgresFromEnv()) {
    console.log('skipped: needs KAFKA_BOOTSTRAP_SERVERS (Kafka installed) and POSTGRES_HOST');
    return;
  }
  const broker = await createTestBroker();
  const db = await openTestDatabase();
  const logger = quietLogger();
  const transport = createKafkaTransport({
    brokers: [`127.0.0.1:${broker.port}`],
    clientId: uniqueName('bench'),
    logger
  });
  const relay = createOutboxRelay({ service: 'bench', db, transport, logger, pollIntervalMs: 1000 });
  const topic = uniqueName('bench-recovery');
  const waiting = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from platform_outbox')).rows[0]!.n;
  const emit = () =>
    db.transaction((tx) => enqueueEvents(tx, 'bench', [{ topic, type: 'thing.happened', subject: 1, data: {} }]));
  const samples: number[] = [];
  try {
    await broker.start();
    await migrate(db, await platformMigrations());
    await relay.start();
    await emit();
    while ((await waiting()) > 0) await sleep(50);
    const rounds = timing.rounds(3);
    for (let round = 1; round <= rounds; round++) {
      await broker.stop();
      await emit();
      await sleep(DOWN_MS);
      if ((await waiting()) !== 1) throw new Error('the event left the outbox while the broker was down');
      await broker.start();
      const back = performance.now();
      while ((await waiting()) > 0) {
        if (performance.now() - back > 120_000) throw new Error('the relay did not send within 120 s');
        await sleep(20);
      }
      samples.push(performance.now() - back);
      console.log(`round ${round}: sent ${(samples.at(-1)! / 1000).toFixed(2)} s after the broker was back`);
    }
  } finally {
    await relay.stop();
    await transport.close();
    await db.destroy();
    await broker.destroy();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50) / 1000;
  const worst = sorted.at(-1)! / 1000;
  console.log(
    table(
      ['figure', 'value', 'target'],
      [
        [
          `broker back → event sent (${sorted.length} outages of ${DOWN_MS / 1000} s)`,
          `median ${p50.toFixed(2)} s, worst ${worst.toFixed(2)} s`,
          `≤ 2 s ${worst <= 2 ? 'met' : 'NOT met'}`
        ]
      ]
    )
  );
  console.log('"back" is when the broker answers its clients again (the start script returns).');
}
