#!/usr/bin/env node
// The one entry point (DESIGN §1): `style-flow all` runs every service in this process; `style-flow user event`
// runs only those. It is the only module that reads process.env: the config is checked here and passed down frozen.
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  configHelp,
  createKafkaTransport,
  createLogger,
  createMemoryTransport,
  createMetricsListener,
  loadConfig,
  runServices,
  type LoadedConfig,
  type ServiceHandle
} from '@style-flow/platform';
import { registry, runnable } from '../services/registry.ts';

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
  const { config, settings } = loaded;
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  const logger = createLogger({ level: config.logLevel });
  const transport = config.kafka
    ? createKafkaTransport({
        brokers: config.kafka.brokers,
        topicPrefix: config.kafka.topicPrefix,
        clientId: `style-flow-${targets.join('-')}`,
        logger
      })
    : createMemoryTransport(logger);
  logger.info(
    {
      targets,
      version,
      environment: config.environment,
      database: config.postgres
        ? `postgresql://${config.postgres.host}:${config.postgres.port}`
        : `pglite:${config.dataDir}`,
      transport: config.kafka ? `kafka:${config.kafka.brokers.join(',')}` : 'in-process'
    },
    'starting'
  );

  const handles: ServiceHandle[] = [];
  for (const [i, name] of targets.entries()) {
    const service = runnable.find((s) => s.name === name)!;
    handles.push(
      await service.create!({ config, settings: settings[name]!, transport, logger, version, processMetrics: i === 0 })
    );
  }
  const stopServices = await runServices(handles, transport, logger, config.shutdownTimeoutMs);
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

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs * 3);
    hardStop.unref();
    Promise.all([metricsListener?.stop(), stopServices()]).then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`style-flow: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
