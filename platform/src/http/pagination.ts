import { AppError } from '../errors/app-error.ts';
import { MAX_ID } from './schemas.ts';

/** What each position of a cursor holds: an id (1..2^31−1), any safe integer, or a short text. */
export type CursorPart = 'id' | 'int' | 'string';
type PartValue<P extends CursorPart> = P extends 'string' ? string : number;
export type CursorPosition<S extends readonly CursorPart[]> = { -readonly [K in keyof S]: PartValue<S[K]> };

export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function fits(value: unknown, part: CursorPart): boolean {
  if (part === 'string') return typeof value === 'string' && value.length <= 200 && !value.includes('\u0000');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
  return part === 'int' || (value >= 1 && value <= MAX_ID);
}

/** The position a cursor stands for, when it is one this list gave out (SPEC §1); else a 400. */
export function decodeCursor<const S extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: S
): CursorPosition<S> | null {
  if (cursor === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== shape.length || value.some((v, i) => !fits(v, shape[i]!))) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave out.', {
      errors: [{ path: '/cursor', message: 'is not a valid cursor' }]
    });
  }
  return value as CursorPosition<S>;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** Rows fetched with `limit + 1`: the page and the cursor of the next one, if any. */
export function toPage<T>(rows: readonly T[], limit: number, positionOf: (row: T) => (string | number)[]): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}

/**
 * One page of a list (SPEC §1): decodes `cursor` against the list's shape, fetches `limit + 1` rows after it,
 * and gives the page with `next_cursor`, each row turned into its view.
 */
export async function listPage<const S extends readonly CursorPart[], R, V>(
  query: { limit?: number; cursor?: string },
  shape: S,
  fetch: (after: CursorPosition<S> | null, limit: number) => Promise<readonly R[]>,
  positionOf: (row: R) => CursorPosition<S>,
  view: (row: R) => V
): Promise<Page<V>> {
  const limit = query.limit ?? 50;
  const rows = await fetch(decodeCursor(query.cursor, shape), limit + 1);
  const page = toPage(rows, limit, positionOf as (row: R) => (string | number)[]);
  return { data: page.data.map(view), next_cursor: page.next_cursor };
}
