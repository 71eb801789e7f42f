import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type CategoryRow = {
  id: number;
  name: string;
  description: string | null;
};

const categoryConstraints: Record<string, ConstraintError> = {
  // Names are unique whatever their case (`lower(name)`).
  categories_name_key: { code: 'CATEGORY_EXISTS', detail: 'A category with this name exists.', path: '/name' }
};

export async function findCategory(db: Queryable, id: number): Promise<CategoryRow | null> {
  const { rows } = await db.query<CategoryRow>('select id, name, description from categories where id = $1', [id]);
  return rows[0] ?? null;
}

/** In id order, after the id of the previous page's last row. */
export async function listCategories(db: Queryable, afterId: number | null, limit: number): Promise<CategoryRow[]> {
  const { rows } = await db.query<CategoryRow>(
    'select id, name, description from categories where id > $1 order by id limit $2',
    [afterId ?? 0, limit]
  );
  return rows;
}

export async function insertCategory(db: Queryable, name: string, description: string | null): Promise<CategoryRow> {
  const { rows } = await mappingPgErrors(
    () =>
      db.query<CategoryRow>('insert into categories (name, description) values ($1, $2) returning id, name, description', [
        name,
        description
      ]),
    categoryConstraints
  );
  return rows[0]!;
}
