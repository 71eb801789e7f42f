import { errors as undiciErrors } from 'undici';
import { AppError } from '../errors/app-error.ts';
import { tracedCall } from '../observability/traced-call.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Instance, UpstreamPool } from './upstream-pool.ts';

export interface UpstreamRequest {
  method: string;
  /** The path and query string on the instance. */
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  instance: string;
}

// Headers that belong to one hop (RFC 9110 §7.6.1), never forwarded.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length'
]);
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function forwardableHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !hopByHop.has(k)) out[k] = v;
  return out;
}

function neverSent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** An answer of 502–504 is the instance failing (or a proxy in front of it), not the service answering. */
const gatewayFailure = (status: number) => status >= 502 && status <= 504;

/**
 * Sends a request to one instance of the pool and, when it fails, to another: any method whose request
 * never reached an instance (connection refused), and idempotent methods after any failure. An answer that
 * `failed` says is no answer (by default 502–504) counts against the instance like a failure; when no instance
 * is left, 503 problem+json.
 */
export async function forward(
  pool: UpstreamPool,
  req: UpstreamRequest,
  timeoutMs: number,
  failed: (status: number, body: Buffer) => boolean = gatewayFailure
): Promise<UpstreamResponse> {
  const tried = new Set<Instance>();
  let lastError: unknown;
  for (;;) {
    const instance = pool.pick(tried);
    if (!instance) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', `The ${pool.service} service is unavailable; try again shortly.`, {
        headers: { 'retry-after': '5' },
        cause: lastError
      });
    }
    tried.add(instance);
    try {
      const target = { service: pool.service, method: req.method, instance: instance.url, path: req.path };
      const { res, body } = await tracedCall(target, req.headers, async (headers) => {
        const res = await instance.client.request({
          path: req.path,
          method: req.method as 'GET',
          headers,
          body: req.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs
        });
        return { status: res.statusCode, res, body: Buffer.from(await res.body.arrayBuffer()) };
      });
      if (failed(res.statusCode, body)) {
        pool.failure(instance);
        lastError = new Error(`${instance.url} answered ${res.statusCode}`);
        if (idempotent.has(req.method)) continue;
      } else {
        pool.success(instance);
      }
      return {
        status: res.statusCode,
        headers: res.headers as Record<string, string | string[]>,
        body,
        instance: instance.url
      };
    } catch (error) {
      pool.failure(instance);
      lastError = error;
      if (idempotent.has(req.method) || neverSent(error)) continue;
      const timedOut =
        error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        timedOut
          ? `The ${pool.service} service did not answer in time; the request may or may not have been applied.`
          : `The ${pool.service} service failed while handling the request; it may or may not have been applied.`,
        { cause: error }
      );
    }
  }
}
