import type { Queryable } from '@style-flow/platform';

export interface Integration {
  [column: string]: unknown;
  id: number;
  user_id: number;
  provider: string;
  external_id: string;
  status: string;
  connected_at: Date;
}

const columns = 'id, user_id, provider, external_id, status, connected_at';

export async function listIntegrations(db: Queryable, userId: number): Promise<Integration[]> {
  return (await db.query<Integration>(`select ${columns} from integrations where user_id = $1 order by id`, [userId])).rows;
}

/** Null when the same provider account is already linked to this user. */
export async function insertIntegration(tx: Queryable, i: { userId: number; provider: string; externalId: string; status: string }): Promise<Integration | null> {
  const { rows } = await tx.query<Integration>(
    `insert into integrations (user_id, provider, external_id, status) values ($1, $2, $3, $4)
     on conflict (user_id, provider, external_id) do nothing returning ${columns}`,
    [i.userId, i.provider, i.externalId, i.status]
  );
  return rows[0] ?? null;
}

export async function deleteIntegration(tx: Queryable, userId: number, id: number): Promise<Integration | null> {
  const { rows } = await tx.query<Integration>(`delete from integrations where user_id = $1 and id = $2 returning ${columns}`, [userId, id]);
  return rows[0] ?? null;
}
