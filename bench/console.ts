// The console's pages against the API calls they render (the issue: "each list page and the dashboard answer in at
// most 1.5× the time of the API calls they render, measured side by side in one run"), on seeded volumes: 10,000
// events, 200,000 registrations, 20,000 clients, 100,000 payments, written by SQL straight into each service's
// database (console/seed.ts). Every party is a process of its own: the services (`style-flow auth user event resource
// client payment notification`), the gateway, the console, and the load generator (console/load-child.ts).
//
// Which calls a page makes is learned, not written down here: a second console instance, loaded with
// console/record-calls.ts, serves each page once and notes every API call with the page's request id and when it
// started and ended; calls that overlap form a wave (the page's Promise.all). The baseline of a page is then those
// very calls, through the gateway, with a token of the same person (signed in through the API), wave after wave —
// and the page is the console's URL through the gateway with the session cookie of a real form sign-in. The two
// alternate (page, API, API, page) at each concurrency; at the first, the page straight from the console's own port
// joins them, to tell the gateway's hop from the console's own time. The target is on the medians.
//
// BENCH_CONSOLE_CPU_PROF=<folder>: the measured console runs with --cpu-prof and leaves its profile there on exit
// (console/profile-top.ts prints where its time went). BENCH_CONSOLE_PAGES=<regular expression>: only the pages
// whose path matches.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@style-flow/platform/testing';
import { freePort } from '../test/support/stack.ts';
import { connector, seedVolumes, VOLUMES } from './console/seed.ts';
import type { Call, Case, Plan, Step, StepResult } from './console/load-child.ts';
import { choosePages, pageRoutes } from './console/pages.ts';
import { signInToConsole } from './console/sign-in.ts';
import { call } from './json-call.ts';
import { benchBackends, benchConfig, runToEnd, startProgram, workDir, type Program } from './processes.ts';
import { summarize, table, timing } from './stats.ts';

const SERVICES = ['auth', 'user', 'event', 'resource', 'client', 'payment', 'notification'] as const;
const CONCURRENCIES = [1, 4];
const SECONDS = timing.seconds(1);
/** A load lasts SECONDS, or longer (3 s at most) until this many visits have started: a slow page gets a few. */
const MIN_VISITS = 3;
/** Rounds of page and API in turn; each round is page, API or API, page (ABBA over two). */
const ROUNDS = timing.rounds(2);
const WARMUP_SECONDS = 0.3;
const TARGET = 1.5;
const ADMIN = { username: 'bench_admin', email: 'bench_admin@example.com', password: 'bench-admin-password-1' };

const portKey = (t: string) => (t === 'gateway' ? 'GATEWAY_PORT' : `${t.toUpperCase()}_SERVICE_PORT`);

interface Recorded {
  page: string | null;
  method: string;
  url: string;
  accept: string | null;
  start: number;
  end: number;
  status: number;
}

/** Calls in the order they started; one that starts before every call of the current wave has ended joins it. */
function waves(calls: readonly Recorded[]): Recorded[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const out: Recorded[][] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const c of sorted) {
    const current = out.at(-1);
    if (current && c.start < firstEnd) {
      current.push(c);
      firstEnd = Math.min(firstEnd, c.end);
    } else {
      out.push([c]);
      firstEnd = c.end;
    }
  }
  return out;
}

/** What a page's waves look like: `1 → 60‖ → 1 ×95` is one call, a wave of 60 at once, then 95 one after another. */
function shape(ws: readonly Recorded[][]): string {
  const parts: { label: string; times: number }[] = [];
  for (const w of ws) {
    const label = w.length === 1 ? '1' : `${w.length}‖`;
    const last = parts.at(-1);
    if (last?.label === label) last.times++;
    else parts.push({ label, times: 1 });
  }
  return parts.map((p) => (p.times > 1 ? `${p.label} ×${p.times}` : p.label)).join(' → ');
}

interface Discovered {
  path: string;
  status: number;
  calls: Recorded[][];
}

/**
 * startProgram, tried again (three times at most) when PostgreSQL refused a connection for being at max_connections:
 * the server may be shared with other runs, whose peaks pass.
 */
async function startShared(name: string, targets: readonly string[], env: Record<string, string>): Promise<Program> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startProgram(name, targets, env);
    } catch (error) {
      if (attempt >= 3 || !String((error as Error).message).includes('too many clients')) throw error;
      console.log(`  ${name}: PostgreSQL was at max_connections; starting it again`);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
}

