// The principal table's memory, measured in a process of its own started with --expose-gc, so that every figure is
// taken after a full collection and nothing else of the benchmark lives in the heap. On a scratch database (made and
// dropped by principals.ts): 1,000,000 users with mixed roles and statuses, a table started over them; then 100,000
// sessions ended and not yet expired, and a second table over both. The revocations' cost is the difference. Then
// the rate of state() against the same lookups in two plain Maps. Prints one JSON line.
//
//   node --expose-gc bench/principals-child.ts <spec.json>
//   spec: { postgres: PostgresConfig, database, users, revocations }
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  createPrincipalTable,
  openPostgresDatabase,
  type Database,
  type PostgresConfig,
  type PrincipalTable
} from '@style-flow/platform';
import { quietLogger } from '@style-flow/platform/testing';

interface Spec {
  postgres: PostgresConfig;
  database: string;
  users: number;
  revocations: number;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Spec;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const LOOKUP_SECONDS = 2;

/** Heap and RSS in bytes after two full collections (the second one frees what the first one's finalisers left). */
function settledMemory(): { heap: number; rss: number } {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/**
 * Rows written with the tables' NOTIFY triggers off: nobody listens yet, and a million notifications in one
 * transaction would only fill the server's queue. They are on again before a table starts.
 */
async function seed(db: Database, table: string, trigger: string, insert: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`alter table ${table} disable trigger ${trigger}`);
    await tx.query(insert);
    await tx.query(`alter table ${table} enable trigger ${trigger}`);
  });
  await db.query(`analyze ${table}`);
}

/** The table over the users alone: its heap and RSS above `empty`, its load time and size; stopped and let go. */
async function usersOnly(db: Database, empty: { heap: number; rss: number }) {
  const { table, loadMs } = await started(db);
  const after = settledMemory();
  const size = table.size;
  await table.stop();
  return { heap: after.heap - empty.heap, rss: after.rss - empty.rss, loadMs, users: size.users };
}

async function started(db: Database): Promise<{ table: PrincipalTable; loadMs: number }> {
  const table = createPrincipalTable({ db, logger: quietLogger(), name: 'bench' });
  const t0 = performance.now();
  await table.start();
  return { table, loadMs: performance.now() - t0 };
}

/** Lookups per second of `lookup` over the prepared keys, for LOOKUP_SECONDS; the sum keeps the work from vanishing. */
function rate(lookup: (i: number) => number, n: number): number {
  let done = 0;
  let sum = 0;
  const deadline = performance.now() + LOOKUP_SECONDS * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 10_000; i++) sum += lookup((done + i) % n);
    done += 10_000;
  }
  if (sum === -1) console.error('unreachable');
  return done / LOOKUP_SECONDS;
}

const db = await openPostgresDatabase(spec.postgres, spec.database);
try {
  // 90 % users, 8 % managers, 1 % admins, 1 % known only as deactivated (no role); 2 % deactivated in all.
  await seed(
    db,
    'platform_users',
    'platform_users_notify',
    `insert into platform_users (user_id, role, status)
     select i, case when i % 100 < 90 then 'user' when i % 100 < 98 then 'manager' when i % 100 < 99 then 'admin' end,
       case when i % 100 = 99 or i % 100 = 42 then 'deactivated' else 'active' end
     from generate_series(1, ${spec.users}) i`
  );
  const empty = settledMemory();
  // The first table is stopped and dropped before the second starts: only one is in the heap at a time.
  const first = await usersOnly(db, empty);
  const peakRssUsers = process.resourceUsage().maxRSS * 1024;

  await seed(
    db,
    'platform_revoked_sessions',
    'platform_revoked_sessions_notify',
    `insert into platform_revoked_sessions (session_id, user_id, expires_at)
     select gen_random_uuid()::text, 1 + (i * 7919) % ${spec.users}, now() + interval '15 minutes' + i * interval '1 ms'
     from generate_series(1, ${spec.revocations}) i`
  );
  const second = await started(db);
  const withBoth = settledMemory();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const held = second.table.size;

  // The keys: users known and unknown, one session in ten revoked.
  const revoked = (
    await db.query<{ session_id: string }>('select session_id from platform_revoked_sessions limit 10000')
  ).rows.map((r) => r.session_id);
  // Flat strings, as a session id parsed from a token's JSON is (randomUUID() builds a rope of pieces, slower to hash).
  const fresh = (
    await db.query<{ id: string }>('select gen_random_uuid()::text as id from generate_series(1, 90000)')
  ).rows.map((r) => r.id);
  const n = 100_000;
  const userKeys = Int32Array.from({ length: n }, (_, i) => 1 + ((i * 104_729) % Math.round(spec.users * 1.1)));
  const sessionKeys = Array.from({ length: n }, (_, i) =>
    i % 10 === 0 ? revoked[i % revoked.length]! : fresh[i % fresh.length]!
  );
  // The baseline: the same contents in two plain Maps, looked up the same way, without the table's result object.
  const users = new Map<number, number>();
  for (let u = 1; u <= spec.users; u++) users.set(u, u % 4);
  const sessions = new Map<string, number>(revoked.map((s) => [s, Date.now() + 900_000]));
  for (const s of (await db.query<{ session_id: string }>('select session_id from platform_revoked_sessions')).rows)
    sessions.set(s.session_id, Date.now() + 900_000);
  const table = second.table;
  if (!table.live) throw new Error('the table is not live: state() would ask the database');
  const tableRate = rate((i) => {
    const s = table.state(userKeys[i]!, sessionKeys[i]!);
    return s instanceof Promise ? 0 : s.revoked ? 1 : 2;
  }, n);
  const mapRate = rate((i) => (users.get(userKeys[i]!) ?? 0) + (sessions.get(sessionKeys[i]!) ?? 1), n);
  await table.stop();

  process.stdout.write(
    `${JSON.stringify({
      usersHeld: first.users,
      sessionsHeld: held.sessions,
      usersHeap: first.heap,
      usersRss: first.rss,
      usersLoadMs: first.loadMs,
      peakRssUsers,
      bothHeap: withBoth.heap - empty.heap,
      bothRss: withBoth.rss - empty.rss,
      bothLoadMs: second.loadMs,
      peakRss,
      baseRss: empty.rss,
      tableRate,
      mapRate
    })}\n`
  );
} finally {
  await db.close();
}
