// `node embedded-server-keeper.ts <folder> <pid>`: keeps the embedded PostgreSQL server of a test run. It starts the
// server with its data in <folder>/data, writes its address to <folder>/server.json (or {"error": …} when it cannot
// start), and when process <pid> is gone or it gets SIGTERM it stops the server and removes <folder>. A process of
// its own, so the server goes away even when the test runner is force-exited or killed.
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded/embedded-postgres.ts';
import { processIdentity } from '../db/embedded/processes.ts';
import { createLogger } from '../observability/logger.ts';

const [root, watched] = [process.argv[2]!, Number(process.argv[3])];
const watchedIdentity = processIdentity(watched);
const logger = createLogger({ level: 'warn' });

// A test run opens many databases with pools of ten, and a stack of seven services at once.
const started = startEmbeddedPostgres({ dataDir: join(root, 'data'), maxConnections: 300, logger });

let finishing: Promise<void> | undefined;
function finish(code: number): Promise<void> {
  return (finishing ??= (async () => {
    clearInterval(watch);
    const server = await started.catch(() => undefined);
    await server?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the test server failed'));
    await fs.rm(code === 0 ? root : join(root, 'data'), { recursive: true, force: true });
    process.exit(code);
  })());
}

const watch = setInterval(() => {
  if (!watchedIdentity || processIdentity(watched) !== watchedIdentity) void finish(0);
}, 250);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void finish(0));

const ready = join(root, 'server.json');
try {
  const server = await started;
  const address = { host: server.host, port: server.port, user: server.user, password: server.password };
  await fs.writeFile(`${ready}.tmp`, JSON.stringify(address), { mode: 0o600 });
  await fs.rename(`${ready}.tmp`, ready);
} catch (error) {
  // The folder stays with the error in it; the test process reads it and removes the folder.
  await fs.writeFile(`${ready}.tmp`, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  await fs.rename(`${ready}.tmp`, ready);
  await finish(1);
}
