// OpenTelemetry with an exporter (SPEC §4): the spans the platform makes itself, and how they hang together — a
// request's SERVER span and what it causes, the database's query spans, and a message's create, send and process
// spans on the in-process bus. Spans go to an in-memory exporter; the OTLP path is the end-to-end suite's.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Type } from 'typebox';
import {
  createAuthenticator,
  databasePrincipals,
  createEventConsumer,
  createHttpServer,
  createMemoryTransport,
  createOutboxRelay,
  createServiceMetrics,
  createTracing,
  enqueueEvents,
  migrate,
  platformMigrations,
  type Database,
  type HttpServer,
  type Tracing
} from '../src/index.ts';
import { messageSpans } from '../src/messaging/message-spans.ts';
import { tracedCall } from '../src/observability/traced-call.ts';
import { traceDatabase } from '../src/observability/traced-database.ts';
import {
  capturingLogger,
  eventually,
  openTestDatabase,
  quietLogger,
  uniqueName,
  type TestDatabase
} from '../src/testing/index.ts';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const SECRET = 'test-secret-that-is-long-enough-for-hs256';

async function tracingToMemory(service: string) {
  const exporter = new InMemorySpanExporter();
  const tracing = await createTracing({ service, version: '1.2.3', config: null, overrides: { exporter } });
  const spans = async (): Promise<ReadableSpan[]> => {
    await tracing.flush();
    return exporter.getFinishedSpans();
  };
  return { tracing, spans, exporter };
}

