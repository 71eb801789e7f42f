// Client service: `GET /clients?q=` (ILIKE '%…%' on name, email and website) on 100,000 clients, against
// `GET /clients/{id}` (one row by primary key) measured in the same run on the same service and database. The
// search is served by the trigram index of the three columns joined in one text; the plan PostgreSQL chose is printed.
import { randomUUID } from 'node:crypto';
import { openPostgresDatabase, signAccessToken, type Database } from '@style-flow/platform';
import { modes, startStack } from '../test/support/stack.ts';
import { load, type LoadResult } from './http-load.ts';
import { table } from './stats.ts';

const CLIENTS = 100_000;
const CONNECTIONS = 16;
const SECONDS = 3;
const ROUNDS = 3;
const SEARCHES = [
  ['04217', 'a number: 1 client'],
  ['logist', 'a word: 5,000 clients, first page of 50']
] as const;
const median = (results: LoadResult[]): LoadResult =>
  [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)]!;

// Names from a few words and a five-digit number ("Nova Logistics 04217"), each with an email and a website
// of its own: a number finds a handful of clients, a word thousands of them.
const SEED_SQL = `
  with words as (
    select array['Nova','Vector','Aurora','Summit','Harbor','Cedar','Polar','Orbit','Quartz','Maple',
                 'Falcon','Delta','Zenith','Lumen','Granite','Atlas','Crimson','Meadow','Pioneer','Silver'] as a,
           array['Logistics','Media','Foods','Systems','Travel','Events','Textiles','Pharma','Studio','Energy',
                 'Motors','Finance','Retail','Labs','Consulting','Print','Catering','Security','Games','Health'] as b
  )
  insert into clients (name, type, industry, email, website, name_key, email_key, domain_key)
  select name, case when i % 5 = 0 then 'individual' else 'organization' end, b[1 + (i / 20) % 20],
         lower(slug) || '@mail.example', 'https://www.' || lower(slug) || '.example', lower(name),
         lower(slug) || '@mail.example', lower(slug) || '.example'
  from words, generate_series(1, $1::int) as i,
       lateral (select a[1 + i % 20] || ' ' || b[1 + (i / 20) % 20] || ' ' || lpad(i::text, 5, '0') as name,
                       a[1 + i % 20] || '-' || lpad(i::text, 5, '0') as slug) as s`;

// The query GET /clients?q= sends (client-repository.ts listClients), with the filters it leaves unset folded.
const LIST_SQL = `explain (analyze, costs off, timing off, summary on)
  select id, name from clients
  where status <> 'archived' and search ilike $1
  order by name, id limit 51`;

async function seed(db: Database): Promise<number> {
  await db.query(SEED_SQL, [CLIENTS]);
  await db.exec('analyze clients');
  const { rows } = await db.query<{ id: number }>('select id from clients order by id limit 1 offset 4217');
  return rows[0]!.id;
}

async function plan(db: Database, q: string): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(LIST_SQL, [`%${q}%`]);
  return rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n');
}

export async function clientThroughput(): Promise<void> {
  console.log(
    `\n## Clients: GET /clients?q= on ${CLIENTS.toLocaleString('en')} clients against GET /clients/{id} (median of ${ROUNDS} rounds, each request in turn, ${CONNECTIONS} connections, ${SECONDS} s each, loopback)`
  );
  const rows: (string | number)[][] = [];
  for (const m of modes) {
    if (m.skip) continue;
    const stack = await startStack(m.mode, ['client']);
    const server = stack.config.postgres!;
    const db = await openPostgresDatabase(server, `client_service${server.databaseSuffix ?? ''}`);
    try {
      const started = Date.now();
      const oneId = await seed(db);
      console.log(
        `${m.name}: ${CLIENTS} clients written and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`
      );
      const token = await signAccessToken(
        stack.config.jwt.secret,
        { userId: 1, role: 'manager', sessionId: randomUUID() },
        600
      );
      const headers = { authorization: `Bearer ${token}` };
      const base = stack.url('client');
      const urls = [`${base}/clients/${oneId}`, ...SEARCHES.map(([q]) => `${base}/clients?q=${q}`)];
      // The baseline and the searches take turns, and the median round of each is reported: on a 2-core machine
      // shared with other work, one round of any of them can be disturbed.
      const rounds: LoadResult[][] = urls.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, url] of urls.entries())
          rounds[i]!.push(await load({ url, headers, connections: CONNECTIONS, seconds: SECONDS }));
      }
      const [byId, ...searches] = rounds.map((r) => median(r));
      for (const [i, [q, what]] of SEARCHES.entries()) {
        const found = await stack.request<{ data: unknown[] }>('GET', 'client', `/clients?q=${q}`, { token });
        const search = searches[i]!;
        rows.push([
          m.name,
          `GET /clients?q=${q} (${what}; ${found.body.data.length} on the page)`,
          search.rps,
          search.p99,
          `${(search.rps / byId!.rps).toFixed(2)} of GET /clients/{id} (${byId!.rps.toFixed(0)}/s)`,
          String(search.failed)
        ]);
        console.log(`${m.name}: the plan of q=${q}\n${await plan(db, q)}`);
      }
    } finally {
      await db.close();
      await stack.stop();
    }
  }
  console.log(table(['backends', 'request', 'req/s', 'p99 ms', 'ratio to baseline', 'failed'], rows));
  console.log('GET /clients/{id} reads one client by its primary key with its totals and primary contact (three');
  console.log('queries); the search adds a trigram index scan and a sort of what it finds.');
}
