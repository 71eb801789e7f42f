// SPEC §4 "Tracing": one registration through the gateway is ONE trace across the gateway, the event service, its
// relay and each consumer that reacts. The system runs as a user starts it — on PostgreSQL and Kafka one process per
// service, as containers do; embedded, every service in one process, where each span must still name its own
// service — and exports over OTLP/HTTP JSON to a receiver of the test's own. The test sends the first traceparent,
// so it knows which trace to look for.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { startSystem, type RunningSystem } from '../support/program.ts';
import { modes } from '../support/stack.ts';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpRequest = {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
};

const kinds = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const valueOf = (v: OtlpValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP receiver that accepts JSON on /v1/traces and keeps every span, with its resource's service.name. */
async function startReceiver(): Promise<{
  url: string;
  spans: ReceivedSpan[];
  requests: () => number;
  close(): Promise<void>;
}> {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (
        req.method !== 'POST' ||
        req.url !== '/v1/traces' ||
        !String(req.headers['content-type']).startsWith('application/json')
      ) {
        res.writeHead(415).end();
        return;
      }
      requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributesOf(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: kinds[s.kind] ?? 'internal',
              attributes: attributesOf(s.attributes)
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    spans,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

const json = { 'Content-Type': 'application/json' };
const day = 86_400_000;

for (const m of modes)
  describe(`one registration through the gateway is one trace, ${m.name}`, { skip: m.skip }, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let system: RunningSystem;
    let gateway: string;

    before(async () => {
      receiver = await startReceiver();
      system = await startSystem(m.mode, {
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Spans leave every 200 ms rather than every 5 s, so the wait below is short.
        OTEL_BSP_SCHEDULE_DELAY: '200'
      });
      gateway = system.gateway;
    });
    after(async () => {
      await system?.stop();
      await receiver?.close();
    });

    const call = async <T>(method: string, path: string, token: string | null, body?: unknown, headers = {}) => {
      const res = await fetch(`${gateway}${path}`, {
        method,
        headers: { ...json, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
    };

    test('POST /events/{id}/register: gateway, event service (queries, outbox), relay, and the user and client services’ consumers', async () => {
      const account = { username: 'tracer', email: 'tracer@example.com', password: 'tracer-password-long' };
      assert.equal((await call('POST', '/auth/register', null, account)).status, 201);
      const login = await call<{ access_token: string }>('POST', '/auth/login', null, {
        email: account.email,
        password: account.password
      });
      assert.equal(login.status, 200);
      const token = login.body.access_token;
      const client = await call<{ id: number }>('POST', '/clients', token, {
        name: 'Traced Ltd',
        type: 'organization'
      });
      assert.equal(client.status, 201, client.text);
      const event = await call<{ id: number }>('POST', '/events', token, {
        title: 'A traced event',
        start_date: new Date(Date.now() + 7 * day).toISOString(),
        end_date: new Date(Date.now() + 7 * day + 3_600_000).toISOString(),
        capacity: 10,
        category_id: 1,
        client_id: client.body.id
      });
      assert.equal(event.status, 201, event.text);

      const traceId = randomBytes(16).toString('hex');
      const callerSpan = randomBytes(8).toString('hex');
      const registered = await call(
        'POST',
        `/events/${event.body.id}/register`,
        token,
        {},
        {
          traceparent: `00-${traceId}-${callerSpan}-01`
        }
      );
      assert.equal(registered.status, 201, registered.text);

      const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
      const find = (service: string, what: (s: ReceivedSpan) => boolean) =>
        inTrace().find((s) => s.service === service && what(s));
      const op = (name: string) => (s: ReceivedSpan) => s.attributes['messaging.operation.type'] === name;
      const wanted = {
        'gateway server': () => find('gateway-service', (s) => s.kind === 'server'),
        'gateway upstream call': () => find('gateway-service', (s) => s.kind === 'client'),
        'event server': () => find('event-service', (s) => s.kind === 'server'),
        'event query': () => find('event-service', (s) => s.attributes['db.system'] === 'postgresql'),
        'event outbox write': () => find('event-service', op('create')),
        'event relay publish': () => find('event-service', op('send')),
        'user consumer': () => find('user-service', (s) => s.kind === 'consumer' && op('process')(s)),
        'client consumer': () => find('client-service', (s) => s.kind === 'consumer' && op('process')(s))
      };
      await eventually(
        async () => Object.values(wanted).every((f) => f() !== undefined),
        60_000,
        `every span of the trace; missing: ${Object.entries(wanted)
          .filter(([, f]) => !f())
          .map(([k]) => k)
          .join(', ')}`
      );
      const span = (name: keyof typeof wanted) => wanted[name]()!;

      // One chain of parents from the caller's span to each consumer.
      assert.equal(span('gateway server').parentSpanId, callerSpan);
      assert.equal(span('gateway upstream call').parentSpanId, span('gateway server').spanId);
      assert.equal(span('event server').parentSpanId, span('gateway upstream call').spanId);
      const create = span('event outbox write');
      assert.equal(create.kind, 'producer');
      assert.equal(create.attributes['messaging.system'], m.mode === 'real' ? 'kafka' : 'in_process');
      assert.equal(create.attributes['messaging.destination.name'], 'event-registrations');
      assert.equal(span('event relay publish').parentSpanId, create.spanId);
      assert.equal(span('user consumer').parentSpanId, create.spanId);
      assert.equal(span('client consumer').parentSpanId, create.spanId);
      assert.equal(span('client consumer').attributes['messaging.destination.name'], 'event-registrations');

      const server = span('event server');
      assert.equal(server.attributes['http.route'], '/events/:id/register');
      assert.equal(server.attributes['http.response.status_code'], 201);
      const queries = inTrace().filter(
        (s) => s.service === 'event-service' && s.attributes['db.system'] === 'postgresql'
      );
      assert.ok(queries.every((q) => typeof q.attributes['db.query.text'] === 'string'));
      assert.ok(
        queries.every((q) => !String(q.attributes['db.query.text']).includes(account.email)),
        'no parameter values in a query span'
      );
    });
  });
