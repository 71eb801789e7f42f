// Footprint of `npm start` on the embedded PostgreSQL server, as a newcomer meets it: the time from spawning it to
// the gateway answering and to the seed's first request served, on a fresh DATA_DIR and on a restart, and the
// memory of the whole system once idle (the program's RSS plus the proportional set size of every process of its
// PostgreSQL server). PGlite is gone, so its figures are the last ones measured on this machine (README, issue 10).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '../services/registry.ts';
import { freePort } from '../test/support/stack.ts';
import { table } from './stats.ts';

const repo = new URL('..', import.meta.url).pathname;
/** PGlite, four services, measured on this machine before it was removed (issue 10). */
const PGLITE = { firstStart: 19.4, restart: 5.3, idleMb: 1170 };
const TARGETS = { firstStart: 10, restart: 5, idleMb: 400 };
const IDLE_WAIT_MS = 5_000;

interface Run {
  health: number;
  /** CPU seconds the program and its server had used when the gateway answered: what a quiet machine waits for. */
  cpu: number;
  register: number;
  nodeRss: number;
  npmRss: number;
  postgresPss: number;
  postgresProcesses: number;
}

/** Every process whose parent chain leads to `root`, with its command line. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: { pid: number; cmd: string }[] = [];
  for (const pid of parents.keys()) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p !== root) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      found.push({ pid, cmd });
      break;
    }
  }
  return found;
}

/** CPU seconds (user + system) a process has used, its reaped children included (initdb, pg_ctl). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
  } catch {
    return 0;
  }
}

/** A field of /proc/<pid>/<file> in kB (VmRSS of status, Pss of smaps_rollup), as MB. */
function procMb(pid: number, file: string, field: string): number {
  const line = readFileSync(`/proc/${pid}/${file}`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
}

/** The postmaster of the cluster and its children (checkpointer, walwriter, one backend per connection, …). */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...children.map(Number)];
}

async function until<T>(what: string, deadline: number, probe: () => Promise<T | null>): Promise<T> {
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`footprint: ${what} did not happen in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function measure(dataDir: string, username: string): Promise<Run> {
  // `npm start` as a user types it, with the embedded defaults: no PostgreSQL, Kafka or Redis from this shell.
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(POSTGRES_|KAFKA_|REDIS_)/.test(name)) env[name] = value;
  }
  for (const service of registry) {
    const port = await freePort();
    env[service.port.key] = String(port);
    if (service.name !== 'gateway') env[`${service.name.toUpperCase()}_SERVICE_URLS`] = `http://127.0.0.1:${port}`;
  }
  const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  const began = performance.now();
  const npm: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let errors = '';
  npm.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
  try {
    const deadline = Date.now() + 120_000;
    await until('the gateway answering', deadline, async () =>
      (await fetch(`${gateway}/user-service/health`)).status === 200 ? true : null
    );
    const health = (performance.now() - began) / 1000;
    const cpu =
      descendants(npm.pid!).reduce((sum, p) => sum + cpuSeconds(p.pid), cpuSeconds(npm.pid!)) +
      postgresProcesses(dataDir).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    await until('POST /auth/register 201', deadline, async () => {
      const res = await fetch(`${gateway}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, email: `${username}@example.com`, password: 'password123' })
      });
      return res.status === 201 ? true : null;
    });
    const register = (performance.now() - began) / 1000;

    await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
    // npm runs the script through a shell; the program is the Node process (bin/node.mjs has replaced itself by it).
    const program = descendants(npm.pid!).find(
      (p) => p.cmd.includes('bin/style-flow.ts') && !p.cmd.includes('node.mjs') && !/^(\/bin\/)?sh /.test(p.cmd)
    );
    if (!program) throw new Error('footprint: the program process was not found under npm');
    const pids = postgresProcesses(dataDir);
    const run: Run = {
      health,
      cpu,
      register,
      nodeRss: procMb(program.pid, 'status', 'VmRSS'),
      npmRss: procMb(npm.pid!, 'status', 'VmRSS'),
      postgresPss: pids.reduce((sum, pid) => sum + procMb(pid, 'smaps_rollup', 'Pss'), 0),
      postgresProcesses: pids.length
    };
    process.kill(program.pid, 'SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`footprint: npm start exited with ${code}: ${errors}`);
    return run;
  } finally {
    if (npm.exitCode === null) {
      for (const p of descendants(npm.pid!)) process.kill(p.pid, 'SIGKILL');
      npm.kill('SIGKILL');
    }
  }
}

export async function footprint(): Promise<void> {
  console.log(
    `\n## Footprint of \`npm start\` (all services that exist, embedded PostgreSQL server, in-process bus): seconds from spawning it, and memory after ${IDLE_WAIT_MS / 1000} s idle`
  );
  const root = await mkdtemp(join(tmpdir(), 'style-flow-footprint-'));
  // Under root the server runs as the user postgres, which must be able to enter the folder (mkdtemp makes it 0700).
  await chmod(root, 0o755);
  try {
    const dataDir = join(root, 'data');
    const first = await measure(dataDir, 'user1');
    const restart = await measure(dataDir, 'user2');
    const rows = [
      ['fresh DATA_DIR', first, PGLITE.firstStart, TARGETS.firstStart],
      ['restart', restart, PGLITE.restart, TARGETS.restart]
    ] as const;
    console.log(
      table(
        [
          'start',
          'gateway answers s',
          'CPU s then',
          'register 201 s',
          'PGlite s (README)',
          'target s',
          'Node RSS MB',
          'PostgreSQL PSS MB',
          'idle total MB',
          'PGlite MB (README)',
          'target MB'
        ],
        rows.map(([name, r, pglite, target]) => [
          name,
          r.health,
          r.cpu,
          r.register,
          pglite,
          `≤ ${target}`,
          r.nodeRss,
          `${r.postgresPss.toFixed(2)} (${r.postgresProcesses} processes)`,
          r.nodeRss + r.postgresPss,
          PGLITE.idleMb,
          `< ${TARGETS.idleMb}`
        ])
      )
    );
    console.log(
      `npm's own process, which only waits for the program, holds ${restart.npmRss.toFixed(0)} MB more; \`node bin/style-flow.ts all\` has no such wrapper. ` +
        'CPU s then: CPU time npm, the program and its PostgreSQL had used when the gateway answered (on two idle cores the wait can be shorter). ' +
        'The PGlite figures are the last measured before it was removed (four services, a quiet machine); this run measures every service that exists.'
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
