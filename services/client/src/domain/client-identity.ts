import { AppError } from '@style-flow/platform';
import type { ClientInput, IdentityKeys } from '../data/client-repository.ts';

// Words that say what legal form a company has, not which company it is: "Acme, Inc." and "ACME" are one client,
// and so are «ООО "Ромашка"» and «Ромашка». Matched as whole words at either end of the name.
const LEGAL_FORMS = new Set([
  'llc',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'llp',
  'lp',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'oü',
  'ооо',
  'оао',
  'зао',
  'пао',
  'ао',
  'ип',
  'нко'
]);

/**
 * A name as the duplicate guard compares it: without case, accents of width (NFKC), punctuation or a legal form
 * at either end, spaces collapsed. A name that is nothing but a legal form keeps it, so it is never empty.
 */
export function nameKey(name: string): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let first = 0;
  let last = words.length;
  while (last - first > 1 && LEGAL_FORMS.has(words[first]!)) first++;
  while (last - first > 1 && LEGAL_FORMS.has(words[last - 1]!)) last--;
  const key = words.slice(first, last).join(' ');
  return key === '' ? name.trim().toLowerCase() : key;
}

export function emailKey(email: string | null): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

const invalidWebsite = () =>
  new AppError('VALIDATION_FAILED', 'website is not a web address.', {
    errors: [{ path: '/website', message: 'must be a web address such as example.com or https://example.com/about' }]
  });

/**
 * The host a website names, as the duplicate guard compares it: "https://www.Example.com/about" and "example.com"
 * are the same site. A scheme other than http(s), or text with no host, is a 400.
 */
export function domainKey(website: string | null): string | null {
  const text = website?.trim();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  if (!URL.canParse(withScheme)) throw invalidWebsite();
  const url = new URL(withScheme);
  if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) throw invalidWebsite();
  return url.hostname.replace(/\.$/, '').replace(/^www\./, '');
}

/** The identity of a client with these fields. */
export function identityOf(client: Pick<ClientInput, 'name' | 'email' | 'website'>): IdentityKeys {
  return { name_key: nameKey(client.name), email_key: emailKey(client.email), domain_key: domainKey(client.website) };
}