const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const traceOf = (s: ReadableSpan) => s.spanContext().traceId;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const one = (spans: ReadableSpan[], what: (s: ReadableSpan) => boolean, name: string): ReadableSpan => {
  const found = spans.filter(what);
  assert.equal(found.length, 1, `one ${name} span among ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
};

describe('tracing of requests and queries', () => {
  let tracing: Tracing;
  let spans: () => Promise<ReadableSpan[]>;
  let exporter: InMemorySpanExporter;
  let app: HttpServer;
  let raw: TestDatabase;
  let db: Database;
  let seen: IncomingHttpHeaders = {};
  const peer = createServer((req, res) => {
    seen = req.headers;
    res.writeHead(204).end();
  });

  before(async () => {
    ({ tracing, spans, exporter } = await tracingToMemory('demo-service'));
    raw = await openTestDatabase();
    await migrate(raw, await platformMigrations());
    db = traceDatabase(raw, tracing, { host: '127.0.0.1', port: 5432 });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}`;
    app = await createHttpServer({
      service: 'demo',
      version: '1.2.3',
      logger: quietLogger(),
      metrics: createServiceMetrics('demo', { processMetrics: false }),
      auth: createAuthenticator({ secret: SECRET, principals: databasePrincipals(raw) }),
      readiness: async () => ({}),
      tracing
    });
    app.get('/things/:id', async (request) => {
      const { rows } = await db.query<{ n: number }>('select $1::int + 1 as n', [
        Number((request.params as { id: string }).id)
      ]);
      return { n: rows[0]!.n, traceparent: request.traceparent };
    });
    // A body arrives on the socket's own events: the handler must still run in the request's span.
    app.post('/things', { schema: { body: Type.Object({ secret: Type.String() }) } }, async () => {
      await db.transaction((tx) => tx.query('select $1::text as secret', ['a secret value']));
      return { ok: true };
    });
    app.get('/call', async () => {
      const answer = await tracedCall(
        { service: 'peer', method: 'GET', instance: peerUrl, path: '/p?q=private' },
        { traceparent: 'replaced' },
        async (headers) => {
          const res = await fetch(`${peerUrl}/p?q=private`, { headers: headers as Record<string, string> });
          return { status: res.status };
        }
      );
      return { status: answer.status };
    });
    app.get('/boom', async () => {
      throw new Error('internal detail postgres://u:p@h');
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await tracing.shutdown();
    await raw.destroy();
    await new Promise((resolve) => peer.close(resolve));
  });

  test("a request is a SERVER span whose id is the request's traceparent, continuing the caller's trace", async () => {
    exporter.reset();
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.inject({ url: '/things/41?x=1', headers: { traceparent: incoming } });
    assert.equal(res.json().n, 42);
    const [, traceId, spanId, flags] = TRACEPARENT.exec(res.json().traceparent as string)!;
    const all = await spans();
    const server = one(all, (s) => s.kind === SpanKind.SERVER, 'server');
    assert.equal(traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(flags, '01');
    assert.equal(idOf(server), spanId);
    assert.equal(parentOf(server), '00f067aa0ba902b7');
    assert.equal(server.name, 'GET /things/:id');
    assert.equal(server.resource.attributes['service.name'], 'demo-service');
    assert.deepEqual(
      [
        server.attributes['http.request.method'],
        server.attributes['http.route'],
        server.attributes['url.path'],
        server.attributes['http.response.status_code']
      ],
      ['GET', '/things/:id', '/things/41', 200]
    );
    const query = one(all, (s) => s.attributes['db.system'] === 'postgresql', 'query');
    assert.equal(parentOf(query), idOf(server));
    assert.equal(query.kind, SpanKind.CLIENT);
    assert.equal(query.attributes['db.query.text'], 'select $1::int + 1 as n');
    assert.equal(query.attributes['db.namespace'], raw.name);
  });

  test("a query's parameters never reach its span, and a body's parsing does not lose the request's span", async () => {
    exporter.reset();
    const res = await app.inject({ method: 'POST', url: '/things', payload: { secret: 'x' } });
    assert.equal(res.statusCode, 200);
    const all = await spans();
    const server = one(all, (s) => s.kind === SpanKind.SERVER, 'server');
    const query = one(all, (s) => s.attributes['db.system'] === 'postgresql', 'query');
    assert.equal(parentOf(query), idOf(server));
    assert.doesNotMatch(JSON.stringify(all.map((s) => s.attributes)), /a secret value/);
  });

  test('a caller without a valid traceparent starts a trace; an unsampled one is kept unsampled and records nothing', async () => {
    exporter.reset();
    const fresh = (await app.inject({ url: '/things/1', headers: { traceparent: 'garbage' } })).json();
    assert.match(fresh.traceparent as string, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const unsampled = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const kept = (await app.inject({ url: '/things/1', headers: { traceparent: unsampled } })).json();
    assert.match(kept.traceparent as string, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    assert.notEqual(kept.traceparent, unsampled);
    const all = await spans();
    assert.equal(all.filter((s) => s.kind === SpanKind.SERVER).length, 1, 'only the sampled request recorded');
  });

  test("a call to another service is a CLIENT span, child of the request's, whose traceparent the peer receives", async () => {
    exporter.reset();
    const res = await app.inject({ url: '/call' });
    assert.equal(res.json().status, 204);
    const all = await spans();
    const server = one(all, (s) => s.kind === SpanKind.SERVER, 'server');
    const client = one(all, (s) => s.kind === SpanKind.CLIENT, 'client');
    assert.equal(parentOf(client), idOf(server));
    assert.equal(client.name, 'GET peer-service');
    assert.equal(client.attributes['http.response.status_code'], 204);
    assert.equal(client.attributes['url.path'], '/p', 'no query string');
    const [, traceId, spanId] = TRACEPARENT.exec(String(seen.traceparent))!;
    assert.deepEqual([traceId, spanId], [traceOf(client), idOf(client)]);
  });

  test('a failure is marked on the span by its type, never by its message', async () => {
    exporter.reset();
    assert.equal((await app.inject({ url: '/boom' })).statusCode, 500);
    const server = one(await spans(), (s) => s.kind === SpanKind.SERVER, 'server');
    assert.equal(server.status.code, SpanStatusCode.ERROR);
    assert.equal(server.attributes['error.type'], 'Error');
    assert.doesNotMatch(JSON.stringify([server.attributes, server.status, server.events]), /postgres:\/\/u:p@h/);
  });

  test('a request no route matches has its span too, named by its method only', async () => {
    exporter.reset();
    assert.equal((await app.inject({ url: '/nowhere/secret-looking-path' })).statusCode, 404);
    const server = one(await spans(), (s) => s.kind === SpanKind.SERVER, 'server');
    assert.equal(server.name, 'GET');
    assert.equal(server.attributes['http.response.status_code'], 404);
    assert.equal(server.status.code, SpanStatusCode.UNSET);
  });

  test('a query made outside any span (a poll, a sweep) makes no span', async () => {
    exporter.reset();
    await db.query('select 1');
    assert.deepEqual(await spans(), []);
  });
});

describe('tracing of messages on the in-process bus', () => {
  let tracing: Tracing;
  let spans: () => Promise<ReadableSpan[]>;
  let raw: TestDatabase;

  before(async () => {
    ({ tracing, spans } = await tracingToMemory('producer-service'));
    raw = await openTestDatabase();
    await migrate(raw, await platformMigrations());
  });
  after(async () => {
    await tracing.shutdown();
    await raw.destroy();
  });

  test("a consumer's span continues the producer's trace: create, send and process, each with its queries", async (t) => {
    const db = traceDatabase(raw, tracing, { host: '127.0.0.1', port: 5432 });
    const logger = quietLogger();
    const transport = createMemoryTransport(logger);
    const traced = messageSpans(tracing, 'in_process');
    const topic = uniqueName('topic');
    const received: (string | undefined)[] = [];
    const relay = createOutboxRelay({ service: 'test', db, transport, logger, pollIntervalMs: 100, spans: traced });
    const consumer = createEventConsumer({
      service: 'test',
      group: uniqueName('group'),
      db,
      transport,
      logger,
      maxAttempts: 3,
      retryBaseMs: 20,
      spans: traced,
      handlers: [
        {
          topic,
          type: 'thing.happened',
          async handle(tx, _event, context) {
            received.push(context.traceparent);
            await tx.query('select 1 as effect');
          }
        }
      ]
    });
    t.after(async () => {
      await relay.stop();
      await consumer.stop();
      await transport.close();
    });
    await consumer.start();
    await relay.start();

    // The request that makes the change, as the HTTP server's span would be.
    const request = tracing.tracer!.startSpan('POST /things', { kind: SpanKind.SERVER });
    await tracing.withSpan(tracing.parentContext(), request, () =>
      db.transaction((tx) =>
        enqueueEvents(tx, 'test', [{ topic, type: 'thing.happened', subject: 1, data: {} }], traced)
      )
    );
    request.end();
    await eventually(async () => received.length === 1, 10_000, 'the event consumed');

    const all = await eventually(
      async () => {
        const done = await spans();
        return done.some((s) => s.kind === SpanKind.CONSUMER) ? done : null;
      },
      10_000,
      'the process span ended'
    );
    const trace = traceOf(all.find((s) => s.name === 'POST /things')!);
    const inTrace = all.filter((s) => traceOf(s) === trace);
    const create = one(inTrace, (s) => s.attributes['messaging.operation.type'] === 'create', 'create');
    const send = one(inTrace, (s) => s.attributes['messaging.operation.type'] === 'send', 'send');
    const process = one(inTrace, (s) => s.attributes['messaging.operation.type'] === 'process', 'process');
    assert.equal(parentOf(create), idOf(all.find((s) => s.name === 'POST /things')!));
    assert.equal(create.kind, SpanKind.PRODUCER);
    assert.equal(parentOf(send), idOf(create));
    assert.equal(parentOf(process), idOf(create));
    assert.equal(process.kind, SpanKind.CONSUMER);
    assert.equal(process.attributes['messaging.system'], 'in_process');
    assert.equal(process.attributes['messaging.destination.name'], topic);
    assert.equal(received[0], `00-${trace}-${idOf(create)}-01`, 'the handler is told the traceparent it continues');
    const insert = one(
      inTrace,
      (s) => String(s.attributes['db.query.text']).includes('platform_outbox'),
      'outbox insert'
    );
    assert.equal(parentOf(insert), idOf(create));
    const effect = one(inTrace, (s) => s.attributes['db.query.text'] === 'select 1 as effect', 'effect');
    assert.equal(parentOf(effect), idOf(process));
    const claim = one(inTrace, (s) => String(s.attributes['db.query.text']).includes('platform_inbox'), 'inbox claim');
    assert.equal(parentOf(claim), idOf(process));
  });
});

describe('tracing that cannot export', () => {
  test('spans a collector refuses are reported in the service log, once for a run of failures', async () => {
    const log = capturingLogger();
    const refusing = {
      export: (_spans: unknown[], done: (r: { code: ExportResultCode; error?: Error }) => void) =>
        done({ code: ExportResultCode.FAILED, error: new Error('collector refused: 503') }),
      shutdown: async () => {}
    };
    const tracing = await createTracing({
      service: 'demo-service',
      version: '1',
      config: null,
      overrides: { exporter: refusing },
      logger: log.logger
    });
    for (let i = 0; i < 3; i++) {
      tracing.tracer!.startSpan('lost').end();
      await tracing.flush();
    }
    await tracing.shutdown();
    const warnings = log.lines().filter((l) => l.msg === 'exporting spans failed; they are dropped');
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings[0]), /collector refused: 503/);
  });
});
