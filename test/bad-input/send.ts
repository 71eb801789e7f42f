// Sends the walk's requests as written (node:http, so that bad percent-encoding, huge headers and raw bodies
// reach the server unchanged), a few at a time, and judges each answer against SPEC §1.
import { Agent, request } from 'node:http';
import type { Probe } from './generate.ts';

export interface Outcome {
  status: number | null;
  contentType: string;
  body: unknown;
  /** Why there is no answer: the connection was closed, reset or timed out. */
  error?: string;
}

export function sender(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  return {
    send(probe: Pick<Probe, 'method' | 'url' | 'headers' | 'body' | 'alone'>): Promise<Outcome> {
      return new Promise((resolve) => {
        const body = probe.body === undefined ? undefined : Buffer.from(probe.body);
        let settled = false;
        const done = (o: Outcome) => {
          if (!settled) resolve(o);
          settled = true;
        };
        const req = request(
          {
            host: hostname,
            port: Number(port),
            method: probe.method,
            path: probe.url,
            headers: {
              ...probe.headers,
              ...(body ? { 'content-length': String(body.length) } : {}),
              ...(probe.alone ? { connection: 'close' } : {})
            },
            agent: probe.alone ? false : agent,
            timeout: 20_000
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (e) =>
              done({ status: res.statusCode ?? null, contentType: '', body: null, error: e.message })
            );
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const contentType = String(res.headers['content-type'] ?? '');
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : null;
              } catch {
                // not JSON: kept as text for the report
              }
              done({ status: res.statusCode ?? null, contentType, body: parsed });
            });
          }
        );
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', (e: NodeJS.ErrnoException) =>
          // The server may answer (413, 431) and close before it has read everything; the answer wins.
          setTimeout(() => done({ status: null, contentType: '', body: null, error: e.code ?? e.message }), 200)
        );
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    }
  };
}

/** What is wrong with an answer to a request that is invalid by construction (SPEC §1), or [] when right. */
export function judge(probe: Pick<Probe, 'expect'>, o: Outcome): string[] {
  if (o.status === null) return [`connection closed without an answer (${o.error})`];
  const wrong: string[] = [];
  if (o.status >= 500) wrong.push(`${o.status}: a server error`);
  else if (o.status < 400) wrong.push(`${o.status}: accepted`);
  else if (probe.expect === 400 && o.status !== 400) wrong.push(`${o.status} instead of 400`);
  if (!/^application\/problem\+json/.test(o.contentType)) wrong.push(`content-type "${o.contentType}"`);
  else {
    const b = o.body as { status?: unknown; detail?: unknown } | null;
    if (b?.status !== o.status) wrong.push('body.status differs from the HTTP status');
    if (typeof b?.detail !== 'string') wrong.push('no string detail');
  }
  return wrong;
}

/** Runs fn over items, `width` at a time, in order of start. */
export async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}