/** A console instance that records every API call it makes (record-calls.ts) into `file`. */
async function startRecordingConsole(env: Record<string, string>, file: string): Promise<Program> {
  writeFileSync(file, '');
  const recorder = new URL('./console/record-calls.ts', import.meta.url).pathname;
  return startShared('console-discovery', ['console'], {
    ...env,
    CONSOLE_SERVICE_PORT: String(await freePort()),
    POSTGRES_POOL_MAX: '2',
    NODE_OPTIONS: `--import ${recorder}`,
    BENCH_RECORD_CALLS: file
  });
}

/**
 * Serves each page from the recording console and returns the calls it made, by page. A visit whose page or calls
 * failed (a server shared with other runs can refuse a connection for a moment) is tried again, twice at most.
 */
async function discover(
  recording: Program,
  file: string,
  pages: readonly { path: string }[],
  cookie: string
): Promise<Discovered[]> {
  const found: Discovered[] = [];
  const base = recording.url('console');
  for (const [i, { path }] of pages.entries()) {
    let d: Discovered | undefined;
    for (
      let attempt = 0;
      attempt < 3 && !(d && d.status === 200 && d.calls.flat().every((c) => c.status < 400));
      attempt++
    ) {
      const id = `bench-discover-${i}-${attempt}`;
      const res = await fetch(`${base}${path}`, {
        headers: { accept: 'text/html', 'accept-language': 'en', cookie, 'x-request-id': id }
      });
      await res.arrayBuffer();
      const calls = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Recorded)
        .filter((r) => r.page === id);
      d = { path, status: res.status, calls: waves(calls) };
    }
    found.push(d!);
  }
  return found;
}

type Summary2 = { p50: number; p99: number; n: number };

interface Measured {
  page: Summary2;
  api: Summary2;
  /** The page straight from the console's port (at the first concurrency only): the gateway's hop left out. */
  direct: Summary2 | null;
  failed: { page: number; api: number; first: string | null };
}

type Kind = 'page' | 'api' | 'direct';

/**
 * One page and its calls, in turn at each concurrency (page, API, API, page, …; at the first concurrency the page
 * straight from the console's port too), in a load generator of their own.
 */
async function measure(
  urls: { gateway: string; console: string },
  cookie: string,
  token: string,
  d: Discovered,
  index: number
): Promise<Map<number, Measured>> {
  const pageHeaders = { accept: 'text/html', 'accept-language': 'en', cookie };
  const cases: Case[] = [
    { name: d.path, waves: [[{ url: `${urls.gateway}${d.path}`, headers: pageHeaders }]] },
    {
      name: `${d.path} (API calls)`,
      waves: d.calls.map((w) =>
        w.map((c): Call => ({
          url: c.url,
          headers: { authorization: `Bearer ${token}`, accept: c.accept ?? 'application/json' }
        }))
      )
    },
    { name: `${d.path} (console direct)`, waves: [[{ url: `${urls.console}${d.path}`, headers: pageHeaders }]] }
  ];
  const kinds: Kind[] = ['page', 'api', 'direct'];
  const first = CONCURRENCIES[0]!;
  // A warm-up visit of each, unless one visit of the page takes seconds (its own first visit warms it enough).
  const all = d.calls.flat();
  const span = all.length > 0 ? Math.max(...all.map((c) => c.end)) - Math.min(...all.map((c) => c.start)) : 0;
  const warm = span < 1000;
  const steps: Step[] = warm
    ? [0, 1, 2].map((k) => ({ case: k, connections: first, seconds: WARMUP_SECONDS, minVisits: 1 }))
    : [];
  const measuredSteps: { c: number; kind: Kind }[] = [];
  // The direct page in the first round only (it explains, the target does not use it); a page of several seconds a
  // visit gets one round at the higher concurrencies, where each of its loads lasts as long as its slowest visit.
  for (const connections of CONCURRENCIES) {
    const rounds = warm || connections === first ? ROUNDS : 1;
    for (let round = 0; round < rounds; round++) {
      const these = connections === first && round === 0 ? [0, 1, 2] : [0, 1];
      for (const k of round % 2 === 0 ? these : [...these].reverse()) {
        steps.push({ case: k, connections, seconds: SECONDS, minVisits: MIN_VISITS });
        measuredSteps.push({ c: connections, kind: kinds[k]! });
      }
    }
  }
  const file = join(workDir(), `console-plan-${index}.json`);
  writeFileSync(file, JSON.stringify({ cases, steps } satisfies Plan));
  const out = await runToEnd(`console-load-${index}`, process.execPath, [
    new URL('./console/load-child.ts', import.meta.url).pathname,
    file
  ]);
  const results = (JSON.parse(out) as StepResult[]).slice(warm ? 3 : 0);
  const byConcurrency = new Map<number, Measured>();
  for (const connections of CONCURRENCIES) {
    const pick = (kind: Kind) =>
      results.filter((_, i) => measuredSteps[i]!.c === connections && measuredSteps[i]!.kind === kind);
    const pooled = (rs: StepResult[]): Summary2 | null => {
      if (rs.length === 0) return null;
      const s = summarize(rs.flatMap((r) => r.samples));
      return { p50: s.p50, p99: s.p99, n: s.n };
    };
    const p = pick('page');
    const a = pick('api');
    byConcurrency.set(connections, {
      page: pooled(p)!,
      api: pooled(a)!,
      direct: pooled(pick('direct')),
      failed: {
        page: p.reduce((n, r) => n + r.failed, 0),
        api: a.reduce((n, r) => n + r.failed, 0),
        first: [...p, ...a].find((r) => r.firstFailure)?.firstFailure ?? null
      }
    });
  }
  return byConcurrency;
}

