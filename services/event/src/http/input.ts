import { AppError } from '@style-flow/platform';
import type { EventInput } from '../data/event-repository.ts';

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A timestamp without an offset is UTC (SPEC §1). Every part must exist on the calendar and the clock:
 * JavaScript's Date rolls 2030-02-30 over to March 2 and 24:00 to the next day, so the parts are checked first.
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
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
    throw invalid();
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) || !value.includes('T') ? value : `${value}Z`;
  const date = new Date(withZone.includes('T') ? withZone : `${withZone}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date.toISOString();
}

function money(value: number | string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = typeof value === 'number' ? String(value) : value;
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(text))
    throw new AppError('VALIDATION_FAILED', 'price has more than 2 fractional digits.', {
      errors: [{ path: '/price', message: 'must have at most 2 fractional digits' }]
    });
  return text;
}

type Body = Partial<Record<keyof EventInput, unknown>> & { price?: number | string | null };

/** The body of POST/PUT /events as the repository takes it: instants in UTC, money as a decimal string. */
export function eventInput(body: Body, creating: boolean): Partial<EventInput> {
  const out: Partial<EventInput> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (k === 'start_date' || k === 'end_date') out[k] = toInstant(v as string, `/${k}`);
    else if (k === 'price') out.price = money(v as number | string | null) ?? null;
    else (out as Record<string, unknown>)[k] = v;
  }
  if (out.start_date && out.end_date && out.end_date <= out.start_date) {
    throw new AppError('VALIDATION_FAILED', 'end_date must be after start_date.', {
      errors: [{ path: '/end_date', message: 'must be after start_date' }]
    });
  }
  if (creating && out.price && Number(out.price) > 0 && !out.currency) {
    throw new AppError('VALIDATION_FAILED', 'A priced event needs a currency.', {
      errors: [{ path: '/currency', message: 'is required with a price' }]
    });
  }
  return out;
}
