import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type ResourceTypeRow = {
  id: number;
  name: string;
  description: string | null;
  created_at: Date;
};

const columns = 'id, name, description, created_at';

const typeConstraints: Record<string, ConstraintError> = {
  resource_types_name_key: { code: 'RESOURCE_TYPE_EXISTS', detail: 'A resource type of this name exists.', path: '/name' }
};

export async function findResourceType(db: Queryable, id: number): Promise<ResourceTypeRow | null> {
  const { rows } = await db.query<ResourceTypeRow>(`select ${columns} from resource_types where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listResourceTypes(
  db: Queryable,
  after: [number] | null,
  limit: number
): Promise<ResourceTypeRow[]> {
  const { rows } = await db.query<ResourceTypeRow>(
    `select ${columns} from resource_types where ($1::int is null or id > $1) order by id limit $2`,
    [after?.[0] ?? null, limit]
  );
  return rows;
}

export async function insertResourceType(
  db: Queryable,
  name: string,
  description: string | null
): Promise<ResourceTypeRow> {
  const { rows } = await mappingPgErrors(
    () =>
      db.query<ResourceTypeRow>(
        `insert into resource_types (name, description) values ($1, $2) returning ${columns}`,
        [name, description]
      ),
    typeConstraints
  );
  return rows[0]!;
}
