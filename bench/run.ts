// `npm run bench`: every benchmark prints its figures as ratios against a baseline measured in the same run.
// `npm run bench -- http auth events` runs only those. Backends come from the environment as in the tests
// (POSTGRES_HOST, KAFKA_BOOTSTRAP_SERVERS, REDIS_URL); without them, one embedded PostgreSQL server for the run.
import { cpus, totalmem } from 'node:os';
import { authThroughput } from './auth.ts';
import { checkInThroughput } from './check-ins.ts';
import { clientThroughput } from './clients.ts';
import { consoleSuite } from './console.ts';
import { consumerThroughput } from './consumers.ts';
import { eventPath } from './event-path.ts';
import { eventThroughput } from './events.ts';
import { footprint } from './footprint.ts';
import { httpSuite } from './http.ts';
import { notificationThroughput } from './notifications.ts';
import { loadGenerator } from './http-load.ts';
import { paymentThroughput } from './payments.ts';
import { principalsMemory } from './principals.ts';
import { benchBackends, stopAll } from './processes.ts';
import { registrationBursts } from './registrations.ts';
import { relayLatency } from './relay-latency.ts';
import { relayRecovery } from './relay-recovery.ts';
import { resourceThroughput } from './resources.ts';

/** Suites whose services run in processes of their own, as in production. */
const processSuites: Record<string, () => Promise<void>> = {
  http: httpSuite,
  auth: authThroughput,
  events: eventThroughput,
  'check-ins': checkInThroughput,
  registrations: registrationBursts,
  'event-path': eventPath,
  console: consoleSuite
};
/** Suites whose services (or platform parts) still run inside the benchmark's process; the load comes from outside. */
const inProcessSuites: Record<string, () => Promise<void>> = {
  relay: relayLatency,
  'relay-recovery': relayRecovery,
  consumers: consumerThroughput,
  clients: clientThroughput,
  resources: resourceThroughput,
  payments: paymentThroughput,
  notifications: notificationThroughput
};
/**
 * `footprint` spawns `npm start` itself and measures its start and memory; `principals` measures the principal table in
 * a child process of its own.
 */
const otherSuites: Record<string, () => Promise<void>> = { footprint, principals: principalsMemory };
const suites = { ...processSuites, ...inProcessSuites, ...otherSuites };

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in suites));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
const chosen = asked.length > 0 ? asked : Object.keys(suites);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process the benchmark started`);
    void stopAll().finally(() => process.exit(130));
  });
}

const pg = process.env.POSTGRES_HOST;
console.log('# Style Flow benchmarks');
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
);
console.log(
  `PostgreSQL: ${pg ? `${pg}:${process.env.POSTGRES_PORT ?? 5432}` : 'not configured (one embedded server for the run)'}; Kafka: ${process.env.KAFKA_BOOTSTRAP_SERVERS || 'not configured'}; Redis: ${process.env.REDIS_URL || 'not configured'}`
);
console.log(`load generator: ${loadGenerator()}, a process of its own, loopback only, bounded in time`);
console.log(`process suites (${Object.keys(processSuites).join(', ')}): ${benchBackends().description}`);
console.log(
  `in-process suites (${Object.keys(inProcessSuites).join(', ')}): the services run inside the benchmark's process (startStack) next to their`
);
console.log(
  'plain-SQL baselines and fakes (a fake event service for resources), which they share the event loop with; the load still comes from its own process.'
);
console.log(
  'relay-recovery stops and starts a Kafka broker of its own; consumers measures the platform consumer against a bare Kafka consume.'
);
console.log('footprint spawns `npm start` on a fresh DATA_DIR and measures it from outside.');
console.log('principals loads the principal table of a scratch database in a child process with --expose-gc.');
console.log(`suites: ${chosen.join(', ')}`);

const began = Date.now();
try {
  for (const name of chosen) {
    const t0 = Date.now();
    await suites[name]!();
    console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
} finally {
  await stopAll();
}
console.log(`\nall done in ${((Date.now() - began) / 1000).toFixed(0)} s`);
