import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { ConfigError, DEFAULT_JWT_SECRET, loadConfig } from '../src/index.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

describe('configuration', () => {
  test('an empty environment gives the embedded defaults of SPEC §5', () => {
    const c = loadConfig({});
    assert.equal(c.environment, 'development');
    assert.equal(c.ports.gateway, 8080);
    assert.equal(c.ports.payment, 8086);
    assert.equal(c.postgres, null);
    assert.equal(c.kafka, null);
    assert.equal(c.kafkaGroupId, 'style-flow');
    assert.equal(c.jwt.accessTtlSeconds, 3600);
    assert.equal(c.jwt.refreshTtlSeconds, 604800);
    assert.deepEqual(c.upstreams.user, ['http://127.0.0.1:8082']);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.ports) && Object.isFrozen(c.jwt));
  });

  test('the seed variables select real PostgreSQL and Kafka', () => {
    const c = loadConfig({
      POSTGRES_HOST: 'db',
      POSTGRES_PORT: '6432',
      POSTGRES_USER: 'u',
      POSTGRES_PASSWORD: 'p',
      KAFKA_BOOTSTRAP_SERVERS: 'k1:9092, k2:9092',
      KAFKA_GROUP_ID: 'sf'
    });
    assert.deepEqual(c.postgres, { host: 'db', port: 6432, user: 'u', password: 'p', poolMax: 10, databaseSuffix: '' });
    assert.deepEqual(c.kafka, { brokers: ['k1:9092', 'k2:9092'], groupId: 'sf', topicPrefix: '' });
  });

  test('every bad value is named, one problem per variable', () => {
    assert.deepEqual(problems({ POSTGRES_PORT: 'abc' }), [
      'POSTGRES_PORT="abc" must be a whole number from 1 to 65535'
    ]);
    assert.deepEqual(
      problems({ USER_SERVICE_PORT: '70000', LOG_LEVEL: 'loud' }).map((p) => p.split('=')[0]),
      ['LOG_LEVEL', 'USER_SERVICE_PORT']
    );
    assert.match(
      problems({ ENVIRONMENT: 'staging' })[0]!,
      /^ENVIRONMENT="staging" is not one of development, test, production$/
    );
    assert.match(
      problems({ KAFKA_BOOTSTRAP_SERVERS: 'localhost' })[0]!,
      /^KAFKA_BOOTSTRAP_SERVERS has "localhost", which is not host:port/
    );
    assert.match(problems({ REDIS_URL: 'http://x' })[0]!, /^REDIS_URL=/);
    assert.match(problems({ ADMIN_EMAIL: 'a@b.c' })[0]!, /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/);
    assert.match(problems({ USER_SERVICE_URLS: 'ftp://x' })[0]!, /^USER_SERVICE_URLS has "ftp:\/\/x"/);
    assert.match(problems({ JWT_ACCESS_TOKEN_EXPIRES: '-5' })[0]!, /^JWT_ACCESS_TOKEN_EXPIRES=/);
  });

  test('production refuses the default and short JWT secrets', () => {
    assert.match(problems({ ENVIRONMENT: 'production' })[0]!, /JWT_SECRET_KEY must be set in production/);
    assert.match(
      problems({ ENVIRONMENT: 'production', JWT_SECRET_KEY: DEFAULT_JWT_SECRET })[0]!,
      /JWT_SECRET_KEY must be set/
    );
    assert.match(problems({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'short' })[0]!, /at least 32 characters/);
    assert.equal(loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'x'.repeat(32) }).jwt.secret, 'x'.repeat(32));
  });

  test('the program stops at start-up with one clear line naming the variable, exit code 2', () => {
    const bin = new URL('../../bin/style-flow.ts', import.meta.url).pathname;
    const result = spawnSync(process.execPath, [bin, 'all'], {
      env: { PATH: process.env.PATH, POSTGRES_PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 30_000
    });
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.trim(),
      'style-flow: configuration error: POSTGRES_PORT="not-a-port" must be a whole number from 1 to 65535'
    );
    const unknown = spawnSync(process.execPath, [bin, 'nonsense'], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 30_000
    });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown target "nonsense"/);
  });
});
