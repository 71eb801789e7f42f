import { currentTracing } from './tracing.ts';

export interface CallTarget {
  /** The service called (`event`). */
  service: string;
  method: string;
  /** The instance's base URL (`http://10.0.0.7:8083`). */
  instance: string;
  /** The path on it; a query string is left out of the span. */
  path: string;
}

/**
 * One try of a call to another service's instance, as a CLIENT span of the service that makes it (the gateway's
 * upstream call, a service's call to a peer): `send` gets the headers to send, its own with the span's traceparent
 * in place of theirs. With tracing off, or outside any service's span, `send` gets the headers as they were.
 */
export function tracedCall<R extends { status: number }>(
  target: CallTarget,
  headers: Record<string, string | string[]>,
  send: (headers: Record<string, string | string[]>) => Promise<R>
): Promise<R> {
  const tracing = currentTracing();
  if (!tracing) return send(headers);
  const url = new URL(target.instance);
  const path = target.path.split('?', 1)[0]!;
  return tracing.clientSpan(
    `${target.method} ${target.service}-service`,
    {
      'http.request.method': target.method,
      'server.address': url.hostname,
      'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      'url.full': `${url.origin}${path}`,
      'url.path': path
    },
    async (call) => {
      const answer = await send({ ...headers, ...call.headers });
      call.answered(answer.status);
      return answer;
    }
  );
}
