import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Queryable } from '@style-flow/platform';
import { insertTicketKey, readTicketKey, type TicketKeyRow } from '../data/ticket-key-repository.ts';
import { codeOf, parseCode, payloadOf, type TicketClaims } from './ticket-code.ts';

/** The service's public key in the forms scanners take: raw 32 bytes (base64url), SPKI PEM and a JWK. */
export interface PublicTicketKey {
  raw: string;
  pem: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

/** A code read: its claims when the service's key signed it, else why not. */
export type ReadCode = { claims: TicketClaims } | { refused: 'unknown' | 'forged' };

export interface TicketKeys {
  /** The code of a ticket: its claims signed with the service's key. */
  issue(claims: TicketClaims): string;
  /** `unknown`: not a code of this format at all; `forged`: one this key did not sign. */
  read(code: string): ReadCode;
  publicKey: PublicTicketKey;
}

function fromRow(row: TicketKeyRow): TicketKeys {
  const privateKey: KeyObject = createPrivateKey({ key: row.private_key, format: 'der', type: 'pkcs8' });
  const publicKey: KeyObject = createPublicKey(privateKey);
  const x = row.public_key.toString('base64url');
  return {
    issue(claims) {
      const payload = payloadOf(claims);
      return codeOf(payload, sign(null, payload, privateKey));
    },
    read(code) {
      const parsed = parseCode(code);
      if (!parsed) return { refused: 'unknown' };
      return verify(null, parsed.payload, publicKey, parsed.signature)
        ? { claims: parsed.claims }
        : { refused: 'forged' };
    },
    publicKey: {
      raw: x,
      pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      jwk: { kty: 'OKP', crv: 'Ed25519', x }
    }
  };
}

/**
 * The service's Ed25519 ticket key, kept in its database: the first instance to start makes it, and every instance
 * (and every restart) signs and verifies with the one kept, so a ticket stays valid whoever answers the scan.
 */
export async function loadTicketKeys(db: Queryable): Promise<TicketKeys> {
  let row = await readTicketKey(db);
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    await insertTicketKey(db, {
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
      public_key: raw
    });
    row = (await readTicketKey(db))!;
  }
  return fromRow(row);
}
