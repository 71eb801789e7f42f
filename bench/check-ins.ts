// Check-in, the event service in a process of its own: check-ins per second on one event from 4 scanners at once, each
// scan a ticket's signed code verified, its nonce claimed, the registration share-locked and the check-in inserted
// under the unique index of one entry per ticket and list, the answer kept with the nonce and the event in the outbox;
// against a plain-SQL baseline of the bare INSERT … ON CONFLICT on the same unique index, 4 at a time on a database
// of the same server, measured in the same run.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { migrate, platformMigrations, readMigrations, signAccessToken, type Database } from '@style-flow/platform';
import { openTestDatabase } from '@style-flow/platform/testing';
import { generatorDescription, load, type LoadResult } from './http-load.ts';
import { call } from './json-call.ts';
import { benchBackends, benchConfig, startProgram, type Program } from './processes.ts';
import { median, medianBy, table, timing } from './stats.ts';

const SCANNERS = 4;
const SECONDS = timing.seconds(4);
const ROUNDS = timing.rounds(3);
const WARMUP_SECONDS = 2;
// Every scan must check a ticket in for the first time on its list: attendees × lists of them, split between the
// loads so that none runs out (a load that cycled back to its first scans would measure replayed answers).
const ATTENDEES = 1_500;
const LISTS = 40;
const BASELINE_LISTS = 120;
const SETUP_PARALLEL = 16;
const day = 86_400_000;

/** Runs `task` over `items`, `SETUP_PARALLEL` at a time. */
async function inParallel<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_PARALLEL }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!);
      }
    })
  );
  return out;
}

const token = (secret: string, userId: number, role: 'user' | 'manager') =>
  signAccessToken(secret, { userId, role, sessionId: randomUUID() }, 1800);

