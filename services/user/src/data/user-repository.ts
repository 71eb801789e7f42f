import type { UserSnapshot } from '@style-flow/contracts';
import { AppError, type Queryable, type Role } from '@style-flow/platform';
import type { Static } from 'typebox';

export type Snapshot = Static<typeof UserSnapshot>;

export interface User extends Snapshot {
  [column: string]: unknown;
  phone: string | null;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, username, email, first_name, last_name, phone, role, status, settings, created_at, updated_at';

export function snapshotOf(u: User): Snapshot {
  return { id: u.id, username: u.username, email: u.email, first_name: u.first_name, last_name: u.last_name, role: u.role, status: u.status };
}

/**
 * Inserts the profile unless it already exists; returns it when it was created now, null when it was there.
 * An admin's POST /users and the auth.user.registered consumer insert the same profile at once, so the
 * insert gives way on every unique index: with the id alone as its target, the loser of that race could
 * trip over the email index first and fail. A profile with another id holding the email or username means
 * auth and this service disagree, which is a conflict to surface, not to skip.
 */
export async function insertUserIfAbsent(tx: Queryable, user: Snapshot): Promise<User | null> {
  const { rows } = await tx.query<User>(
    `insert into users (id, username, email, first_name, last_name, role, status)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict do nothing
     returning ${columns}`,
    [user.id, user.username, user.email, user.first_name, user.last_name, user.role, user.status]
  );
  if (rows[0]) return rows[0];
  const { rowCount } = await tx.query('select 1 from users where id = $1', [user.id]);
  if (rowCount === 0) throw new AppError('CONFLICT', `Another profile holds the email or username of account ${user.id}.`);
  return null;
}

export async function findUser(db: Queryable, id: number, lock = false): Promise<User | null> {
  const { rows } = await db.query<User>(`select ${columns} from users where id = $1${lock ? ' for update' : ''}`, [id]);
  return rows[0] ?? null;
}

export interface UserFilter {
  role?: Role | undefined;
  status?: 'active' | 'deactivated' | undefined;
  q?: string | undefined;
  afterId: number;
  limit: number;
}

export async function listUsers(db: Queryable, f: UserFilter): Promise<User[]> {
  const like = f.q === undefined ? null : `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<User>(
    `select ${columns} from users
     where id > $1 and ($2::text is null or role = $2) and ($3::text is null or status = $3)
       and ($4::text is null or first_name ilike $4 or last_name ilike $4 or email ilike $4 or username ilike $4
            or (coalesce(first_name, '') || ' ' || coalesce(last_name, '')) ilike $4)
     order by id limit $5`,
    [f.afterId, f.role ?? null, f.status ?? null, like, f.limit]
  );
  return rows;
}

export type UserChanges = Partial<Pick<User, 'first_name' | 'last_name' | 'phone' | 'settings' | 'role' | 'status'>>;

export async function updateUser(tx: Queryable, id: number, changes: UserChanges): Promise<User> {
  const fields = Object.keys(changes) as (keyof UserChanges)[];
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const values = fields.map((f) => (f === 'settings' ? JSON.stringify(changes[f]) : changes[f]));
  const { rows } = await tx.query<User>(`update users set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`, [id, ...values]);
  return rows[0]!;
}

export async function countActiveAdmins(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("select count(*)::int as n from users where role = 'admin' and status = 'active'");
  return rows[0]!.n;
}
