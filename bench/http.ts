// HTTP through the gateway and straight to the services, every party in a process of its own as in production: the
// services (auth, user, event) in one program, the gateway in another, nginx (one worker) as the reference proxy, a
// bare Fastify server as the floor of a service, and the load generator. The cases take turns over rounds; medians
// and the ratios to the references measured in the same run are printed beside the targets of issue 14.
import { cpus } from 'node:os';
import { eventually } from '@style-flow/platform/testing';
import { freePort } from '../test/support/stack.ts';
import { generatorDescription, load, type LoadResult } from './http-load.ts';
import { nginxMissing, startNginx } from './nginx.ts';
import { benchBackends, benchConfig, startProcess, startProgram, type Program, type Started } from './processes.ts';
import { against, median, table, timing } from './stats.ts';
import { call } from './json-call.ts';

const CONNECTIONS = 32;
const SECONDS = timing.seconds(5);
const ROUNDS = timing.rounds(3);
const WARMUP_SECONDS = 2;
/** Nothing that no other service of the run listens on: the gateway's upstreams that are not part of it. */
const NOWHERE = 'http://127.0.0.1:9';
const day = 86_400_000;

interface Case {
  request: string;
  path: 'direct' | 'gateway' | 'nginx' | 'bare Fastify';
  url: string;
  headers: Record<string, string>;
}

/** An admin (the first account of fresh databases), its token, its profile and one event, through the services. */
async function seed(services: Program): Promise<{ userId: number; token: string; eventId: number }> {
  const auth = services.url('auth');
  const account = { username: 'bench_admin', email: 'bench_admin@example.com', password: 'bench-password-long-enough' };
  const registered = await call<{ id: number }>(`${auth}/auth/register`, { method: 'POST', body: account });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await call<{ access_token: string }>(`${auth}/auth/login`, {
    method: 'POST',
    body: { email: account.email, password: account.password }
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.access_token;
  const userId = registered.body.id;
  // The profile arrives from auth's event on the bus.
  await eventually(
    async () => (await call(`${services.url('user')}/users/${userId}`, { token })).status === 200,
    60_000,
    'the profile in the user service'
  );
  const event = await call<{ id: number }>(`${services.url('event')}/events`, {
    method: 'POST',
    token,
    body: {
      title: 'Benchmark event',
      description: 'An event read by the HTTP benchmark',
      start_date: new Date(Date.now() + 30 * day).toISOString(),
      end_date: new Date(Date.now() + 31 * day).toISOString(),
      capacity: 100,
      category_id: 1
    }
  });
  if (event.status !== 201) throw new Error(`create event: ${event.status} ${JSON.stringify(event.body)}`);
  return { userId, token, eventId: event.body.id };
}

/** Every case must answer 200 before it is measured: a load of 401s or 404s would measure nothing useful. */
async function probe(c: Case): Promise<void> {
  await eventually(
    async () =>
      (await fetch(c.url, { headers: c.headers }).then(async (r) => (await r.arrayBuffer(), r.status))) === 200,
    30_000,
    `${c.request} (${c.path}) to answer 200`
  );
}

/** Each case once per round, the order turned by one each round; returns the results by case. */
async function rounds(cases: readonly Case[], connections: number): Promise<LoadResult[][]> {
  const results: LoadResult[][] = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + round) % cases.length;
      const c = cases[i]!;
      results[i]!.push(await load({ url: c.url, headers: c.headers, connections, seconds: SECONDS }));
    }
    console.log(`  round ${round + 1}/${ROUNDS} at ${connections} connection(s) done`);
  }
  return results;
}

const mid = (rs: readonly LoadResult[], key: 'rps' | 'p50' | 'p99' | 'mean') => median(rs.map((r) => r[key]));

