// `node bin/node.mjs <node args…>` runs `node <node args…>` with a Node.js that runs our TypeScript (22.18 or newer):
// this one when it is new enough, else a Node 24 from the npm registry (the package node-<platform>-<arch>), fetched
// once into .tools/node and reused. Plain JavaScript that an old Node (18, 20) can run: this is what starts first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';

// The test runner's --test-global-setup (one embedded PostgreSQL server per run) arrived in Node 24.
const args0 = process.argv.slice(2);
const NEEDED = args0.some((a) => a.startsWith('--test-global-setup')) ? [24, 0, 0] : [22, 18, 0];
const FETCHED_MAJOR = 24;

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const prefix = join(repo, '.tools', 'node');
const packageName = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const packageDir = join(prefix, 'node_modules', packageName);
const fetchedNode = join(packageDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
const args = process.argv.slice(2);

function parseVersion(text) {
  return String(text)
    .replace(/^v/, '')
    .split('.')
    .map((part) => parseInt(part, 10) || 0);
}

function newEnough(version) {
  const parts = parseVersion(version);
  for (let i = 0; i < NEEDED.length; i++) {
    if ((parts[i] || 0) !== NEEDED[i]) return (parts[i] || 0) > NEEDED[i];
  }
  return true;
}

function fetchedVersion() {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function fail(message) {
  process.stderr.write(`style-flow: ${message}\n`);
  process.exit(1);
}

/** The path of a Node 24 under .tools/node, fetched with npm when it is not there yet. */
function nodeFromRegistry() {
  const version = fetchedVersion();
  if (version && newEnough(version) && existsSync(fetchedNode)) return fetchedNode;
  const spec = `${packageName}@${FETCHED_MAJOR}`;
  const needed = NEEDED.join('.').replace(/\.0$/, '');
  process.stderr.write(
    `style-flow: Node ${process.versions.node} is older than ${needed}; fetching Node ${FETCHED_MAJOR} from the npm registry (${spec})…\n`
  );
  const npmArgs = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
  const result = spawnSync('npm', [...npmArgs, '--loglevel=error', spec], {
    stdio: ['ignore', 'ignore', 'pipe'],
    shell: process.platform === 'win32'
  });
  const fetched = fetchedVersion();
  if (result.status !== 0 || !fetched || !newEnough(fetched) || !existsSync(fetchedNode)) {
    fail(
      `needs Node.js ${needed} or newer (this is ${process.versions.node}), and fetching ${spec} from the npm registry failed; ` +
        `install Node.js ${FETCHED_MAJOR} from https://nodejs.org, or run: npm ${npmArgs.join(' ')} ${spec}`
    );
  }
  return fetchedNode;
}

/** Runs the child, passes signals on, and ends as it ended: with its exit code, or killed by its signal. */
function runChild(node) {
  const child = spawn(node, args, { stdio: 'inherit' });
  const forward = (signal) => {
    // A Ctrl-C in a terminal reaches the whole foreground process group, the child included; passing it on as well
    // would be a second signal, which style-flow takes as "exit now" rather than "stop gracefully".
    if (signal === 'SIGINT' && isatty(0)) return;
    child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => fail(`could not run ${node}: ${error.message}`));
  child.on('exit', (code, signal) => {
    for (const name of signals) process.removeListener(name, forward);
    if (signal) {
      process.kill(process.pid, signal);
      setTimeout(() => process.exit(1), 1000).unref();
      return;
    }
    process.exit(code === null ? 1 : code);
  });
}

if (newEnough(process.versions.node)) {
  // Replace this process when the Node can (22.15+): no second process, and signals and exit codes stay as they are.
  if (typeof process.execve === 'function') process.execve(process.execPath, [process.execPath, ...args], process.env);
  runChild(process.execPath);
} else {
  runChild(nodeFromRegistry());
}
