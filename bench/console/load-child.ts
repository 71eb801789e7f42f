// `node bench/console/load-child.ts <plan.json>`: the console benchmark's load generator, a process of its own. A case
// is what one visit costs: a console page (one request), or the API calls that page makes (in waves: the calls of a
// wave at once, as the page's Promise.all sends them, the waves one after another). Each step of the plan runs one
// case from `connections` workers in a closed loop for `seconds`, and the time of every visit is kept; both kinds of
// case go through the same client, so its own cost weighs on each alike. Prints one JSON line: the samples per step.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Call {
  url: string;
  headers: Record<string, string>;
}

export interface Case {
  name: string;
  waves: Call[][];
}

export interface Step {
  case: number;
  connections: number;
  seconds: number;
  /** Visits to start at least, past `seconds` if need be (a slow page), but not past 3 s. */
  minVisits: number;
}

export interface Plan {
  cases: Case[];
  steps: Step[];
}

export interface StepResult {
  /** Milliseconds per visit, in the order finished. */
  samples: number[];
  /** Visits with an answer that was not 2xx, or no answer. */
  failed: number;
  /** The first failure, to say what went wrong. */
  firstFailure: string | null;
}

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+\//;

function send(agent: Agent, call: Call): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(call.url, { method: 'GET', headers: call.headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end();
  });
}

async function runStep(plan: Plan, step: Step): Promise<StepResult> {
  const c = plan.cases[step.case]!;
  const width = Math.max(...c.waves.map((w) => w.length));
  const agent = new Agent({ keepAlive: true, maxSockets: step.connections * width });
  const samples: number[] = [];
  let failed = 0;
  let firstFailure: string | null = null;
  const began = performance.now();
  const stopAt = began + step.seconds * 1000;
  const hardStop = began + Math.max(step.seconds * 1000, 3_000);
  let visits = 0;
  const more = () => {
    const now = performance.now();
    return now < stopAt || (visits < step.minVisits && now < hardStop);
  };
  const worker = async () => {
    while (more()) {
      visits++;
      const t0 = performance.now();
      let ok = true;
      for (const wave of c.waves) {
        const statuses = await Promise.all(wave.map((call) => send(agent, call).catch((e: Error) => e.message)));
        const bad = statuses.findIndex((s) => typeof s !== 'number' || s < 200 || s >= 300);
        if (bad >= 0) {
          ok = false;
          firstFailure ??= `${wave[bad]!.url}: ${statuses[bad]}`;
        }
      }
      if (ok) samples.push(Math.round((performance.now() - t0) * 1000) / 1000);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: step.connections }, worker));
  agent.destroy();
  return { samples, failed, firstFailure };
}

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
for (const c of plan.cases)
  for (const wave of c.waves)
    for (const call of wave) if (!LOOPBACK.test(call.url)) throw new Error(`only loopback addresses, not ${call.url}`);
if (plan.steps.some((s) => s.seconds <= 0 || s.seconds > 60 || s.connections < 1)) throw new Error('a step is 0–60 s');
const results: StepResult[] = [];
for (const step of plan.steps) results.push(await runStep(plan, step));
process.stdout.write(`${JSON.stringify(results)}\n`);
