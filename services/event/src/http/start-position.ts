import { AppError, toInstant } from '@style-flow/platform';

// The lists in start order (events, a person's registrations) page after (a start in epoch milliseconds, an id); a
// start outside years 1..9999 was never given out.
const earliest = Date.parse('0001-01-01T00:00:00.000Z');
const latest = Date.parse('9999-12-31T23:59:59.999Z');

export function startPosition(after: [number, number] | null): [number, number] | null {
  if (after && (after[0] < earliest || after[0] > latest))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave out.', {
      errors: [{ path: '/cursor', message: 'is not a valid cursor' }]
    });
  return after;
}

/** An optional `from`/`to` of the query as an instant, or a 400 on its path. */
export const instant = (value: string | undefined, path: string) =>
  value === undefined ? undefined : toInstant(value, path);
