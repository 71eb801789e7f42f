// Bounded metric labels (SPEC §3.7): the gateway labels a proxied request by a route template built from the
// registry, never by the path a client typed, so made-up paths cannot grow the series on /metrics. Every
// upstream is one fake here; labels do not depend on the database or the transport, so one mode is enough.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { signedCaller } from '../../../test/support/accounts.ts';
import { startFakeUpstream, type FakeUpstream } from '../../../test/support/fake-upstream.ts';
import { startStack, type Stack } from '../../../test/support/stack.ts';
import { upstreams } from '../../registry.ts';
import { metricsText } from './support/through-gateway.ts';

const word = () => randomBytes(randomInt(1, 8)).toString('hex').slice(0, randomInt(1, 12));
const segment = () => [word, () => String(randomInt(0, 1e9)), () => `${randomInt(1, 99)}${word()}`][randomInt(0, 3)]!();
const tail = () => Array.from({ length: randomInt(0, 6) }, segment).join('/');
const pick = <T>(items: readonly T[]): T => items[randomInt(0, items.length)]!;

/** The series of http_request_duration_seconds: one `_count` line each. */
function durationSeries(text: string): { series: string[]; routes: Set<string> } {
  const series = text.split('\n').filter((line) => line.startsWith('http_request_duration_seconds_count{'));
  const routes = new Set(series.map((line) => /route="([^"]*)"/.exec(line)![1]!));
  return { series, routes };
}

describe('route labels on the gateway metrics', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let staffToken: string;
  const firstSegments = upstreams.flatMap((u) => u.routes);
  const direct = upstreams.map((u) => `${u.name}-service`);
  const served = [...firstSegments, 'health', 'ready', 'metrics', 'openapi.json'];
  const send = async (path: string) => {
    const res = await fetch(`${stack.url('gateway')}${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
    await res.arrayBuffer();
    assert.ok(res.status === 200 || res.status === 404, `${path}: ${res.status}`);
  };
  const series = async () => durationSeries(await metricsText(stack, 'gateway', staffToken));

  before(async () => {
    upstream = await startFakeUpstream('any');
    const everyUpstream = Object.fromEntries(
      upstreams.map((u) => [`${u.name.toUpperCase()}_SERVICE_URLS`, upstream.url])
    );
    stack = await startStack('embedded', ['gateway'], { ...everyUpstream, RATE_LIMIT_PER_MINUTE: '1000000' });
    staffToken = (await signedCaller(stack, 'admin')).token;
  });
  after(async () => {
    await stack?.stop();
    await upstream?.kill();
  });

  test('a route is labelled by its service, first segment, :id and *; an unknown one is "unmatched"', async () => {
    for (const path of ['/events/42', '/users/7/integrations/3?x=1', '/auth/login', '/user-service/users/5', '/nope/1'])
      await send(path);
    const { routes } = await series();
    for (const label of ['event /events/:id', 'user /users/:id/*', 'auth /auth/*', 'user /users/:id', 'unmatched'])
      assert.ok(routes.has(label), `${label} in ${[...routes].join(', ')}`);
  });

  test('300 requests to made-up paths add no series', async () => {
    // Every label a path can get, once: the first segments the registry routes, by each of the four shapes.
    for (const first of firstSegments) for (const shape of ['', '/a', '/1', '/1/a']) await send(`/${first}${shape}`);
    for (const service of direct) {
      await send(`/${service}/${word()}`);
      for (const first of served)
        for (const shape of ['', '/a', '/1', '/1/a']) await send(`/${service}/${first}${shape}`);
    }
    await send(`/x${word()}`);
    const before = await series();

    const madeUp = [
      () => `/${pick(firstSegments)}/${tail()}`,
      () => `/${pick(direct)}/${pick([...served, word()])}/${tail()}`,
      () => `/x${word()}/${tail()}`,
      () => `/${pick(firstSegments)}/${tail()}?${word()}=${word()}`
    ];
    const paths = Array.from({ length: 300 }, () => pick(madeUp)());
    for (const path of paths) await send(path);
    const afterwards = await series();

    assert.deepEqual(afterwards.routes, before.routes);
    assert.equal(afterwards.series.length, before.series.length, 'no new series');
    const typed = new Set(paths.flatMap((p) => p.split(/[/?=]/)).filter((s) => s.length > 3 && !served.includes(s)));
    for (const route of afterwards.routes)
      for (const part of route.split(/[ /]/)) assert.ok(!typed.has(part), `"${part}" of a made-up path in ${route}`);
  });
});
