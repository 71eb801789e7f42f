// The PostgreSQL server of a test run: the one POSTGRES_HOST names, or else ONE embedded server for the whole
// `npm test` run (DESIGN §5). global-setup.ts starts it before the test files and passes its address to them in
// STYLE_FLOW_TEST_POSTGRES; a test file run on its own (`node --test x.test.ts`) starts one for its process on
// demand. Either way the server is kept by embedded-server-keeper.ts, a process that stops it and removes its data
// when the process it serves ends, however it ends.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresConfig } from '../config/platform-config.ts';
import { processIdentity } from '../db/embedded/processes.ts';
import { postgresFromEnv } from './test-env.ts';

/** The variable that carries the run's embedded server to the test files: `{"host", "port", "user", "password"}`. */
export const TEST_POSTGRES_ENV = 'STYLE_FLOW_TEST_POSTGRES';

const keeperScript = join(import.meta.dirname, 'embedded-server-keeper.ts');
const START_TIMEOUT_MS = 120_000;

export interface KeptServer {
  address: { host: string; port: number; user: string; password: string };
  /** The keeper's pid: SIGTERM stops the server and removes its data. */
  keeper: number;
}

let ours: PostgresConfig | undefined;

/** The server the tests of this run use: POSTGRES_HOST's, else the run's embedded one (started here if need be). */
export function testPostgres(): PostgresConfig {
  return postgresFromEnv() ?? embeddedTestPostgres();
}

/** The run's embedded server: from the global setup, or one started for this process and stopped at its exit. */
export function embeddedTestPostgres(): PostgresConfig {
  if (ours) return ours;
  const shared = process.env[TEST_POSTGRES_ENV];
  if (shared) return (ours = { ...(JSON.parse(shared) as KeptServer['address']), poolMax: 10 });
  const kept = startKeptServer(process.pid);
  process.once('exit', () => stopKeptServer(kept));
  return (ours = { ...kept.address, poolMax: 10 });
}

/**
 * Starts a keeper for process `watchPid` and waits, synchronously, until its server accepts connections: the test
 * kit's configs are plain values made synchronously, and this happens once per run (or per test file run alone).
 */
export function startKeptServer(watchPid: number): KeptServer {
  const root = mkdtempSync(join(tmpdir(), 'style-flow-test-pg-'));
  // Under root the server runs as the user postgres, which must be able to enter the folder (mkdtemp makes it 0700).
  chmodSync(root, 0o755);
  const log = openSync(join(root, 'keeper.log'), 'a');
  const child = spawn(process.execPath, [keeperScript, root, String(watchPid)], {
    detached: true,
    stdio: ['ignore', log, log]
  });
  closeSync(log);
  child.unref();
  const keeper = child.pid!;
  const ready = join(root, 'server.json');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!existsSync(ready)) {
    const gone = !processIdentity(keeper);
    if (gone || Date.now() > deadline) {
      const output = readFileSync(join(root, 'keeper.log'), 'utf8').trim().split('\n').slice(-5).join('\n');
      if (!gone) process.kill(keeper, 'SIGTERM');
      else rmSync(root, { recursive: true, force: true });
      throw new Error(
        `the embedded PostgreSQL for the tests ${gone ? 'exited' : `did not start within ${START_TIMEOUT_MS} ms`}: ${output}`
      );
    }
    Atomics.wait(nap, 0, 0, 50);
  }
  const answer = JSON.parse(readFileSync(ready, 'utf8')) as KeptServer['address'] | { error: string };
  if ('error' in answer) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`the embedded PostgreSQL for the tests did not start: ${answer.error}`);
  }
  return { address: answer, keeper };
}

/** Asks the keeper to stop its server; returns at once (the keeper finishes on its own). */
export function stopKeptServer(kept: KeptServer): void {
  try {
    process.kill(kept.keeper, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
