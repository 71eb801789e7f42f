import type { UserSnapshot } from '@style-flow/contracts';
import { AppError, prepared, type Queryable, type Role } from '@style-flow/platform';
import type { Static } from 'typebox';

export type Snapshot = Static<typeof UserSnapshot>;
export type UserStatus = Snapshot['status'];

// A type, not an interface with an index signature: a misspelt column does not compile.
export type User = Snapshot & {
  phone: string | null;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
};

const columns = 'id, username, email, first_name, last_name, phone, role, status, settings, created_at, updated_at';

export function snapshotOf(u: User): Snapshot {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    role: u.role,
    status: u.status,
    // What the notification service needs of the settings, and nothing else of them (they are the user's own).
    locale: typeof u.settings.locale === 'string' ? u.settings.locale : null,
    optional_messages: u.settings.optional_messages !== false
  };
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
  if (!(await userExists(tx, user.id))) {
    throw new AppError('CONFLICT', `Another profile holds the email or username of account ${user.id}.`);
  }
  return null;
}

// Prepared: GET /users/{id} runs it on every call.
const findUserQuery = prepared(`select ${columns} from users where id = $1`);

export async function findUser(db: Queryable, id: number): Promise<User | null> {
  const { rows } = await db.query<User>(findUserQuery, [id]);
  return rows[0] ?? null;
}

export async function userExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('select 1 from users where id = $1', [id])).rowCount > 0;
}

/** The profile, locked until the transaction ends, so that a change is checked against what it replaces. */
export async function lockUser(tx: Queryable, id: number): Promise<User | null> {
  const { rows } = await tx.query<User>(`select ${columns} from users where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

export type UserFilter = {
  role?: Role | undefined;
  status?: UserStatus | undefined;
  /** An ILIKE pattern (containsPattern), matched against the names, the email and the username. */
  like?: string | undefined;
};

/** In id order, after the id of the previous page's last row. */
export async function listUsers(
  db: Queryable,
  f: UserFilter,
  after: readonly [number] | null,
  limit: number
): Promise<User[]> {
  const { rows } = await db.query<User>(
    `select ${columns} from users
     where id > $1 and ($2::text is null or role = $2) and ($3::text is null or status = $3)
       and ($4::text is null or first_name ilike $4 or last_name ilike $4 or email ilike $4 or username ilike $4
            or (coalesce(first_name, '') || ' ' || coalesce(last_name, '')) ilike $4)
     order by id limit $5`,
    [after?.[0] ?? 0, f.role ?? null, f.status ?? null, f.like ?? null, limit]
  );
  return rows;
}

export type UserChanges = Partial<Pick<User, 'first_name' | 'last_name' | 'phone' | 'settings' | 'role' | 'status'>>;

// The columns a change may set, in the order of the SET list; nothing else reaches the SQL text.
const changeable = [
  'first_name',
  'last_name',
  'phone',
  'settings',
  'role',
  'status'
] as const satisfies readonly (keyof UserChanges)[];

export async function updateUser(tx: Queryable, id: number, changes: UserChanges): Promise<User> {
  const fields = changeable.filter((f) => changes[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const values = fields.map((f) => (f === 'settings' ? JSON.stringify(changes[f]) : changes[f]));
  const { rows } = await tx.query<User>(
    `update users set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`,
    [id, ...values]
  );
  return rows[0]!;
}

export async function countActiveAdmins(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "select count(*)::int as n from users where role = 'admin' and status = 'active'"
  );
  return rows[0]!.n;
}
