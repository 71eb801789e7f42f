// Money without binary floats (SPEC §3.6): an amount is read from its text into an integer count of the
// currency's minor units (a bigint), compared and summed as such or by PostgreSQL's numeric, and written back
// as a decimal string with the currency's digits ("5000.00", "5000" in JPY, "1.250" in KWD).
import { AppError } from '@style-flow/platform';

/**
 * ISO 4217 minor units of the currencies this service takes. A currency missing here is refused (400): an
 * amount cannot be checked without knowing how many decimals its currency has.
 */
// prettier-ignore
export const minorUnits = {
  RUB: 2, EUR: 2, USD: 2, GBP: 2, CHF: 2, CNY: 2, AUD: 2, CAD: 2, NZD: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2,
  CZK: 2, HUF: 2, RON: 2, BGN: 2, TRY: 2, UAH: 2, BYN: 2, KZT: 2, GEL: 2, AMD: 2, AZN: 2, INR: 2, BRL: 2,
  MXN: 2, ARS: 2, COP: 2, PEN: 2, ZAR: 2, EGP: 2, NGN: 2, SGD: 2, HKD: 2, TWD: 2, MYR: 2, THB: 2, IDR: 2,
  PHP: 2, AED: 2, SAR: 2, QAR: 2, ILS: 2,
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0, XPF: 0, RWF: 0, KMF: 0, GNF: 0,
  DJF: 0, VUV: 0, BIF: 0,
  KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3, LYD: 3, IQD: 3
} as const satisfies Record<string, 0 | 2 | 3>;

export type Currency = keyof typeof minorUnits;
/** The codes in table order: a two-digit currency first, so generated examples use one. */
export const currencies = Object.keys(minorUnits) as Currency[];

export const isCurrency = (code: string): code is Currency => Object.hasOwn(minorUnits, code);

/** Amounts below 10^10 in the currency's major unit: what the payment-events contract carries. */
const MAX_INTEGER_DIGITS = 10;
// A plain decimal, as a JSON number or a string writes it: sign, digits, fraction. Never an exponent (SPEC §1): `1e3`
// is refused, not read as 1000, so what the client wrote is what is charged.
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^[+-]?[\d.]*[eE]/;
/** Why `1e3` is refused, in the words of every refusal. */
export const NO_EXPONENT = 'must be a plain decimal, not in exponent notation (1000, not 1e3)';

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path} ${message}.`, { errors: [{ path, message }] });

/**
 * The amount a request gives, as minor units of its currency. `raw` is the JSON number's own text or the
 * string sent, a plain decimal: its fractional digits, as written, may be at most the currency's minor unit
 * (`10.000` EUR is refused like `10.001`; `5000` and `5000.00` are the same amount; `1e3` is refused).
 */
export function parseAmount(raw: string | number, currency: Currency, path: string): bigint {
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (EXPONENT.test(text)) throw invalid(path, NO_EXPONENT);
  const match = DECIMAL.exec(text);
  if (!match) throw invalid(path, 'must be a decimal number such as 49.90');
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole}${fraction}`;
  const scale = fraction.length;
  const unit = minorUnits[currency];
  if (scale > unit) {
    const allowed = unit === 0 ? 'no decimals' : `at most ${unit} decimals`;
    throw invalid(path, `must have ${allowed} in ${currency}`);
  }
  const minor = BigInt(digits) * 10n ** BigInt(unit - scale);
  if (sign === '-' || minor === 0n) throw invalid(path, 'must be greater than 0');
  if (minor >= 10n ** BigInt(MAX_INTEGER_DIGITS + unit))
    throw invalid(path, `must be less than 10^${MAX_INTEGER_DIGITS}`);
  return minor;
}

/** Minor units as the decimal string of the currency: 500000n EUR → "5000.00". */
export function formatMinor(minor: bigint, unit: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(unit + 1, '0');
  const text = unit === 0 ? digits : `${digits.slice(0, -unit)}.${digits.slice(-unit)}`;
  return negative ? `-${text}` : text;
}

/**
 * A numeric the database gave back ("5000", "5000.00", "-12.500") as minor units of a currency with `unit`
 * decimals. Digits beyond the unit must be zeros: the database's checks keep every amount on the unit.
 */
export function numericToMinor(numeric: string, unit: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(numeric);
  if (!match) throw new Error(`not a numeric: ${numeric}`);
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.padEnd(unit, '0');
  if (/[1-9]/.test(kept.slice(unit))) throw new Error(`${numeric} has more than ${unit} decimals`);
  const minor = BigInt(`${whole}${kept.slice(0, unit)}`);
  return sign === '-' ? -minor : minor;
}

/** A numeric of the database written with the currency's digits: "5000" EUR → "5000.00". */
export const formatNumeric = (numeric: string, unit: number): string =>
  formatMinor(numericToMinor(numeric, unit), unit);
