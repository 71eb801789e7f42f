import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  /** Answers with a 2xx status. */
  ok: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
  /** Headers for each request in turn (a distinct caller per request), on top of `headers`. */
  perRequest?: () => Record<string, string>;
}

/** A bounded load on a loopback URL: `connections` in parallel for `seconds`. */
export async function load(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`benchmarks only load loopback addresses, not ${url}`);
  const perRequest = options.perRequest;
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 8,
    duration: options.seconds ?? 5,
    ...(perRequest
      ? {
          requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...perRequest() } }) }]
        }
      : {})
  });
  return {
    rps: result.requests.average,
    ok: result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx
  };
}
