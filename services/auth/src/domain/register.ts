import { AuthUserRegistered } from '@style-flow/contracts';
import { AppError, eventOf, PgErrorCodes, pgErrorCode, type Role } from '@style-flow/platform';
import { countAccounts, insertAccount, type Account } from '../data/accounts.ts';
import type { AuthContext } from '../auth-context.ts';
import { hashPassword, passwordPolicyErrors } from './passwords.ts';

export interface Registration {
  username: string;
  email: string;
  password: string;
  first_name?: string | undefined;
  last_name?: string | undefined;
}

// Registrations take this lock for their few statements, so "the first account becomes admin" and the
// uniqueness checks see every earlier registration (the password is hashed before, outside the lock).
const REGISTRATION_LOCK = 7_013_101;

/**
 * Creates an account and announces it (auth.user.registered). The role is the given one, else `admin`
 * for the first account of an empty system (SPEC §2), else `user`.
 */
export async function registerAccount(
  ctx: AuthContext,
  input: Registration,
  role?: Role,
  traceparent?: string
): Promise<Account> {
  const email = input.email.trim();
  const errors = passwordPolicyErrors(input.password, email);
  if (errors.length > 0)
    throw new AppError('WEAK_PASSWORD', errors.map((e) => `password ${e.message}`).join('; '), { errors });
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [REGISTRATION_LOCK]);
      const taken = await tx.query<{ email_taken: boolean; username_taken: boolean }>(
        `select coalesce(bool_or(lower(email) = lower($1)), false) as email_taken,
                coalesce(bool_or(lower(username) = lower($2)), false) as username_taken
         from accounts where lower(email) = lower($1) or lower(username) = lower($2)`,
        [email, input.username]
      );
      if (taken.rows[0]?.email_taken)
        throw new AppError('EMAIL_TAKEN', 'An account with this email exists.', {
          errors: [{ path: '/email', message: 'is already registered' }]
        });
      if (taken.rows[0]?.username_taken)
        throw new AppError('USERNAME_TAKEN', 'This username is taken.', {
          errors: [{ path: '/username', message: 'is already taken' }]
        });
      const effectiveRole: Role = role ?? ((await countAccounts(tx)) === 0 ? 'admin' : 'user');
      const account = await insertAccount(tx, {
        username: input.username,
        email,
        passwordHash,
        firstName: input.first_name ?? null,
        lastName: input.last_name ?? null,
        role: effectiveRole
      });
      await ctx.emit(tx, [
        eventOf(
          AuthUserRegistered,
          account.id,
          {
            id: account.id,
            username: account.username,
            email: account.email,
            first_name: account.first_name,
            last_name: account.last_name,
            role: account.role,
            registered_at: account.created_at.toISOString()
          },
          traceparent
        )
      ]);
      return account;
    });
  } catch (error) {
    // The unique indexes are the last word when a profile update elsewhere took the email meanwhile.
    if (pgErrorCode(error) === PgErrorCodes.uniqueViolation)
      throw new AppError('EMAIL_TAKEN', 'An account with this email or username exists.');
    throw error;
  }
}

/** ADMIN_EMAIL / ADMIN_PASSWORD: the admin account, created at start when absent. */
export async function ensureConfiguredAdmin(ctx: AuthContext): Promise<void> {
  const { adminEmail, adminPassword } = ctx.settings;
  if (adminEmail === null || adminPassword === null) return;
  const admin = { email: adminEmail, password: adminPassword };
  const username =
    admin.email
      .split('@')[0]!
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .slice(0, 50) || 'admin';
  try {
    const account = await registerAccount(ctx, { username, email: admin.email, password: admin.password }, 'admin');
    ctx.logger.info({ user_id: account.id, email: account.email }, 'created the configured admin account');
  } catch (error) {
    if (error instanceof AppError && (error.code === 'EMAIL_TAKEN' || error.code === 'USERNAME_TAKEN')) return;
    throw error;
  }
}