export async function httpSuite(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## HTTP: gateway vs direct vs nginx, services vs bare Fastify (each party a process of its own; medians of ${ROUNDS} alternating rounds)`
  );
  console.log(
    `conditions: ${cpus().length} cores, node ${process.version}, ${generatorDescription()} at ${CONNECTIONS} connections and at 1, ${SECONDS} s per load, ${ROUNDS} rounds; ${backends.description}`
  );
  const config = benchConfig({
    // The load measures proxying, not the 429 path.
    RATE_LIMIT_PER_MINUTE: '10000000',
    CLIENT_SERVICE_URLS: NOWHERE
  });
  const started: Started[] = [];
  try {
    const services = await startProgram('services', ['auth', 'user', 'event'], config.env);
    started.push(services);
    const gateway = await startProgram('gateway', ['gateway'], {
      ...config.env,
      AUTH_SERVICE_URLS: services.url('auth'),
      USER_SERVICE_URLS: services.url('user'),
      EVENT_SERVICE_URLS: services.url('event'),
      RESOURCE_SERVICE_URLS: NOWHERE,
      CLIENT_SERVICE_URLS: NOWHERE,
      PAYMENT_SERVICE_URLS: NOWHERE
    });
    started.push(gateway);
    const barePort = await freePort();
    const bare = await startProcess({
      name: 'bare-fastify',
      command: process.execPath,
      args: [new URL('./bare-fastify.ts', import.meta.url).pathname, String(barePort)],
      ready: [`http://127.0.0.1:${barePort}/health`]
    });
    started.push(bare);
    const missing = nginxMissing();
    const nginx = missing
      ? null
      : await startNginx(
          [
            { prefix: '/user-service/', upstream: services.url('user'), strip: true },
            { prefix: '/users/', upstream: services.url('user'), strip: false },
            { prefix: '/events/', upstream: services.url('event'), strip: false }
          ],
          '/user-service/health'
        );
    if (nginx) started.push(nginx);
    else console.log(`nginx skipped: ${missing}`);
    console.log(
      `started: services (pid ${services.pid}), gateway (pid ${gateway.pid}), bare Fastify, ${nginx ? 'nginx' : 'no nginx'}`
    );

    const { userId, token, eventId } = await seed(services);
    const auth = { authorization: `Bearer ${token}` };
    const user = services.url('user');
    const event = services.url('event');
    const gw = gateway.url('gateway');
    const viaAll = (request: string, direct: string, proxied: string, headers: Record<string, string>): Case[] => [
      { request, path: 'direct', url: `${direct}`, headers },
      { request, path: 'gateway', url: `${gw}${proxied}`, headers },
      ...(nginx ? [{ request, path: 'nginx' as const, url: `${nginx.url}${proxied}`, headers }] : [])
    ];
    const bareCase: Case = {
      request: 'GET /health',
      path: 'bare Fastify',
      url: `http://127.0.0.1:${barePort}/health`,
      headers: {}
    };
    const health = viaAll('GET /health (user service)', `${user}/health`, '/user-service/health', {});
    const users = viaAll('GET /users/{id} + token', `${user}/users/${userId}`, `/users/${userId}`, auth);
    const events = viaAll('GET /events/{id} + token', `${event}/events/${eventId}`, `/events/${eventId}`, auth);
    const cases = [...health, bareCase, ...users, ...events];
    for (const c of cases) await probe(c);
    for (const c of cases)
      await load({ url: c.url, headers: c.headers, connections: CONNECTIONS, seconds: WARMUP_SECONDS });
    console.log(`warmed up; ${cases.length} cases × ${ROUNDS} rounds × ${SECONDS} s at ${CONNECTIONS} connections`);
    const results = await rounds(cases, CONNECTIONS);
    const byCase = (c: Case | undefined) => (c ? results[cases.indexOf(c)]! : null);
    const find = (group: Case[], path: Case['path']) => byCase(group.find((c) => c.path === path));

    const rows: (string | number)[][] = [];
    for (const [i, c] of cases.entries()) {
      const rs = results[i]!;
      const group = [health, users, events].find((g) => g.includes(c));
      const direct = group ? find(group, 'direct') : null;
      const ng = group ? find(group, 'nginx') : null;
      const vs = (base: LoadResult[] | null) =>
        base && base !== rs ? (mid(rs, 'rps') / mid(base, 'rps')).toFixed(2) : '';
      rows.push([
        c.request,
        c.path,
        mid(rs, 'rps').toFixed(0),
        mid(rs, 'p50'),
        mid(rs, 'p99'),
        vs(direct),
        vs(ng),
        String(rs.reduce((n, r) => n + r.failed, 0)),
        rs.map((r) => r.rps.toFixed(0)).join(' ')
      ]);
    }
    console.log(
      table(['request', 'path', 'req/s', 'p50 ms', 'p99 ms', 'of direct', 'of nginx', 'failed', 'req/s by round'], rows)
    );

    // The latency a single caller sees: one connection, one request at a time.
    const latencyCases = users;
    const single = await rounds(latencyCases, 1);
    const directSingle = single[0]!;
    const latencyRows = latencyCases.map((c, i) => {
      const rs = single[i]!;
      const added = (key: 'p50' | 'mean') => (i === 0 ? '' : (mid(rs, key) - mid(directSingle, key)).toFixed(3));
      return [
        c.request,
        c.path,
        mid(rs, 'rps').toFixed(0),
        mid(rs, 'p50').toFixed(3),
        mid(rs, 'mean').toFixed(3),
        mid(rs, 'p99').toFixed(3),
        added('p50'),
        added('mean'),
        String(rs.reduce((n, r) => n + r.failed, 0))
      ];
    });
    console.log('\nat 1 connection:');
    console.log(
      table(
        ['request', 'path', 'req/s', 'p50 ms', 'mean ms', 'p99 ms', 'added p50 ms', 'added mean ms', 'failed'],
        latencyRows
      )
    );

    const ratio = (a: LoadResult[] | null, b: LoadResult[] | null) => (a && b ? mid(a, 'rps') / mid(b, 'rps') : null);
    const bareResults = byCase(bareCase);
    const targets: [string, number | null, number, 'least' | 'most'][] = [
      ['gateway / direct, GET /users/{id} + token', ratio(find(users, 'gateway'), find(users, 'direct')), 0.8, 'least'],
      [
        'gateway / direct, GET /events/{id} + token',
        ratio(find(events, 'gateway'), find(events, 'direct')),
        0.8,
        'least'
      ],
      ['gateway / nginx, GET /users/{id} + token', ratio(find(users, 'gateway'), find(users, 'nginx')), 1.0, 'least'],
      [
        'gateway / nginx, GET /events/{id} + token',
        ratio(find(events, 'gateway'), find(events, 'nginx')),
        1.0,
        'least'
      ],
      [
        'gateway added p50 at 1 connection, GET /users/{id} (ms)',
        mid(single[1]!, 'p50') - mid(directSingle, 'p50'),
        0.3,
        'most'
      ],
      ['user service GET /health / bare Fastify', ratio(find(health, 'direct'), bareResults), 0.8, 'least'],
      ['user service GET /users/{id} + token / bare Fastify', ratio(find(users, 'direct'), bareResults), 0.3, 'least'],
      [
        'event service GET /events/{id} + token / bare Fastify',
        ratio(find(events, 'direct'), bareResults),
        0.3,
        'least'
      ]
    ];
    console.log('\ntargets (issue 14):');
    console.log(
      table(
        ['measure', 'value', 'target'],
        targets.map(([what, value, target, at]) => [
          what,
          value === null ? 'n/a' : value.toFixed(2),
          value === null ? 'no reference (nginx missing)' : against(value, target, at)
        ])
      )
    );
    console.log(
      `direct: the service's own port; gateway: /user-service/…, /users/…, /events/… on the gateway (routing, token and`
    );
    console.log(
      `revocation check, rate-limit count${backends.mode === 'real' && config.env.REDIS_URL ? ' in Redis' : ' in memory'}, a second hop); nginx: proxy_pass with keepalive, one worker, access log on.`
    );
    console.log(
      'Every service writes its request log at info to a file, as in production. failed = answers ≥ 400 and socket errors, all rounds.'
    );
  } finally {
    for (const p of started.reverse()) await p.stop();
    await config.cleanup();
  }
}
