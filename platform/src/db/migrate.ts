import { AdvisoryLocks } from './advisory-locks.ts';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export interface Migration {
  /** Unique and sortable within its set, e.g. `user/001-profiles.sql`. */
  name: string;
  sql: string;
}

/** Reads `NNN-name.sql` files from a folder, in name order, names prefixed with `set/`. */
export async function readMigrations(dir: URL, set: string): Promise<Migration[]> {
  const path = fileURLToPath(dir);
  const files = (await readdir(path)).filter((f) => /^\d{3}-[\w.-]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ name: `${set}/${f}`, sql: await readFile(`${path}/${f}`, 'utf8') })));
}

/** The platform's own tables (outbox, inbox), applied before any service's migrations. */
export function platformMigrations(): Promise<Migration[]> {
  return readMigrations(new URL('../../migrations/', import.meta.url), 'platform');
}

const MIGRATION_LOCK = AdvisoryLocks.migrations;

/**
 * Applies the migrations not yet applied, all in one transaction under an advisory lock, so that two
 * instances starting together apply each exactly once, and a failed migration leaves nothing behind.
 * Refuses to start when an applied migration's file has changed since.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).rows.map(
        (r) => [r.name, r.checksum]
      )
    );
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      const known = applied.get(m.name);
      if (known !== undefined) {
        if (known !== checksum)
          throw new Error(
            `migration ${m.name} was changed after it was applied to ${db.name}; add a new migration instead`
          );
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [m.name, checksum]);
      done.push(m.name);
    }
    return done;
  });
}
