// The ledger summed per currency and per period, for staff's charts: what paging through GET /transactions and
// adding every row's signed amount gives (a charge and a reversal add, a refund takes away), in one answer.
import { AppError } from '@style-flow/platform';
import type { LedgerInterval, LedgerSumRow } from '../data/ledger-repository.ts';
import { isCurrency, minorUnits, numericToMinor } from './money.ts';

/** The most periods one answer holds: a year of days, seven years of weeks, thirty years of months. */
export const MAX_PERIODS = 366;

export interface SummaryWindow {
  from: string;
  to: string;
  interval: LedgerInterval;
  /** The start of every period the window touches, oldest first; the first may begin before `from`. */
  starts: Date[];
}

export interface CurrencySums {
  currency: string;
  /** The currency's decimals, to write the sums with. */
  unit: number;
  total: bigint;
  /** One sum per period of the window, 0 where the currency had no row. */
  sums: bigint[];
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path} ${message}.`, { errors: [{ path, message }] });

/**
 * The start of the period holding `t`, in UTC as the database's date_trunc gives it: weeks start on Monday
 * (ISO 8601). Set field by field, since Date.UTC would read the years 1..99 as 1901..1999.
 */
export function periodStart(t: Date, interval: LedgerInterval): Date {
  const start = new Date(t.getTime());
  start.setUTCHours(0, 0, 0, 0);
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (interval === 'month') start.setUTCDate(1);
  return start;
}

function nextPeriod(start: Date, interval: LedgerInterval): Date {
  const next = new Date(start.getTime());
  if (interval === 'day') next.setUTCDate(next.getUTCDate() + 1);
  else if (interval === 'week') next.setUTCDate(next.getUTCDate() + 7);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}

/**
 * The window asked for (`from` and `to` already read as instants): `to` after `from`, and no more periods than an
 * answer holds, so that nobody makes the service build a million empty periods.
 */
export function summaryWindow(from: string, to: string, interval: LedgerInterval): SummaryWindow {
  const end = new Date(to);
  if (end.getTime() <= new Date(from).getTime()) throw invalid('/to', 'must be after /from');
  const starts: Date[] = [];
  for (let start = periodStart(new Date(from), interval); start < end; start = nextPeriod(start, interval)) {
    if (starts.length === MAX_PERIODS)
      throw invalid('/to', `must be at most ${MAX_PERIODS} periods of a ${interval} after /from`);
    starts.push(start);
  }
  return { from, to, interval, starts };
}

/** Digits of a numeric as the database wrote it: the decimals of a currency this service no longer lists. */
const scaleOf = (numeric: string): number => numeric.split('.')[1]?.length ?? 0;

/** The database's sums laid out per currency (by code) over every period of the window, in minor units. */
export function sumsPerCurrency(window: SummaryWindow, rows: readonly LedgerSumRow[]): CurrencySums[] {
  const index = new Map(window.starts.map((s, i) => [s.getTime(), i]));
  const byCurrency = new Map<string, LedgerSumRow[]>();
  for (const row of rows) {
    const own = byCurrency.get(row.currency);
    if (own) own.push(row);
    else byCurrency.set(row.currency, [row]);
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, own]) => {
      const unit = isCurrency(currency) ? minorUnits[currency] : Math.max(...own.map((r) => scaleOf(r.amount)));
      const sums = window.starts.map(() => 0n);
      for (const row of own) {
        const i = index.get(row.period.getTime());
        if (i === undefined) throw new Error(`the period ${row.period.toISOString()} is not in the window`);
        sums[i] = numericToMinor(row.amount, unit);
      }
      return { currency, unit, total: sums.reduce((a, b) => a + b, 0n), sums };
    });
}
