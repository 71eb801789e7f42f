#!/usr/bin/env node
// The one entry point (DESIGN §1): `style-flow all` runs every service in this process; `style-flow user event`
// runs only those. It is the only module that reads process.env: the config is checked here and passed down frozen.
// Without POSTGRES_HOST it starts the embedded PostgreSQL server under DATA_DIR first and stops it last.
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import type { EmbeddedPostgres, LoadedConfig, ServiceHandle } from '@style-flow/platform';

// V8's compiled code and the TypeScript stripped from our sources are cached on disk (os.tmpdir()), so a restart
// loads its modules about a third faster. Only what is imported after this line benefits: hence the dynamic imports.
module.enableCompileCache?.();
const {
  chooseLogFormat,
  ConfigError,
  configHelp,
  createKafkaTransport,
  createLogger,
  createMemoryTransport,
  createMetricsListener,
  deepFreeze,
  loadConfig,
  runServices,
  startEmbeddedPostgres
} = await import('@style-flow/platform');
const { registry, runnable } = await import('../services/registry.ts');

function usage(): string {
  return `usage: style-flow [all | ${runnable.map((s) => s.name).join(' | ')} ...]\n\nconfiguration (environment), by who reads it:\n\n${configHelp(registry)}\n`;
}

function parseTargets(args: string[]): string[] {
  const names = runnable.map((s) => s.name);
  if (args.length === 0 || args.includes('all')) return names;
  const unknown = args.filter((a) => !names.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(
      `style-flow: unknown target ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known: all, ${names.join(', ')}\n`
    );
    process.exit(2);
  }
  return [...new Set(args)];
}

// Connections per service on the embedded server: seven services (and a relay session each) stay far below its
// max_connections (100), and a laptop keeps few backends, a few MB each; still enough for real concurrency.
const EMBEDDED_POOL_MAX = 5;

/** The embedded server, once started: it must stop last, also when start-up fails half-way. */
let embedded: EmbeddedPostgres | null = null;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage());
    return;
  }
  const targets = parseTargets(args);
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(process.env, registry);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) process.stderr.write(`style-flow: configuration error: ${p}\n`);
    process.exit(2);
  }
  const { settings } = loaded;
  let config = loaded.config;
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  const terminal = process.stdout.isTTY === true;
  const logger = createLogger({
    level: config.logLevel,
    format: chooseLogFormat(config.logFormat, terminal),
    colorize: terminal
  });

  // A signal during start-up ends the program at once: nothing serves yet, migrations roll back, and the embedded
  // server (when it is up) gets a fast shutdown from its exit hook. Once started, a signal stops it in order.
  let stop: ((signal: string) => void) | null = null;
  const onSignal = (signal: string): void => {
    if (stop) return stop(signal);
    logger.warn({ signal }, 'signal during start-up: exiting');
    logger.flush?.();
    process.exit(1);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  // Without POSTGRES_HOST the program starts ONE embedded PostgreSQL server (DESIGN §1) and every service connects
  // to it like to any server; it stops last.
  if (!config.postgres) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
    config = deepFreeze({
      ...config,
      postgres: {
        host: embedded.host,
        port: embedded.port,
        user: embedded.user,
        password: embedded.password,
        poolMax: EMBEDDED_POOL_MAX
      }
    });
  }
  const transport = config.kafka
    ? createKafkaTransport({
        brokers: config.kafka.brokers,
        topicPrefix: config.kafka.topicPrefix,
        clientId: `style-flow-${targets.join('-')}`,
        logger
      })
    : createMemoryTransport(logger);
  const database = `postgresql://${config.postgres!.host}:${config.postgres!.port}`;
  logger.info(
    {
      targets,
      version,
      environment: config.environment,
      database: embedded ? `${database} (embedded, ${join(config.dataDir, 'postgres')})` : database,
      transport: config.kafka ? `kafka:${config.kafka.brokers.join(',')}` : 'in-process',
      tracing: config.tracing ? `otlp ${config.tracing.protocol} ${config.tracing.url}` : 'off'
    },
    'starting'
  );

  // The services open and migrate their databases side by side: each has its own.
  const created = await Promise.allSettled(
    targets.map((name, i) =>
      runnable.find((s) => s.name === name)!.create!({
        config,
        settings: settings[name]!,
        transport,
        logger,
        version,
        processMetrics: i === 0
      })
    )
  );
  const handles: ServiceHandle[] = created.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  let stopServices: () => Promise<void>;
  try {
    const failed = created.find((c) => c.status === 'rejected');
    if (failed) throw failed.reason;
    stopServices = await runServices(handles, transport, logger, config.shutdownTimeoutMs);
  } catch (error) {
    // The services made so far hold pools on the server (and parts, such as the auth service's hashers): close all
    // they opened before it stops.
    await Promise.allSettled(handles.map((h) => h.release()));
    throw error;
  }
  const metricsListener =
    config.metricsPort > 0
      ? createMetricsListener({
          host: config.host,
          port: config.metricsPort,
          registries: () => handles.map((h) => h.metrics)
        })
      : null;
  await metricsListener?.start();
  logger.info({ targets, ...(metricsListener ? { metrics_port: config.metricsPort } : {}) }, 'started');

  let stoppingSince: number | null = null;
  stop = (signal: string): void => {
    if (stoppingSince !== null) {
      // One signal sent to a process group reaches the program twice when a launcher (npm, bin/node.mjs) forwards
      // it too: only a second signal a moment later means "now".
      if (Date.now() - stoppingSince < 1000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs * 3);
    hardStop.unref();
    // The services drain and close their pools first; the embedded server stops last.
    const services = Promise.all([metricsListener?.stop(), stopServices()]);
    const server = services.catch(() => undefined).then(() => embedded?.stop());
    Promise.all([services, server]).then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush?.();
        process.exit(1);
      }
    );
  };
}

main().catch(async (error: unknown) => {
  process.stderr.write(`style-flow: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
