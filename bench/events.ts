// Event service, in a process of its own: registrations per second on one hot event, every one of them taking a seat
// through the event's row, against a plain SQL baseline of the same transaction (the service's enrolment statement —
// the row lock, the seat, the registration — and the outbox row, one transaction each) on a database of the same
// server and pool size, measured in the same run; and GET /events list throughput against GET /health.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RegistrationCreated } from '@style-flow/contracts';
import {
  enqueueEvents,
  eventOf,
  migrate,
  platformMigrations,
  readMigrations,
  signAccessToken,
  type Database
} from '@style-flow/platform';
import { openTestDatabase } from '@style-flow/platform/testing';
import { generatorDescription, load, type LoadResult } from './http-load.ts';
import { benchBackends, benchConfig, startProgram, type Program } from './processes.ts';
import { against, median, medianBy, table, timing } from './stats.ts';
import { call } from './json-call.ts';
import { enrolRegistration } from '../services/event/src/data/registration-repository.ts';

const CONNECTIONS = 16;
const SECONDS = timing.seconds(4);
// The service and its baseline take turns, and the median round of each is reported: on a 2-core machine a
// single round of either can be disturbed by whatever else runs.
const ROUNDS = timing.rounds(3);
const WARMUP_SECONDS = 2;
// More distinct callers per load than the service can register in the time: a caller registers once.
const CALLERS_PER_LOAD = 12_000;
const day = 86_400_000;
const hotEvent = {
  title: 'Hot event',
  start_date: new Date(Date.now() + 30 * day).toISOString(),
  end_date: new Date(Date.now() + 31 * day).toISOString(),
  capacity: 1_000_000,
  category_id: 1
};

/** A database of the kind the service uses, with its schema and one hot event: the baseline's ground. */
async function prepareBaseline(db: Database): Promise<number> {
  await migrate(db, [
    ...(await platformMigrations()),
    ...(await readMigrations(new URL('../services/event/migrations/', import.meta.url), 'event'))
  ]);
  const { rows } = await db.query<{ id: number }>(
    'insert into events (title, start_date, end_date, capacity, category_id, organizer_id) values ($1, $2, $3, $4, $5, 1) returning id',
    [hotEvent.title, hotEvent.start_date, hotEvent.end_date, hotEvent.capacity, hotEvent.category_id]
  );
  return rows[0]!.id;
}

let nextBaselineUser = 1;

/**
 * The service's transaction on its own: the enrolment statement the service runs (the event's row lock, the seat, the
 * registration, in one statement) and the platform's outbox row, committed together. No HTTP, token, validation,
 * ticket signature or relay.
 */
async function plainSqlRate(db: Database, eventId: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const userId = nextBaselineUser++;
        await db.transaction(async (tx) => {
          const { registration: r } = await enrolRegistration(tx, {
            eventId,
            userId,
            afterStart: false,
            holdSeconds: 900,
            paymentId: null
          });
          if (!r) throw new Error('the baseline event refused a registration');
          const { id, event_id, user_id, status, payment_id, cancel_reason } = r;
          await enqueueEvents(tx, 'event', [
            eventOf(RegistrationCreated, id, { id, event_id, user_id, status, payment_id, cancel_reason })
          ]);
        });
        done++;
      }
    })
  );
  return done / SECONDS;
}

let nextCaller = 10_000;

/** Tokens of `n` callers that have not registered yet: each request of a load registers a caller of its own. */
async function freshCallers(secret: string, n: number): Promise<{ headers: Record<string, string> }[]> {
  return Promise.all(
    Array.from({ length: n }, async () => ({
      headers: {
        authorization: `Bearer ${await signAccessToken(secret, { userId: nextCaller++, role: 'user', sessionId: randomUUID() }, 900)}`
      }
    }))
  );
}

