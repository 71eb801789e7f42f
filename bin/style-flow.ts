#!/usr/bin/env node
// The one entry point (DESIGN §1): `style-flow all` runs every service in this process; `style-flow user event`
// runs only those. It is the only module that reads process.env: the config is checked here and passed down frozen.
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  configKeys,
  createKafkaTransport,
  createLogger,
  createMemoryTransport,
  loadConfig,
  runServices,
  type Config,
  type ServiceDeps,
  type ServiceHandle
} from '@style-flow/platform';
import { createAuthService } from '@style-flow/auth-service';
import { createEventService } from '@style-flow/event-service';
import { createGatewayService } from '@style-flow/gateway-service';
import { createUserService } from '@style-flow/user-service';

const services: Record<string, (deps: ServiceDeps) => Promise<ServiceHandle>> = {
  auth: createAuthService,
  user: createUserService,
  event: createEventService,
  gateway: createGatewayService
};

function usage(): string {
  const keys = configKeys
    .map((k) => `  ${k.name.padEnd(28)} ${k.description} (default: ${k.default || 'unset'})`)
    .join('\n');
  return `usage: style-flow [all | ${Object.keys(services).join(' | ')} ...]\n\nconfiguration (environment):\n${keys}\n`;
}

function parseTargets(args: string[]): string[] {
  if (args.length === 0 || args.includes('all')) return Object.keys(services);
  const unknown = args.filter((a) => !(a in services));
  if (unknown.length > 0) {
    process.stderr.write(
      `style-flow: unknown target ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known: all, ${Object.keys(services).join(', ')}\n`
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
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) process.stderr.write(`style-flow: configuration error: ${p}\n`);
    process.exit(2);
  }
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
    handles.push(await services[name]!({ config, transport, logger, version, processMetrics: i === 0 }));
  }
  const stop = await runServices(handles, transport, logger, config.shutdownTimeoutMs);
  logger.info({ targets }, 'started');

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
    stop().then(
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
