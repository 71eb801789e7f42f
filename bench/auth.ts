// Auth throughput, the auth service in a process of its own: logins per second against the raw argon2id verification
// rate of this machine, measured in another process at the same concurrency and in turn with the logins (the ratio is
// the service's own overhead: HTTP, throttle checks, session writes, outbox), with the event loop delay of the auth
// process meanwhile; and GET /auth/me against GET /health of the same process (the framework's floor).
import { generatorDescription, load, type LoadResult } from './http-load.ts';
import { benchBackends, benchConfig, runToEnd, startProgram, type Program } from './processes.ts';
import { against, median, table, timing } from './stats.ts';

const CONNECTIONS = 8;
const SECONDS = timing.seconds(5);
const ROUNDS = timing.rounds(3);
/** prom-client samples the event loop delay with a timer of this resolution (its default), and reports the interval. */
const RESOLUTION_MS = 10;

async function rawVerifyRate(): Promise<number> {
  const out = await runToEnd('argon2-rate', process.execPath, [
    new URL('./argon2-rate.ts', import.meta.url).pathname,
    String(CONNECTIONS),
    String(SECONDS)
  ]);
  return (JSON.parse(out) as { rate: number }).rate;
}

/**
 * The p99 of the event loop delay of the auth process since the previous scrape, in ms: prom-client's
 * `nodejs_eventloop_lag_p99_seconds` comes from a monitorEventLoopDelay histogram that each scrape reads and resets,
 * and nothing else scrapes this listener, so a scrape before and one after a load give the p99 over the load.
 */
async function eventLoopP99(program: Program): Promise<number> {
  const text = await (await fetch(program.metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_eventloop_lag_p99_seconds'));
  if (!line) throw new Error('the auth process exposes no nodejs_eventloop_lag_p99_seconds');
  return Number(line.split(' ').at(-1)) * 1000;
}

async function json<T>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  return { status: r.status, body: (await r.json()) as T };
}

export async function authThroughput(): Promise<void> {
  const backends = benchBackends();
  console.log(
    `\n## Auth: logins against the raw argon2id verify rate, /auth/me against /health (the auth service in a process of its own; medians of ${ROUNDS} alternating rounds)`
  );
  console.log(
    `conditions: ${generatorDescription()} at ${CONNECTIONS} connections, raw verify ${CONNECTIONS} at a time in a child process, ${SECONDS} s each; ${backends.description}`
  );
  const config = benchConfig();
  let program: Program | undefined;
  try {
    program = await startProgram('auth', ['auth'], config.env);
    const auth = program.url('auth');
    const account = {
      username: 'bench_login',
      email: 'bench_login@example.com',
      password: 'bench-password-long-enough'
    };
    const registered = await json(`${auth}/auth/register`, account);
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
    const credentials = { email: account.email, password: account.password };
    const login = await json<{ access_token: string }>(`${auth}/auth/login`, credentials);
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const loginLoad = () =>
      load({
        url: `${auth}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
        connections: CONNECTIONS,
        seconds: SECONDS
      });

    // The loop's delay with nothing to do, for comparison: the same reading over an idle window.
    await eventLoopP99(program);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const idleP99 = await eventLoopP99(program);

    await loginLoad(); // warm-up: JIT, pools, the account's row
    const logins: LoadResult[] = [];
    const loopP99: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await eventLoopP99(program);
      logins.push(await loginLoad());
      loopP99.push(await eventLoopP99(program));
      raw.push(await rawVerifyRate());
      console.log(`  round ${round + 1}/${ROUNDS} done`);
    }
    const token = { authorization: `Bearer ${login.body.access_token}` };
    const me: LoadResult[] = [];
    const health: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      me.push(await load({ url: `${auth}/auth/me`, headers: token, connections: CONNECTIONS, seconds: SECONDS }));
      health.push(await load({ url: `${auth}/health`, connections: CONNECTIONS, seconds: SECONDS }));
    }
    const mid = (rs: LoadResult[], key: 'rps' | 'p99') => median(rs.map((r) => r[key]));
    const failed = (rs: LoadResult[]) => String(rs.reduce((n, r) => n + r.failed, 0));
    const loginRatio = mid(logins, 'rps') / median(raw);
    const meRatio = mid(me, 'rps') / mid(health, 'rps');
    console.log(
      table(
        ['request', 'req/s', 'p99 ms', 'ratio to baseline', 'target', 'failed (all rounds)'],
        [
          [
            'POST /auth/login',
            mid(logins, 'rps'),
            mid(logins, 'p99'),
            `${loginRatio.toFixed(2)} of raw argon2id verify (${median(raw).toFixed(1)}/s)`,
            against(loginRatio, 0.9),
            failed(logins)
          ],
          [
            'GET /auth/me',
            mid(me, 'rps'),
            mid(me, 'p99'),
            `${meRatio.toFixed(2)} of GET /health (${mid(health, 'rps').toFixed(0)}/s)`,
            '',
            failed([...me, ...health])
          ]
        ]
      )
    );
    const p99 = median(loopP99);
    console.log(
      `event loop delay p99 of the auth process during the logins: ${p99.toFixed(1)} ms (median of rounds: ${loopP99.map((v) => v.toFixed(1)).join(', ')}; idle: ${idleP99.toFixed(1)} ms), target < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'}`
    );
    console.log(
      `(nodejs_eventloop_lag_p99_seconds over each load window; it includes prom-client's ${RESOLUTION_MS} ms sampling interval, so the delay beyond it is ${Math.max(0, p99 - RESOLUTION_MS).toFixed(1)} ms)`
    );
    console.log(
      "raw argon2id verify: @node-rs/argon2 with the service's parameters (m=19456 KiB, t=2, p=1), no HTTP, no database."
    );
  } finally {
    await program?.stop();
    await config.cleanup();
  }
}
