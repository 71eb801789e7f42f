import {
  AdvisoryLocks,
  lockForTransaction,
  mappingPgErrors,
  type Queryable,
  type QueryResult
} from '@style-flow/platform';

export type ClientType = 'organization' | 'individual';
export type ClientStatus = 'active' | 'archived';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type ClientRow = {
  id: number;
  name: string;
  type: ClientType;
  industry: string | null;
  description: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  status: ClientStatus;
  merged_into: number | null;
  created_at: Date;
  updated_at: Date;
};

export type ClientInput = {
  name: string;
  type: ClientType;
  industry: string | null;
  description: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
};

/** The client's identity as the duplicate guard compares it (client-identity.ts makes it). */
export type IdentityKeys = { name_key: string; email_key: string | null; domain_key: string | null };

/** What a duplicate check looks for: null keys match nothing (a PUT checks only the parts it changes). */
export type IdentityProbe = { [K in keyof IdentityKeys]: IdentityKeys[K] | null };

/** A live client that shares some part of its identity with the one being written. */
export type DuplicateRow = Pick<ClientRow, 'id' | 'name' | 'type' | 'email' | 'website'> & {
  same_name: boolean;
  same_email: boolean;
  same_domain: boolean;
};

const columns = `id, name, type, industry, description, email, phone, website, status, merged_into, created_at,
  updated_at`;

// The columns PUT /clients may change, in the order of the SET list; nothing else reaches the SQL text.
const changeable = ['name', 'type', 'industry', 'description', 'email', 'phone', 'website'] as const satisfies
  readonly (keyof ClientInput)[];
const keyColumns = ['name_key', 'email_key', 'domain_key'] as const satisfies readonly (keyof IdentityKeys)[];

export async function findClient(db: Queryable, id: number): Promise<ClientRow | null> {
  const { rows } = await db.query<ClientRow>(`select ${columns} from clients where id = $1`, [id]);
  return rows[0] ?? null;
}

