import { AppError, type Queryable } from '@style-flow/platform';
import { clearFailures, countFailure } from '../data/login-throttle-repository.ts';

// Failed logins slow an attacker down per account (guessing one password) and per client address
// (spraying many accounts). Counted in the database, so every instance of the service shares them.
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const accountPolicy: ThrottlePolicy = { maxFailures: 5, windowSeconds: 900, lockSeconds: 300 };
export const addressPolicy: ThrottlePolicy = { maxFailures: 30, windowSeconds: 900, lockSeconds: 900 };

export const accountKey = (email: string): string => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string): string => `address:${address}`;

/** The throttle keys a login attempt is counted under: its account's and its client address's. */
export const throttleKeys = (email: string, address: string): string[] => [accountKey(email), addressKey(address)];

/** Refuses with 429 and Retry-After while the account or the address is locked (`seconds` still to wait). */
export function refuseWhileLocked(seconds: number | null): void {
  if (seconds && seconds > 0) {
    throw new AppError('LOGIN_THROTTLED', `Too many failed logins; try again in ${seconds} seconds.`, {
      headers: { 'retry-after': String(seconds) }
    });
  }
}

/** A failed login counts against the account and the address alike. */
export async function recordFailedLogin(db: Queryable, email: string, address: string): Promise<void> {
  await countFailure(db, accountKey(email), accountPolicy);
  await countFailure(db, addressKey(address), addressPolicy);
}

/** The account's count starts again (a login or a reset succeeded); the address keeps its own. */
export async function forgetAccountFailures(db: Queryable, email: string): Promise<void> {
  await clearFailures(db, accountKey(email));
}
