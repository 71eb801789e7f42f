/**
 * The filters of a staff list (payments, the ledger) as a GET form gives them: each value checked before it goes to
 * the API, so a typo is told in the page next to the form instead of coming back as the API's 400. Dates are whole
 * days in UTC (the zone the pages show): `from` is the start of its day, `to` the end of its day (the API's `to` is
 * exclusive, so it gets the next midnight).
 */
export type FilterSpec =
  | { name: string; kind: 'id' }
  | { name: string; kind: 'date'; edge: 'from' | 'to' }
  | { name: string; kind: 'choice'; choices: readonly string[] };

export interface Filters {
  /** What the form shows again: the values as given, the invalid ones included. */
  values: Record<string, string>;
  /** What the API is asked: only the valid values. */
  query: Record<string, string | number>;
  /** The names of the fields whose values were refused. */
  invalid: string[];
  cursor: string | undefined;
}

/** A download whose filters are not valid: the console's 400 page (a download has no form to show them next to). */
export class BadFilter extends Error {
  readonly statusCode = 400;
  constructor() {
    super('a filter of the download is not valid');
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayEdge(value: string, edge: 'from' | 'to'): string | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Date.UTC rolls 2026-02-31 over into March: a day that does not exist is refused, not moved.
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) return null;
  if (edge === 'to') start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

export function readFilters(specs: readonly FilterSpec[], raw: unknown): Filters {
  const given = (raw ?? {}) as Record<string, unknown>;
  const filters: Filters = { values: {}, query: {}, invalid: [], cursor: undefined };
  for (const spec of specs) {
    const v = typeof given[spec.name] === 'string' ? (given[spec.name] as string).trim().slice(0, 100) : '';
    filters.values[spec.name] = v;
    if (v === '') continue;
    if (spec.kind === 'id') {
      const n = Number(v);
      if (/^[1-9]\d{0,9}$/.test(v) && n <= 2 ** 31 - 1) filters.query[spec.name] = n;
      else filters.invalid.push(spec.name);
    } else if (spec.kind === 'date') {
      const at = dayEdge(v, spec.edge);
      if (at) filters.query[spec.name] = at;
      else filters.invalid.push(spec.name);
    } else if (spec.choices.includes(v)) filters.query[spec.name] = v;
    else filters.invalid.push(spec.name);
  }
  const cursor = given.cursor;
  if (typeof cursor === 'string' && cursor !== '' && cursor.length <= 2000) filters.cursor = cursor;
  return filters;
}

/** The URL of the list with these filters (and a page's cursor): what the pager and the CSV link point to. */
export function filtersHref(path: string, f: Filters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(f.values)) if (value !== '') params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
