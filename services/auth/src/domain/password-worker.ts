// The task of the worker threads that hash and verify passwords (see password-hasher.ts). Each lowers its own
// scheduling priority once, when it starts: on Linux a thread's nice value is its own, so only the hashing yields the
// CPU to the event loop, the database and the other requests; where the system refuses, it runs at the normal priority.
import { setPriority } from 'node:os';
import { hashSync, verifySync, type Options } from '@node-rs/argon2';

try {
  setPriority(10);
} catch {
  // Not permitted here: hash at the normal priority.
}

export type PasswordJob =
  { op: 'hash'; password: string; options: Options } | { op: 'verify'; hash: string; password: string };

export default function run(job: PasswordJob): string | boolean {
  if (job.op === 'hash') return hashSync(job.password, job.options);
  try {
    return verifySync(job.hash, job.password);
  } catch {
    // A stored hash that does not parse matches no password.
    return false;
  }
}
