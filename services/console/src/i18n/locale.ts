import { en, type MessageKey, type Messages } from './en.ts';
import { ru } from './ru.ts';

export type Locale = 'en' | 'ru';
export const locales: readonly Locale[] = ['en', 'ru'];
const dictionaries: Record<Locale, Messages> = { en, ru };

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'ru';

/** The first of the browser's languages (RFC 9110 Accept-Language, by weight) that the console speaks; else English. */
export function fromAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((r) => r.lang).find(isLocale) ?? 'en';
}

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: Locale): Translate {
  const messages = dictionaries[locale];
  return (key, values) =>
    values ? messages[key].replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m)) : messages[key];
}
