import { Type, type TSchema } from 'typebox';
import { AppError } from '../errors/app-error.ts';

/** `?limit=&cursor=` of every list (SPEC §1): limit 1–200, default 50; the cursor is opaque. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'page size, at most 200' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'next_cursor of the previous page' }))
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
}

export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor stands for, checked against the shape the list expects. */
export function decodeCursor(
  cursor: string | undefined,
  shape: readonly ('string' | 'number')[]
): (string | number)[] | null {
  if (cursor === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== shape.length || value.some((v, i) => typeof v !== shape[i])) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave out.', {
      errors: [{ path: '/cursor', message: 'is not a valid cursor' }]
    });
  }
  return value as (string | number)[];
}

/** Rows fetched with `limit + 1`: the page and the cursor of the next one, if any. */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (row: T) => (string | number)[]
): { data: T[]; next_cursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