/** One event with its attendees registered and their tickets' codes, and its check-in lists, made through the API. */
async function prepareService(
  url: string,
  secret: string
): Promise<{ eventId: number; listIds: number[]; codes: string[] }> {
  const organiser = await token(secret, 1, 'manager');
  const created = await call<{ id: number }>(`${url}/events`, {
    method: 'POST',
    token: organiser,
    body: {
      title: 'Door benchmark',
      start_date: new Date(Date.now() + day).toISOString(),
      end_date: new Date(Date.now() + 2 * day).toISOString(),
      capacity: 1_000_000,
      category_id: 1
    }
  });
  if (created.status !== 201) throw new Error(`create event: ${created.status} ${JSON.stringify(created.body)}`);
  const eventId = created.body.id;
  const attendees = Array.from({ length: ATTENDEES }, (_, i) => 100_000 + i);
  const codes = await inParallel(attendees, async (userId) => {
    const registered = await call<{ id: number }>(`${url}/events/${eventId}/register`, {
      method: 'POST',
      token: await token(secret, userId, 'user')
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
    const ticket = await call<{ code: string }>(`${url}/events/${eventId}/registrations/${registered.body.id}/ticket`, {
      token: organiser
    });
    if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status} ${JSON.stringify(ticket.body)}`);
    return ticket.body.code;
  });
  const lists = await call<{ data: { id: number }[] }>(`${url}/events/${eventId}/check-in-lists`, { token: organiser });
  const listIds = [lists.body.data[0]!.id];
  for (let i = 1; i < LISTS; i++) {
    const list = await call<{ id: number }>(`${url}/events/${eventId}/check-in-lists`, {
      method: 'POST',
      token: organiser,
      body: { name: `Door ${i}` }
    });
    if (list.status !== 201) throw new Error(`add list: ${list.status} ${JSON.stringify(list.body)}`);
    listIds.push(list.body.id);
  }
  return { eventId, listIds, codes };
}

/** The same event, attendees and lists on a fresh database of the same server, in plain SQL. */
async function prepareBaseline(db: Database): Promise<{ eventId: number; pairs: [number, number][] }> {
  await migrate(db, [
    ...(await platformMigrations()),
    ...(await readMigrations(new URL('../services/event/migrations/', import.meta.url), 'event'))
  ]);
  const { rows } = await db.query<{ id: number }>(
    `insert into events (title, start_date, end_date, capacity, category_id, organizer_id)
     values ('Door benchmark', now() + interval '1 day', now() + interval '2 days', 1000000, 1, 1) returning id`
  );
  const eventId = rows[0]!.id;
  const registrations = await db.query<{ id: number }>(
    `insert into registrations (event_id, user_id, status) select $1, 100000 + g, 'confirmed'
     from generate_series(1, $2::int) g returning id`,
    [eventId, ATTENDEES]
  );
  const lists = await db.query<{ id: number }>(
    `insert into check_in_lists (event_id, name, is_default) select $1, 'Door ' || g, g = 1
     from generate_series(1, $2::int) g returning id`,
    [eventId, BASELINE_LISTS]
  );
  const pairs = lists.rows.flatMap((l) => registrations.rows.map((r) => [l.id, r.id] as [number, number]));
  return { eventId, pairs };
}

/** The bare insert, 4 at a time for SECONDS, each on a pair not checked in yet; how many per second. */
async function plainSqlRate(db: Database, eventId: number, pairs: [number, number][], from: { next: number }) {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: SCANNERS }, async (_, scanner) => {
      while (performance.now() < deadline) {
        const pair = pairs[from.next++];
        if (!pair) throw new Error('the baseline ran out of tickets to check in: raise BASELINE_LISTS');
        await db.query(
          `insert into check_ins (event_id, list_id, registration_id, ticket_version, scanner_id, scanned_at)
           values ($1, $2, $3, 1, $4, now()) on conflict (list_id, registration_id) where not duplicate do nothing`,
          [eventId, pair[0], pair[1], scanner + 1]
        );
        done++;
      }
    })
  );
  return done / SECONDS;
}

export async function checkInThroughput(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## Check-in: scans on one event from ${SCANNERS} scanners at once against the plain-SQL insert under the same unique index (the event service in a process of its own; medians of ${ROUNDS} rounds, service and baseline in turn)`
  );
  console.log(
    `conditions: ${generatorDescription()} at ${SCANNERS} connections, ${SECONDS} s each; the baseline in the benchmark's process, ${SCANNERS} at a time; ${backends.description}`
  );
  const config = benchConfig({ CLIENT_SERVICE_URLS: 'http://127.0.0.1:9' });
  const secret = config.config.jwt.secret;
  let program: Program | undefined;
  const baselineDb = await openTestDatabase();
  try {
    program = await startProgram('event', ['event'], config.env);
    const url = program.url('event');
    const prepared = await prepareService(url, secret);
    const baseline = await prepareBaseline(baselineDb);
    const scanners = await Promise.all(Array.from({ length: SCANNERS }, (_, i) => token(secret, 10 + i, 'manager')));
    // Every load gets scans of its own, list by list, so that the scans that follow one another are of different
    // people, as at a door; the scanners take turns.
    const all = prepared.listIds
      .flatMap((listId) => prepared.codes.map((code) => ({ listId, code })))
      .map(({ listId, code }, i) => ({
        headers: { authorization: `Bearer ${scanners[i % SCANNERS]}` },
        body: JSON.stringify({ code, list_id: listId, nonce: randomUUID() })
      }));
    const perLoad = Math.floor(all.length / (ROUNDS + 1));
    let used = 0;
    const scanLoad = async (seconds: number): Promise<LoadResult> => {
      const requests = all.slice(used, used + perLoad);
      used += perLoad;
      const result = await load({
        url: `${url}/events/${prepared.eventId}/check-ins`,
        method: 'POST',
        connections: SCANNERS,
        seconds,
        headers: { 'content-type': 'application/json' },
        requests
      });
      if (result.requests > requests.length)
        throw new Error(`a load answered ${result.requests} scans of ${requests.length}: raise ATTENDEES or LISTS`);
      return result;
    };
    await scanLoad(WARMUP_SECONDS);
    const service: LoadResult[] = [];
    const plain: number[] = [];
    const cursor = { next: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      service.push(await scanLoad(SECONDS));
      plain.push(await plainSqlRate(baselineDb, baseline.eventId, baseline.pairs, cursor));
      console.log(`  round ${round + 1}/${ROUNDS} done`);
    }
    const shown = await call<{ checked_in_count: number }>(`${url}/events/${prepared.eventId}`);
    const scans = medianBy(service, (r) => r.rps);
    const bare = median(plain);
    console.log(
      `the event shows ${shown.body.checked_in_count} of ${ATTENDEES} attendees checked in across ${LISTS} lists; the median round answered ${scans.requests} scans`
    );
    console.log(
      table(
        ['request', 'check-ins/s', 'p99 ms', 'ratio to baseline', 'failed (all rounds)'],
        [
          [
            'POST /events/{id}/check-ins',
            scans.rps,
            scans.p99,
            `${(scans.rps / bare).toFixed(2)} of plain SQL (${bare.toFixed(0)}/s)`,
            String(service.reduce((n, r) => n + r.failed, 0))
          ]
        ]
      )
    );
  } finally {
    await program?.stop();
    await config.cleanup();
    await baselineDb.destroy();
  }
  console.log(
    'plain SQL: the INSERT … ON CONFLICT DO NOTHING of the check-in row on the same unique index (one entry per ticket'
  );
  console.log(
    'and list), autocommitted; the service adds HTTP, the token check, the Ed25519 verification of the code, the nonce'
  );
  console.log(
    "claimed and its answer kept, the registration's share lock, the outbox row and its relay, in one transaction."
  );
}