export async function consoleSuite(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## Console: each list page and the dashboard against the API calls it renders (page ÷ API calls ≤ ${TARGET})`
  );
  console.log(
    `conditions: services, gateway and console each a process of its own, the load generator in another (one visit = the page, or its API calls wave by wave); concurrency ${CONCURRENCIES.join(' and ')}, ${SECONDS} s per load, ${ROUNDS} rounds of page and API in turn (one at ${CONCURRENCIES.slice(1).join(', ')} for a page of seconds), samples pooled; ${backends.description}`
  );
  const config = benchConfig({
    RATE_LIMIT_PER_MINUTE: '10000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000000',
    // Ten pools on a server other runs share (max_connections 100 by default): small ones.
    POSTGRES_POOL_MAX: '4',
    CONSOLE_SESSION_SWEEP_MS: '3600000'
  });
  const env: Record<string, string> = { ...config.env };
  for (const t of [...SERVICES, 'gateway', 'console']) {
    const port = String(await freePort());
    env[portKey(t)] = port;
    env[t === 'gateway' ? 'GATEWAY_URLS' : `${t.toUpperCase()}_SERVICE_URLS`] = `http://127.0.0.1:${port}`;
  }
  const profileDir = process.env.BENCH_CONSOLE_CPU_PROF;
  let services: Program | undefined;
  let gatewayProgram: Program | undefined;
  let consoleProgram: Program | undefined;
  let recording: Program | undefined;
  try {
    const t0 = performance.now();
    services = await startShared('services', SERVICES, env);
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const callsFile = join(workDir(), 'console-calls.jsonl');
    [gatewayProgram, consoleProgram, recording] = await Promise.all([
      startShared('gateway', ['gateway'], env),
      startShared('console', ['console'], {
        ...env,
        ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {})
      }),
      startRecordingConsole(env, callsFile)
    ]);
    const gateway = gatewayProgram.url('gateway');
    console.log(
      `started in ${((performance.now() - t0) / 1000).toFixed(1)} s: services (pid ${services.pid}), gateway (pid ${gatewayProgram.pid}), console (pid ${consoleProgram.pid})`
    );

    // The admin: the first account, through the API; the profile arrives in the user service by its event.
    const registered = await call<{ id: number }>(`${gateway}/auth/register`, { method: 'POST', body: ADMIN });
    if (registered.status !== 201 || registered.body.id !== 1)
      throw new Error(`register the admin: ${registered.status} ${JSON.stringify(registered.body)}`);
    const login = await call<{ access_token: string }>(`${gateway}/auth/login`, {
      method: 'POST',
      body: { email: ADMIN.email, password: ADMIN.password }
    });
    if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
    const token = login.body.access_token;
    await eventually(
      async () => (await call(`${gateway}/users/1`, { token })).status === 200,
      60_000,
      "the admin's profile"
    );

    const seeded = await seedVolumes(connector(config.config.postgres!));
    console.log(
      `seeded in ${seeded.seconds.toFixed(1)} s by SQL: ${Object.entries(seeded.counts)
        .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
        .join(', ')} (asked: ${Object.entries(VOLUMES)
        .map(([k, n]) => `${n.toLocaleString('en')} ${k}`)
        .join(', ')})`
    );
    console.log(
      `seeding by part (s): ${Object.entries(seeded.parts)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}`
    );

    const cookie = await signInToConsole(gateway, ADMIN.email, ADMIN.password);
    const chosen = choosePages(pageRoutes(), seeded.busiestEventId);
    const only = process.env.BENCH_CONSOLE_PAGES ? new RegExp(process.env.BENCH_CONSOLE_PAGES) : null;
    const measured = chosen.measured.filter((p) => !only || only.test(p.path));
    const { skipped } = chosen;
    if (only) console.log(`BENCH_CONSOLE_PAGES=${only.source}: ${measured.length} of ${chosen.measured.length} pages`);
    const t1 = performance.now();
    const discovered = await discover(recording, callsFile, measured, cookie);
    await recording.stop();
    console.log(
      `signed in with a form post; the calls of ${discovered.length} pages recorded in ${((performance.now() - t1) / 1000).toFixed(1)} s`
    );
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    for (const [i, d] of discovered.entries()) {
      const all = d.calls.flat();
      if (d.status !== 200) {
        notes.push(`${d.path}: answered ${d.status} to the admin — not measured`);
        continue;
      }
      const writes = all.filter((c) => c.method !== 'GET' && c.method !== 'HEAD');
      if (writes.length > 0) {
        notes.push(`${d.path}: makes ${writes.map((w) => `${w.method} ${w.url}`).join(', ')} — not measured`);
        continue;
      }
      const failing = all.filter((c) => c.status >= 400);
      if (failing.length > 0)
        notes.push(
          `${d.path}: ${failing.length} of its calls answered ≥ 400 (${failing[0]!.status} ${new URL(failing[0]!.url).pathname}); the baseline counts them as failures`
        );
      notes.push(
        `${d.path}: ${all.length} calls, ${shape(d.calls)}: ${d.calls
          .map((w) => w.map((c) => new URL(c.url).pathname + new URL(c.url).search).join(' ‖ '))
          .join(' → ')
          .slice(0, 400)}`
      );
      const t2 = performance.now();
      const results = await measure({ gateway, console: consoleProgram.url('console') }, cookie, token, d, i);
      for (const [c, m] of results) {
        const r50 = m.page.p50 / m.api.p50;
        const r99 = m.page.p99 / m.api.p99;
        rows.push([
          d.path,
          String(c),
          `${all.length} (${d.calls.length} waves)`,
          m.page.p50.toFixed(1),
          m.page.p99.toFixed(1),
          m.api.p50.toFixed(1),
          m.api.p99.toFixed(1),
          r50.toFixed(2),
          r99.toFixed(2),
          r50 <= TARGET ? 'met' : 'NOT met',
          m.direct ? m.direct.p50.toFixed(1) : '',
          `${m.failed.page}/${m.failed.api}`
        ]);
        if (m.failed.first) notes.push(`${d.path} at ${c}: first failure ${m.failed.first}`);
      }
      console.log(`  ${d.path} done in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    }
    console.log(
      table(
        [
          'page',
          'conc',
          'API calls',
          'page p50',
          'page p99',
          'API p50',
          'API p99',
          'page÷API p50',
          'p99',
          `≤ ${TARGET}`,
          'direct p50',
          'failed page/API'
        ],
        rows
      )
    );
    console.log('times in ms per visit; the page through the gateway with the session cookie, its calls through the');
    console.log("gateway with the same person's token, wave after wave; every page's calls include GET /auth/me (the");
    console.log("console asks it on every page for the current role). direct: the page from the console's own port.");
    for (const n of notes) console.log(`- ${n}`);
    if (skipped.length > 0)
      console.log(`not measured (not a list): ${skipped.map((s) => `${s.route} (${s.why})`).join(', ')}`);
  } finally {
    // The console first, so that a CPU profile is written before anything it calls goes away.
    await recording?.stop();
    await consoleProgram?.stop();
    await gatewayProgram?.stop();
    await services?.stop();
    await config.cleanup();
  }
  if (profileDir) console.log(`console CPU profile in ${profileDir}`);
}
