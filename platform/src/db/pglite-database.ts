import { mkdir } from 'node:fs/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { Database, Queryable, QueryResult, Row, Session } from './database.ts';

// The same JavaScript types as the PostgreSQL adapter: int8 as number, numeric as string, timestamptz as Date.
const parsers = {
  [pgliteTypes.INT8]: (value: string) => Number(value),
  [pgliteTypes.NUMERIC]: (value: string) => value
};

interface PGliteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function queryable(target: PGliteQueryable): Queryable {
  return {
    async query<R extends Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await target.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    }
  };
}

/** The embedded database: PostgreSQL compiled to WebAssembly, kept on disk in `dir` (or in memory for `memory://`). */
export async function openPgliteDatabase(dir: string, name: string): Promise<Database> {
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir, { extensions: { btree_gist }, parsers });
  const base = queryable(db);
  return {
    kind: 'pglite',
    name,
    query: base.query,
    exec: base.exec,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction((tx) => fn(queryable(tx)));
    },
    // PGlite is one session in this process: a "session" is that same connection. Session-level
    // advisory locks therefore always succeed, which is right: only this process can use the files.
    async session(): Promise<Session> {
      const unlisteners: Array<() => Promise<void>> = [];
      return {
        ...base,
        lost: new Promise<Error>(() => undefined),
        async listen(channel: string, onNotify: () => void) {
          unlisteners.push(await db.listen(channel, () => onNotify()));
        },
        async release() {
          for (const u of unlisteners) await u().catch(() => undefined);
        }
      };
    },
    async close() {
      await db.close();
    }
  };
}
