// The access and refresh tokens a person's console session holds, read the way only the console can (the row is found
// by the hash of the cookie's id and opened with the key derived from the JWT secret), so the suite can look for them
// in everything the browser was given.
import type pg from 'pg';
import { serviceDatabase, type Stack } from '../../../../../test/support/stack.ts';
import { deriveSessionKeys, idHash } from '../../../src/sessions/session-keys.ts';
import type { Person } from './person.ts';

export interface SessionReader {
  tokens(person: Person): Promise<string[]>;
  close(): Promise<void>;
}

/** One connection to the console's database for the whole suite (a shared server has few to spare). */
export function sessionReader(stack: () => Stack): SessionReader {
  let db: Promise<pg.Client> | null = null;
  return {
    async tokens(person) {
      const cookie = (await person.context.cookies()).find((c) => c.name === 'sf_session');
      if (!cookie) throw new Error(`${person.name} has no session cookie`);
      db ??= serviceDatabase(stack(), 'console');
      const hash = idHash(cookie.value);
      const { rows } = await (
        await db
      ).query<{ tokens: Buffer }>('select tokens from console_sessions where id_hash = $1', [hash]);
      const plain = rows[0] && deriveSessionKeys(stack().config.jwt.secret).open(rows[0].tokens, hash);
      if (!plain) throw new Error(`no session row for ${person.name}'s cookie`);
      const { access_token, refresh_token } = JSON.parse(plain) as { access_token: string; refresh_token: string };
      return [access_token, refresh_token];
    },
    async close() {
      if (db) await (await db).end();
    }
  };
}
