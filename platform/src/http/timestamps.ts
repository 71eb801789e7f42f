import { AppError } from '../errors/app-error.ts';

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A timestamp of the API as an ISO instant in UTC (SPEC §1): without an offset it is UTC; years 1..9999; every
 * part must exist on the calendar and the clock (JavaScript's Date rolls 2030-02-30 over to March 2 and 24:00
 * to the next day, so the parts are checked first).
 */
export function toInstant(value: string, path: string): string {
  const invalid = () =>
    new AppError('VALIDATION_FAILED', `${path} is not a valid timestamp.`, {
      errors: [{ path, message: 'is not a valid timestamp' }]
    });
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!parts) throw invalid();
  const [year, month, day, hour, minute, second] = parts.slice(1).map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) throw invalid();
  if (hour > 23 || minute > 59 || second > 59) throw invalid();
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) || !value.includes('T') ? value : `${value}Z`;
  const date = new Date(withZone.includes('T') ? withZone : `${withZone}T00:00:00Z`);
  const utcYear = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || utcYear < 1 || utcYear > 9999) throw invalid();
  return date.toISOString();
}
