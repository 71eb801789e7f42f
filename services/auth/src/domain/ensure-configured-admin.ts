import { randomBytes } from 'node:crypto';
import { AppError } from '@style-flow/platform';
import { findAccountByEmail } from '../data/account-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { registerAccount } from './register-account.ts';

/** ADMIN_EMAIL / ADMIN_PASSWORD (SPEC §2): the admin account, created at start when no account has that email. */
export async function ensureConfiguredAdmin(ctx: AuthContext): Promise<void> {
  const { adminEmail: email, adminPassword: password } = ctx.settings;
  if (email === null || password === null) return;
  if (await findAccountByEmail(ctx.db, email.trim())) return;
  const local = email
    .split('@')[0]!
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, 40);
  const base = local.length >= 3 ? local : 'admin';
  // A username taken by someone else must not leave the system without its admin: a suffix makes it free.
  for (const username of [base, `${base}_${randomBytes(4).toString('hex')}`]) {
    try {
      const account = await registerAccount(ctx, { username, email, password }, 'admin');
      ctx.logger.info({ user_id: account.id, email: account.email }, 'created the configured admin account');
      return;
    } catch (error) {
      // Another instance starting at the same moment created it: that is the outcome wanted.
      if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return;
      if (!(error instanceof AppError && error.code === 'USERNAME_TAKEN')) throw error;
    }
  }
}
