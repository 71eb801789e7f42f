// Tracing is off unless an OTLP endpoint is configured (SPEC §4: then it costs nothing measurable): no provider, no
// context manager, no span, and the request path the same as without OpenTelemetry. This file runs in a process of
// its own, where nothing has turned tracing on, so "no global context manager" is a fact it can check. Also: the
// OTEL_* keys as the program reads them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  ConfigError,
  createAuthenticator,
  databasePrincipals,
  createHttpServer,
  createServiceMetrics,
  createTracing,
  currentTracing,
  loadConfig
} from '../src/index.ts';
import { messageSpans } from '../src/messaging/message-spans.ts';
import { tracedCall } from '../src/observability/traced-call.ts';
import { traceDatabase } from '../src/observability/traced-database.ts';
import { openTestDatabase, quietLogger } from '../src/testing/index.ts';

describe('tracing off', () => {
  test('no endpoint: no provider, no tracer, no message spans, and the database is not wrapped', async () => {
    const tracing = await createTracing({
      service: 'demo-service',
      version: '1',
      config: loadConfig({}, []).config.tracing
    });
    assert.equal(tracing.enabled, false);
    assert.equal(tracing.tracer, null);
    assert.equal(messageSpans(tracing, 'kafka'), null);
    const db = await openTestDatabase();
    try {
      assert.equal(traceDatabase(db, tracing, { host: 'h', port: 1 }), db);
    } finally {
      await db.destroy();
    }
  });

  test('a request has its traceparent as before, and nothing of OpenTelemetry on its path', async () => {
    const tracing = await createTracing({ service: 'demo-service', version: '1', config: null });
    const db = await openTestDatabase();
    const app = await createHttpServer({
      service: 'demo',
      version: '1',
      logger: quietLogger(),
      metrics: createServiceMetrics('demo', { processMetrics: false }),
      auth: createAuthenticator({
        secret: 'test-secret-that-is-long-enough-for-hs256',
        principals: databasePrincipals(db)
      }),
      readiness: async () => ({}),
      tracing
    });
    const key = createContextKey('probe');
    const headers = { traceparent: 'as the caller set it' };
    app.get('/probe', async (request) => {
      const sent = await tracedCall(
        { service: 'peer', method: 'GET', instance: 'http://127.0.0.1:9', path: '/' },
        headers,
        async (h) => ({ status: 200, same: h === headers })
      );
      return {
        traceparent: request.traceparent,
        decorated: 'traceContext' in request,
        current: currentTracing(),
        // With no context manager registered, a context set by with() is not seen inside it.
        manager: context.with(ROOT_CONTEXT.setValue(key, 1), () => context.active().getValue(key)) === 1,
        headersUntouched: sent.same,
        passedOn: (await tracing.clientSpan('GET', {}, async (call) => call.headers, 'parent')).traceparent
      };
    });
    try {
      const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const body = (await app.inject({ url: '/probe', headers: { traceparent: incoming } })).json();
      assert.match(body.traceparent as string, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      assert.deepEqual(
        [body.decorated, body.current, body.manager, body.headersUntouched, body.passedOn],
        [false, null, false, true, 'parent']
      );
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});

describe('the OTEL_* keys', () => {
  const tracingOf = (env: Record<string, string>) => loadConfig(env, []).config.tracing;

  test('the endpoint turns tracing on; traces go to its /v1/traces, or to the traces endpoint as given', () => {
    assert.equal(tracingOf({}), null);
    const on = tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })!;
    assert.equal(on.url, 'http://collector:4318/v1/traces');
    assert.equal(on.protocol, 'http/protobuf');
    assert.equal(
      tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/base/' })!.url,
      'http://c:4318/base/v1/traces'
    );
    assert.equal(
      tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/x' })!
        .url,
      'http://t/x'
    );
  });

  test('OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none turn it off whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    assert.equal(tracingOf({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }), null);
    assert.equal(tracingOf({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }), null);
  });

  test('protocol, headers, timeouts, compression, sampler, resource and batch settings are read, signal keys first', () => {
    const t = tracingOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%20def,x-team=a',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=b',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.name=ignored',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100'
    })!;
    assert.deepEqual(
      [t.protocol, t.headers, t.timeoutMs, t.compression, t.sampler, t.samplerRatio],
      ['http/json', { 'api-key': 'abc def', 'x-team': 'b' }, 3000, 'gzip', 'parentbased_traceidratio', 0.25]
    );
    assert.equal(t.resourceAttributes['deployment.environment.name'], 'staging');
    assert.deepEqual(t.batch, {
      scheduledDelayMs: 200,
      exportTimeoutMs: 30000,
      maxQueueSize: 2048,
      maxExportBatchSize: 100
    });
  });

  test('a bad value stops start-up with one line naming its variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, []);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };
    assert.match(
      problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })[0]!,
      /^OTEL_EXPORTER_OTLP_ENDPOINT=.*http/
    );
    assert.match(
      problems({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })[0]!,
      /^OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not one of/
    );
    assert.match(problems({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' })[0]!, /grpc is not built in/);
    assert.match(
      problems({ OTEL_TRACES_SAMPLER_ARG: '2' })[0]!,
      /^OTEL_TRACES_SAMPLER_ARG="2" must be a number from 0 to 1/
    );
    assert.match(problems({ OTEL_EXPORTER_OTLP_HEADERS: 'novalue' })[0]!, /key=value/);
    assert.match(
      problems({ OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' })[0]!,
      /OTEL_BSP_MAX_EXPORT_BATCH_SIZE must not be larger than OTEL_BSP_MAX_QUEUE_SIZE/
    );
  });
});
