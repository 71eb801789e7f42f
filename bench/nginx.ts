// nginx as the reference reverse proxy: one worker, keepalive connections to the upstreams, the access log on as in a
// production default (the gateway pays its request log too), each route a location proxying to a service process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../test/support/stack.ts';
import { startProcess, workDir, type Started } from './processes.ts';

export interface NginxRoute {
  /** A path prefix ending in `/`: `/users/`. */
  prefix: string;
  /** `http://127.0.0.1:<port>` of the service. */
  upstream: string;
  /** Whether the prefix is removed on the way (`/user-service/health` → `/health`), as the gateway does. */
  strip: boolean;
}

/** Why nginx cannot be the reference here, or null when it is installed. */
export function nginxMissing(): string | null {
  return spawnSync('nginx', ['-v']).error ? 'nginx is not installed (apt-get install nginx-light)' : null;
}

export async function startNginx(routes: readonly NginxRoute[], probe: string): Promise<Started & { url: string }> {
  const dir = join(workDir(), 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const upstreams = [...new Set(routes.map((r) => r.upstream))];
  const name = (upstream: string) => `u${upstreams.indexOf(upstream)}`;
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${upstreams.map((u) => `  upstream ${name(u)} { server ${new URL(u).host}; keepalive 64; }`).join('\n')}
  server {
    listen 127.0.0.1:${port};
${routes
  .map(
    (r) =>
      `    location ${r.prefix} { proxy_pass http://${name(r.upstream)}${r.strip ? '/' : ''}; proxy_http_version 1.1; proxy_set_header Connection ""; }`
  )
  .join('\n')}
  }
}
`
  );
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess({
    name: 'nginx',
    command: 'nginx',
    args: ['-p', dir, '-c', conf],
    ready: [`${url}${probe}`]
  });
  return Object.assign(started, { url });
}
