import type { Config, Database, Logger, OutboxEntry, Queryable } from '@style-flow/platform';

/** Where a password-reset token goes: e-mail in a real deployment; the log in development. */
export type ResetTokenDelivery = (
  account: { id: number; email: string },
  token: string,
  expiresAt: Date
) => Promise<void>;

/** What the auth service's rules work with. */
export interface AuthContext {
  db: Database;
  config: Readonly<Config>;
  logger: Logger;
  emit(tx: Queryable, entries: readonly OutboxEntry[]): Promise<void>;
  deliverResetToken: ResetTokenDelivery;
  /** A hash to verify against when the email is unknown (equal timing). */
  decoyHash: Promise<string>;
}
