// Resource service: allocations per second on one hot resource, every one of them passing the capacity check (the
// resource's row lock, then the peak of its load over the window by a sweep of the start and end points), against
// a plain SQL baseline of the same lock + peak check + insert on a database of the same server and pool size,
// measured in the same run, service and baseline taking turns.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { migrate, platformMigrations, readMigrations, signAccessToken, type Database } from '@style-flow/platform';
import { openTestDatabase } from '@style-flow/platform/testing';
import { eventFacts, startFakeEventService } from '../test/support/resource-client.ts';
import { modes, startStack } from '../test/support/stack.ts';
import { load, type LoadResult } from './http-load.ts';
import { table } from './stats.ts';

const CONNECTIONS = 16;
const SECONDS = 4;
// The median round of each is reported: on a 2-core machine a single round can be disturbed by whatever else runs.
const ROUNDS = 3;
// Room for every allocation of the run: the figure is the cost of the check, not of refusals. Windows of 1–4 hours
// anywhere in a year, as a busy resource (a pool of projectors) sees them.
const QUANTITY = 1000;
const YEAR_START = Date.UTC(2041, 0, 1);
const HOUR = 3_600_000;
// More windows per load than the service allocates in the time (they are used in turn, then again from the first).
const WINDOWS_PER_LOAD = 10_000;

let seed = 20_260_311;
/** A deterministic window: the same sequence on every run. */
function nextWindow(): { start_time: string; end_time: string } {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  const start = YEAR_START + (seed % (365 * 24)) * HOUR;
  const hours = 1 + ((seed >>> 16) % 4);
  return { start_time: new Date(start).toISOString(), end_time: new Date(start + hours * HOUR).toISOString() };
}

/** POST /resources/{id}/allocate for `SECONDS`, each request with a window of its own. */
function allocateLoad(url: string, token: string, eventId: number): Promise<LoadResult> {
  return load({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: Array.from({ length: WINDOWS_PER_LOAD }, () => ({
      body: JSON.stringify({ event_id: eventId, ...nextWindow() })
    }))
  });
}

/**
 * The baseline's ground: the service's schema with the capacity trigger off, so that the baseline does the lock, the
 * peak check and the insert once each, by hand, as plain SQL.
 */
async function prepareBaseline(db: Database): Promise<number> {
  await migrate(db, [
    ...(await platformMigrations()),
    ...(await readMigrations(new URL('../services/resource/migrations/', import.meta.url), 'resource'))
  ]);
  await db.exec('alter table allocations disable trigger allocations_capacity');
  const { rows } = await db.query<{ id: number }>(
    `insert into resources (name, type_id, quantity, setup_minutes, teardown_minutes)
     values ('Hot projectors', 2, $1, 15, 15) returning id`,
    [QUANTITY]
  );
  return rows[0]!.id;
}

/** The row lock, the peak of the load over the window (resource_load, the sweep), and the insert; nothing else. */
async function plainSqlRate(db: Database, resourceId: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const w = nextWindow();
        await db.transaction(async (tx) => {
          const { rows } = await tx.query<{ quantity: number }>(
            'select quantity from resources where id = $1 for no key update',
            [resourceId]
          );
          const peak = await tx.query<{ peak: number }>(
            'select coalesce(max(taken), 0)::int as peak from resource_load($1, $2, $3)',
            [resourceId, w.start_time, w.end_time]
          );
          if (peak.rows[0]!.peak + 1 > rows[0]!.quantity) return;
          await tx.query(
            'insert into allocations (resource_id, event_id, quantity, start_time, end_time) values ($1, 1, 1, $2, $3)',
            [resourceId, w.start_time, w.end_time]
          );
        });
        done++;
      }
    })
  );
  return done / SECONDS;
}

const median = <T>(values: T[], by: (v: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

export async function resourceThroughput(): Promise<void> {
  console.log(
    `\n## Resources: allocations on one hot resource (quantity ${QUANTITY}, 1–4 h windows over a year; median of ${ROUNDS} rounds, service and baseline in turn, ${CONNECTIONS} connections, ${SECONDS} s each, loopback)`
  );
  const rows: (string | number)[][] = [];
  for (const m of modes) {
    if (m.skip) continue;
    const events = await startFakeEventService();
    const stack = await startStack(m.mode, ['resource'], { EVENT_SERVICE_URLS: events.url });
    // The plain-SQL baseline runs on the same server as the stack.
    const baselineDb = await openTestDatabase();
    try {
      const event = eventFacts(
        new Date(YEAR_START).toISOString(),
        new Date(YEAR_START + 366 * 24 * HOUR).toISOString()
      );
      events.events.set(event.id, event);
      const token = await signAccessToken(
        stack.config.jwt.secret,
        { userId: 1, role: 'manager', sessionId: randomUUID() },
        600
      );
      const created = await stack.request<{ id: number }>('POST', 'resource', '/resources', {
        token,
        body: { name: 'Hot projectors', type_id: 2, quantity: QUANTITY, setup_minutes: 15, teardown_minutes: 15 }
      });
      const url = `${stack.url('resource')}/resources/${created.body.id}/allocate`;
      const baselineResource = await prepareBaseline(baselineDb);
      const service: LoadResult[] = [];
      const baseline: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        service.push(await allocateLoad(url, token, event.id));
        baseline.push(await plainSqlRate(baselineDb, baselineResource));
      }
      const s = median(service, (r) => r.rps);
      const b = median(baseline, (r) => r);
      rows.push([
        m.name,
        'POST /resources/{id}/allocate',
        s.rps,
        s.p99,
        `${(s.rps / b).toFixed(2)} of plain SQL (${b.toFixed(0)}/s)`,
        String(s.failed)
      ]);
    } finally {
      await stack.stop();
      await baselineDb.destroy();
      await events.kill();
    }
  }
  console.log(table(['backends', 'request', 'req/s', 'p99 ms', 'ratio to baseline', 'failed'], rows));
  console.log(
    'plain SQL: the same row lock of the resource, peak of its load over the window (resource_load) and INSERT, one'
  );
  console.log(
    `transaction each, ${CONNECTIONS} at a time on a fresh database of the same server and pool size; the service adds HTTP,`
  );
  console.log(
    'the token and revocation check, the event lookup and its share lock, the outbox rows and their relay to the bus.'
  );
}
