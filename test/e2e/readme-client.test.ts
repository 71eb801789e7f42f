// The README's client example, exactly as written there (the block between the client-example markers), type-checked
// and run as a program against a started system: what a reader copies compiles and works. Only its import (the
// package, by its path, since the program runs outside the workspace) and its baseUrl (the started gateway) change.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import ts from 'typescript';
import { startSystem, type RunningSystem } from '../support/program.ts';
import { modes } from '../support/stack.ts';

const readme = new URL('../../README.md', import.meta.url);
const clientEntry = new URL('../../client/src/index.ts', import.meta.url).pathname;
const backend = modes[0]!;

/** The TypeScript block between the markers, and its account (the example logs in as the README's user1). */
async function readmeExample(): Promise<string> {
  const text = await readFile(readme, 'utf8');
  const block = /<!-- client-example:start -->\n```ts\n([\s\S]*?)```\n<!-- client-example:end -->/.exec(text);
  assert.ok(block, 'README.md has the client example between its markers');
  return block[1]!;
}

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2024.full.d.ts'],
    types: ['node'],
    typeRoots: [new URL('../../node_modules/@types', import.meta.url).pathname],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe(`the README's client example, ${backend.name}`, () => {
  let system: RunningSystem;
  let dir: string;

  before(async () => {
    system = await startSystem(backend.mode, { LOG_LEVEL: 'warn' });
    dir = await mkdtemp(join(tmpdir(), 'style-flow-readme-'));
  });
  after(async () => {
    await system?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('compiles, and run against the system logs in, creates an event, registers and reads the ticket', async () => {
    const example = await readmeExample();
    assert.ok(example.includes("from '@style-flow/client'") && example.includes("'http://localhost:8080'"));
    const program = example
      .replace("from '@style-flow/client'", `from ${JSON.stringify(clientEntry)}`)
      .replace("'http://localhost:8080'", JSON.stringify(system.gateway));
    const file = join(dir, 'example.mts');
    await writeFile(file, program);
    assert.deepEqual(typeErrors(file), []);

    // The README's first account: on a fresh system it is the admin, who may create events.
    const account = { username: 'user1', email: 'user1@example.com', password: 'password123' };
    const registered = await fetch(`${system.gateway}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account)
    });
    assert.equal(registered.status, 201, await registered.text());

    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: dir, timeout: 60_000 });
    assert.match(stdout.trim(), /^confirmed [0-9A-V]{120}$/);
  });
});
