// Notifications: how fast the notification service turns a burst of 10,000 registration facts into queued messages
// (claim in the inbox, copy of the registration, one message row each, in the consumer's batches), against a consumer
// of the same platform writing one plain row per fact — both on the stack's transport, measured in the same run;
// and how many webhook deliveries per second it makes to a local receiver (signed, through its SSRF-guarded agent),
// against plain POSTs of the same bodies with the same concurrency.
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { request, Agent } from 'undici';
import { RegistrationCreated, UserUpdated, type EventData } from '@style-flow/contracts';
import {
  createEnvelope,
  createEventConsumer,
  migrate,
  platformMigrations,
  signAccessToken
} from '@style-flow/platform';
import { eventually, openTestDatabase, quietLogger, uniqueName } from '@style-flow/platform/testing';
import { modes, startStack, type Stack } from '../test/support/stack.ts';
import { table } from './stats.ts';

const FACTS = 10_000;
const DELIVERIES = 2_000;
const CONCURRENCY = 16;

const registration = (id: number): EventData<typeof RegistrationCreated> => ({
  id,
  event_id: 1,
  user_id: id,
  status: 'confirmed',
  payment_id: null,
  cancel_reason: null,
  ticket_code: 'X'.repeat(120),
  ticket_version: 1
});

function envelopes(topic: string, type: string, count: number, data: (i: number) => unknown) {
  return Array.from({ length: count }, (_, i) => {
    const envelope = createEnvelope('bench', type, i + 1, data(i + 1));
    return { topic, key: envelope.subject, value: JSON.stringify(envelope), headers: {} };
  });
}

async function publishAll(stack: Stack, messages: ReturnType<typeof envelopes>): Promise<void> {
  for (let i = 0; i < messages.length; i += 1000) await stack.transport.publish(messages.slice(i, i + 1000));
}

/** Facts per second until the last of them left its row. */
async function timeRows(count: () => Promise<number>, publish: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await publish();
  await eventually(async () => (await count()) >= FACTS, 300_000, `${FACTS} rows`);
  return FACTS / ((performance.now() - started) / 1000);
}

async function queueRates(stack: Stack): Promise<[number, number]> {
  const pgConfig = stack.config.postgres!;
  const notificationDb = new pg.Client({
    ...pgConfig,
    database: `notification_service${pgConfig.databaseSuffix ?? ''}`
  });
  await notificationDb.connect();
  const baselineDb = await openTestDatabase();
  try {
    await migrate(baselineDb, [
      ...(await platformMigrations()),
      { name: 'bench/001-rows.sql', sql: 'create table plain_rows (event_id uuid primary key, registration_id int)' }
    ]);
    const topic = uniqueName('bench-plain');
    await stack.transport.ensureTopics([topic, `${topic}.dlq`]);
    const baseline = createEventConsumer({
      service: 'bench',
      group: uniqueName('bench'),
      db: baselineDb,
      transport: stack.transport,
      logger: quietLogger(),
      maxAttempts: 3,
      retryBaseMs: 20,
      handlers: [
        {
          topic,
          type: RegistrationCreated.type,
          async handle(tx, event) {
            await tx.query('insert into plain_rows (event_id, registration_id) values ($1, $2)', [
              event.id,
              (event.data as { id: number }).id
            ]);
          }
        }
      ]
    });
    await baseline.start();
    const plain = await timeRows(
      async () => (await baselineDb.query<{ n: number }>('select count(*)::int as n from plain_rows')).rows[0]!.n,
      () => publishAll(stack, envelopes(topic, RegistrationCreated.type, FACTS, registration))
    );
    await baseline.stop();
    const queued = await timeRows(
      async () =>
        (
          await notificationDb.query<{ n: number }>(
            `select count(*)::int as n from messages where type = 'registration_confirmed'`
          )
        ).rows[0]!.n,
      () => publishAll(stack, envelopes(RegistrationCreated.topic, RegistrationCreated.type, FACTS, registration))
    );
    return [plain, queued];
  } finally {
    await notificationDb.end();
    await baselineDb.destroy();
  }
}

async function deliveryRates(stack: Stack): Promise<[number, number]> {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('ok');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const port = (receiver.address() as AddressInfo).port;
  try {
    const admin = await signAccessToken(
      stack.config.jwt.secret,
      { userId: 1, role: 'admin', sessionId: uniqueName('s') },
      600
    );
    const created = await stack.request('POST', 'notification', '/webhooks', {
      token: admin,
      body: { url: `http://localhost:${port}/hook`, events: ['user.updated'] }
    });
    if (created.status !== 201) throw new Error(`webhook not created: ${JSON.stringify(created.body)}`);
    const facts = envelopes(UserUpdated.topic, UserUpdated.type, DELIVERIES, (i) => ({
      id: i,
      username: `b${i}`,
      email: `b${i}@example.com`,
      first_name: null,
      last_name: null,
      role: 'user',
      status: 'active'
    }));
    let started = performance.now();
    await publishAll(stack, facts);
    await eventually(() => received >= DELIVERIES, 300_000, `${DELIVERIES} deliveries`);
    const service = DELIVERIES / ((performance.now() - started) / 1000);

    const agent = new Agent();
    received = 0;
    started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < DELIVERIES) {
          const body = facts[next++]!.value;
          const answer = await request(`http://127.0.0.1:${port}/hook`, { method: 'POST', body, dispatcher: agent });
          await answer.body.dump();
        }
      })
    );
    const plain = DELIVERIES / ((performance.now() - started) / 1000);
    await agent.close();
    return [plain, service];
  } finally {
    receiver.close();
  }
}

export async function notificationThroughput(): Promise<void> {
  console.log('\n## Notifications: messages queued from a burst of registration facts; webhook deliveries per second');
  const m = modes[0]!;
  const stack = await startStack(m.mode, ['notification'], {
    WEBHOOK_ALLOWED_HOSTS: 'localhost',
    WEBHOOK_CONCURRENCY: String(CONCURRENCY),
    WEBHOOK_PER_ENDPOINT: String(CONCURRENCY)
  });
  try {
    const [plainRows, queued] = await queueRates(stack);
    const [plainPosts, delivered] = await deliveryRates(stack);
    console.log(
      table(
        ['case', 'per second', 'ratio to baseline'],
        [
          ['consumer writing one plain row per fact (baseline)', plainRows.toFixed(0), '1.00'],
          ['registration facts → queued messages', queued.toFixed(0), (queued / plainRows).toFixed(2)],
          [`plain POSTs to the receiver, ${CONCURRENCY} at once (baseline)`, plainPosts.toFixed(0), '1.00'],
          ['webhook deliveries (signed, guarded, recorded)', delivered.toFixed(0), (delivered / plainPosts).toFixed(2)]
        ]
      )
    );
    console.log(
      `${m.name}; ${FACTS} registration.created facts (confirmed, so each queues a message with its ticket to draw later), ` +
        `${DELIVERIES} user.updated facts to one endpoint (WEBHOOK_PER_ENDPOINT=${CONCURRENCY}); the mail worker runs meanwhile (development mailbox).`
    );
  } finally {
    await stack.stop();
  }
}
