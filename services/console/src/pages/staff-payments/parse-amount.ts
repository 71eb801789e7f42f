import type { Locale } from '../../i18n/locale.ts';

// Group separators people type or paste: a space, a no-break space (what Intl writes in Russian), a narrow one.
const SPACE = '[ \\u00a0\\u202f]';
const ruGrouped = new RegExp(`^\\d{1,3}(?:${SPACE}\\d{3})+(?:[,.]\\d+)?$`);
const enGrouped = /^\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$/;

/**
 * An amount as a person writes it in their language, as the plain decimal the API takes ("1500.50"), or null when it
 * is not one. Russian: "1 500,50" (groups by spaces, decimal comma; a decimal point is taken too, as people type
 * it). English: "1,500.50" (groups by commas or spaces, decimal point). A comma is never a guess: in English "1,50"
 * is refused rather than read as 150, so a mistyped refund cannot become a hundred times larger. How many decimals
 * the currency allows is the API's rule, and its message says so.
 */
export function parseAmount(input: string, locale: Locale): string | null {
  const s = input.trim();
  if (s === '' || s.length > 40) return null;
  let plain: string;
  if (locale === 'ru') {
    if (/^\d+(?:[,.]\d+)?$/.test(s) || ruGrouped.test(s))
      plain = s.replace(new RegExp(SPACE, 'g'), '').replace(',', '.');
    else return null;
  } else if (/^\d+(?:\.\d+)?$/.test(s) || enGrouped.test(s)) plain = s.replace(/[, ]/g, '');
  else return null;
  const [whole = '', fraction] = plain.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}