export async function eventThroughput(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## Events: registrations on one hot event against plain SQL, and the event list against /health (the event service in a process of its own; medians of ${ROUNDS} rounds, service and baseline in turn)`
  );
  console.log(
    `conditions: ${generatorDescription()} at ${CONNECTIONS} connections, ${SECONDS} s each; the plain-SQL baseline in the benchmark's process with ${CONNECTIONS} at a time; ${backends.description}`
  );
  const config = benchConfig({ CLIENT_SERVICE_URLS: 'http://127.0.0.1:9' });
  const secret = config.config.jwt.secret;
  let program: Program | undefined;
  // The plain-SQL baseline runs on the same server as the service, with a pool of the same size.
  const baselineDb = await openTestDatabase();
  try {
    program = await startProgram('event', ['event'], config.env);
    const event = program.url('event');
    const manager = await signAccessToken(secret, { userId: 1, role: 'manager', sessionId: randomUUID() }, 900);
    const created = await call<{ id: number }>(`${event}/events`, { method: 'POST', token: manager, body: hotEvent });
    if (created.status !== 201) throw new Error(`create event: ${created.status} ${JSON.stringify(created.body)}`);
    const baselineEventId = await prepareBaseline(baselineDb);
    const registrationLoad = async (seconds: number) =>
      load({
        url: `${event}/events/${created.body.id}/register`,
        method: 'POST',
        connections: CONNECTIONS,
        seconds,
        requests: await freshCallers(secret, CALLERS_PER_LOAD)
      });
    await registrationLoad(WARMUP_SECONDS);
    const service: LoadResult[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      service.push(await registrationLoad(SECONDS));
      baseline.push(await plainSqlRate(baselineDb, baselineEventId));
      console.log(`  round ${round + 1}/${ROUNDS} done`);
    }
    const shown = await call<{ registered_count: number }>(`${event}/events/${created.body.id}`, { token: manager });
    const registrations = medianBy(service, (r) => r.rps);
    const plain = median(baseline);
    const ratio = registrations.rps / plain;
    const rows: (string | number)[][] = [
      [
        'POST /events/{id}/register',
        registrations.rps,
        registrations.p99,
        `${ratio.toFixed(2)} of plain SQL (${plain.toFixed(0)}/s)`,
        against(ratio, 0.7),
        String(service.reduce((n, r) => n + r.failed, 0))
      ]
    ];

    for (let i = 0; i < 200; i++) {
      const made = await call(`${event}/events`, {
        method: 'POST',
        token: manager,
        body: {
          ...hotEvent,
          title: `Event ${i}`,
          capacity: 100,
          start_date: new Date(Date.now() + (i + 2) * day).toISOString(),
          end_date: new Date(Date.now() + (i + 3) * day).toISOString()
        }
      });
      if (made.status !== 201) throw new Error(`create event: ${made.status} ${JSON.stringify(made.body)}`);
    }
    const list: LoadResult[] = [];
    const health: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      list.push(await load({ url: `${event}/events?limit=50`, connections: CONNECTIONS, seconds: SECONDS }));
      health.push(await load({ url: `${event}/health`, connections: CONNECTIONS, seconds: SECONDS }));
    }
    const l = medianBy(list, (r) => r.rps);
    const h = median(health.map((r) => r.rps));
    rows.push([
      'GET /events?limit=50 (201 events)',
      l.rps,
      l.p99,
      `${(l.rps / h).toFixed(2)} of GET /health (${h.toFixed(0)}/s)`,
      '',
      String([...list, ...health].reduce((n, r) => n + r.failed, 0))
    ]);
    console.log(
      `the hot event shows ${shown.body.registered_count} seats taken after the warm-up and ${ROUNDS} rounds (the median round answered ${registrations.requests} requests)`
    );
    console.log(table(['request', 'req/s', 'p99 ms', 'ratio to baseline', 'target', 'failed (all rounds)'], rows));
  } finally {
    await program?.stop();
    await config.cleanup();
    await baselineDb.destroy();
  }
  console.log(
    "plain SQL: the service's own transaction — its enrolment statement (row lock, seat, registration) and the outbox row —"
  );
  console.log(
    `${CONNECTIONS} at a time on a fresh database of the same server and pool size; the service adds HTTP, the token and`
  );
  console.log("revocation check, validation, the ticket's signature, and the relay that publishes the outbox rows.");
}
