import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The console's secrets, derived with HKDF-SHA256 from JWT_SECRET_KEY rather than taken from a setting of their own:
 * the tokens it seals are worthless without that secret anyway (they are signed with it), production already refuses
 * a weak or default one, every instance of the console already has it, and rotating it ends the sessions exactly
 * when their tokens stop working. Separate `info` labels keep the keys independent of each other and of the JWT key.
 */
export interface SessionKeys {
  /** AES-256-GCM over the session's tokens; `bound` (the row's id hash) is authenticated with them. */
  seal(plain: string, bound: Buffer): Buffer;
  /** The plain text, or null when the value was not sealed by this key for this row. */
  open(sealed: Buffer, bound: Buffer): string | null;
  /** The CSRF token of a browser's session or anonymous visit (HMAC of its id; not stored anywhere). */
  csrfToken(kind: 'session' | 'visit', id: string): string;
}

const NONCE = 12;
const TAG = 16;

export function deriveSessionKeys(secret: string): SessionKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'style-flow-console', info, 32));
  const sealKey = derive('session tokens v1');
  const csrfKey = derive('csrf tokens v1');
  return {
    seal(plain, bound) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce).setAAD(bound);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]);
    },
    open(sealed, bound) {
      if (sealed.length < NONCE + TAG) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(0, NONCE)).setAAD(bound);
        decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
        return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
    csrfToken: (kind, id) => createHmac('sha256', csrfKey).update(`${kind}:${id}`).digest('base64url')
  };
}

/** A new browser-held id: 256 random bits. */
export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** What the table keys a session by: never the id itself. */
export const idHash = (id: string): Buffer => createHash('sha256').update(id).digest();
