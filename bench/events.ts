// Event service: registrations per second on one hot event, every one of them taking a seat through the
// event's row, against a plain SQL baseline of the same conditional UPDATE + INSERT on a database of the
// same kind and pool size, measured in the same run; and GET /events list throughput against GET /health.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { migrate, platformMigrations, readMigrations, signAccessToken, type Database } from '@style-flow/platform';
import { openTestDatabase } from '@style-flow/platform/testing';
import { modes, startStack, type Stack } from '../test/support/stack.ts';
import { load, type LoadResult } from './http-load.ts';
import { table } from './stats.ts';

const CONNECTIONS = 16;
const SECONDS = 4;
// The service and its baseline take turns, and the median round of each is reported: on a 2-core machine a
// single round of either can be disturbed by whatever else runs.
const ROUNDS = 3;
// More distinct callers than the service can register in the time: a caller registers once.
const CALLERS = 25_000;
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

/** The service's conditional seat claim and the registration row, nothing else: no HTTP, token, outbox or relay. */
async function plainSqlRate(db: Database, eventId: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const userId = nextBaselineUser++;
        await db.transaction(async (tx) => {
          const claimed = await tx.query(
            `update events set seats_taken = seats_taken + 1, updated_at = now()
           where id = $1 and status = 'scheduled' and start_date > now() and seats_taken < capacity returning price`,
            [eventId]
          );
          await tx.query('insert into registrations (event_id, user_id, status) values ($1, $2, $3)', [
            eventId,
            userId,
            claimed.rows[0] ? 'confirmed' : 'waitlisted'
          ]);
        });
        done++;
      }
    })
  );
  return done / SECONDS;
}

const median = <T>(values: T[], by: (v: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

async function registrationRounds(
  stack: Stack,
  eventId: number,
  baselineDb: Database,
  baselineEventId: number
): Promise<{ service: LoadResult; baseline: number }> {
  const tokens = await Promise.all(
    Array.from({ length: CALLERS }, (_, i) =>
      signAccessToken(stack.config.jwt.secret, { userId: 10_000 + i, role: 'user', sessionId: randomUUID() }, 600)
    )
  );
  let next = 0;
  const service: LoadResult[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    service.push(
      await load(`${stack.url('event')}/events/${eventId}/register`, {
        method: 'POST',
        connections: CONNECTIONS,
        seconds: SECONDS,
        perRequest: () => ({ authorization: `Bearer ${tokens[next++ % tokens.length]}` })
      })
    );
    baseline.push(await plainSqlRate(baselineDb, baselineEventId));
  }
  return { service: median(service, (r) => r.rps), baseline: median(baseline, (r) => r) };
}

export async function eventThroughput(): Promise<void> {
  console.log(
    `\n## Events: registrations on one hot event (median of ${ROUNDS} rounds, service and baseline in turn), and the event list (${CONNECTIONS} connections, ${SECONDS} s each, loopback)`
  );
  const rows: (string | number)[][] = [];
  for (const m of modes) {
    if (m.skip) continue;
    const stack = await startStack(m.mode, ['event']);
    // The plain-SQL baseline runs on the same server as the stack.
    const baselineDb = await openTestDatabase();
    try {
      const manager = await signAccessToken(
        stack.config.jwt.secret,
        { userId: 1, role: 'manager', sessionId: randomUUID() },
        600
      );
      const created = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager,
        body: hotEvent
      });
      const { service: registrations, baseline } = await registrationRounds(
        stack,
        created.body.id,
        baselineDb,
        await prepareBaseline(baselineDb)
      );
      const shown = await stack.request<{ registered_count: number }>('GET', 'event', `/events/${created.body.id}`);
      rows.push([
        m.name,
        'POST /events/{id}/register',
        registrations.rps,
        registrations.p99,
        `${(registrations.rps / baseline).toFixed(2)} of plain SQL (${baseline.toFixed(0)}/s)`,
        String(registrations.non2xx + registrations.errors)
      ]);

      for (let i = 0; i < 200; i++) {
        await stack.request('POST', 'event', '/events', {
          token: manager,
          body: {
            ...hotEvent,
            title: `Event ${i}`,
            capacity: 100,
            start_date: new Date(Date.now() + (i + 2) * day).toISOString()
          }
        });
      }
      const list = await load(`${stack.url('event')}/events?limit=50`, { connections: CONNECTIONS, seconds: SECONDS });
      const health = await load(`${stack.url('event')}/health`, { connections: CONNECTIONS, seconds: SECONDS });
      rows.push([
        m.name,
        'GET /events?limit=50 (201 events)',
        list.rps,
        list.p99,
        `${(list.rps / health.rps).toFixed(2)} of GET /health (${health.rps.toFixed(0)}/s)`,
        String(list.non2xx + list.errors)
      ]);
      console.log(
        `${m.name}: the hot event shows ${shown.body.registered_count} seats taken after ${ROUNDS} rounds (the median round had ${registrations.ok} answers 201)`
      );
    } finally {
      await stack.stop();
      await baselineDb.destroy();
    }
  }
  console.log(table(['backends', 'request', 'req/s', 'p99 ms', 'ratio to baseline', 'failed'], rows));
  console.log(
    'plain SQL: the same conditional UPDATE of the event row and INSERT of the registration, one transaction each,'
  );
  console.log(
    `${CONNECTIONS} at a time on a fresh database of the same kind and pool size; the service adds HTTP, the token and`
  );
  console.log('revocation check, the duplicate check, the outbox row and its relay to the bus.');
}
