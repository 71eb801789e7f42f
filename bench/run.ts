// `npm run bench`: every benchmark prints its figures as ratios against a baseline measured in the same run.
// Backends come from the environment as in the tests (POSTGRES_HOST, KAFKA_BOOTSTRAP_SERVERS); missing ones are skipped.
import { cpus, totalmem } from 'node:os';
import { authThroughput } from './auth.ts';
import { clientThroughput } from './clients.ts';
import { eventThroughput } from './events.ts';
import { footprint } from './footprint.ts';
import { gatewayOverhead } from './gateway.ts';
import { paymentThroughput } from './payments.ts';
import { relayLatency } from './relay-latency.ts';
import { resourceThroughput } from './resources.ts';

console.log('# Style Flow benchmarks');
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
);
console.log(
  `PostgreSQL: ${process.env.POSTGRES_HOST ? `${process.env.POSTGRES_HOST}:${process.env.POSTGRES_PORT ?? 5432}` : 'not configured'}; Kafka: ${process.env.KAFKA_BOOTSTRAP_SERVERS || 'not configured'}; Redis: ${process.env.REDIS_URL || 'not configured'}`
);
console.log(
  'Load is generated in the same process as the services (autocannon), on loopback, so the figures are relative, not absolute.'
);
// `npm run bench -- gateway auth` runs only those.
const suites: Record<string, () => Promise<void>> = {
  relay: relayLatency,
  auth: authThroughput,
  gateway: gatewayOverhead,
  events: eventThroughput,
  clients: clientThroughput,
  resources: resourceThroughput,
  payments: paymentThroughput,
  footprint
};
const chosen = process.argv.slice(2).filter((a) => a in suites);
for (const name of chosen.length > 0 ? chosen : Object.keys(suites)) await suites[name]!();
