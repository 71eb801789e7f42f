import pg from 'pg';
import type { Database, PreparedStatement, Queryable, QueryResult, Session } from './database.ts';
import { PgErrorCodes, pgErrorCode } from './database.ts';
import type { PostgresConfig } from '../config/platform-config.ts';

// The JavaScript types of results: int8 as number (ids stay far below 2^53),
// numeric as string (money is never a float), timestamps as Date, json as parsed values.
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }
} as pg.CustomTypesConfig;

const retriable = new Set<string>([PgErrorCodes.serializationFailure, PgErrorCodes.deadlockDetected]);

function connectionOptions(config: PostgresConfig, database: string): pg.ClientConfig {
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database,
    types,
    application_name: 'style-flow'
  };
}

/** Creates `{name}` on the server when it is missing; safe when several instances race to create it. */
async function ensureDatabase(config: PostgresConfig, name: string): Promise<void> {
  const admin = new pg.Client(connectionOptions(config, 'postgres'));
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`create database ${pg.escapeIdentifier(name)}`);
      } catch (error) {
        const code = pgErrorCode(error);
        if (code !== PgErrorCodes.duplicateDatabase && code !== PgErrorCodes.uniqueViolation) throw error;
      }
    }
  } finally {
    await admin.end();
  }
}

function toResult<R extends object>(result: pg.QueryResult): QueryResult<R> {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

function queryable(client: pg.Pool | pg.PoolClient | pg.Client): Queryable {
  return {
    async query<R extends object>(sql: string | PreparedStatement, params?: readonly unknown[]) {
      const values = params as unknown[] | undefined;
      if (typeof sql === 'string') return toResult<R>(await client.query(sql, values));
      return toResult<R>(await client.query({ name: sql.name, text: sql.text, values }));
    },
    async exec(sql: string) {
      await client.query(sql);
    }
  };
}

/**
 * One connection's queries (a transaction's, a session's), refused when one is sent while another still runs: pg
 * queues such a query today with a deprecation warning and refuses it from version 9, and in a transaction their
 * order would be left to chance. Code that wants queries in parallel takes them from the pool.
 */
function oneAtATime(client: pg.PoolClient | pg.Client): Queryable & { idle(): Promise<void> } {
  const inner = queryable(client);
  let running: Promise<unknown> | null = null;
  const alone = <T>(run: () => Promise<T>): Promise<T> => {
    if (running)
      return Promise.reject(
        new Error('a query was sent on a connection while another was running: await each query of a transaction')
      );
    const query = run();
    running = query.finally(() => (running = null)).catch(() => undefined);
    return query;
  };
  return {
    query: (sql, params) => alone(() => inner.query(sql, params)),
    exec: (sql) => alone(() => inner.exec(sql)),
    /** Resolves when no query runs (so that a rollback is not sent over one). */
    idle: async () => void (await running)
  };
}

export async function openPostgresDatabase(config: PostgresConfig, name: string): Promise<Database> {
  await ensureDatabase(config, name);
  const pool = new pg.Pool({ ...connectionOptions(config, name), max: config.poolMax, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection emits 'error' on the pool; it is discarded and replaced.
  pool.on('error', () => undefined);
  const base = queryable(pool);

  return {
    name,
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A connection lost while checked out (the server restarted, the database dropped) fails the query under way;
        // its 'error' event, which the pool listens to only while the client is idle, must not crash the process.
        const ignore = () => undefined;
        client.on('error', ignore);
        const tx = oneAtATime(client);
        let broken = false;
        try {
          await client.query('begin');
          const result = await fn(tx);
          await client.query('commit');
          return result;
        } catch (error) {
          try {
            await tx.idle();
            await client.query('rollback');
          } catch {
            broken = true;
          }
          // A serialization failure or deadlock is the database asking us to try again.
          if (attempt < 5 && retriable.has(pgErrorCode(error) ?? '')) continue;
          throw error;
        } finally {
          client.off('error', ignore);
          client.release(broken);
        }
      }
    },
    async session(): Promise<Session> {
      const client = new pg.Client(connectionOptions(config, name));
      const lost = new Promise<Error>((resolve) => {
        client.on('error', (error) => resolve(error));
        client.on('end', () => resolve(new Error('database session ended')));
      });
      await client.connect();
      const { query, exec } = oneAtATime(client);
      let released = false;
      return {
        query,
        exec,
        lost: lost.then((e) => (released ? new Promise<Error>(() => undefined) : e)),
        async listen(channel: string, onNotify: (payload: string) => void) {
          client.on('notification', (msg) => {
            if (msg.channel === channel) onNotify(msg.payload ?? '');
          });
          await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        },
        async release() {
          released = true;
          await client.end().catch(() => undefined);
        }
      };
    },
    async close() {
      await pool.end();
    }
  };
}
