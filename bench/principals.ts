// The memory of the principal table every process keeps (platform/src/auth/principal-table.ts): 1,000,000 users with
// roles and 100,000 live revocations, loaded from a scratch database of the benchmark's own (dropped at the end) by
// a child process started with --expose-gc (principals-child.ts), so that the figures are taken after full
// collections in a heap that holds nothing else; with the time to load and the rate of state() against plain Maps.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, platformMigrations } from '@style-flow/platform';
import { openTestDatabase, testPostgres } from '@style-flow/platform/testing';
import { runToEnd, workDir } from './processes.ts';
import { table } from './stats.ts';

const USERS = 1_000_000;
const REVOCATIONS = 100_000;
const MB = 2 ** 20;

interface Measured {
  usersHeld: number;
  sessionsHeld: number;
  usersHeap: number;
  usersRss: number;
  usersLoadMs: number;
  peakRssUsers: number;
  bothHeap: number;
  bothRss: number;
  bothLoadMs: number;
  peakRss: number;
  baseRss: number;
  tableRate: number;
  mapRate: number;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export async function principalsMemory(): Promise<void> {
  console.log(
    `\n## Principals: the memory of the principal table for ${USERS.toLocaleString('en')} users and ${REVOCATIONS.toLocaleString('en')} live revocations (a child process of its own, --expose-gc)`
  );
  const db = await openTestDatabase();
  try {
    await migrate(db, await platformMigrations());
    const spec = join(workDir(), 'principals.json');
    writeFileSync(
      spec,
      JSON.stringify({ postgres: testPostgres(), database: db.name, users: USERS, revocations: REVOCATIONS })
    );
    const m = JSON.parse(
      await runToEnd('principals', process.execPath, [
        '--expose-gc',
        new URL('./principals-child.ts', import.meta.url).pathname,
        spec
      ])
    ) as Measured;
    if (m.usersHeld !== USERS || m.sessionsHeld !== REVOCATIONS)
      throw new Error(`the table held ${m.usersHeld} users and ${m.sessionsHeld} sessions`);
    const revocationsHeap = m.bothHeap - m.usersHeap;
    console.log(
      table(
        ['figure', 'value'],
        [
          ['users held / live revocations held', `${m.usersHeld} / ${m.sessionsHeld}`],
          [
            'heap for the users (after a full GC)',
            `${mb(m.usersHeap)} = ${mb((m.usersHeap / m.usersHeld) * 1e6)} per 1M users`
          ],
          [
            'heap for the revocations (second table minus the first)',
            `${mb(revocationsHeap)} = ${mb((revocationsHeap / m.sessionsHeld) * 1e5)} per 100k revocations`
          ],
          ['heap for both', mb(m.bothHeap)],
          ['RSS added (users; users and revocations), after a full GC', `${mb(m.usersRss)}; ${mb(m.bothRss)}`],
          ['peak RSS of the process while loading (its RSS before any table)', `${mb(m.peakRss)} (${mb(m.baseRss)})`],
          [
            'load time: users; users and revocations',
            `${(m.usersLoadMs / 1000).toFixed(2)} s; ${(m.bothLoadMs / 1000).toFixed(2)} s`
          ],
          [
            'state() lookups/s against two plain Map lookups',
            `${(m.tableRate / 1e6).toFixed(1)}M/s against ${(m.mapRate / 1e6).toFixed(1)}M/s = ${(m.tableRate / m.mapRate).toFixed(2)}`
          ]
        ]
      )
    );
    console.log(
      'lookups: 100,000 keys in turn, users known and unknown, one session in ten revoked; the baseline looks the same keys up in a Map<number, number> and a Map<string, number> of the same contents.'
    );
  } finally {
    await db.destroy();
  }
}
