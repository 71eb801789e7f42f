// `npm run bench`: every benchmark prints its figures as ratios against a baseline measured in the same run.
// Backends come from the environment as in the tests (POSTGRES_HOST, KAFKA_BOOTSTRAP_SERVERS); missing ones are skipped.
import { cpus, totalmem } from 'node:os';
import { authThroughput } from './auth.ts';
import { relayLatency } from './relay-latency.ts';

console.log('# Style Flow benchmarks');
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
console.log(`PostgreSQL: ${process.env.POSTGRES_HOST ? `${process.env.POSTGRES_HOST}:${process.env.POSTGRES_PORT ?? 5432}` : 'not configured'}; Kafka: ${process.env.KAFKA_BOOTSTRAP_SERVERS || 'not configured'}`);
await relayLatency();
await authThroughput();
