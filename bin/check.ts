// `npm run check`: types, lint, formatting and the staleness of what is generated (the client, the Kubernetes
// manifests), run side by side (one after the other they took about 45 s on two cores; together about 30). Each
// check's output is printed whole when it ends, so the lines of two checks never mix; the exit code is 1 when any
// failed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
/** A tool's own entry point, as npm installed it for the workspace root (its bin/ shims are shell scripts). */
const tool = (path: string) => join(root, 'node_modules', path);

const checks: { name: string; args: string[] }[] = [
  { name: 'tsc', args: [tool('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'eslint', args: [tool('eslint/bin/eslint.js'), '.'] },
  { name: 'prettier', args: [tool('prettier/bin/prettier.cjs'), '--check', '.'] },
  { name: 'generated client', args: ['client/scripts/check-generated.ts'] },
  { name: 'generated Kubernetes manifests', args: ['bin/generate-deploy.ts', '--check'] }
];

function run(check: (typeof checks)[number]): Promise<boolean> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, check.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString('utf8').trimEnd();
      console.log(`\n==> ${check.name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds} s`);
      if (text) console.log(text);
      done(code === 0);
    });
  });
}

const results = await Promise.all(checks.map(run));
const failed = checks.filter((_, i) => !results[i]).map((c) => c.name);
if (failed.length > 0) {
  console.error(`\nnpm run check failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
