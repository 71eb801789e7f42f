import { availableParallelism } from 'node:os';
import type { Component } from '@style-flow/platform';
import { Piscina } from 'piscina';
import type { PasswordJob } from './password-worker.ts';

// argon2id (the library's default algorithm) with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
const OWASP = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id hashing on worker threads: a part of the auth service, made by its composition root. */
export interface PasswordHasher extends Component {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** The worker threads alive now: none once stopped. */
  readonly threads: number;
}

/**
 * Hashing is the one CPU-heavy thing the service does: it runs on worker threads of lower priority, one per core,
 * so that a burst of logins uses every spare cycle without delaying the event loop (a login's other work, every
 * other request) behind it. Logins beyond the cores wait in the pool's queue. The pool works from the moment it is
 * made, since the service hashes while it is being composed (the configured admin, the decoy hash); stop() lets the
 * hashes under way finish and ends the threads.
 */
export function createPasswordHasher(name = 'password-hasher'): PasswordHasher {
  const pool = new Piscina<PasswordJob, string | boolean>({
    filename: new URL('./password-worker.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: availableParallelism()
  });
  let stopped = false;
  // A closed pool would start new threads for the next task: once stopped, the hasher refuses work instead.
  const run = (job: PasswordJob): Promise<string | boolean> =>
    stopped ? Promise.reject(new Error(`${name} is stopped`)) : pool.run(job);
  return {
    name,
    async start() {},
    async stop() {
      stopped = true;
      await pool.close();
    },
    async hash(password) {
      return (await run({ op: 'hash', password, options: OWASP })) as string;
    },
    async verify(passwordHash, password) {
      return (await run({ op: 'verify', hash: passwordHash, password })) === true;
    },
    get threads() {
      return pool.threads.length;
    }
  };
}
