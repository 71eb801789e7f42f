import type { FieldError } from '@style-flow/platform';
import type { PasswordHasher } from './password-hasher.ts';

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
export function createDecoyHash(hasher: PasswordHasher): Promise<string> {
  const decoy = hasher.hash(crypto.randomUUID());
  // Awaited at the first login with an unknown email, which may never come: a service stopped (or failing to start)
  // while it is computed must not end the process with an unhandled rejection.
  decoy.catch(() => undefined);
  return decoy;
}
