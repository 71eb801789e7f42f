// A real HTTP receiver for webhook deliveries: it records each request as it came (headers, raw body, when) and
// answers as the test decides by path.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface TestReceiver {
  port: number;
  received: Received[];
  at(path: string): Received[];
  stop(): Promise<void>;
}

/** `answer(path)`: the status to answer with, and what to wait for first (a time, or the test's say-so). */
export async function startReceiver(
  answer: (path: string) => {
    status: number;
    headers?: Record<string, string>;
    delayMs?: number;
    heldUntil?: Promise<unknown>;
  }
): Promise<TestReceiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now()
      });
      const { status, headers = {}, delayMs = 0, heldUntil } = answer(req.url ?? '');
      const reply = () => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`answered ${status}`);
      void (heldUntil ?? Promise.resolve()).then(() => setTimeout(reply, delayMs));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received,
    at: (path) => received.filter((r) => r.path === path),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** The headers standardwebhooks verifies, as strings. */
export const webhookHeaders = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature'])
});
