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
  keys: SessionKeys;
  logger: Logger;
  idleSeconds: number;
  sweepMs: number;
  /** POST /auth/refresh at the API: the new pair, or null when refused. */
  refresh(refreshToken: string): Promise<Tokens | null>;
}

export function createSessions(o: SessionOptions): Sessions {
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
      return id;
    },
    async find(id) {
      const hash = idHash(id);
      const row = await touchSession(o.db, hash, o.idleSeconds);
      const tokens = row ? open(row.tokens, hash) : null;
      return row && tokens ? { id, hash, userId: row.user_id, tokens } : null;
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
      if (!renewed) await deleteSession(o.db, session.hash);
      else session.tokens = renewed;
      return renewed;
    },
    async end(session) {
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
