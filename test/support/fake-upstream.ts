// A stand-in for a service behind the gateway: answers with what the test says and records what it got.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeUpstream {
  url: string;
  received: Received[];
  /** Stops listening and drops open connections, as a killed process would. */
  kill(): Promise<void>;
}

export type Responder = (req: Received) => {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  /** The answer is sent once this settles (an answer held on its way while the test does something else). */
  heldUntil?: Promise<unknown>;
};

export async function startFakeUpstream(
  name: string,
  respond: Responder = () => ({ body: { ok: true } })
): Promise<FakeUpstream> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', service: name }));
        return;
      }
      received.push(r);
      const answer = respond(r);
      const send = () =>
        res
          .writeHead(answer.status ?? 200, {
            'content-type': 'application/json',
            'x-served-by': name,
            ...answer.headers
          })
          .end(JSON.stringify(answer.body ?? {}));
      if (answer.heldUntil) void answer.heldUntil.finally(send);
      else if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async kill() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  };
}
