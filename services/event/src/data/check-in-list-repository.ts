import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type CheckInListRow = {
  id: number;
  event_id: number;
  name: string;
  is_default: boolean;
  created_at: Date;
  /** The tickets checked in on the list. */
  checked_in_count: number;
};

const listConstraints: Record<string, ConstraintError> = {
  // Names are unique within an event whatever their case (`lower(name)`).
  check_in_lists_name_key: {
    code: 'CHECK_IN_LIST_EXISTS',
    detail: 'The event has a check-in list of this name.',
    path: '/name'
  }
};

const columns = `l.id, l.event_id, l.name, l.is_default, l.created_at,
  (select count(*)::int from check_ins c where c.list_id = l.id and not c.duplicate) as checked_in_count`;

/** The list every event has, made with it: scans that name no list go there. */
export async function insertDefaultList(tx: Queryable, eventId: number): Promise<void> {
  await tx.query(`insert into check_in_lists (event_id, name, is_default) values ($1, 'Default', true)`, [eventId]);
}

export async function insertList(db: Queryable, eventId: number, name: string): Promise<CheckInListRow> {
  const { rows } = await mappingPgErrors(
    () =>
      db.query<CheckInListRow>(
        `with l as (insert into check_in_lists (event_id, name) values ($1, $2) returning *)
         select l.id, l.event_id, l.name, l.is_default, l.created_at, 0 as checked_in_count from l`,
        [eventId, name]
      ),
    listConstraints
  );
  return rows[0]!;
}

export async function findList(db: Queryable, eventId: number, id: number): Promise<CheckInListRow | null> {
  const { rows } = await db.query<CheckInListRow>(
    `select ${columns} from check_in_lists l where l.event_id = $1 and l.id = $2`,
    [eventId, id]
  );
  return rows[0] ?? null;
}

/** In id order (the default list first), after the id of the previous page's last row. */
export async function listLists(
  db: Queryable,
  eventId: number,
  afterId: number | null,
  limit: number
): Promise<CheckInListRow[]> {
  const { rows } = await db.query<CheckInListRow>(
    `select ${columns} from check_in_lists l where l.event_id = $1 and l.id > $2 order by l.id limit $3`,
    [eventId, afterId ?? 0, limit]
  );
  return rows;
}
