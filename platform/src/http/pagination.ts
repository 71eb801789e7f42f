import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { MAX_ID } from './schemas.ts';

/** What each position of a cursor holds: an id (1..2^31−1), any safe integer, or a short text. */
export type CursorPart = 'id' | 'int' | 'string';
type PartValue<P extends CursorPart> = P extends 'string' ? string : number;
export type CursorPosition<S extends readonly CursorPart[]> = { -readonly [K in keyof S]: PartValue<S[K]> };

/**
 * Which list a cursor belongs to: the route's pattern and path parameters (the refunds of payment 5 are not those
 * of payment 6), and the filter, the query without `cursor` and `limit` (the page size may change between pages).
 */
export interface ListScope {
  route: string;
  params?: unknown;
  query: Readonly<Record<string, unknown>>;
}

/** Issues and reads the signed cursors of one service's lists (SPEC §1). */
export interface ListCursors {
  issue(scope: ListScope, position: readonly (string | number)[]): string;
  /** The position a cursor stands for, when this service gave it out for this very list and filter; else a 400. */
  read<const S extends readonly CursorPart[]>(
    scope: ListScope,
    cursor: string | undefined,
    shape: S
  ): CursorPosition<S> | null;
}

const MAC_BYTES = 32;
const UNPAGED = new Set(['cursor', 'limit']);

/** The defined entries of an object in key order, so that the same filter always signs the same. */
function canonical(value: unknown, skip: ReadonlySet<string> = new Set()): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value)
    .filter((k) => !skip.has(k) && (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => [k, (value as Record<string, unknown>)[k]]);
}

function fits(value: unknown, part: CursorPart): boolean {
  if (part === 'string') return typeof value === 'string' && value.length <= 200 && !value.includes('\u0000');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
  return part === 'int' || (value >= 1 && value <= MAX_ID);
}

const refused = () =>
  new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave out.', {
    errors: [{ path: '/cursor', message: 'is not a valid cursor' }]
  });

/**
 * The cursors of one service. A cursor is base64url of an HMAC-SHA256 tag followed by the JSON of the last row's
 * position; the tag covers the list, its filter and the position, so a forged, altered or borrowed cursor is a
 * 400 rather than a query the service never meant to run. The key is derived (HKDF) from the token secret with a
 * label of its own and the service's name: every instance of a service, before and after a restart, reads the
 * cursors the others gave out, and no tag can stand for an access token's signature or another service's cursor.
 */
export function createListCursors(secret: string, service: string): ListCursors {
  const key = Buffer.from(hkdfSync('sha256', secret, 'style-flow list cursors', service, MAC_BYTES));
  const tag = (scope: ListScope, position: string) =>
    createHmac('sha256', key)
      .update(
        JSON.stringify(['cursor.v1', scope.route, canonical(scope.params), canonical(scope.query, UNPAGED), position])
      )
      .digest();

  return {
    issue(scope, position) {
      const text = JSON.stringify(position);
      return Buffer.concat([tag(scope, text), Buffer.from(text)]).toString('base64url');
    },
    read<const S extends readonly CursorPart[]>(scope: ListScope, cursor: string | undefined, shape: S) {
      if (cursor === undefined) return null;
      const bytes = Buffer.from(cursor, 'base64url');
      // Only the one spelling the service gives out: no alternative encodings of the same bytes.
      if (bytes.length <= MAC_BYTES || bytes.toString('base64url') !== cursor) throw refused();
      const text = bytes.subarray(MAC_BYTES).toString('utf8');
      if (!timingSafeEqual(bytes.subarray(0, MAC_BYTES), tag(scope, text))) throw refused();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw refused();
      }
      // A signed cursor of another shape (one given out before the list changed its order) is refused too.
      if (!Array.isArray(value) || value.length !== shape.length || value.some((v, i) => !fits(v, shape[i]!)))
        throw refused();
      return value as CursorPosition<S>;
    }
  };
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** What a list route hands `listPage`: its Fastify request (the route, its path parameters and its query). */
export interface ListRequest {
  routeOptions: { url?: string | undefined };
  params?: unknown;
  query: { limit?: number; cursor?: string };
}

/**
 * One page of a list (SPEC §1): reads `cursor` against the list, its filter and its shape, fetches `limit + 1`
 * rows after it, and gives the page with a signed `next_cursor`, each row turned into its view.
 */
export async function listPage<const S extends readonly CursorPart[], R, V>(
  cursors: ListCursors,
  request: ListRequest,
  shape: S,
  fetch: (after: CursorPosition<S> | null, limit: number) => Promise<readonly R[]>,
  positionOf: (row: R) => CursorPosition<S>,
  view: (row: R) => V
): Promise<Page<V>> {
  const scope: ListScope = {
    route: request.routeOptions.url ?? '',
    params: request.params,
    query: request.query as Record<string, unknown>
  };
  const limit = request.query.limit ?? 50;
  const rows = await fetch(cursors.read(scope, request.query.cursor, shape), limit + 1);
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const more = rows.length > limit && last !== undefined;
  return {
    data: data.map(view),
    next_cursor: more ? cursors.issue(scope, positionOf(last) as unknown as (string | number)[]) : null
  };
}
