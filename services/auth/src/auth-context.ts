import type { ServiceContext } from '@style-flow/platform';
import type { AuthSettings } from './auth-config.ts';
import type { PasswordHasher } from './domain/password-hasher.ts';

/** Where a password-reset token goes: e-mail in a real deployment; the log in development. */
export type ResetTokenDelivery = (
  account: { id: number; email: string },
  token: string,
  expiresAt: Date
) => Promise<void>;

/** What the auth service's rules work with. */
export interface AuthContext extends ServiceContext {
  settings: AuthSettings;
  deliverResetToken: ResetTokenDelivery;
  /** argon2id on worker threads, a part of the service's lifecycle. */
  passwords: PasswordHasher;
  /** A hash to verify against when the email is unknown (equal timing). */
  decoyHash: Promise<string>;
}
