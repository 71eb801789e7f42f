import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  configHelp,
  DEFAULT_JWT_SECRET,
  defineConfig,
  defineService,
  key,
  loadConfig,
  type Env
} from '../src/index.ts';

// Two services as a registry would declare them: their port keys and their own keys beside them.
const services = [
  defineService({
    name: 'gateway',
    port: { key: 'GATEWAY_PORT', default: 8080 },
    urls: { key: 'GATEWAY_URLS' },
    routes: []
  }),
  defineService({
    name: 'demo',
    port: { key: 'DEMO_SERVICE_PORT', default: 8089 },
    urls: { key: 'DEMO_SERVICE_URLS' },
    routes: ['demos'],
    config: defineConfig(
      {
        holdSeconds: key.int('DEMO_HOLD_SECONDS', 1800, 1, 86400, 'how long a demo is held'),
        adminEmail: key.optional('DEMO_EMAIL', 'with DEMO_PASSWORD'),
        adminPassword: key.optional('DEMO_PASSWORD', 'with DEMO_EMAIL')
      },
      (v) =>
        (v.adminEmail === null) !== (v.adminPassword === null)
          ? ['DEMO_EMAIL and DEMO_PASSWORD must be set together']
          : []
    )
  })
];

function problems(env: Env): string[] {
  try {
    loadConfig(env, services);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

describe('configuration', () => {
  test('an empty environment gives the embedded defaults of SPEC §5, and each service its own settings', () => {
    const { config: c, settings } = loadConfig({}, services);
    assert.equal(c.environment, 'development');
    assert.equal(c.ports.gateway, 8080);
    assert.equal(c.ports.demo, 8089);
    assert.equal(c.postgres, null);
    assert.equal(c.kafka, null);
    assert.equal(c.kafkaGroupId, 'style-flow');
    assert.deepEqual(settings.demo, { holdSeconds: 1800, adminEmail: null, adminPassword: null });
    assert.ok(
      Object.isFrozen(c) && Object.isFrozen(c.ports) && Object.isFrozen(c.jwt) && Object.isFrozen(settings.demo)
    );
  });

  test("each service's instances come from its registry entry's URL key, checked once, else this host at its port", () => {
    const defaults = loadConfig({ DEMO_SERVICE_PORT: '9001' }, services).config;
    assert.deepEqual(defaults.urls, { gateway: ['http://127.0.0.1:8080'], demo: ['http://127.0.0.1:9001'] });
    assert.equal(defaults.serviceCallTimeoutMs, 3000);
    const listed = loadConfig({ DEMO_SERVICE_URLS: 'http://a:8089/, https://b:8089' }, services).config;
    assert.deepEqual(listed.urls.demo, ['http://a:8089', 'https://b:8089']);
    assert.ok(Object.isFrozen(listed.urls.demo));
    assert.deepEqual(problems({ DEMO_SERVICE_URLS: 'ftp://a:21', GATEWAY_URLS: 'nonsense' }).sort(), [
      'DEMO_SERVICE_URLS="ftp://a:21" has "ftp://a:21", which is not an http(s) URL',
      'GATEWAY_URLS="nonsense" has "nonsense", which is not an http(s) URL'
    ]);
    assert.match(
      configHelp(services),
      /DEMO_SERVICE_URLS +the demo service's instances .*default: http:\/\/127\.0\.0\.1:\$DEMO_SERVICE_PORT/
    );
  });

  test('the seed variables select real PostgreSQL and Kafka', () => {
    const { config: c } = loadConfig(
      {
        POSTGRES_HOST: 'db',
        POSTGRES_PORT: '6432',
        POSTGRES_USER: 'u',
        POSTGRES_PASSWORD: 'p',
        KAFKA_BOOTSTRAP_SERVERS: 'k1:9092, k2:9092',
        KAFKA_GROUP_ID: 'sf'
      },
      services
    );
    assert.deepEqual(c.postgres, { host: 'db', port: 6432, user: 'u', password: 'p', poolMax: 10, databaseSuffix: '' });
    assert.deepEqual(c.kafka, { brokers: ['k1:9092', 'k2:9092'], groupId: 'sf', topicPrefix: '' });
  });

  test('log levels in any case, as the seed writes them (LOG_LEVEL=INFO)', () => {
    assert.equal(loadConfig({ LOG_LEVEL: 'INFO', ENVIRONMENT: 'Development' }, services).config.logLevel, 'info');
  });

  test('every bad value is named, one problem per variable, the services’ own keys included', () => {
    assert.deepEqual(problems({ POSTGRES_PORT: 'abc' }), [
      'POSTGRES_PORT="abc" must be a whole number from 1 to 65535'
    ]);
    assert.deepEqual(
      problems({ DEMO_SERVICE_PORT: '70000', LOG_LEVEL: 'loud' }).map((p) => p.split('=')[0]),
      ['LOG_LEVEL', 'DEMO_SERVICE_PORT']
    );
    assert.match(
      problems({ ENVIRONMENT: 'staging' })[0]!,
      /^ENVIRONMENT="staging" is not one of development, test, production$/
    );
    assert.match(
      problems({ KAFKA_BOOTSTRAP_SERVERS: 'localhost' })[0]!,
      /^KAFKA_BOOTSTRAP_SERVERS="localhost" has "localhost", which is not host:port/
    );
    assert.match(problems({ DEMO_HOLD_SECONDS: '-5' })[0]!, /^DEMO_HOLD_SECONDS="-5" must be a whole number/);
    assert.match(problems({ DEMO_EMAIL: 'a@b.c' })[0]!, /DEMO_EMAIL and DEMO_PASSWORD must be set together/);
  });

  test('production refuses the default and short JWT secrets', () => {
    assert.match(problems({ ENVIRONMENT: 'production' })[0]!, /JWT_SECRET_KEY must be set in production/);
    assert.match(
      problems({ ENVIRONMENT: 'production', JWT_SECRET_KEY: DEFAULT_JWT_SECRET })[0]!,
      /JWT_SECRET_KEY must be set/
    );
    assert.match(problems({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'short' })[0]!, /at least 32 characters/);
    const { config } = loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'x'.repeat(32) }, services);
    assert.equal(config.jwt.secret, 'x'.repeat(32));
  });

  test('--help groups the keys by who reads them, each default written once', () => {
    const help = configHelp(services);
    assert.match(help, /^shared by every service:\n {2}ENVIRONMENT/);
    assert.match(
      help,
      /\n\ndemo \(not built yet\):\n {2}DEMO_SERVICE_PORT\s+port of the demo service \(default: 8089\)\n {2}DEMO_SERVICE_URLS\s+.*\n {2}DEMO_HOLD_SECONDS\s+how long a demo is held \(default: 1800\)/
    );
  });
});
