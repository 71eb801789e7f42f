import { AppError, toInstant } from '@style-flow/platform';

/** A window of the API as UTC instants; the end must come after the start (400 otherwise). */
export function windowOf(
  start: string,
  end: string,
  paths: [string, string] = ['/start_time', '/end_time']
): { start: string; end: string } {
  const window = { start: toInstant(start, paths[0]), end: toInstant(end, paths[1]) };
  if (new Date(window.end) <= new Date(window.start)) {
    const name = paths[1].slice(1);
    throw new AppError('VALIDATION_FAILED', `${name} must be after ${paths[0].slice(1)}.`, {
      errors: [{ path: paths[1], message: `must be after ${paths[0].slice(1)}` }]
    });
  }
  return window;
}
