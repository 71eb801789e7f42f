// The embedded server's process: started by pg_ctl on a free or given port, stopped by it, and what a crashed
// earlier run left behind (a stale postmaster.pid, a server whose program was killed) cleared first.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import { platform } from 'node:os';
import { join } from 'node:path';
import { logFile, pgCtl, type Cluster } from './cluster.ts';
import { execFileAsync, processIdentity } from './processes.ts';

/** Clears what a crashed earlier run left: a stale postmaster.pid, or a server whose program was killed. */
export async function recover(cluster: Cluster): Promise<string | undefined> {
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

/** Starts the server on the port wanted (0: a free one); resolves once it accepts connections. */
export async function startServer(cluster: Cluster, wanted: number): Promise<{ port: number; pid: number }> {
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

/** Fast shutdown (open sessions are ended, nothing committed is lost); false when the server was not running. */
export async function stopServer(cluster: Cluster): Promise<boolean> {
  if (!existsSync(join(cluster.pgdata, 'postmaster.pid'))) return false;
  await pgCtl(cluster, ['stop', '-D', cluster.pgdata, '-m', 'fast', '-w', '-t', '60']);
  return true;
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

async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0
  );
  if (size > 10 * 1024 * 1024) await fs.rename(file, `${file}.1`);
}
