// `node --import ./record-calls.ts bin/style-flow.ts console`: a console that writes down every API call it makes
// (method, URL, the x-request-id of the page that made it, when it started and when its answer came) as JSON lines
// to the file BENCH_RECORD_CALLS names. Only the benchmark's discovery instance loads it, to learn which calls each
// page makes and which of them run at once; the instance that is measured runs without it.
//
// It listens on undici's diagnostics channels, which both undici's `request` (the console's calls) and Node's global
// fetch publish on, so it sees every call whichever way the console sends it, without wrapping anything.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

interface UndiciRequest {
  origin: string | URL;
  path: string;
  method: string;
  /** `[name, value, name, value, …]`, or `name: value\r\n…` in older releases. */
  headers: string[] | string;
}

const file = process.env.BENCH_RECORD_CALLS;

function header(request: UndiciRequest, name: string): string | null {
  const h = request.headers;
  if (Array.isArray(h)) {
    for (let i = 0; i < h.length; i += 2) if (String(h[i]).toLowerCase() === name) return String(h[i + 1]);
    return null;
  }
  for (const line of h.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return null;
}

if (file) {
  const started = new WeakMap<UndiciRequest, number>();
  subscribe('undici:request:create', (message) => {
    started.set((message as { request: UndiciRequest }).request, performance.now());
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    const start = started.get(request);
    if (start === undefined) return;
    appendFileSync(
      file,
      `${JSON.stringify({
        page: header(request, 'x-request-id'),
        method: request.method,
        url: `${String(request.origin).replace(/\/$/, '')}${request.path}`,
        accept: header(request, 'accept'),
        start,
        end: performance.now(),
        status: response.statusCode
      })}\n`
    );
  });
}
