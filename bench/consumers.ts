// Consumers: how fast the platform's event consumer applies events whose handler writes one row (inbox claim,
// handler, transaction, offset commit), against a bare Kafka consume of the same messages (the client reading them,
// nothing else) measured in the same run, alternating over rounds. Both count from the first message to the last,
// so joining the group is not part of either figure.
import { performance } from 'node:perf_hooks';
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { deadLetterTopic } from '@style-flow/contracts';
import {
  createEnvelope,
  createEventConsumer,
  createKafkaTransport,
  migrate,
  platformMigrations,
  type OutgoingMessage
} from '@style-flow/platform';
import {
  kafkaBrokersFromEnv,
  openTestDatabase,
  postgresFromEnv,
  quietLogger,
  uniqueName
} from '@style-flow/platform/testing';
import { median, table, timing } from './stats.ts';

const EVENTS = 20_000;
const SUBJECTS = 64;
const TIMEOUT_MS = 120_000;

async function bareConsume(brokers: string[], topic: string): Promise<number> {
  const consumer = new Consumer({
    clientId: uniqueName('bench-bare'),
    groupId: uniqueName('bench-bare'),
    bootstrapBrokers: brokers,
    deserializers: stringDeserializers,
    maxWaitTime: 500,
    autocommit: false
  });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    let seen = 0;
    let first = 0;
    const deadline = Date.now() + TIMEOUT_MS;
    for await (const message of stream) {
      if (seen === 0) first = performance.now();
      seen++;
      JSON.parse(message.value);
      if (seen >= EVENTS || Date.now() > deadline) break;
    }
    const seconds = (performance.now() - first) / 1000;
    await stream.close();
    if (seen < EVENTS) throw new Error(`the bare consumer read ${seen} of ${EVENTS} messages`);
    return EVENTS / seconds;
  } finally {
    await consumer.close(true);
  }
}

export async function consumerThroughput(): Promise<void> {
  const brokers = kafkaBrokersFromEnv();
  console.log(
    `\n## Consumers: events applied per second by a handler that writes one row, against a bare Kafka consume`
  );
  if (!brokers || !postgresFromEnv()) {
    console.log('skipped: needs KAFKA_BOOTSTRAP_SERVERS and POSTGRES_HOST');
    return;
  }
  const logger = quietLogger();
  const transport = createKafkaTransport({ brokers, clientId: uniqueName('bench'), logger });
  const db = await openTestDatabase();
  const rounds = timing.rounds(3);
  const bare: number[] = [];
  const applied: number[] = [];
  try {
    await migrate(db, [
      ...(await platformMigrations()),
      { name: 'bench/001-effects.sql', sql: 'create table effects (event_id uuid primary key, n int not null)' }
    ]);
    const topic = uniqueName('bench-consume');
    await transport.ensureTopics([topic, deadLetterTopic(topic)]);
    for (let sent = 0; sent < EVENTS; sent += 2000) {
      const messages: OutgoingMessage[] = Array.from({ length: 2000 }, (_, i) => {
        const envelope = createEnvelope('bench', 'thing.happened', (sent + i) % SUBJECTS, { n: sent + i });
        return { topic, key: envelope.subject, value: JSON.stringify(envelope), headers: {} };
      });
      await transport.publish(messages);
    }
    for (let round = 1; round <= rounds; round++) {
      bare.push(await bareConsume(brokers, topic));
      let count = 0;
      let first = 0;
      let done: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const consumer = createEventConsumer({
        service: 'bench',
        group: uniqueName('bench-group'),
        db,
        transport,
        logger,
        maxAttempts: 3,
        retryBaseMs: 20,
        handlers: [
          {
            topic,
            type: 'thing.happened',
            async handle(tx, event, context) {
              await tx.query('insert into effects (event_id, n) values ($1, $2) on conflict do nothing', [
                event.id,
                (event.data as { n: number }).n
              ]);
              context.afterCommit(() => {
                if (count++ === 0) first = performance.now();
                if (count === EVENTS) done();
              });
            }
          }
        ]
      });
      await consumer.start();
      const timer = setTimeout(done, TIMEOUT_MS);
      await finished;
      clearTimeout(timer);
      const seconds = (performance.now() - first) / 1000;
      await consumer.stop();
      if (count < EVENTS) throw new Error(`the consumer applied ${count} of ${EVENTS} events`);
      applied.push(EVENTS / seconds);
      await db.query('truncate effects');
      console.log(`round ${round}: bare ${bare.at(-1)!.toFixed(0)}/s, applied ${applied.at(-1)!.toFixed(0)}/s`);
    }
  } finally {
    await transport.close();
    await db.destroy();
  }
  const b = median(bare);
  const a = median(applied);
  console.log(
    table(
      ['case', 'events/s (median)', 'ratio to bare consume', 'target'],
      [
        ['bare Kafka consume (read + JSON.parse)', b, '1.00', ''],
        ['event consumer, one row per event', a, (a / b).toFixed(2), `≥ 1000 events/s ${a >= 1000 ? 'met' : 'NOT met'}`]
      ]
    )
  );
  console.log(
    `${EVENTS} events over ${SUBJECTS} keys on 3 partitions, ${rounds} alternating rounds; the consumer claims each in the inbox and writes its row in one transaction per batch, and commits offsets after it.`
  );
}
