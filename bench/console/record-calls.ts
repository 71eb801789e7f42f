// `node --import ./record-calls.ts bin/style-flow.ts console`: a console that writes down every API call it makes
// (method, URL, the x-request-id of the page that made it, when it started and when its answer came) as JSON lines
// to the file BENCH_RECORD_CALLS names. Only the benchmark's discovery instance loads it, to learn which calls each
// page makes and which of them run at once; the instance that is measured runs without it.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_RECORD_CALLS;
if (file) {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const start = performance.now();
    const response = await original(input, init);
    appendFileSync(
      file,
      `${JSON.stringify({
        page: request.headers.get('x-request-id'),
        method: request.method,
        url: request.url,
        accept: request.headers.get('accept'),
        start,
        end: performance.now(),
        status: response.status
      })}\n`
    );
    return response;
  };
}
