import {
  AppError,
  forward,
  forwardableHeaders,
  type HttpServer,
  type UpstreamRequest,
  type UpstreamResponse
} from '@style-flow/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheableAnswer, sendCached, wantsFresh } from '../cache/cached-answer.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { createRouteLabeler, logRoute } from '../proxy/route-labels.ts';
import {
  cacheGroup,
  createRouteResolver,
  writtenGroup,
  type Route,
  type UpstreamRoutes
} from '../proxy/route-table.ts';
import type { UpstreamPools } from '../proxy/upstream-pools.ts';
import { edgeAuth } from './edge-auth.ts';

export interface ProxyOptions {
  upstreams: readonly UpstreamRoutes[];
  pools: UpstreamPools;
  cache: ResponseCache;
}

declare module 'fastify' {
  interface FastifyRequest {
    upstreamRoute: Route | null;
  }
}

// Set by the gateway for this hop, or describing the upstream's own connection.
const dropFromUpstream = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'x-request-id',
  'date'
]);

function upstreamRequestOf(request: FastifyRequest, route: Route): UpstreamRequest {
  const headers = forwardableHeaders(request.headers);
  headers['x-request-id'] = request.id;
  headers.traceparent = request.traceparent;
  headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
  headers['x-forwarded-proto'] = request.protocol;
  if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  return { method: request.method, path: route.path, headers, body };
}

/** The service's answer as it gave it, `Cache-Control` included (token answers say `no-store`). */
function relay(reply: FastifyReply, upstream: UpstreamResponse): FastifyReply {
  for (const [k, v] of Object.entries(upstream.headers)) if (!dropFromUpstream.has(k)) reply.header(k, v);
  return reply.code(upstream.status).send(upstream.body);
}

/**
 * Everything that is not the gateway's own route goes to a service, by the route table. Only public GETs sent
 * without a token are cached; a POST or an answer to a caller with a token never is.
 */
export function registerProxyRoute(app: HttpServer, ctx: GatewayContext, options: ProxyOptions): void {
  const resolveRoute = createRouteResolver(options.upstreams);
  const labelRoute = createRouteLabeler(options.upstreams);
  const authenticate = edgeAuth(ctx.auth, new Set(options.upstreams.filter((u) => u.public).map((u) => u.name)));
  const { upstreamTimeoutMs, cacheTtlSeconds } = ctx.settings;
  app.decorateRequest('upstreamRoute', null);
  // The gateway passes bodies through as bytes; the service parses and validates them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Routing and authentication happen first, so that the rate limit (a preHandler) can count per user.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== '/*') return;
    const route = resolveRoute(request.url);
    request.routeLabel = labelRoute(route);
    if (!route) throw new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    request.upstreamRoute = route;
    request.logRoute = logRoute(route);
    await authenticate(request, route);
  });

  app.all('/*', { schema: { hide: true } }, async (request, reply) => {
    const route = request.upstreamRoute!;
    const group = cacheGroup(request.method, route);
    const cacheable = group !== null && !request.headers.authorization;
    // Looked up before the service is asked: its answer is kept under the version of now, and so never served once
    // a change announced while it was on its way has dropped the group.
    const cached = cacheable ? await options.cache.lookup(group, route.path) : null;
    if (cached?.entry && !wantsFresh(request)) return sendCached(request, reply, cached.entry, true);
    const pool = options.pools.byService[route.service]!;
    const upstream = await forward(pool, upstreamRequestOf(request, route), upstreamTimeoutMs);
    const written = request.method !== 'GET' && upstream.status < 300 ? writtenGroup(route) : null;
    if (written) await options.cache.invalidate(written);
    const answer = cacheable ? cacheableAnswer(upstream, cacheTtlSeconds) : null;
    if (!answer) return relay(reply, upstream);
    if (answer.ttlSeconds > 0 && cached)
      await options.cache.set(group!, route.path, cached.version, answer.entry, answer.ttlSeconds);
    return sendCached(request, reply, answer.entry, false);
  });
}
