import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from '@style-flow/platform';

// argon2id (the library's default algorithm) with OWASP's parameters: 19 MiB, 2 passes, 1 lane. The
// library hashes on libuv's thread pool, off the event loop.
const OWASP = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OWASP);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
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
