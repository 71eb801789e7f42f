// A burst of requests sent all at once, from a process of its own: one connection per request, every request started
// before any answer is read, each answered request's status and JSON body kept. Prints one JSON line: the time from
// the first request sent to the last answer, and the answers in the order of the requests.
//
//   node bench/burst-child.ts <spec.json>   spec: { url, method, tokens: string[], timeoutMs }
import { request, Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

interface Spec {
  url: string;
  method: string;
  tokens: string[];
  timeoutMs: number;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Spec;
if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(spec.url)) throw new Error(`a burst goes to loopback only, not ${spec.url}`);
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function send(token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const req = request(
      spec.url,
      { method: spec.method, agent, headers: { authorization: `Bearer ${token}` }, timeout: spec.timeoutMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Kept as text.
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      }
    );
    // A socket error or a timeout is an answer of status 0: the parent counts it as a failure.
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end();
  });
}

const started = performance.now();
const answers = await Promise.all(spec.tokens.map(send));
const settledMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ settledMs, answers })}\n`);
