import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * A person's address, vouched for by a service that calls the API on their behalf (the console). The gateway counts
 * unauthenticated requests (sign-in, sign-up, reset, public reads) per client address; without this, every person
 * using the console would share the console's own address and its one budget. The gateway believes no
 * X-Forwarded-For (anyone could send one), but it believes this header: its value is the address and an HMAC of it
 * under a key derived from JWT_SECRET_KEY, which only the platform's services hold.
 */
export const CLIENT_ADDRESS_HEADER = 'x-style-flow-client';

export interface ClientAddressSeal {
  /** The header's value vouching for `address`. */
  sign(address: string): string;
  /** The address a header vouches for, or null when it is missing or not signed with this key. */
  open(header: string | string[] | undefined): string | null;
}

export function clientAddressSeal(secret: string): ClientAddressSeal {
  const key = Buffer.from(hkdfSync('sha256', secret, 'style-flow', 'client-address', 32));
  const mac = (address: string) => createHmac('sha256', key).update(address).digest('base64url');
  return {
    sign: (address) => `${address} ${mac(address)}`,
    open(header) {
      if (typeof header !== 'string' || header.length > 200) return null;
      const space = header.lastIndexOf(' ');
      if (space <= 0) return null;
      const address = header.slice(0, space);
      const given = Buffer.from(header.slice(space + 1));
      const expected = Buffer.from(mac(address));
      return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
    }
  };
}
