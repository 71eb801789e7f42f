// Real faults on the notification service (SPEC §4, §3.8), on PostgreSQL and Kafka. Its process is SIGKILLed
// while it sends: after a restart every message arrives, one row per fact and recipient, and a message the kill
// caught between the server's "250" and its row's "sent" comes at most once more, with the same Message-ID. Its
// broker stops: what was queued is still sent, and once the broker is back the new facts are mailed, each once.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import pg from 'pg';
import { AuthUserRegistered } from '@style-flow/contracts';
import { createEnvelope, createKafkaTransport, type Transport } from '@style-flow/platform';
import { createTestBroker, eventually, quietLogger, testConfig, uniqueName } from '@style-flow/platform/testing';
import { startProgram, type Program } from '../../../test/support/program.ts';
import { freePort, modes } from '../../../test/support/stack.ts';
import { startTestSmtp, type TestSmtp } from './support/smtp.ts';

const real = modes.find((m) => m.mode === 'real')!;
const CONCURRENCY = 4;

function registered(id: number, tag: string) {
  return {
    id,
    username: `f${id}`,
    email: `${tag}-${id}@example.com`,
    first_name: null,
    last_name: null,
    role: 'user' as const,
    registered_at: new Date().toISOString()
  };
}

async function publishRegistrations(transport: Transport, ids: readonly number[], tag: string): Promise<void> {
  await transport.publish(
    ids.map((id) => ({
      topic: AuthUserRegistered.topic,
      key: String(id),
      value: JSON.stringify(createEnvelope('auth', AuthUserRegistered.type, id, registered(id, tag))),
      headers: {}
    }))
  );
}

/** The Message-IDs that arrived for each address of a run. */
function arrivals(smtp: TestSmtp, tag: string): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const mail of smtp.received) {
    const to = [mail.to].flat()[0]?.value[0]?.address ?? '';
    if (!to.startsWith(`${tag}-`)) continue;
    by.set(to, [...(by.get(to) ?? []), mail.messageId ?? '']);
  }
  return by;
}

async function setUp(t: TestContext, env: Record<string, string>) {
  const smtp = await startTestSmtp();
  const setup = testConfig('real', env);
  const transport = createKafkaTransport({
    brokers: setup.config.kafka!.brokers,
    topicPrefix: setup.config.kafka!.topicPrefix,
    clientId: uniqueName('faults'),
    logger: quietLogger()
  });
  const port = await freePort();
  const programs: Program[] = [];
  const pgConfig = setup.config.postgres!;
  const db = new pg.Client({
    host: pgConfig.host,
    port: pgConfig.port,
    user: pgConfig.user,
    password: pgConfig.password,
    database: `notification_service${pgConfig.databaseSuffix ?? ''}`
  });
  db.on('error', () => undefined);
  t.after(async () => {
    for (const p of programs) p.child.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await transport.close();
    await smtp.stop();
    await setup.cleanup();
  });
  const start = async () => {
    const program = startProgram(
      {
        ...setup.env,
        NOTIFICATION_SERVICE_PORT: String(port),
        SMTP_URL: smtp.url,
        MAIL_CONCURRENCY: String(CONCURRENCY),
        MAIL_RETRY_BASE_MS: '200',
        NOTIFICATION_POLL_INTERVAL_MS: '100',
        NOTIFICATION_CLAIM_LEASE_MS: '2000',
        LOG_LEVEL: 'warn'
      },
      ['notification']
    );
    programs.push(program);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200,
      60_000,
      `the notification service; output:\n${program.output()}`
    );
    return program;
  };
  return { smtp, setup, transport, start, db, connect: () => db.connect() };
}

describe('notification service under real faults, PostgreSQL and Kafka', { skip: real.skip }, () => {
  test('SIGKILLed while it sends: after a restart every message arrives, at most once more with the same Message-ID', async (t) => {
    const { smtp, transport, start, db, connect } = await setUp(t, {});
    // A server that takes its time, so that the kill finds messages under way.
    smtp.delayMs = 30;
    const first = await start();
    await connect();
    const tag = uniqueName('kill').replace(/_/g, '-');
    const ids = Array.from({ length: 80 }, (_, i) => 3_000_000 + i);
    await publishRegistrations(transport, ids, tag);
    await eventually(() => arrivals(smtp, tag).size >= 20, 60_000, 'the first messages');
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    const beforeRestart = arrivals(smtp, tag).size;

    await start();
    await eventually(() => arrivals(smtp, tag).size === ids.length, 90_000, 'a message to every address');
    const { rows } = await db.query<{ n: number; sent: number }>(
      `select count(*)::int as n, count(*) filter (where status = 'sent')::int as sent from messages
       where type = 'welcome' and to_address like $1`,
      [`${tag}-%`]
    );
    assert.deepEqual(rows[0], { n: ids.length, sent: ids.length }, 'one row per fact and recipient, each sent');
    const by = arrivals(smtp, tag);
    const extra = [...by.values()].filter((idsOf) => idsOf.length > 1);
    for (const copies of extra) assert.equal(new Set(copies).size, 1, 'a second copy carries the same Message-ID');
    assert.ok(
      extra.every((copies) => copies.length === 2),
      'never more than one extra copy'
    );
    assert.ok(extra.length <= CONCURRENCY, `${extra.length} messages came twice; at most the ${CONCURRENCY} under way`);
    t.diagnostic(
      `${beforeRestart} of ${ids.length} arrived before the kill; ${extra.length} arrived a second time (same Message-ID)`
    );
  });

  test('with its broker stopped, what was queued is still sent; once it is back new facts are mailed, each once', async (t) => {
    const broker = await createTestBroker();
    await broker.start();
    t.after(() => broker.destroy());
    const { smtp, transport, start, db, connect } = await setUp(t, { KAFKA_BOOTSTRAP_SERVERS: broker.address });
    // Slow enough that the broker is down before everything queued went out.
    smtp.delayMs = 1000;
    await start();
    await connect();
    const tag = uniqueName('broker').replace(/_/g, '-');
    const before = Array.from({ length: 40 }, (_, i) => 4_000_000 + i);
    const afterwards = Array.from({ length: 20 }, (_, i) => 4_100_000 + i);
    await publishRegistrations(transport, before, tag);
    await eventually(
      async () =>
        (await db.query(`select count(*)::int as n from messages where to_address like $1`, [`${tag}-%`])).rows[0].n ===
        before.length,
      60_000,
      'the first facts queued'
    );
    await broker.stop();
    const sentBeforeStop = arrivals(smtp, tag).size;
    assert.ok(sentBeforeStop < before.length, 'messages were still queued when the broker stopped');
    await eventually(
      () => arrivals(smtp, tag).size === before.length,
      60_000,
      'the queued messages sent while Kafka is down'
    );

    await broker.start();
    await publishRegistrations(transport, afterwards, tag);
    await eventually(
      () => arrivals(smtp, tag).size === before.length + afterwards.length,
      90_000,
      'the facts after the broker came back'
    );
    const by = arrivals(smtp, tag);
    assert.ok(
      [...by.values()].every((copies) => copies.length === 1),
      'each message once'
    );
    t.diagnostic(
      `${sentBeforeStop} of ${before.length} queued messages were sent before the broker stopped; the rest while it was down`
    );
  });
});
