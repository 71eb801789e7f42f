/**
 * Sums of the API's decimal money strings without binary floats: in thousandths (the most digits any accepted
 * currency has, KWD's 3), as BigInt, and back to a decimal string that Intl formats for the currency.
 */
export function toMilli(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole || '0') * 1000n + BigInt((fraction + '000').slice(0, 3));
  return negative ? -value : value;
}

export function fromMilli(value: bigint): string {
  const negative = value < 0n;
  const size = negative ? -value : value;
  return `${negative ? '-' : ''}${size / 1000n}.${(size % 1000n).toString().padStart(3, '0')}`;
}
