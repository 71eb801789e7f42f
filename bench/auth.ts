// Auth throughput: logins per second against the raw argon2id verification rate of this machine measured in
// the same run (the ratio is the service's own overhead: HTTP, throttle checks, session writes, outbox), and
// GET /auth/me against GET /health of the same server (the framework's floor).
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import { modes, startStack } from '../test/support/stack.ts';
import { login, registerAccount } from '../test/support/accounts.ts';
import { load } from './http-load.ts';
import { table } from './stats.ts';

const OWASP = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

async function argon2VerifyRate(concurrency: number, seconds: number): Promise<number> {
  const stored = await hash('benchmark password', OWASP);
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await verify(stored, 'benchmark password');
        done++;
      }
    })
  );
  return done / seconds;
}

export async function authThroughput(): Promise<void> {
  console.log('\n## Auth: login and /auth/me throughput (8 connections, 5 s each, loopback)');
  const raw = await argon2VerifyRate(8, 5);
  const rows: (string | number)[][] = [];
  for (const m of modes) {
    if (m.skip) continue;
    const stack = await startStack(m.mode, ['auth']);
    try {
      const account = await registerAccount(stack);
      const token = (await login(stack, account)).access_token;
      const auth = stack.url('auth');
      const logins = await load(`${auth}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password: account.password })
      });
      const me = await load(`${auth}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      const health = await load(`${auth}/health`);
      rows.push([
        m.name,
        'POST /auth/login',
        logins.rps,
        logins.p99,
        `${(logins.rps / raw).toFixed(2)} of raw argon2id verify (${raw.toFixed(1)}/s)`,
        String(logins.non2xx + logins.errors)
      ]);
      rows.push([
        m.name,
        'GET /auth/me',
        me.rps,
        me.p99,
        `${(me.rps / health.rps).toFixed(2)} of GET /health (${health.rps.toFixed(0)}/s)`,
        String(me.non2xx + me.errors)
      ]);
    } finally {
      await stack.stop();
    }
  }
  console.log(table(['backends', 'request', 'req/s', 'p99 ms', 'ratio to baseline', 'failed'], rows));
  console.log(
    "raw argon2id verify: @node-rs/argon2 with the service's parameters (m=19456 KiB, t=2, p=1), 8 at a time, no HTTP, no database."
  );
}
