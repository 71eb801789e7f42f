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

export function formatFor(locale: Locale, zone = 'UTC'): Format {
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: zone });
  return {
    zone,
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (iso) => date.format(new Date(iso)),
    // The API sends money as a decimal string; Intl takes it as such (no float on the way) in Node 24.
    money: (amount, currency) =>
      new Intl.NumberFormat(tag, { style: 'currency', currency }).format(String(amount) as unknown as number)
  };
}
