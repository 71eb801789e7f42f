import { mappingPgErrors, type Queryable } from '@style-flow/platform';

export type IntegrationStatus = 'active' | 'pending' | 'revoked';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type Integration = {
  id: number;
  user_id: number;
  provider: string;
  external_id: string;
  status: IntegrationStatus;
  connected_at: Date;
};

const columns = 'id, user_id, provider, external_id, status, connected_at';

/** In id order, after the id of the previous page's last row. */
export async function listIntegrations(
  db: Queryable,
  userId: number,
  after: readonly [number] | null,
  limit: number
): Promise<Integration[]> {
  const { rows } = await db.query<Integration>(
    `select ${columns} from integrations where user_id = $1 and id > $2 order by id limit $3`,
    [userId, after?.[0] ?? 0, limit]
  );
  return rows;
}

/** A provider account linked twice to the same user is INTEGRATION_EXISTS (the table's unique constraint). */
export async function insertIntegration(
  tx: Queryable,
  i: { userId: number; provider: string; externalId: string; status: IntegrationStatus }
): Promise<Integration> {
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<Integration>(
        `insert into integrations (user_id, provider, external_id, status) values ($1, $2, $3, $4)
         returning ${columns}`,
        [i.userId, i.provider, i.externalId, i.status]
      ),
    {
      integrations_user_id_provider_external_id_key: {
        code: 'INTEGRATION_EXISTS',
        detail: `This ${i.provider} account is already linked.`
      }
    }
  );
  return rows[0]!;
}

export async function deleteIntegration(tx: Queryable, userId: number, id: number): Promise<Integration | null> {
  const { rows } = await tx.query<Integration>(
    `delete from integrations where user_id = $1 and id = $2 returning ${columns}`,
    [userId, id]
  );
  return rows[0] ?? null;
}
