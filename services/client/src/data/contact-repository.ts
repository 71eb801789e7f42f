import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';

export type ContactRow = {
  id: number;
  client_id: number;
  name: string;
  email: string | null;
  phone: string | null;
  position: string | null;
  is_primary: boolean;
  created_at: Date;
  updated_at: Date;
};

export type ContactInput = {
  name: string;
  email: string | null;
  phone: string | null;
  position: string | null;
};

const columns = 'id, client_id, name, email, phone, position, is_primary, created_at, updated_at';
const columnsOf = (alias: string) =>
  columns
    .split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

// The columns PUT may change, in the order of the SET list; nothing else reaches the SQL text.
const changeable = ['name', 'email', 'phone', 'position'] as const satisfies readonly (keyof ContactInput)[];

// Every path that changes a primary locks the client first, so this is the database's last word, not the usual
// answer: should it ever speak, it is a conflict, not a 500.
const contactConstraints: Record<string, ConstraintError> = {
  contacts_one_primary_key: { code: 'CONFLICT', detail: 'The client has another primary contact.', path: '/is_primary' }
};

export async function findContact(db: Queryable, clientId: number, id: number): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>(`select ${columns} from contacts where id = $1 and client_id = $2`, [
    id,
    clientId
  ]);
  return rows[0] ?? null;
}

export async function primaryContact(db: Queryable, clientId: number): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>(
    `select ${columns} from contacts where client_id = $1 and is_primary`,
    [clientId]
  );
  return rows[0] ?? null;
}

export async function hasContacts(tx: Queryable, clientId: number): Promise<boolean> {
  return (await tx.query('select 1 from contacts where client_id = $1 limit 1', [clientId])).rowCount > 0;
}

/** In the order they were added; the position is the last row's id. */
export async function listContacts(
  db: Queryable,
  clientId: number,
  after: readonly [number] | null,
  limit: number
): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `select ${columns} from contacts where client_id = $1 and id > $2 order by id limit $3`,
    [clientId, after?.[0] ?? 0, limit]
  );
  return rows;
}

export async function insertContact(
  tx: Queryable,
  clientId: number,
  input: ContactInput,
  isPrimary: boolean
): Promise<ContactRow> {
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<ContactRow>(
        `insert into contacts (client_id, name, email, phone, position, is_primary) values ($1, $2, $3, $4, $5, $6)
         returning ${columns}`,
        [clientId, input.name, input.email, input.phone, input.position, isPrimary]
      ),
    contactConstraints
  );
  return rows[0]!;
}

export async function updateContact(
  tx: Queryable,
  id: number,
  changes: Partial<ContactInput>,
  isPrimary: boolean | undefined
): Promise<ContactRow> {
  const fields = changeable.filter((f) => changes[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = $${i + 3}`);
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<ContactRow>(
        `update contacts set ${[...sets, 'is_primary = coalesce($2, is_primary)', 'updated_at = now()'].join(', ')}
         where id = $1 returning ${columns}`,
        [id, isPrimary ?? null, ...fields.map((f) => changes[f])]
      ),
    contactConstraints
  );
  return rows[0]!;
}

/** The client's primary contact, if any other than `exceptId`, is primary no more; returns it as it is now. */
export async function demotePrimary(tx: Queryable, clientId: number, exceptId: number | null): Promise<ContactRow[]> {
  const { rows } = await tx.query<ContactRow>(
    `update contacts set is_primary = false, updated_at = now()
     where client_id = $1 and is_primary and id <> coalesce($2::bigint, 0) returning ${columns}`,
    [clientId, exceptId]
  );
  return rows;
}

export async function deleteContact(tx: Queryable, clientId: number, id: number): Promise<ContactRow | null> {
  const { rows } = await tx.query<ContactRow>(
    `delete from contacts where id = $1 and client_id = $2 returning ${columns}`,
    [id, clientId]
  );
  return rows[0] ?? null;
}

/**
 * A merge: `fromId`'s contacts become `toId`'s. Its primary stays primary only when `toId` has none (the subquery
 * sees the contacts as they were before this statement), so the one-primary index holds throughout.
 */
export async function moveContacts(tx: Queryable, fromId: number, toId: number): Promise<number> {
  const { rowCount } = await tx.query(
    `update contacts set client_id = $2, updated_at = now(),
       is_primary = is_primary and not exists (select 1 from contacts where client_id = $2 and is_primary)
     where client_id = $1`,
    [fromId, toId]
  );
  return rowCount;
}

/** Contacts of live clients whose email is this one, whatever its case; one per client (its earliest). */
export async function contactsWithEmail(tx: Queryable, email: string): Promise<ContactRow[]> {
  const { rows } = await tx.query<ContactRow>(
    `select distinct on (c.client_id) ${columnsOf('c')}
     from contacts c join clients cl on cl.id = c.client_id
     where lower(c.email) = lower($1) and cl.status <> 'archived'
     order by c.client_id, c.id`,
    [email]
  );
  return rows;
}
