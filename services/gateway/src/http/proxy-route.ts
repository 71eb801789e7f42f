import { createHash } from 'node:crypto';
import { AppError, type HttpServer } from '@style-flow/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedResponse, ResponseCache } from '../cache/response-cache.ts';
import { forward, forwardableHeaders, type UpstreamResponse } from '../proxy/forward.ts';
import { cacheGroup, writtenGroup, type Route, type RouteResolver, type Upstream } from '../proxy/route-table.ts';
import type { UpstreamPool } from '../proxy/upstream-pool.ts';

export interface ProxyOptions {
  pools: Readonly<Record<Upstream, UpstreamPool>>;
  resolveRoute: RouteResolver;
  cache: ResponseCache;
  authenticate: (request: FastifyRequest, route: Route) => Promise<void>;
  timeoutMs: number;
  cacheTtlSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    upstreamRoute: Route | null;
  }
}

const dropFromUpstream = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'x-request-id',
  'date'
]);

function maxAge(cacheControl: string): number | null {
  const m = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl);
  return m ? Number(m[1]) : null;
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag.replace(/^W\//, ''));
}

function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse, hit: boolean): FastifyReply {
  reply
    .header('etag', entry.etag)
    .header('cache-control', entry.cacheControl)
    .header('x-cache', hit ? 'HIT' : 'MISS');
  if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  return reply.code(entry.status).header('content-type', entry.contentType).send(entry.body);
}

/** A route label for the request log: the service and the path with ids replaced. */
function logRoute(route: Route): string {
  return `${route.service} ${route.path.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}

/** Everything that is not the gateway's own route goes to a service, by the route table. */
export function registerProxyRoute(app: HttpServer, options: ProxyOptions): void {
  app.decorateRequest('upstreamRoute', null);
  // The gateway passes bodies through as bytes; the service parses and validates them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Routing and authentication happen first, so that the rate limit (a preHandler) can count per user.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== '/*') return;
    const route = options.resolveRoute(request.url);
    if (!route) throw new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    request.upstreamRoute = route;
    request.logRoute = logRoute(route);
    await options.authenticate(request, route);
  });

  app.all('/*', { schema: { hide: true } }, async (request, reply) => {
    const route = request.upstreamRoute!;
    const group = cacheGroup(request.method, route);
    const cacheable = group !== null && !request.headers.authorization;
    const noCache = /no-cache|no-store/i.test(String(request.headers['cache-control'] ?? ''));
    if (cacheable && !noCache) {
      const entry = await options.cache.get(route.path);
      if (entry) return sendCached(request, reply, entry, true);
    }

    const headers = forwardableHeaders(request.headers);
    headers['x-request-id'] = request.id;
    headers.traceparent = request.traceparent;
    headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = request.protocol;
    if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
    const upstream: UpstreamResponse = await forward(
      options.pools[route.service]!,
      {
        method: request.method,
        path: route.path,
        headers,
        body: Buffer.isBuffer(request.body) ? request.body : undefined
      },
      options.timeoutMs
    );

    if (request.method !== 'GET' && upstream.status < 300) {
      const written = writtenGroup(route);
      if (written) await options.cache.invalidate(written);
    }
    const upstreamCacheControl = String(upstream.headers['cache-control'] ?? '');
    if (cacheable && upstream.status === 200 && !/no-store|private/i.test(upstreamCacheControl)) {
      const ttl = Math.min(maxAge(upstreamCacheControl) ?? options.cacheTtlSeconds, options.cacheTtlSeconds);
      const body = upstream.body.toString('utf8');
      const entry: CachedResponse = {
        status: 200,
        contentType: String(upstream.headers['content-type'] ?? 'application/json'),
        etag: String(upstream.headers.etag ?? `"${createHash('sha1').update(body).digest('base64url')}"`),
        body,
        cacheControl: upstreamCacheControl || `public, max-age=${ttl}`
      };
      if (ttl > 0) await options.cache.set(group!, route.path, entry, ttl);
      return sendCached(request, reply, entry, false);
    }
    for (const [k, v] of Object.entries(upstream.headers)) if (!dropFromUpstream.has(k)) reply.header(k, v);
    return reply.code(upstream.status).send(upstream.body);
  });
}
