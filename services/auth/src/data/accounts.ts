import type { Queryable } from '@style-flow/platform';
import type { Role } from '@style-flow/platform';

export interface Account {
  [column: string]: unknown;
  id: number;
  username: string;
  email: string;
  password_hash: string;
  first_name: string | null;
  last_name: string | null;
  role: Role;
  status: 'active' | 'deactivated';
  created_at: Date;
}

const columns = 'id, username, email, password_hash, first_name, last_name, role, status, created_at';

export async function findAccountByEmail(db: Queryable, email: string): Promise<Account | null> {
  const { rows } = await db.query<Account>(`select ${columns} from accounts where lower(email) = lower($1)`, [email]);
  return rows[0] ?? null;
}

export async function findAccountById(db: Queryable, id: number): Promise<Account | null> {
  const { rows } = await db.query<Account>(`select ${columns} from accounts where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertAccount(
  tx: Queryable,
  a: { username: string; email: string; passwordHash: string; firstName: string | null; lastName: string | null; role: Role }
): Promise<Account> {
  const { rows } = await tx.query<Account>(
    `insert into accounts (username, email, password_hash, first_name, last_name, role)
     values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [a.username, a.email, a.passwordHash, a.firstName, a.lastName, a.role]
  );
  return rows[0]!;
}

export async function countAccounts(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('select count(*)::int as n from accounts');
  return rows[0]!.n;
}

export async function setPasswordHash(tx: Queryable, userId: number, passwordHash: string): Promise<void> {
  await tx.query('update accounts set password_hash = $2, updated_at = now() where id = $1', [userId, passwordHash]);
}

/** Applies what the user service announced: profile fields, role, status. */
export async function updateAccountFromUser(
  tx: Queryable,
  u: { id: number; username: string; email: string; first_name: string | null; last_name: string | null; role: Role; status: 'active' | 'deactivated' }
): Promise<Account | null> {
  const { rows } = await tx.query<Account>(
    `update accounts set username = $2, email = $3, first_name = $4, last_name = $5, role = $6, status = $7, updated_at = now()
     where id = $1 returning ${columns}`,
    [u.id, u.username, u.email, u.first_name, u.last_name, u.role, u.status]
  );
  return rows[0] ?? null;
}
