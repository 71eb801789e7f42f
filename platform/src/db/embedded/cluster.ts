// The data folder of the embedded server (`<dataDir>/postgres`): made by initdb once, with its generated password
// and our settings, and the PostgreSQL tools run on it as the cluster's user, their output kept in the log.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import type { Binaries } from './binaries.ts';
import { chownTree, errorCode, USER, type Ids } from './processes.ts';

export interface Cluster {
  /** The program's data folder. */
  dataDir: string;
  /** The cluster, `<dataDir>/postgres`. */
  pgdata: string;
  bin: Binaries;
  /** PostgreSQL refuses to run as root: under root it runs as this system user. */
  runAs?: Ids;
}

export interface ClusterSettings {
  maxConnections: number;
}

// Sized for a laptop running seven services whose databases hold megabytes: a small cache (the OS caches the files
// too), plain synchronous I/O instead of PostgreSQL 18's three I/O worker processes, no JIT start-up cost.
// Rewritten at every start, so a newer version of this file changes the settings of an existing cluster.
function settingsFile(settings: ClusterSettings): string {
  return `# Written by style-flow at every start; put your own settings in postgresql.auto.conf (ALTER SYSTEM).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = ${settings.maxConnections}
shared_buffers = 32MB
io_method = sync
work_mem = 4MB
maintenance_work_mem = 64MB
max_wal_size = 512MB
jit = off
huge_pages = off
`;
}

export function logFile(cluster: Pick<Cluster, 'dataDir'>): string {
  return join(cluster.dataDir, 'postgres.log');
}

/** The password of the user postgres: generated once, kept in `<dataDir>/postgres.password` (mode 600). */
export async function clusterPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres.password');
  const existing = await fs.readFile(file, 'utf8').catch((error) => {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new Error(`cannot read the embedded PostgreSQL password ${file}: ${error.message}`);
  });
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(`${file}.tmp`, `${password}\n`, { mode: 0o600 });
  await fs.rename(`${file}.tmp`, file);
  return password;
}

/** Initialises the cluster when there is none; returns whether it did. */
export async function ensureCluster(cluster: Cluster, password: string): Promise<boolean> {
  if (existsSync(cluster.pgdata)) {
    await checkOwner(cluster);
    if (existsSync(join(cluster.pgdata, 'PG_VERSION'))) return false;
    if ((await fs.readdir(cluster.pgdata)).length > 0) {
      throw new Error(`${cluster.pgdata} exists but holds no PostgreSQL cluster; move it away and start again`);
    }
  }
  // initdb works in a folder of its own that is renamed into place at the end, so a run killed half-way through
  // leaves nothing that looks like a cluster.
  const draft = `${cluster.pgdata}.init`;
  const pwfile = `${draft}.password`;
  await fs.rm(draft, { recursive: true, force: true });
  await fs.mkdir(draft, { mode: 0o700 });
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (cluster.runAs) for (const path of [draft, pwfile]) await fs.chown(path, cluster.runAs.uid, cluster.runAs.gid);
  try {
    // The builtin C.UTF-8 locale: Unicode-aware upper/lower/ILIKE, code-point order, the same on every machine.
    await run(cluster, cluster.bin.initdb, [
      ...['-D', draft, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8'],
      ...['--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C', '--lc-messages=C', '--no-instructions']
    ]);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  await fs.appendFile(join(draft, 'postgresql.conf'), "\ninclude = 'style-flow.conf'\n");
  await fs.rm(cluster.pgdata, { recursive: true, force: true });
  await fs.rename(draft, cluster.pgdata);
  return true;
}

export async function writeSettings(cluster: Cluster, settings: ClusterSettings): Promise<void> {
  const file = join(cluster.pgdata, 'style-flow.conf');
  await fs.writeFile(file, settingsFile(settings), { mode: 0o600 });
  if (cluster.runAs) await fs.chown(file, cluster.runAs.uid, cluster.runAs.gid);
}

async function checkOwner(cluster: Cluster): Promise<void> {
  const { uid } = await fs.stat(cluster.pgdata);
  if (cluster.runAs && uid !== cluster.runAs.uid) {
    await chownTree(cluster.pgdata, cluster.runAs);
  } else if (!cluster.runAs && uid !== process.getuid?.()) {
    throw new Error(`${cluster.pgdata} belongs to uid ${uid} (made by a run as root?); run as root or as its owner`);
  }
}

export function pgCtl(cluster: Cluster, args: string[]): Promise<void> {
  return run(cluster, cluster.bin.pgCtl, args);
}

/** Runs a PostgreSQL tool as the cluster's user, its output appended to the log; fails with the log's last lines. */
async function run(cluster: Cluster, file: string, args: string[]): Promise<void> {
  const log = logFile(cluster);
  const handle = await fs.open(log, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  const offset = (await handle.stat()).size;
  // `env` puts the fallback library folder on the path without copying our environment by hand.
  const [command, argv] = cluster.bin.libraryPath
    ? ['env', [`LD_LIBRARY_PATH=${cluster.bin.libraryPath}`, file, ...args]]
    : [file, args];
  try {
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(command, argv, {
        cwd: cluster.dataDir,
        // Its own process group: a Ctrl-C in the terminal reaches the program, which stops the server in order.
        detached: true,
        stdio: ['ignore', handle.fd, handle.fd],
        ...cluster.runAs
      });
      child.once('error', fail);
      child.once('exit', (exitCode) => done(exitCode));
    });
    if (code !== 0) {
      const tail = (await fs.readFile(log)).subarray(offset).toString().trim().split('\n').slice(-8).join('\n');
      throw new Error(
        `${file.endsWith('pg_ctl') ? `pg_ctl ${args[0]}` : 'initdb'} failed (exit ${code}); ${log}:\n${tail}`
      );
    }
  } finally {
    await handle.close();
  }
}
