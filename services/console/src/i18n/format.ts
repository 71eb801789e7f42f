import type { Locale } from './locale.ts';

/**
 * Dates, times and money for the reader's language, with Intl. Times are shown in the reader's zone (`zone`, UTC
 * until a person can choose one), except an event's own times, which are shown in the event's zone (SPEC §3.9: the
 * wall clock at the door), naming that zone wherever it is not the reader's.
 */
export interface Format {
  zone: string;
  dateTime(iso: string): string;
  date(iso: string): string;
  money(amount: string | number, currency: string): string;
  /** The same formats in another zone, made once per language and zone like these. */
  inZone(zone: string): Format;
  /** An instant of an event in its zone, naming the zone when it is not the reader's: `1 May 2026, 10:00 (Europe/Moscow)`. */
  eventTime(iso: string, zone: string): string;
  /**
   * An event's start and end in its zone, the zone named once at the end when it is not the reader's, or always with
   * `named` (a page about one event says it even when it is the reader's).
   */
  eventSpan(start: string, end: string, zone: string, named?: boolean): string;
}

// Building an Intl formatter costs far more than using one, and a page built them per request and per amount (a
// profile of the console under load: a third of its CPU in rendering, mostly Intl): they are made once per language,
// zone and currency, and kept. The keys are few (two languages, the zones of the events shown, the currencies in use).
const formats = new Map<string, Format>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatFor(locale: Locale, zone = 'UTC'): Format {
  const key = `${locale} ${zone}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = makeFormat(locale, zone)));
  return format;
}

/**
 * The formats of a zone; a zone this program's Intl does not know (the API checks an event's, so only one newer than
 * this program's time zone data) is shown as UTC, and named so: a wrong label is worse than a plain one.
 */
function formatInZone(locale: Locale, zone: string): Format {
  try {
    return formatFor(locale, zone);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const utc = formatFor(locale, 'UTC');
    formats.set(`${locale} ${zone}`, utc);
    return utc;
  }
}

function makeFormat(locale: Locale, zone: string): Format {
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: zone });
  const moneyIn = (currency: string) => {
    const key = `${tag} ${currency}`;
    let f = moneyFormats.get(key);
    if (!f) moneyFormats.set(key, (f = new Intl.NumberFormat(tag, { style: 'currency', currency })));
    return f;
  };
  const inZone = (other: string): Format => (other === zone ? format : formatInZone(locale, other));
  const label = (other: Format, named: boolean) => (named || other.zone !== zone ? ` (${other.zone})` : '');
  const format: Format = {
    zone,
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (iso) => date.format(new Date(iso)),
    // The API sends money as a decimal string; Intl takes it as such (no float on the way) in Node 24.
    money: (amount, currency) => moneyIn(currency).format(String(amount) as unknown as number),
    inZone,
    eventTime: (iso, eventZone) => {
      const f = inZone(eventZone);
      return `${f.dateTime(iso)}${label(f, false)}`;
    },
    eventSpan: (start, end, eventZone, named = false) => {
      const f = inZone(eventZone);
      return `${f.dateTime(start)} – ${f.dateTime(end)}${label(f, named)}`;
    }
  };
  return format;
}
