import type { Closer } from '../lifecycle/closer.ts';
import type { Component } from '../lifecycle/component.ts';
import type { OutboxRelay } from '../messaging/outbox-relay.ts';
import type { Transport } from '../messaging/transport.ts';
import type { Logger } from '../observability/logger.ts';
import type { Registry } from 'prom-client';
import type { ConfigDefinition, ConfigSpec, ConfigValues } from '../config/config-key.ts';
import type { Config } from '../config/platform-config.ts';
import { createService } from './create-service.ts';

/** What the program hands a service: the shared config, its own settings, the process's transport and logger. */
export interface ServiceDeps<Settings = unknown> {
  config: Readonly<Config>;
  settings: Readonly<Settings>;
  transport: Transport;
  logger: Logger;
  version: string;
  /** Collect process metrics (memory, event loop) in this service's registry: once per process. */
  processMetrics?: boolean;
  /**
   * Where the service's runtime records what it opens, so that createService can close it when the factory fails
   * after the runtime was made; without it the runtime keeps its own record (closed by the handle's release()).
   */
  opened?: Closer;
}

/**
 * A running service in pieces, so the program can stop every service's HTTP first, then flush every
 * outbox, then let every consumer catch up, and close the databases last.
 */
export interface ServiceHandle {
  name: string;
  http: Component;
  relay: OutboxRelay;
  consumer: Component;
  /** Background work on the service's own data (the event service's hold sweeper): started after the relays. */
  workers: Component[];
  /**
   * What the service opened for its whole life besides its database (the auth service's password hashers): in use
   * from the moment the factory made them, stopped after the consumers and before the databases close.
   */
  parts: Component[];
  database: Component;
  metrics: Registry;
  /**
   * Closes whatever the service opened (its parts, its HTTP server, its database), started or not, the last opened
   * first, each once: for a start-up that fails after the service was made. Safe after the components stopped.
   */
  release(): Promise<void>;
}

/** One entry of services/registry.ts: everything the program, the gateway and the test kit need to know. */
export interface ServiceDefinition<S extends ConfigSpec = ConfigSpec> {
  name: string;
  port: { key: string; default: number };
  /**
   * The key that lists the service's instances for whoever calls it (the gateway, other services), declared here
   * once: comma-separated http(s) URLs, by default this host at the service's port.
   */
  urls: { key: string };
  /** The first path segments the gateway sends to this service (`users` for /users*). */
  routes: readonly string[];
  /**
   * The gateway asks no token for anything it sends here: the service's callers are browsers with a session of its
   * own, which it checks itself (the console, SPEC §3.9). A token sent along is still checked at the edge.
   */
  public?: boolean;
  config?: ConfigDefinition<S>;
  /** Absent while a service is planned and not built: the gateway routes to it and answers 503. */
  create?(deps: ServiceDeps<ConfigValues<S>>): Promise<ServiceHandle>;
}

/**
 * Checks one registry entry's types (the registry holds them erased), and makes its factory close what the runtime
 * had opened when it fails (createService), for every caller of the registry.
 */
export function defineService<S extends ConfigSpec>(definition: ServiceDefinition<S>): ServiceDefinition {
  const { create } = definition;
  return (create
    ? { ...definition, create: (deps: ServiceDeps<ConfigValues<S>>) => createService(create, deps) }
    : definition) as unknown as ServiceDefinition;
}
