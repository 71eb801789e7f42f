// `node bench/autocannon-child.ts <spec.json>`: the load generator when wrk is not installed, in a process of its own
// so that it does not share an event loop with what it measures. The spec is http-load.ts's LoadSpec; prints one
// JSON line with the result.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './http-load.ts';

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec &
  Required<Pick<LoadSpec, 'method' | 'headers' | 'connections' | 'seconds'>>;
if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(spec.url)) throw new Error(`only loopback addresses, not ${spec.url}`);
const variants = spec.requests ?? [];
let next = 0;
const result = await autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers,
  body: spec.body,
  connections: spec.connections,
  duration: spec.seconds,
  ...(variants.length > 0
    ? {
        requests: [
          {
            setupRequest: (request) => {
              const v = variants[next++ % variants.length]!;
              return { ...request, headers: { ...request.headers, ...v.headers }, body: v.body ?? request.body };
            }
          }
        ]
      }
    : {})
});
const out: Omit<LoadResult, 'generator'> = {
  rps: result.requests.total / (result.duration || spec.seconds),
  requests: result.requests.total,
  p50: result.latency.p50,
  p99: result.latency.p99,
  mean: result.latency.average,
  failed: result.non2xx + result.errors // timeouts are counted among the errors
};
process.stdout.write(`${JSON.stringify(out)}\n`);
