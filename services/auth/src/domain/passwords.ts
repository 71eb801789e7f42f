import { availableParallelism } from 'node:os';
import type { FieldError } from '@style-flow/platform';
import { Piscina } from 'piscina';
import type { PasswordJob } from './password-hasher.ts';

// argon2id (the library's default algorithm) with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
const OWASP = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Hashing is the one CPU-heavy thing the service does: it runs on worker threads of lower priority, one per core,
// so that a burst of logins uses every spare cycle without delaying the event loop (a login's other work, every
// other request) behind it. Logins beyond the cores wait in the pool's queue. Started on first use.
let pool: Piscina<PasswordJob, string | boolean> | undefined;
const hasher = () =>
  (pool ??= new Piscina({
    filename: new URL('./password-hasher.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: availableParallelism()
  }));

export async function hashPassword(password: string): Promise<string> {
  return (await hasher().run({ op: 'hash', password, options: OWASP })) as string;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return (await hasher().run({ op: 'verify', hash: passwordHash, password })) === true;
}

export const PASSWORD_MIN_LENGTH = 8;

/** SPEC §3.1: at least 8 characters, not the email. */
export function passwordPolicyErrors(password: string, email: string | undefined, path = '/password'): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH)
    errors.push({ path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters` });
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase())
    errors.push({ path, message: 'must not be the email address' });
  return errors;
}

/**
 * A hash of a random password, verified when the email is unknown so that the answer takes as long as
 * for a wrong password (no account enumeration by timing).
 */
export function createDecoyHash(): Promise<string> {
  return hashPassword(crypto.randomUUID());
}
