import type { Role } from '@style-flow/contracts';
import type { Database, Session } from '../db/database.ts';
import type { Component } from '../lifecycle/component.ts';
import type { Logger } from '../observability/logger.ts';
import { callerState, type CallerState, type Principals } from './principal-store.ts';

/**
 * The principals a process knows (DESIGN rule 4), in memory: each user's current role and status, and the sessions
 * that ended, loaded from the service's platform tables at start and kept by the notifications those tables send on
 * every commit — so an authenticated request asks no database. Every instance of a service hears each change,
 * whichever instance's consumer applied the event.
 *
 * While the listening connection is down a notification could be missed, so the table is not trusted then: the
 * caller's state is read from the database, as before, until the connection is back and the table reloaded.
 */
export interface PrincipalTable extends Component, Principals {
  /** True while the table is loaded and listening: requests are answered from memory. */
  readonly live: boolean;
  /** Users and ended sessions held (the footprint benchmark reads it). */
  readonly size: { users: number; sessions: number };
}

// A user's role and status in one small integer, so a million users cost a map of numbers, not of objects.
const ROLES: readonly (Role | null)[] = [null, 'user', 'manager', 'admin'];
const DEACTIVATED = 4;
const encode = (role: Role | null, status: string | null) =>
  Math.max(0, ROLES.indexOf(role)) | (status === 'deactivated' ? DEACTIVATED : 0);
const REVOKED = 8;
// Every answer state() can give, made once: a request's lookup allocates nothing. Index: the user's code | REVOKED.
const STATES: readonly CallerState[] = Array.from({ length: 16 }, (_, i) =>
  Object.freeze({ role: ROLES[i & 3] ?? null, deactivated: (i & DEACTIVATED) !== 0, revoked: (i & REVOKED) !== 0 })
);

type Change = { user?: number; role?: Role | null; status?: string; session?: string; expires?: number };

const CHANNEL = 'platform_principals';
const RECONNECT_MS = 500;
const LOAD_PAGE = 20_000;

export function createPrincipalTable(options: { db: Database; logger: Logger; name: string }): PrincipalTable {
  const log = options.logger.child({ component: 'principals' });
  let users = new Map<number, number>();
  let sessions = new Map<string, number>();
  let live = false;
  let stopping = false;
  let session: Session | null = null;
  let running: Promise<void> | null = null;
  let pruner: NodeJS.Timeout | undefined;
  let stopped: () => void = () => undefined;
  const stopSignal = new Promise<null>((resolve) => (stopped = () => resolve(null)));

  function apply(payload: string): void {
    let change: Change;
    try {
      change = JSON.parse(payload) as Change;
    } catch {
      return;
    }
    if (typeof change.user === 'number') users.set(change.user, encode(change.role ?? null, change.status ?? null));
    if (typeof change.session === 'string' && typeof change.expires === 'number')
      sessions.set(change.session, change.expires);
  }

  /**
   * Reads the tables a page at a time: a million users read at once made a million row objects (a peak of about 500 MB
   * where the table itself takes 28 MB). The pages are read at different moments, and that is fine: what commits
   * meanwhile is heard, and applied again on the loaded maps, in the order it was committed.
   */
  async function load(from: Session): Promise<void> {
    const loadedUsers = new Map<number, number>();
    for (let after = -1; ;) {
      const page = await from.query<{ user_id: string; role: Role | null; status: string }>(
        'select user_id, role, status from platform_users where user_id > $1 order by user_id limit $2',
        [after, LOAD_PAGE]
      );
      for (const r of page.rows) loadedUsers.set(Number(r.user_id), encode(r.role, r.status));
      if (page.rows.length < LOAD_PAGE) break;
      after = Number(page.rows.at(-1)!.user_id);
    }
    const ended = await from.query<{ session_id: string; expires: string }>(
      `select session_id, (extract(epoch from expires_at) * 1000)::bigint as expires
         from platform_revoked_sessions where expires_at > now()`
    );
    users = loadedUsers;
    sessions = new Map(ended.rows.map((r) => [r.session_id, Number(r.expires)]));
  }

  /** Listens first, then loads: what commits in between is heard, so nothing falls between the two. */
  async function connect(): Promise<Session> {
    const s = await options.db.session();
    const heard: string[] = [];
    let loading = true;
    await s.listen(CHANNEL, (payload) => (loading ? heard.push(payload) : apply(payload)));
    await load(s);
    for (const payload of heard) apply(payload);
    loading = false;
    return s;
  }

  async function keepListening(): Promise<void> {
    while (!stopping) {
      const lost = await Promise.race([session!.lost, stopSignal]);
      live = false;
      if (stopping || lost === null) return;
      log.warn({ err: lost }, 'principals: the listening connection was lost; asking the database until it is back');
      while (!stopping) {
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS).unref());
        try {
          session = await connect();
          live = true;
          log.info('principals: listening again, table reloaded');
          break;
        } catch (error) {
          log.debug({ err: error }, 'principals: reconnecting failed');
        }
      }
    }
  }

  return {
    name: `${options.name}-principals`,
    get live() {
      return live;
    },
    get size() {
      return { users: users.size, sessions: sessions.size };
    },
    state(userId, sessionId) {
      if (!live) return callerState(options.db, userId, sessionId);
      const expires = sessions.get(sessionId);
      const revoked = expires !== undefined && expires > Date.now();
      // An unknown user is code 0: no role, not deactivated.
      return STATES[(users.get(userId) ?? 0) | (revoked ? REVOKED : 0)]!;
    },
    async start() {
      session = await connect();
      live = true;
      running = keepListening();
      // An ended session matters only until its tokens would have expired anyway.
      pruner = setInterval(() => {
        const now = Date.now();
        for (const [id, expires] of sessions) if (expires <= now) sessions.delete(id);
      }, 60_000);
      pruner.unref();
    },
    async stop() {
      stopping = true;
      live = false;
      stopped();
      clearInterval(pruner);
      await session?.release();
      await running;
    }
  };
}
