// `node bench/argon2-rate.ts <concurrency> <seconds>`: the raw argon2id verification rate of this machine with the
// auth service's parameters, `concurrency` verifications at a time, in a process of its own (no HTTP, no database).
// Prints one JSON line: {"rate": verifications per second}.
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';

/** The auth service's argon2id parameters (OWASP): m = 19 MiB, t = 2, p = 1. */
const OWASP = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const [concurrency, seconds] = [Number(process.argv[2] ?? 8), Number(process.argv[3] ?? 5)];
const stored = await hash('benchmark password', OWASP);
let done = 0;
const deadline = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await verify(stored, 'benchmark password');
      done++;
    }
  })
);
process.stdout.write(`${JSON.stringify({ rate: done / seconds })}\n`);
