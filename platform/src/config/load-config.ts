import type { ServiceDefinition } from '../service/service-definition.ts';
import { ConfigError, deepFreeze, defineConfig, key, readConfig, type ConfigKey, type Env } from './config-key.ts';
import { platformKeys, toConfig, type Config } from './platform-config.ts';

export interface LoadedConfig {
  config: Readonly<Config>;
  /** Each service's own settings, by service name. */
  settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

function portKey(service: ServiceDefinition): ConfigKey<number> {
  return key.int(service.port.key, service.port.default, 0, 65535, `port of the ${service.name} service`);
}

const httpUrl = (u: string) =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? null : 'is not an http(s) URL';

function urlsKey(service: ServiceDefinition): ConfigKey<string[]> {
  return key.list(
    service.urls.key,
    '',
    `the ${service.name} service's instances for the gateway and the services that call it, comma-separated (default: http://127.0.0.1:$${service.port.key})`,
    httpUrl
  );
}

/** Each service's instances: as configured, or the one on this host at the service's port. */
function serviceUrls(
  services: readonly ServiceDefinition[],
  configured: Record<string, string[]>,
  ports: Record<string, number>
): Record<string, readonly string[]> {
  return Object.fromEntries(
    services.map((s) => {
      const urls = configured[s.name] ?? [];
      return [s.name, urls.length > 0 ? urls.map((u) => u.replace(/\/+$/, '')) : [`http://127.0.0.1:${ports[s.name]}`]];
    })
  );
}

/**
 * Reads the shared keys and every service's own keys; throws ConfigError listing every problem, one line each.
 * All services' keys are checked, whichever targets run, so a bad value is found before it matters.
 */
export function loadConfig(env: Env, services: readonly ServiceDefinition[]): LoadedConfig {
  const problems: string[] = [];
  const shared = readConfig(platformKeys, env, problems);
  const ports = readConfig(defineConfig(Object.fromEntries(services.map((s) => [s.name, portKey(s)]))), env, problems);
  const urls = readConfig(defineConfig(Object.fromEntries(services.map((s) => [s.name, urlsKey(s)]))), env, problems);
  const settings: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const s of services) settings[s.name] = s.config ? readConfig(s.config, env, problems) : {};
  if (problems.length > 0) throw new ConfigError(problems);
  const portsByName = ports as Record<string, number>;
  return deepFreeze({
    config: toConfig(shared, portsByName, serviceUrls(services, urls as Record<string, string[]>, portsByName)),
    settings
  });
}

/** `style-flow --help`: every key, grouped by who reads it, with its default and meaning. */
export function configHelp(services: readonly ServiceDefinition[]): string {
  // A key whose default depends on another (USER_SERVICE_URLS on USER_SERVICE_PORT) says so in its description.
  const line = (k: ConfigKey<unknown>) =>
    `  ${k.name.padEnd(30)} ${k.description}${k.description.includes('(default:') ? '' : ` (default: ${k.default || 'unset'})`}`;
  const groups = [
    `shared by every service:\n${Object.values(platformKeys.keys).map(line).join('\n')}`,
    ...services.map((s) =>
      [
        `${s.name}${s.create ? '' : ' (not built yet)'}:`,
        line(portKey(s)),
        line(urlsKey(s)),
        ...Object.values(s.config?.keys ?? {}).map(line)
      ].join('\n')
    )
  ];
  return groups.join('\n\n');
}