/** The client's row, locked until the transaction ends: every change of it or of its contacts takes this first. */
export async function lockClient(tx: Queryable, id: number): Promise<ClientRow | null> {
  const { rows } = await tx.query<ClientRow>(`select ${columns} from clients where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

/** Several clients' rows locked in id order, so two transactions locking the same pair cannot deadlock. */
export async function lockClients(tx: Queryable, ids: readonly number[]): Promise<ClientRow[]> {
  const { rows } = await tx.query<ClientRow>(
    `select ${columns} from clients where id = any($1::bigint[]) order by id for update`,
    [ids]
  );
  return rows;
}

/**
 * Where effects addressed to a client land: the client itself, or the client a merge handed it to. Each row on the
 * way is locked (share) until the transaction ends, so a merge of the one that answers waits for this effect and
 * then moves it along. A merge repoints earlier ones, so the chain is one step long, or two while a merge commits.
 */
export async function lockLandingClient(tx: Queryable, id: number): Promise<ClientRow | null> {
  let next: number | null = id;
  let client: ClientRow | null = null;
  for (let hop = 0; next !== null && hop < 5; hop++) {
    const found: QueryResult<ClientRow> = await tx.query<ClientRow>(
      `select ${columns} from clients where id = $1 for share`,
      [next]
    );
    client = found.rows[0] ?? null;
    next = client?.merged_into ?? null;
  }
  return client;
}

/** Creations and identity changes one at a time, so each duplicate check sees every client written before it. */
export async function lockClientIdentities(tx: Queryable): Promise<void> {
  await lockForTransaction(tx, AdvisoryLocks.clientIdentity);
}

/** Live clients other than `exceptId` with the same name, email or website domain, oldest first. */
export async function findDuplicates(
  tx: Queryable,
  keys: IdentityProbe,
  exceptId: number | null,
  limit: number
): Promise<DuplicateRow[]> {
  const { rows } = await tx.query<DuplicateRow>(
    `select id, name, type, email, website, coalesce(name_key = $1, false) as same_name,
       coalesce(email_key = $2, false) as same_email,
       coalesce(domain_key = $3, false) as same_domain
     from clients
     where status <> 'archived' and ($4::bigint is null or id <> $4)
       and (name_key = $1 or email_key = $2 or domain_key = $3)
     order by id limit $5`,
    [keys.name_key, keys.email_key, keys.domain_key, exceptId, limit]
  );
  return rows;
}

export async function insertClient(tx: Queryable, input: ClientInput, keys: IdentityKeys): Promise<ClientRow> {
  const { rows } = await mappingPgErrors(() =>
    tx.query<ClientRow>(
      `insert into clients (name, type, industry, description, email, phone, website, name_key, email_key, domain_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${columns}`,
      [
        input.name,
        input.type,
        input.industry,
        input.description,
        input.email,
        input.phone,
        input.website,
        keys.name_key,
        keys.email_key,
        keys.domain_key
      ]
    )
  );
  return rows[0]!;
}

export async function updateClient(
  tx: Queryable,
  id: number,
  changes: Partial<ClientInput>,
  keys: IdentityKeys
): Promise<ClientRow> {
  const fields = changeable.filter((f) => changes[f] !== undefined);
  const values = [...fields.map((f) => changes[f]), ...keyColumns.map((k) => keys[k])];
  const sets = [...fields, ...keyColumns].map((f, i) => `${f} = $${i + 2}`);
  const { rows } = await mappingPgErrors(() =>
    tx.query<ClientRow>(
      `update clients set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`,
      [id, ...values]
    )
  );
  return rows[0]!;
}

/** Archived (by DELETE, or by a merge into `mergedInto`); its history stays. */
export async function markArchived(tx: Queryable, id: number, mergedInto: number | null): Promise<ClientRow> {
  const { rows } = await tx.query<ClientRow>(
    `update clients set status = 'archived', merged_into = $2, updated_at = now() where id = $1 returning ${columns}`,
    [id, mergedInto]
  );
  return rows[0]!;
}

/** Clients merged into `fromId` earlier now point at `toId`, so every merged client is one step from a survivor. */
export async function repointMerged(tx: Queryable, fromId: number, toId: number): Promise<void> {
  await tx.query('update clients set merged_into = $2, updated_at = now() where merged_into = $1', [fromId, toId]);
}

export type ClientFilter = {
  type?: ClientType | undefined;
  industry?: string | undefined;
  /** Unset: every client but the archived ones. */
  status?: ClientStatus | undefined;
  /** An ILIKE pattern (containsPattern) over name, email and website. */
  like?: string | undefined;
};

/** Where a client stands in the name order of the list: the position a page's cursor (its last row's id) names. */
export async function namePosition(db: Queryable, id: number): Promise<[string, number] | null> {
  const { rows } = await db.query<{ name: string; id: number }>('select name, id from clients where id = $1', [id]);
  return rows[0] ? [rows[0].name, rows[0].id] : null;
}

/**
 * In name order, then id. `like` is matched against `search` (name, email and website joined by line breaks) and
 * served by its trigram index; `after` is the (name, id) of the previous page's last row.
 */
export async function listClients(
  db: Queryable,
  f: ClientFilter,
  after: readonly [string, number] | null,
  limit: number
): Promise<ClientRow[]> {
  const { rows } = await db.query<ClientRow>(
    `select ${columns} from clients
     where ($1::text is null or type = $1) and ($2::text is null or lower(industry) = lower($2))
       and (case when $3::text is null then status <> 'archived' else status = $3 end)
       and ($4::text is null or search ilike $4)
       and ($5::text is null or (name, id) > ($5, $6))
     order by name, id limit $7`,
    [f.type ?? null, f.industry ?? null, f.status ?? null, f.like ?? null, after?.[0] ?? null, after?.[1] ?? 0, limit]
  );
  return rows;
}
