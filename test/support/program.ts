// Runs the real program (bin/style-flow.ts) as child processes, the way a user or a container does.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, testConfig } from '@style-flow/platform/testing';
import { runnable, upstreams } from '../../services/registry.ts';
import { freePort, type Mode } from './stack.ts';

const bin = new URL('../../bin/style-flow.ts', import.meta.url).pathname;

export interface Program {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<{ code: number | null; ms: number }>;
}

export function startProgram(env: Record<string, string>, args: string[] = ['all']): Program {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  );
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code } = await exited;
      return { code, ms: Date.now() - started };
    }
  };
}

/** The whole system as a user starts it: one process embedded, or one process per service on the real backends. */
export interface RunningSystem {
  /** The gateway's address. */
  gateway: string;
  /** The address of a service itself, behind the gateway. */
  url(service: string): string;
  programs: Program[];
  /** Stops every process (each must exit 0), drops the databases and topics, and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts every service of the registry on free ports with the settings given (ENVIRONMENT, LOG_LEVEL, …) and
 * waits until each answers ready behind the gateway.
 */
export async function startSystem(mode: Mode, settings: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'style-flow-system-'));
  const env: Record<string, string> = { GATEWAY_PORT: String(await freePort()) };
  const services = upstreams.map((u) => u.name);
  for (const s of services) {
    const port = await freePort();
    env[`${s.toUpperCase()}_SERVICE_PORT`] = String(port);
    env[`${s.toUpperCase()}_SERVICE_URLS`] = `http://127.0.0.1:${port}`;
  }
  const setup = testConfig(mode, { ...env, DATA_DIR: dataDir, ...settings });
  const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  // Embedded: one process, as `npm start`. Real: one process per service, as containers.
  const programs =
    mode === 'embedded' ? [startProgram(setup.env, ['all'])] : runnable.map((s) => startProgram(setup.env, [s.name]));
  for (const target of services)
    await eventually(
      async () => (await fetch(`${gateway}/${target}-service/ready`).catch(() => null))?.status === 200,
      90_000,
      `${target} to be ready behind the gateway; output:\n${programs.map((p) => p.output()).join('\n')}`
    );
  return {
    gateway,
    url: (service) => env[`${service.toUpperCase()}_SERVICE_URLS`]!,
    programs,
    async stop() {
      for (const p of programs) {
        const { code } = await p.stop();
        assert.equal(code, 0, p.output());
      }
      await setup.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}
