// Runs the real program (bin/style-flow.ts) as child processes, the way a user or a container does.
import { spawn, type ChildProcess } from 'node:child_process';

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
