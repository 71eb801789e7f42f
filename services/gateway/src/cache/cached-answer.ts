import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UpstreamResponse } from '@style-flow/platform';
import type { CachedResponse } from './response-cache.ts';

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

/** The client asks for an answer the service has seen (`Cache-Control: no-cache` or `no-store`). */
export function wantsFresh(request: FastifyRequest): boolean {
  return /no-cache|no-store/i.test(String(request.headers['cache-control'] ?? ''));
}

/**
 * A 200 of a public GET as the cache keeps it, for as long as the service allows and at most `maxTtlSeconds`;
 * null when the service forbids keeping it (`no-store`, `private`).
 */
export function cacheableAnswer(
  upstream: UpstreamResponse,
  maxTtlSeconds: number
): { entry: CachedResponse; ttlSeconds: number } | null {
  const cacheControl = String(upstream.headers['cache-control'] ?? '');
  if (upstream.status !== 200 || /no-store|private/i.test(cacheControl)) return null;
  const ttlSeconds = Math.min(maxAge(cacheControl) ?? maxTtlSeconds, maxTtlSeconds);
  const body = upstream.body.toString('utf8');
  const entry: CachedResponse = {
    status: 200,
    contentType: String(upstream.headers['content-type'] ?? 'application/json'),
    etag: String(upstream.headers.etag ?? `"${createHash('sha1').update(body).digest('base64url')}"`),
    body,
    cacheControl: cacheControl || `public, max-age=${ttlSeconds}`
  };
  return { entry, ttlSeconds };
}

/** Answers from a cache entry: 304 when the client holds the same version, else the entry itself. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
  hit: boolean
): FastifyReply {
  reply
    .header('etag', entry.etag)
    .header('cache-control', entry.cacheControl)
    .header('x-cache', hit ? 'HIT' : 'MISS');
  if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  return reply.code(entry.status).header('content-type', entry.contentType).send(entry.body);
}
