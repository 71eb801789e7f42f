// Gateway overhead: the same GET sent straight to the user service and through the gateway, in the same
// run; and, when nginx is installed, through nginx as a plain reverse proxy for reference.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount } from '../test/support/accounts.ts';
import { freePort, modes, startStack } from '../test/support/stack.ts';
import { load, type LoadResult } from './http-load.ts';
import { table } from './stats.ts';

async function withNginx<T>(upstreamPort: number, run: (url: string) => Promise<T>): Promise<T | null> {
  if (spawnSync('nginx', ['-v']).error) return null;
  const dir = await mkdtemp(join(tmpdir(), 'style-flow-nginx-'));
  const port = await freePort();
  await writeFile(
    join(dir, 'nginx.conf'),
    `
daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  upstream user { server 127.0.0.1:${upstreamPort}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location /user-service/ { proxy_pass http://user/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}`
  );
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  try {
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/user-service/health`).catch(() => null))?.status === 200,
      10_000,
      'nginx'
    );
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

export async function gatewayOverhead(): Promise<void> {
  console.log('\n## Gateway: the same GET direct and through the gateway (8 connections, 5 s each, loopback)');
  const rows: (string | number)[][] = [];
  const row = (backends: string, request: string, path: string, r: LoadResult, base: LoadResult | null) =>
    rows.push([
      backends,
      request,
      path,
      r.rps,
      r.p50,
      r.p99,
      base ? (r.rps / base.rps).toFixed(2) : '1.00',
      String(r.non2xx + r.errors)
    ]);
  for (const m of modes) {
    if (m.skip) continue;
    // Rate limits are lifted so that the load measures proxying, not the 429 path.
    const stack = await startStack(m.mode, ['auth', 'user', 'gateway'], { RATE_LIMIT_PER_MINUTE: '10000000' });
    try {
      const account = await registerAccount(stack);
      const token = (await login(stack, account)).access_token;
      await eventually(
        async () => (await stack.request('GET', 'user', `/users/${account.id}`, { token })).status === 200,
        30_000,
        'the profile'
      );
      const user = stack.url('user');
      const gateway = stack.url('gateway');
      const auth = { authorization: `Bearer ${token}` };

      const directHealth = await load(`${user}/health`);
      row(m.name, 'GET /health', 'direct', directHealth, null);
      row(m.name, 'GET /health', 'gateway', await load(`${gateway}/user-service/health`), directHealth);
      const nginx = await withNginx(Number(new URL(user).port), (url) => load(`${url}/user-service/health`));
      if (nginx) row(m.name, 'GET /health', 'nginx', nginx, directHealth);

      const directProfile = await load(`${user}/users/${account.id}`, { headers: auth });
      row(m.name, 'GET /users/{id} + token', 'direct', directProfile, null);
      row(
        m.name,
        'GET /users/{id} + token',
        'gateway',
        await load(`${gateway}/users/${account.id}`, { headers: auth }),
        directProfile
      );
    } finally {
      await stack.stop();
    }
  }
  console.log(table(['backends', 'request', 'path', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'failed'], rows));
  console.log(
    'ratio = req/s against the direct request. The gateway adds routing, token and revocation checks at the edge,'
  );
  console.log('a rate-limit count (memory, or Redis when REDIS_URL is set) and a second HTTP hop; nginx only proxies.');
}
