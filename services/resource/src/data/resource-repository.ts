import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';
import { checkingCapacity } from './load-repository.ts';

export type ResourceRow = {
  id: number;
  name: string;
  type_id: number;
  quantity: number;
  location: string | null;
  description: string | null;
  setup_minutes: number;
  teardown_minutes: number;
  status: 'active' | 'deleted';
  created_at: Date;
  updated_at: Date;
};

export type ResourceInput = {
  name: string;
  type_id: number;
  quantity: number;
  location: string | null;
  description: string | null;
  setup_minutes: number;
  teardown_minutes: number;
};

/** `available`: only resources with at least `quantity` free at every instant of [from, to). */
export type ResourceFilter = {
  type_id: number | undefined;
  like: string | undefined;
  available: { from: string; to: string; quantity: number } | undefined;
};

const columns = `id, name, type_id, quantity, location, description, setup_minutes, teardown_minutes, status,
  created_at, updated_at`;

// The columns PUT /resources may change, in the order of the SET list; nothing else reaches the SQL text.
const changeable = [
  'name',
  'type_id',
  'quantity',
  'location',
  'description',
  'setup_minutes',
  'teardown_minutes'
] as const satisfies readonly (keyof ResourceInput)[];

const resourceConstraints: Record<string, ConstraintError> = {
  resources_type_id_fkey: { code: 'UNKNOWN_RESOURCE_TYPE', detail: 'There is no such resource type.', path: '/type_id' }
};

export async function findResource(db: Queryable, id: number): Promise<ResourceRow | null> {
  const { rows } = await db.query<ResourceRow>(
    `select ${columns} from resources where id = $1 and status = 'active'`,
    [id]
  );
  return rows[0] ?? null;
}

/**
 * The resource's row, locked until the transaction ends: every write that adds load to the resource takes this
 * lock first (the capacity trigger takes it too). NO KEY UPDATE, the lock an UPDATE of the row takes, so that it
 * waits for no foreign-key check of an allocation (see migrations/001-resources.sql).
 */
export async function lockResource(tx: Queryable, id: number): Promise<ResourceRow | null> {
  const { rows } = await tx.query<ResourceRow>(
    `select ${columns} from resources where id = $1 and status = 'active' for no key update`,
    [id]
  );
  return rows[0] ?? null;
}

export async function listResources(
  db: Queryable,
  filter: ResourceFilter,
  after: [number] | null,
  limit: number
): Promise<ResourceRow[]> {
  const { available } = filter;
  const { rows } = await db.query<ResourceRow>(
    `select ${columns} from resources r
     where status = 'active'
       and ($1::int is null or type_id = $1)
       and ($2::text is null or name ilike $2 or description ilike $2 or location ilike $2)
       and ($3::timestamptz is null
            or (select coalesce(max(l.taken), 0) from resource_load(r.id, $3, $4) l) <= r.quantity - $5)
       and ($6::int is null or id > $6)
     order by id limit $7`,
    [
      filter.type_id ?? null,
      filter.like ?? null,
      available?.from ?? null,
      available?.to ?? null,
      available?.quantity ?? 1,
      after?.[0] ?? null,
      limit
    ]
  );
  return rows;
}

export async function insertResource(tx: Queryable, r: ResourceInput): Promise<ResourceRow> {
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<ResourceRow>(
        `insert into resources (name, type_id, quantity, location, description, setup_minutes, teardown_minutes)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${columns}`,
        [r.name, r.type_id, r.quantity, r.location, r.description, r.setup_minutes, r.teardown_minutes]
      ),
    resourceConstraints
  );
  return rows[0]!;
}

/**
 * Changes the given fields. A lower quantity or longer buffers pass the capacity trigger, which refuses them when
 * a future instant would hold more than the quantity: that refusal is thrown as OverCapacity.
 */
export async function updateResource(tx: Queryable, id: number, changes: Partial<ResourceInput>): Promise<ResourceRow> {
  const fields = changeable.filter((f) => changes[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const { rows } = await mappingPgErrors(
    () =>
      checkingCapacity(() =>
        tx.query<ResourceRow>(
          `update resources set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`,
          [id, ...fields.map((f) => changes[f])]
        )
      ),
    resourceConstraints
  );
  return rows[0]!;
}

export async function markResourceDeleted(tx: Queryable, id: number): Promise<ResourceRow> {
  const { rows } = await tx.query<ResourceRow>(
    `update resources set status = 'deleted', updated_at = now() where id = $1 returning ${columns}`,
    [id]
  );
  return rows[0]!;
}

/**
 * The development seed (SPEC §3.4): on an empty system, one room, which is then resource 1. The table lock makes
 * two instances starting together seed it once.
 */
export async function insertRoomIfEmpty(tx: Queryable, name: string): Promise<ResourceRow | null> {
  await tx.query('lock table resources in exclusive mode');
  const { rows } = await tx.query<ResourceRow>(
    `insert into resources (name, type_id, quantity)
     select $1, (select id from resource_types where lower(name) = 'room'), 1
     where not exists (select 1 from resources) returning ${columns}`,
    [name]
  );
  return rows[0] ?? null;
}
