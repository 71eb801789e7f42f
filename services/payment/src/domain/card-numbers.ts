// No card number is ever accepted or stored (SPEC §3.6, PCI DSS): the service never needs one (the provider
// holds the card), so a body that carries something that looks like one is refused before anything reads it.

// 13 to 19 digits, maybe grouped by single spaces or dashes ("4111 1111 1111 1111", "4111-1111-…").
const CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

/** The Luhn checksum every card number (PAN) satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether a text holds a run of 13–19 digits that passes the Luhn check. */
export function looksLikeCardNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

const pointer = (path: string, key: string | number) =>
  `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The JSON Pointer of the first value (or field name) of a body that looks like a card number, or null. */
export function findCardNumber(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return looksLikeCardNumber(value) ? path || '/' : null;
  if (typeof value === 'number') return looksLikeCardNumber(String(value)) ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findCardNumber(value[i], pointer(path, i));
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (looksLikeCardNumber(k)) return pointer(path, k);
      const found = findCardNumber(v, pointer(path, k));
      if (found) return found;
    }
  }
  return null;
}
