import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { Type } from 'typebox';
import { authHttp, clientHttp, defineOperation, ProblemSchema } from '@style-flow/contracts';
import { AppError, createPeers, pathOf, type Peers } from '../src/index.ts';
import { quietLogger } from '../src/testing/index.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: Server[] = [];

/** A peer instance on a loopback port, answering as the test says; the requests it got are kept. */
async function instance(handle: Handler) {
  const got: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handle(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const client = { id: 7, name: 'ООО Ромашка', status: 'active', merged_into: null };
/** A port nothing listens on: the connection is refused, as from an instance that is down. */
const down = 'http://127.0.0.1:9';
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function peers(urls: Record<string, string[]>, timeoutMs = 2000): Peers {
  return createPeers({ urls, timeoutMs, logger: quietLogger() });
}

after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe('calls to another service (peers)', () => {
  test("an operation's route is filled from its parameters, escaped", () => {
    assert.equal(pathOf('/clients/:id', { id: 7 }), '/clients/7');
    assert.equal(pathOf('/a/:x/b/:y_z', { x: 'a/b', y_z: 'ü' }), '/a/a%2Fb/b/%C3%BC');
  });

  test('the answer of the contract, typed, with the caller’s token, trace and request id passed on', async () => {
    const peer = await instance((_req, _body, res) => json(res, 200, { ...client, extra: 'kept by the owner' }));
    const p = peers({ client: [peer.url] });
    const answer = await p.call(clientHttp.getClient, {
      params: { id: 7 },
      authorization: 'Bearer abc',
      traceparent,
      requestId: 'r-1'
    });
    assert.equal(answer.status, 200);
    if (answer.status === 200) assert.equal(answer.body.name, 'ООО Ромашка');
    assert.equal(peer.got[0]!.url, '/clients/7');
    assert.equal(peer.got[0]!.headers.authorization, 'Bearer abc');
    assert.equal(peer.got[0]!.headers.traceparent, traceparent);
    assert.equal(peer.got[0]!.headers['x-request-id'], 'r-1');
    await p.stop();
  });

  test('a refusal the contract lists is an answer; the next instance is not asked', async () => {
    const first = await instance((_req, _body, res) =>
      json(res, 404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND' })
    );
    const second = await instance((_req, _body, res) => json(res, 200, client));
    const p = peers({ client: [first.url, second.url] });
    const answer = await p.call(clientHttp.getClient, { params: { id: 7 }, traceparent });
    assert.equal(answer.status, 404);
    assert.equal(second.got.length, 0);
    await p.stop();
  });

  test('a read goes to the next instance past a refused connection, a 500 and a body the contract does not hold', async () => {
    const failing = await instance((_req, _body, res) => json(res, 500, { status: 500 }));
    const wrongShape = await instance((_req, _body, res) => json(res, 200, { id: 7, status: 'unknown' }));
    const good = await instance((_req, _body, res) => json(res, 200, client));
    const p = peers({ client: [down, failing.url, wrongShape.url, good.url] });
    const answer = await p.call(clientHttp.getClient, { params: { id: 7 }, traceparent });
    assert.equal(answer.status, 200);
    assert.deepEqual([failing.got.length, wrongShape.got.length, good.got.length], [1, 1, 1]);
    await p.stop();
  });

  test('when no instance answers, a 503 the caller can retry, never a 500; a service with no instances too', async () => {
    const failing = await instance((_req, _body, res) => json(res, 502, {}));
    const p = peers({ client: [down, failing.url] });
    await assert.rejects(
      p.call(clientHttp.getClient, { params: { id: 7 }, traceparent }),
      (e: unknown) => e instanceof AppError && e.code === 'DEPENDENCY_UNAVAILABLE'
    );
    const none = peers({});
    await assert.rejects(
      none.call(clientHttp.getClient, { params: { id: 7 }, traceparent }),
      (e: unknown) => e instanceof AppError && e.code === 'DEPENDENCY_UNAVAILABLE'
    );
    await Promise.all([p.stop(), none.stop()]);
  });

  test('a POST that may have been applied is never sent again: a slow instance is a 503, the next one untouched', async () => {
    const slow = await instance((_req, _body, res) => setTimeout(() => json(res, 201, {}), 1500));
    const spare = await instance((_req, _body, res) => json(res, 201, {}));
    const p = peers({ auth: [slow.url, spare.url] }, 300);
    const body = { username: 'new.user', email: 'new@example.com' };
    await assert.rejects(
      p.call(authHttp.createAccount, { params: {}, body, traceparent }),
      (e: unknown) => e instanceof AppError && e.code === 'DEPENDENCY_UNAVAILABLE' && /may or may not/.test(e.message)
    );
    assert.equal(spare.got.length, 0);
    assert.deepEqual(JSON.parse(slow.got[0]!.body), body);
    assert.equal(slow.got[0]!.headers['content-type'], 'application/json');
    await p.stop();
  });

  test('a POST whose connection was refused goes to the next instance', async () => {
    const account = {
      id: 5,
      username: 'new.user',
      email: 'new@example.com',
      first_name: null,
      last_name: null,
      role: 'user',
      status: 'active',
      created_at: new Date().toISOString()
    };
    const good = await instance((_req, _body, res) => json(res, 201, account));
    const p = peers({ auth: [down, good.url] });
    const answer = await p.call(authHttp.createAccount, {
      params: {},
      body: { username: 'new.user', email: 'new@example.com' },
      traceparent
    });
    assert.equal(answer.status, 201);
    if (answer.status === 201) assert.equal(answer.body.id, 5);
    await p.stop();
  });

  test('an instance that keeps failing is left out for a while (its breaker opens)', async () => {
    const broken = await instance((_req, _body, res) => json(res, 500, {}));
    const good = await instance((_req, _body, res) => json(res, 200, { n: 1 }));
    const op = defineOperation({
      service: 'demo',
      method: 'GET',
      route: '/n',
      params: Type.Object({}),
      body: undefined,
      responses: { 200: Type.Object({ n: Type.Integer() }), 404: ProblemSchema }
    });
    const p = peers({ demo: [broken.url, good.url] });
    for (let i = 0; i < 10; i++) assert.equal((await p.call(op, { params: {}, traceparent })).status, 200);
    assert.ok(broken.got.length <= 3, `the broken instance was asked ${broken.got.length} times`);
    assert.equal(good.got.length, 10);
    await p.stop();
  });
});
