import { createPeriodicTask, type Component, type Database, type Logger } from '@style-flow/platform';
import {
  deleteExpiredSessions,
  deleteSession,
  insertSession,
  lockSessionTokens,
  touchSession,
  updateSessionTokens
} from '../data/session-repository.ts';
import { idHash, newSessionId, type SessionKeys } from './session-keys.ts';

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

export interface LiveSession {
  /** The browser's id (from its cookie): only ever in the cookie and in this process's memory. */
  id: string;
  hash: Buffer;
  userId: number;
  tokens: Tokens;
}

export interface Sessions {
  keys: SessionKeys;
  begin(userId: number, tokens: Tokens): Promise<string>;
  find(id: string): Promise<LiveSession | null>;
  /**
   * New tokens for a session whose access token `stale` was refused: refreshed at the API once, however many requests
   * of the session ask at once (the row is locked, and one that finds newer tokens takes them). A used refresh token
   * ends the whole session at auth (SPEC §3.1), so two refreshes with one token must never race. Null: the session
   * is over (the refresh was refused) and has been deleted here.
   */
  renew(session: LiveSession, stale: string): Promise<Tokens | null>;
  end(session: LiveSession): Promise<void>;
  sweeper: Component;
}

export interface SessionOptions {
  db: Database;
  /**
   * How long this process trusts a session it has read without reading it again (default 15 s; 0: never). Ending a
   * session deletes it here at once; one ended by another instance is still known here for at most this long, and
   * its calls are refused by the API meanwhile (sign-out revokes the tokens at auth), which ends it here too.
   */
  rememberMs?: number;
  /** How many sessions are remembered at most (the oldest are forgotten first). */
  rememberMax?: number;
  keys: SessionKeys;
  logger: Logger;
  idleSeconds: number;
  sweepMs: number;
  /** POST /auth/refresh at the API: the new pair, or null when refused. */
  refresh(refreshToken: string): Promise<Tokens | null>;
}

interface Remembered {
  userId: number;
  tokens: Tokens;
  /** Until when it is trusted without a read: rememberMs after the read, and never past the session's expiry. */
  until: number;
}

export function createSessions(o: SessionOptions): Sessions {
  const rememberMs = o.rememberMs ?? 15_000;
  const rememberMax = o.rememberMax ?? 10_000;
  // By the id's hash (hex), never the id. Every page reads its session: without this each one was a database round
  // trip (and a write once a minute), a fifth of a light page's time.
  const remembered = new Map<string, Remembered>();
  const remember = (hash: Buffer, userId: number, tokens: Tokens, expiresAt: number) => {
    if (rememberMs <= 0) return;
    const key = hash.toString('hex');
    remembered.delete(key);
    remembered.set(key, { userId, tokens, until: Math.min(Date.now() + rememberMs, expiresAt) });
    if (remembered.size > rememberMax) remembered.delete(remembered.keys().next().value!);
  };
  const forget = (hash: Buffer) => remembered.delete(hash.toString('hex'));
  const seal = (tokens: Tokens, hash: Buffer) => o.keys.seal(JSON.stringify(tokens), hash);
  const open = (sealed: Buffer, hash: Buffer): Tokens | null => {
    const plain = o.keys.open(sealed, hash);
    return plain ? (JSON.parse(plain) as Tokens) : null;
  };
  return {
    keys: o.keys,
    async begin(userId, tokens) {
      const id = newSessionId();
      const hash = idHash(id);
      await insertSession(o.db, { idHash: hash, userId, tokens: seal(tokens, hash), idleSeconds: o.idleSeconds });
      remember(hash, userId, tokens, Date.now() + o.idleSeconds * 1000);
      return id;
    },
    async find(id) {
      const hash = idHash(id);
      const known = remembered.get(hash.toString('hex'));
      if (known && Date.now() < known.until) return { id, hash, userId: known.userId, tokens: known.tokens };
      // Read again (and its expiry moved on): a session is kept alive by its use at least every rememberMs.
      const row = await touchSession(o.db, hash, o.idleSeconds);
      const tokens = row ? open(row.tokens, hash) : null;
      if (!row || !tokens) {
        forget(hash);
        return null;
      }
      remember(hash, row.user_id, tokens, row.expires_at.getTime());
      return { id, hash, userId: row.user_id, tokens };
    },
    async renew(session, stale) {
      const renewed = await o.db.transaction(async (tx) => {
        const sealed = await lockSessionTokens(tx, session.hash);
        const current = sealed ? open(sealed, session.hash) : null;
        if (!current) return null;
        if (current.access_token !== stale) return current;
        const next = await o.refresh(current.refresh_token);
        if (next) await updateSessionTokens(tx, session.hash, seal(next, session.hash));
        return next;
      });
      if (!renewed) {
        forget(session.hash);
        await deleteSession(o.db, session.hash);
      } else {
        session.tokens = renewed;
        const known = remembered.get(session.hash.toString('hex'));
        if (known) known.tokens = renewed;
      }
      return renewed;
    },
    async end(session) {
      forget(session.hash);
      await deleteSession(o.db, session.hash);
    },
    sweeper: createPeriodicTask({
      name: 'console-session-sweeper',
      intervalMs: o.sweepMs,
      logger: o.logger,
      async run(signal) {
        while (!signal.aborted && (await deleteExpiredSessions(o.db, 500)) === 500);
      }
    })
  };
}
