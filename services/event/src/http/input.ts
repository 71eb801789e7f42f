import { AppError, toInstant } from '@style-flow/platform';
import type { EventInput } from '../data/event-repository.ts';

const invalid = (path: string, detail: string, message: string) =>
  new AppError('VALIDATION_FAILED', detail, { errors: [{ path, message }] });

/** A price as numeric(12, 2) takes it: a JSON number's fractional digits are checked here, a string's by its schema. */
function money(value: number | string | null): string | null {
  if (value === null) return null;
  const text = typeof value === 'number' ? String(value) : value;
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(text))
    throw invalid('/price', 'price has more than 2 fractional digits.', 'must have at most 2 fractional digits');
  return text;
}

/**
 * An IANA zone name as the zone database spells it (`europe/moscow` is `Europe/Moscow`; `Etc/UTC` and `GMT` are
 * `UTC`), checked against the zone database Intl carries, the one the pages format with. Intl also takes offsets
 * (`+03:00`), which name no place and follow no daylight saving: those are refused.
 */
function timeZone(value: string): string {
  let canonical: string | undefined;
  try {
    if (/^[A-Za-z]/.test(value))
      canonical = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  if (!canonical || !/^[A-Za-z]/.test(canonical))
    throw invalid(
      '/time_zone',
      `time_zone ${JSON.stringify(value)} is not an IANA time zone.`,
      'must be an IANA time zone name'
    );
  return canonical;
}

type Body = Partial<Omit<EventInput, 'price'>> & { price?: number | string | null };

/** The body of POST/PUT /events as the repository takes it: instants in UTC, money as a decimal string. */
export function eventInput(body: Body, creating: boolean): Partial<EventInput> {
  const { start_date, end_date, price, time_zone, ...rest } = body;
  const out: Partial<EventInput> = { ...rest };
  if (time_zone !== undefined) out.time_zone = timeZone(time_zone);
  if (start_date !== undefined) out.start_date = toInstant(start_date, '/start_date');
  if (end_date !== undefined) out.end_date = toInstant(end_date, '/end_date');
  if (price !== undefined) out.price = money(price);
  if (out.start_date && out.end_date && new Date(out.end_date) <= new Date(out.start_date))
    throw invalid('/end_date', 'end_date must be after start_date.', 'must be after start_date');
  if (creating && out.price && Number(out.price) > 0 && !out.currency)
    throw invalid('/currency', 'A priced event needs a currency.', 'is required with a price');
  return out;
}

/** A new event's input: the body's schema requires the other fields; the optional ones it leaves out are null. */
export function newEventInput(body: Body): EventInput {
  return {
    description: null,
    location: null,
    price: null,
    currency: null,
    client_id: null,
    time_zone: 'UTC',
    ...eventInput(body, true)
  } as EventInput;
}
