// `npm start` as a newcomer runs it: the program starts its own PostgreSQL server under DATA_DIR (no PostgreSQL,
// Kafka or Redis from the environment, in CI too), serves the seed's first steps through the gateway, stops cleanly
// on SIGTERM with its server, keeps its data across a restart, and after a SIGKILL comes up again on the same
// DATA_DIR, stopping the server the killed program left running.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { registry } from '../../services/registry.ts';
import { startProgram, type Program } from '../support/program.ts';
import { freePort } from '../support/stack.ts';

const json = { 'Content-Type': 'application/json' };
const user1 = { email: 'user1@example.com', password: 'password123' };

/** Whether a process runs; a zombie (dead, not yet reaped) does not. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The postmaster of the cluster under dataDir and its children (checkpointer, backends, …). */
function serverProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children.map(Number)];
}

describe('the embedded `style-flow all`: its own PostgreSQL server, SIGTERM, restart, SIGKILL', () => {
  let root: string;
  let dataDir: string;
  let gateway: string;
  const env: Record<string, string> = {};
  const programs: Program[] = [];

  /** Starts the program and waits until the gateway reaches the services the walkthrough uses. */
  async function start(t: TestContext): Promise<Program> {
    const program = startProgram(env, ['all']);
    programs.push(program);
    // A failed case still stops its program, so the next one starts on a free DATA_DIR and free ports.
    t.after(
      async () => void (program.child.exitCode === null && program.child.signalCode === null && (await program.stop()))
    );
    const ready = (async () => {
      for (const service of ['auth', 'user', 'event']) {
        await eventually(
          async () => (await fetch(`${gateway}/${service}-service/ready`).catch(() => null))?.status === 200,
          120_000,
          `${service} to be ready behind the gateway; output:\n${program.output()}`
        );
      }
    })();
    ready.catch(() => undefined); // when the program exits first, the race below reports that instead
    const exited = await Promise.race([ready.then(() => null), program.exited]);
    if (exited)
      assert.fail(`the program exited (${exited.code ?? exited.signal}) before it was ready:\n${program.output()}`);
    return program;
  }

  async function loginUser1(): Promise<string> {
    const res = await fetch(`${gateway}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(user1) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'style-flow-embedded-start-'));
    // Under root the server runs as the user postgres, which must be able to enter the folder (mkdtemp makes it 0700).
    await chmod(root, 0o755);
    dataDir = join(root, 'data');
    for (const service of registry) {
      const port = await freePort();
      env[service.port.key] = String(port);
      if (service.name !== 'gateway') env[`${service.name.toUpperCase()}_SERVICE_URLS`] = `http://127.0.0.1:${port}`;
    }
    // No POSTGRES_*, KAFKA_* or REDIS_URL: startProgram passes only PATH and these.
    Object.assign(env, {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
      GATEWAY_HEALTH_INTERVAL_MS: '500'
    });
    gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  });

  after(async () => {
    for (const p of programs) p.child.kill('SIGKILL');
    // A server a failed case left behind: stop it before its folder goes.
    if (existsSync(join(dataDir, 'postgres', 'postmaster.pid'))) {
      for (const pid of serverProcesses(dataDir).slice(0, 1)) if (running(pid)) process.kill(pid, 'SIGQUIT');
    }
    await rm(root, { recursive: true, force: true });
  });

  test('starts its own server under DATA_DIR, serves the seed’s first steps, and stops with it on SIGTERM', async (t) => {
    const program = await start(t);
    assert.match(
      program.output(),
      new RegExp(`"database":"postgresql://127\\.0\\.0\\.1:\\d+ \\(embedded, ${dataDir}/postgres\\)"`)
    );

    const registered = await fetch(`${gateway}/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'user1', ...user1, first_name: 'Иван', last_name: 'Иванов' })
    });
    assert.equal(registered.status, 201);
    assert.equal(((await registered.json()) as { id: number }).id, 1);
    const token = await loginUser1();
    // The profile arrives in the user service through auth.user.registered: soon, not at once.
    await eventually(
      async () => (await fetch(`${gateway}/users/1`, { headers: { Authorization: `Bearer ${token}` } })).status === 200,
      30_000,
      'the profile'
    );
    const created = await fetch(`${gateway}/events`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        title: 'Конференция по микросервисам',
        start_date: '2023-12-01T10:00:00',
        end_date: '2023-12-01T18:00:00',
        location: 'Москва, ул. Примерная, 123',
        capacity: 100,
        category_id: 1
      })
    });
    assert.equal(created.status, 201);

    const server = serverProcesses(dataDir);
    assert.ok(server.length > 1, 'the postmaster and its children run');
    const { code } = await program.stop();
    assert.equal(code, 0, program.output());
    assert.match(program.output(), /"msg":"embedded PostgreSQL stopped"[^\n]*\n[^\n]*"msg":"stopped"/);
    // Stopped in order: nothing of the program's was still connected when the server went (no warning, no error).
    const stopping = program.output().slice(program.output().indexOf('"msg":"stopping"'));
    assert.doesNotMatch(stopping, /"level":"(warn|error|fatal)"/, stopping);
    assert.deepEqual(
      server.filter((pid) => running(pid)),
      [],
      'no PostgreSQL process outlives the program'
    );
    assert.equal(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), false);
    assert.equal(existsSync(join(dataDir, 'postgres.lock')), false);
  });

  test('a restart on the same DATA_DIR finds the account, the profile and the event', async (t) => {
    const program = await start(t);
    assert.doesNotMatch(program.output(), /initialised and started/, 'the cluster is not made again');
    const token = await loginUser1();
    assert.equal((await fetch(`${gateway}/users/1`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    const event = await fetch(`${gateway}/events/1`);
    assert.equal(event.status, 200);
    assert.equal(((await event.json()) as { title: string }).title, 'Конференция по микросервисам');
    assert.equal((await program.stop()).code, 0, program.output());
  });

  test('after a SIGKILL the next start stops the orphaned server and comes up with the data', async (t) => {
    const killed = await start(t);
    const orphan = serverProcesses(dataDir)[0]!;
    killed.child.kill('SIGKILL');
    await killed.exited;
    assert.ok(running(orphan), 'the server outlives its killed program');

    const program = await start(t);
    assert.match(
      program.output(),
      new RegExp(`stopped the server \\(pid ${orphan}\\) left running by an earlier style-flow process`)
    );
    assert.equal(running(orphan), false);
    const token = await loginUser1();
    assert.equal((await fetch(`${gateway}/users/1`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await fetch(`${gateway}/events/1`)).status, 200);
    assert.equal((await program.stop()).code, 0, program.output());
  });
});
