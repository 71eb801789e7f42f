// The load generator of the benchmarks, always a process of its own: `wrk` when installed (one thread, N connections,
// D seconds; a Lua script sets the method, headers and body, or cycles through per-request variants, and prints JSON
// when done), else autocannon in a child process (autocannon-child.ts). Only loopback URLs, always bounded in time.
//
//   const r = await load({ url: `${user}/users/1`, headers: { authorization: `Bearer ${token}` }, connections: 32 });
//   console.log(r.rps, r.p50, r.p99, r.failed, r.generator);
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd, workDir } from './processes.ts';

export interface LoadSpec {
  /** An `http://127.0.0.1:<port>/…` URL: anything else is refused. */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Connections in parallel (default 8). */
  connections?: number;
  /** Duration (default 5). */
  seconds?: number;
  /**
   * Per-request variants, used in turn and again from the first when exhausted: their headers are added to
   * `headers` and their body replaces `body` (a distinct caller or payload per request).
   */
  requests?: readonly { headers?: Record<string, string>; body?: string }[];
}

export interface LoadResult {
  /** Requests answered per second over the run. */
  rps: number;
  /** Requests answered. */
  requests: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  /**
   * Requests that failed: answers with status ≥ 400 plus socket errors and timeouts (wrk counts only those
   * statuses; with autocannon, every non-2xx answer).
   */
  failed: number;
  generator: 'wrk' | 'autocannon';
}

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+\//;

let found: 'wrk' | 'autocannon' | undefined;

/** The generator this run uses: wrk when on the PATH, else autocannon; BENCH_LOAD_GENERATOR=autocannon forces it. */
export function loadGenerator(): 'wrk' | 'autocannon' {
  if (found) return found;
  if (process.env.BENCH_LOAD_GENERATOR === 'autocannon') return (found = 'autocannon');
  return (found = spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk');
}

/** How the generator runs, for the conditions line of a benchmark. */
export function generatorDescription(): string {
  return loadGenerator() === 'wrk'
    ? 'wrk (1 thread)'
    : 'autocannon in a child process (wrk is not installed; its latencies are whole milliseconds)';
}

let files = 0;

/** A bounded load on a loopback URL: `connections` in parallel for `seconds`, from a process of its own. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  if (!LOOPBACK.test(spec.url)) throw new Error(`benchmarks only load loopback addresses, not ${spec.url}`);
  const full = { method: 'GET' as const, headers: {}, connections: 8, seconds: 5, ...spec };
  if (full.connections < 1 || full.seconds <= 0 || full.seconds > 120) throw new Error('a load is 1 s to 120 s long');
  return loadGenerator() === 'wrk' ? wrk(full) : autocannon(full);
}

type Full = LoadSpec & Required<Pick<LoadSpec, 'method' | 'headers' | 'connections' | 'seconds'>>;

/** A Lua string literal of any bytes: every byte outside printable ASCII, `"` and `\` as a three-digit decimal escape. */
function lua(text: string): string {
  let out = '"';
  for (const b of Buffer.from(text)) {
    out +=
      b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** One raw HTTP/1.1 request, as wrk sends it. */
function rawRequest(spec: Full, variant: { headers?: Record<string, string>; body?: string }): string {
  const url = new URL(spec.url);
  const body = variant.body ?? spec.body;
  const headers: Record<string, string> = { host: url.host, ...spec.headers, ...variant.headers };
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${spec.method} ${url.pathname}${url.search} HTTP/1.1\r\n${lines.join('')}\r\n${body ?? ''}`;
}

// wrk's done() reports what its summary holds; latencies are in microseconds.
const DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%.0f,"duration_us":%.0f,"status":%.0f,"socket":%.0f,"p50_us":%.3f,"p99_us":%.3f,"mean_us":%.3f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
`;

async function wrk(spec: Full): Promise<LoadResult> {
  const n = ++files;
  const script = join(workDir(), `wrk-${n}.lua`);
  let lines: string;
  if (spec.requests && spec.requests.length > 0) {
    // Every variant as a raw request, NUL-separated (no HTTP request holds a NUL), cycled by request().
    const variants = join(workDir(), `wrk-${n}.requests`);
    writeFileSync(variants, spec.requests.map((v) => rawRequest(spec, v)).join('\0'));
    lines = `
local all, i = {}, 0
local f = assert(io.open(${lua(variants)}, "rb"))
for r in (f:read("*a") .. "\\0"):gmatch("([^%z]*)%z") do all[#all + 1] = r end
f:close()
request = function()
  i = i % #all + 1
  return all[i]
end
`;
  } else {
    lines = [
      `wrk.method = ${lua(spec.method)}`,
      ...Object.entries(spec.headers).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`),
      ...(spec.body !== undefined ? [`wrk.body = ${lua(spec.body)}`] : [])
    ].join('\n');
  }
  writeFileSync(script, `${lines}\n${DONE}`);
  const out = await runToEnd(`wrk-${n}`, 'wrk', [
    '-t1',
    `-c${spec.connections}`,
    `-d${spec.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    spec.url
  ]);
  const json = out.split('\n').find((l) => l.startsWith('{'));
  if (!json) {
    const log = readFileSync(join(workDir(), `wrk-${n}.log`), 'utf8');
    throw new Error(`wrk printed no summary (a Lua error?):\n${out}\n${log}`);
  }
  const r = JSON.parse(json) as {
    requests: number;
    duration_us: number;
    status: number;
    socket: number;
    p50_us: number;
    p99_us: number;
    mean_us: number;
  };
  return {
    rps: r.requests / (r.duration_us / 1e6),
    requests: r.requests,
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    mean: r.mean_us / 1000,
    failed: r.status + r.socket,
    generator: 'wrk'
  };
}

async function autocannon(spec: Full): Promise<LoadResult> {
  const n = ++files;
  const file = join(workDir(), `autocannon-${n}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const out = await runToEnd(`autocannon-${n}`, process.execPath, [
    new URL('./autocannon-child.ts', import.meta.url).pathname,
    file
  ]);
  return { ...(JSON.parse(out) as Omit<LoadResult, 'generator'>), generator: 'autocannon' };
}
