import type { MessageKey } from './en.ts';
import type { Translate } from './locale.ts';

/** The methods the payment service comes with (its first migration), by type: their English name and our key. */
const builtIn: Readonly<Record<string, readonly [name: string, key: MessageKey]>> = {
  card: ['Card', 'method.card'],
  bank_transfer: ['Bank transfer', 'method.bank_transfer'],
  cash: ['Cash', 'method.cash'],
  invoice: ['Invoice', 'method.invoice']
};

/**
 * A payment method's name for the reader: one the payment service came with, still under its English name, in the
 * reader's language; a name the organisation gave it, as given. Without the method (not in the list), its type.
 */
export function methodLabel(t: Translate, method: { name: string; type: string } | null, type?: string): string {
  const known = builtIn[method?.type ?? type ?? ''];
  if (method && !(known && known[0] === method.name)) return method.name;
  return known ? t(known[1]) : (method?.name ?? type ?? '');
}
