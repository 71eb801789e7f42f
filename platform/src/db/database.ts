// One small query interface over the database (DESIGN §1): services write plain SQL against it and never know
// whether a PostgreSQL server of their own or the program's embedded one answers.
import { createHash } from 'node:crypto';

export type Row = Record<string, unknown>;

/**
 * A statement PostgreSQL parses and plans once per connection rather than on every call (a named prepared
 * statement): for the reads every request makes, where parsing costs the server more than the lookup. Its text is
 * fixed; only the parameters change. Not for statements whose text is built per call.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** Declares a prepared statement, named after its text so that the same text is one statement everywhere. */
export function prepared(text: string): PreparedStatement {
  return Object.freeze({ name: `sf_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text });
}

export interface QueryResult<R extends object = Row> {
  rows: R[];
  /** Rows returned, or touched by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Queryable {
  query<R extends object = Row>(sql: string | PreparedStatement, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs several statements separated by semicolons (migrations); takes no parameters. */
  exec(sql: string): Promise<void>;
}

/** A connection kept for a while: for LISTEN and session-level advisory locks. */
export interface Session extends Queryable {
  /** Calls onNotify with each notification's payload ('' when it has none). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<void>;
  /** Resolves or rejects when the session ends by itself (connection lost); never for release(). */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}

export interface Database extends Queryable {
  /** The database name, `{service}_service`. */
  readonly name: string;
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  session(): Promise<Session>;
  close(): Promise<void>;
}

/** PostgreSQL error codes the adapters and services look at. */
export const PgErrorCodes = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  duplicateDatabase: '42P04',
  invalidTextRepresentation: '22P02',
  numericOutOfRange: '22003'
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
