import type { ConstraintError, Queryable, Role } from '@style-flow/platform';

export type AccountStatus = 'active' | 'deactivated';

// Row types are aliases, not interfaces: the adapter's query<R> takes only types that fit Record<string, unknown>.
export type AccountRow = {
  id: number;
  username: string;
  email: string;
  password_hash: string;
  first_name: string | null;
  last_name: string | null;
  role: Role;
  status: AccountStatus;
  created_at: Date;
};

const columns = 'id, username, email, password_hash, first_name, last_name, role, status, created_at';

/** What the unique indexes of accounts mean to a client, for fromPgError. */
export const accountConstraints: Readonly<Record<string, ConstraintError>> = {
  accounts_email_key: { code: 'EMAIL_TAKEN', detail: 'An account with this email exists.', path: '/email' },
  accounts_username_key: { code: 'USERNAME_TAKEN', detail: 'This username is taken.', path: '/username' }
};

export async function findAccountByEmail(db: Queryable, email: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`select ${columns} from accounts where lower(email) = lower($1)`, [
    email
  ]);
  return rows[0] ?? null;
}

export async function findAccountById(db: Queryable, id: number): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`select ${columns} from accounts where id = $1`, [id]);
  return rows[0] ?? null;
}

export type IdentityTaken = { email_taken: boolean; username_taken: boolean };

/** Whether an account holds this email or this username (both compared without case). */
export async function identityTaken(db: Queryable, email: string, username: string): Promise<IdentityTaken> {
  const { rows } = await db.query<IdentityTaken>(
    `select coalesce(bool_or(lower(email) = lower($1)), false) as email_taken,
            coalesce(bool_or(lower(username) = lower($2)), false) as username_taken
     from accounts where lower(email) = lower($1) or lower(username) = lower($2)`,
    [email, username]
  );
  return rows[0]!;
}

export interface NewAccount {
  username: string;
  email: string;
  passwordHash: string;
  firstName: string | null;
  lastName: string | null;
  role: Role;
}

export async function insertAccount(tx: Queryable, a: NewAccount): Promise<AccountRow> {
  const { rows } = await tx.query<AccountRow>(
    `insert into accounts (username, email, password_hash, first_name, last_name, role)
     values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [a.username, a.email, a.passwordHash, a.firstName, a.lastName, a.role]
  );
  return rows[0]!;
}

export async function hasAccounts(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ taken: boolean }>('select exists (select 1 from accounts) as taken');
  return rows[0]!.taken;
}

export async function setPasswordHash(tx: Queryable, userId: number, passwordHash: string): Promise<void> {
  await tx.query('update accounts set password_hash = $2, updated_at = now() where id = $1', [userId, passwordHash]);
}

/** The user service's view of a user, as its events carry it. */
export interface AnnouncedUser {
  id: number;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: Role;
  status: AccountStatus;
}

/** Applies what the user service announced: profile fields, role, status. */
export async function updateAccountFromUser(tx: Queryable, u: AnnouncedUser): Promise<AccountRow | null> {
  const { rows } = await tx.query<AccountRow>(
    `update accounts set username = $2, email = $3, first_name = $4, last_name = $5, role = $6, status = $7,
       updated_at = now()
     where id = $1 returning ${columns}`,
    [u.id, u.username, u.email, u.first_name, u.last_name, u.role, u.status]
  );
  return rows[0] ?? null;
}
