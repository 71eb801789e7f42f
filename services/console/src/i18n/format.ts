import type { Locale } from './locale.ts';

/**
 * Dates, times and money for the reader's language, with Intl. Events carry no time zone yet (SPEC §3.9 asks for the
 * event's zone once they do), so times are shown in UTC and every page that shows them says so.
 */
export interface Format {
  zone: string;
  dateTime(iso: string): string;
  date(iso: string): string;
  money(amount: string | number, currency: string): string;
}

// Building an Intl formatter costs far more than using one, and a page built them per request and per amount (a
// profile of the console under load: a third of its CPU in rendering, mostly Intl): they are made once per language,
// zone and currency, and kept. The keys are few (two languages, the zones and currencies in use).
const formats = new Map<string, Format>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatFor(locale: Locale, zone = 'UTC'): Format {
  const key = `${locale} ${zone}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = makeFormat(locale, zone)));
  return format;
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
  return {
    zone,
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (iso) => date.format(new Date(iso)),
    // The API sends money as a decimal string; Intl takes it as such (no float on the way) in Node 24.
    money: (amount, currency) => moneyIn(currency).format(String(amount) as unknown as number)
  };
}
