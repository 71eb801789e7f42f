import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks 1.0: the secret is `whsec_` + base64 of random bytes; a signature is `v1,` + base64 of
// HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed with the secret's decoded bytes, and several signatures (old
// and new secret during a rotation) go in one header, a space apart.

const PREFIX = 'whsec_';

/** 32 random bytes: the standard asks for 24 at least. */
export const newSecret = (): string => `${PREFIX}${randomBytes(32).toString('base64')}`;

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header: one signature per secret that signs now. */
export function signatures(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => signature(s, id, timestamp, body)).join(' ');
}
