import { AuthUserRegistered } from '@style-flow/contracts';
import { AppError, AdvisoryLocks, eventOf, lockForTransaction, mappingPgErrors, type Role } from '@style-flow/platform';
import { accountConstraints, hasAccounts, insertAccount, type AccountRow } from '../data/account-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { passwordPolicyErrors } from './passwords.ts';

export interface Registration {
  username: string;
  email: string;
  password: string;
  first_name?: string | undefined;
  last_name?: string | undefined;
}

/**
 * Creates an account and announces it (auth.user.registered). The role is the given one, else `admin` for the
 * first account of an empty system (SPEC §2), else `user`. The unique indexes on email and username (without
 * case) refuse a duplicate, whoever took it meanwhile; the registration lock makes "the first account" one.
 */
export async function registerAccount(
  ctx: AuthContext,
  input: Registration,
  role?: Role,
  traceparent?: string
): Promise<AccountRow> {
  const email = input.email.trim();
  const errors = passwordPolicyErrors(input.password, email);
  if (errors.length > 0)
    throw new AppError('WEAK_PASSWORD', errors.map((e) => `password ${e.message}`).join('; '), { errors });
  // Hashed before the transaction: the lock is held for a few statements, not for a hash.
  const passwordHash = await ctx.passwords.hash(input.password);
  const create = () =>
    ctx.db.transaction(async (tx) => {
      await lockForTransaction(tx, AdvisoryLocks.authRegistration);
      const account = await insertAccount(tx, {
        username: input.username,
        email,
        passwordHash,
        firstName: input.first_name ?? null,
        lastName: input.last_name ?? null,
        role: role ?? ((await hasAccounts(tx)) ? 'user' : 'admin')
      });
      await ctx.emit(tx, [eventOf(AuthUserRegistered, account.id, registeredEvent(account), traceparent)]);
      return account;
    });
  return mappingPgErrors(create, accountConstraints);
}

function registeredEvent(account: AccountRow) {
  return {
    id: account.id,
    username: account.username,
    email: account.email,
    first_name: account.first_name,
    last_name: account.last_name,
    role: account.role,
    registered_at: account.created_at.toISOString()
  };
}
