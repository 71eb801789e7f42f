import type { UserSnapshot } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import type { Static } from 'typebox';

export type User = Static<typeof UserSnapshot>;

const columns = 'id, username, email, first_name, last_name, role, status';

/** Inserts the profile unless it already exists; returns it when it was created now. */
export async function insertUserIfAbsent(tx: Queryable, user: User): Promise<User | null> {
  const { rows } = await tx.query<User>(
    `insert into users (id, username, email, first_name, last_name, role, status)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do nothing
     returning ${columns}`,
    [user.id, user.username, user.email, user.first_name, user.last_name, user.role, user.status]
  );
  return rows[0] ?? null;
}

export async function findUser(db: Queryable, id: number): Promise<User | null> {
  const { rows } = await db.query<User>(`select ${columns} from users where id = $1`, [id]);
  return rows[0] ?? null;
}


