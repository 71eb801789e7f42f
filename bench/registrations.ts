// 1,000 registrations at once for an event of 100 seats, twenty times: the event service in a process of its own,
// called on its own port (no gateway), by 1,000 distinct callers whose tokens are made once and used in every round,
// from a burst child of its own (burst-child.ts), after one warm-up burst. Each round is a correctness check as well
// as a measure: exactly 100 confirmed and 900 waitlisted, the seats taken 100, nobody twice, and every seat given
// before anyone waits (the confirmed registrations are the first 100 by id). A round that breaks any of it ends the
// suite with an error (the benchmark exits non-zero).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { signAccessToken } from '@style-flow/platform';
import { call } from './json-call.ts';
import { benchBackends, benchConfig, runToEnd, startProgram, workDir, type Program } from './processes.ts';
import { percentile, table, timing } from './stats.ts';

const USERS = 1_000;
const CAPACITY = 100;
const ROUNDS = timing.rounds(20);
/** The bound of one request; a round takes a few seconds. */
const REQUEST_TIMEOUT_MS = 60_000;
const day = 86_400_000;

interface Burst {
  settledMs: number;
  answers: { status: number; body: { id?: number; user_id?: number; status?: string } | string }[];
}

/** What the event's database holds after a round, counted by SQL: the figures the round is checked against. */
async function counted(db: pg.Client, eventId: number) {
  const { rows } = await db.query<{
    confirmed: number;
    waitlisted: number;
    other: number;
    users: number;
    rows: number;
    seats: number;
    ordered: boolean;
  }>(
    `select count(*) filter (where r.status = 'confirmed')::int as confirmed,
       count(*) filter (where r.status = 'waitlisted')::int as waitlisted,
       count(*) filter (where r.status not in ('confirmed', 'waitlisted'))::int as other,
       count(distinct r.user_id)::int as users, count(*)::int as rows, min(e.seats_taken) as seats,
       coalesce(max(r.id) filter (where r.status = 'confirmed') < min(r.id) filter (where r.status = 'waitlisted'), true)
         as ordered
     from events e join registrations r on r.event_id = e.id where e.id = $1`,
    [eventId]
  );
  return rows[0]!;
}

export async function registrationBursts(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## Registrations: ${USERS} at once for an event of ${CAPACITY} seats, ${ROUNDS} rounds (the event service in a process of its own, called on its own port, not through the gateway)`
  );
  console.log(
    `conditions: ${USERS} distinct callers (access tokens signed once with the service's key, the same in every round), one connection each, all sent at once by a child process; a free event per round; ${backends.description}`
  );
  const config = benchConfig({ CLIENT_SERVICE_URLS: 'http://127.0.0.1:9' });
  const secret = config.config.jwt.secret;
  const pgConfig = config.config.postgres!;
  let program: Program | undefined;
  const db = new pg.Client({
    host: pgConfig.host,
    port: pgConfig.port,
    user: pgConfig.user,
    password: pgConfig.password,
    database: `event_service${pgConfig.databaseSuffix ?? ''}`
  });
  try {
    program = await startProgram('registrations', ['event'], config.env);
    const event = program.url('event');
    await db.connect();
    const manager = await signAccessToken(secret, { userId: 1, role: 'manager', sessionId: randomUUID() }, 3600);
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        signAccessToken(secret, { userId: 100_000 + i, role: 'user', sessionId: randomUUID() }, 3600)
      )
    );
    const rows: (string | number)[][] = [];
    const settled: number[] = [];
    const broken: string[] = [];
    const round = async (n: number) => {
      const created = await call<{ id: number }>(`${event}/events`, {
        method: 'POST',
        token: manager,
        body: {
          title: `Burst ${n}`,
          start_date: new Date(Date.now() + 30 * day).toISOString(),
          end_date: new Date(Date.now() + 31 * day).toISOString(),
          capacity: CAPACITY,
          category_id: 1
        }
      });
      if (created.status !== 201) throw new Error(`create event: ${created.status} ${JSON.stringify(created.body)}`);
      const spec = join(workDir(), `burst-${n}.json`);
      writeFileSync(
        spec,
        JSON.stringify({
          url: `${event}/events/${created.body.id}/register`,
          method: 'POST',
          tokens,
          timeoutMs: REQUEST_TIMEOUT_MS
        })
      );
      const burst = JSON.parse(
        await runToEnd(`burst-${n}`, process.execPath, [new URL('./burst-child.ts', import.meta.url).pathname, spec])
      ) as Burst;
      const answered = (status: string) =>
        burst.answers.filter((a) => a.status === 201 && typeof a.body === 'object' && a.body.status === status).length;
      const failed = burst.answers.filter((a) => a.status !== 201);
      const c = await counted(db, created.body.id);
      const problems = [
        c.confirmed !== CAPACITY && `${c.confirmed} confirmed`,
        c.waitlisted !== USERS - CAPACITY && `${c.waitlisted} waitlisted`,
        c.other !== 0 && `${c.other} in another status`,
        c.seats !== CAPACITY && `${c.seats} seats taken`,
        c.users !== c.rows && `${c.rows - c.users} users registered twice`,
        !c.ordered && 'a waitlisted registration older than a confirmed one',
        failed.length > 0 &&
          `${failed.length} requests failed (first: ${failed[0]!.status} ${JSON.stringify(failed[0]!.body)})`,
        answered('confirmed') !== c.confirmed && `${answered('confirmed')} answered confirmed`
      ].filter((p): p is string => typeof p === 'string');
      return { settledMs: burst.settledMs, ...c, problems };
    };
    // One burst before the measured ones, checked like them: the service's first requests compile its code and
    // prepare its statements, and would be the slowest round by far.
    const warm = await round(0);
    if (warm.problems.length > 0) broken.push(`warm-up: ${warm.problems.join(', ')}`);
    for (let n = 1; n <= ROUNDS; n++) {
      const r = await round(n);
      if (r.problems.length > 0) broken.push(`round ${n}: ${r.problems.join(', ')}`);
      settled.push(r.settledMs);
      rows.push([
        String(n),
        r.settledMs,
        `${r.confirmed} / ${r.waitlisted}`,
        String(r.seats),
        `${((USERS / r.settledMs) * 1000).toFixed(0)}/s`,
        r.problems.length === 0 ? 'ok' : r.problems.join('; ')
      ]);
    }
    console.log(
      table(['round', 'settled ms', 'confirmed / waitlisted', 'seats taken', 'registrations/s', 'check'], rows)
    );
    const sorted = [...settled].sort((a, b) => a - b);
    console.log(
      table(
        ['figure', 'value'],
        [
          [
            `time to settle ${USERS} registrations (first sent → last answer), ${ROUNDS} rounds`,
            `median ${percentile(sorted, 50).toFixed(0)} ms, p99 (of ${ROUNDS} rounds: the worst) ${percentile(sorted, 99).toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms`
          ],
          [
            'rounds with exactly 100 confirmed, 900 waitlisted, no one twice (and the warm-up)',
            `${ROUNDS - broken.filter((b) => b.startsWith('round')).length} of ${ROUNDS}${broken.some((b) => b.startsWith('warm')) ? ' (the warm-up broke)' : ''}`
          ]
        ]
      )
    );
    if (broken.length > 0) throw new Error(`registrations broke the rules:\n${broken.join('\n')}`);
  } finally {
    await db.end().catch(() => undefined);
    await program?.stop();
    await config.cleanup();
  }
}
