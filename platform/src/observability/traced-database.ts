import { context, SpanKind, trace, type Attributes } from '@opentelemetry/api';
import type { Database, PreparedStatement, Queryable, Session } from '../db/database.ts';
import { spanFailed, type Tracing } from './tracing.ts';

export interface DatabaseServer {
  host: string;
  port: number;
}

/** `SELECT`, `INSERT`, … : the statement's first word. */
function operationOf(text: string): string {
  const match = /^\s*([A-Za-z]+)/.exec(text);
  return match ? match[1]!.toUpperCase() : 'QUERY';
}

/**
 * The database with a CLIENT span per query (`db.system` postgresql, `db.query.text` the statement as written, its
 * parameters never). Only queries made while a span is active are traced: a request's, an event's, an outbox
 * write's. The relay's polling and the periodic sweeps, which run outside any span, would otherwise each start a
 * trace of one query every second.
 */
export function traceDatabase(db: Database, tracing: Tracing, server: DatabaseServer): Database {
  const tracer = tracing.tracer;
  if (!tracer) return db;
  const common: Attributes = {
    'db.system': 'postgresql',
    'db.system.name': 'postgresql',
    'db.namespace': db.name,
    'server.address': server.host,
    'server.port': server.port
  };

  async function traced<T>(text: string, run: () => Promise<T>): Promise<T> {
    const active = context.active();
    if (!trace.getSpan(active)?.isRecording()) return run();
    const operation = operationOf(text);
    const span = tracer!.startSpan(
      `${operation} ${db.name}`,
      { kind: SpanKind.CLIENT, attributes: { ...common, 'db.operation.name': operation, 'db.query.text': text } },
      active
    );
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string') span.setAttribute('db.response.status_code', code);
      // A server's message may quote the input ('invalid input syntax for type integer: "…"'): kept out.
      spanFailed(span, error, false);
      throw error;
    } finally {
      span.end();
    }
  }

  const wrap = <Q extends Queryable>(q: Q): Queryable => ({
    query: (sql: string | PreparedStatement, params?: readonly unknown[]) =>
      traced(typeof sql === 'string' ? sql : sql.text, () => q.query(sql, params)),
    exec: (sql: string) => traced(sql, () => q.exec(sql))
  });
  const base = wrap(db);

  return {
    name: db.name,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async session(): Promise<Session> {
      const session = await db.session();
      const wrapped = wrap(session);
      return {
        query: wrapped.query,
        exec: wrapped.exec,
        listen: (channel, onNotify) => session.listen(channel, onNotify),
        lost: session.lost,
        release: () => session.release()
      };
    },
    close: () => db.close()
  };
}
