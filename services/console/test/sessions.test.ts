// The console's sessions as two instances of it see them over one database: what an instance remembers of a session
// it has read, and what it must never remember (an ended session, one past its expiry, tokens another has replaced).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate, readMigrations } from '@style-flow/platform';
import { openTestDatabase, quietLogger, type TestDatabase } from '@style-flow/platform/testing';
import { deriveSessionKeys } from '../src/sessions/session-keys.ts';
import { createSessions, type Sessions, type Tokens } from '../src/sessions/sessions.ts';

const pair = (n: number): Tokens => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}` });

describe('console sessions remembered by an instance', () => {
  let db: TestDatabase;
  let refreshes: string[];
  const instance = (rememberMs: number, idleSeconds = 3600): Sessions =>
    createSessions({
      db,
      keys: deriveSessionKeys('sessions-test-secret-0123456789abcdef0123456789'),
      logger: quietLogger(),
      idleSeconds,
      sweepMs: 60_000,
      rememberMs,
      async refresh(refreshToken) {
        refreshes.push(refreshToken);
        return refreshToken === 'refresh-1' ? pair(2) : null;
      }
    });

  before(async () => {
    db = await openTestDatabase();
    await migrate(db, await readMigrations(new URL('../migrations/', import.meta.url), 'console'));
  });
  after(() => db.destroy());

  test('a session read once is answered from memory; one ended here is forgotten at once', async () => {
    const a = instance(60_000);
    const id = await a.begin(7, pair(1));
    await db.query('delete from console_sessions');
    // Still known here without a read: the database no longer has it.
    assert.deepEqual((await a.find(id))?.tokens, pair(1));
    const session = (await a.find(id))!;
    await a.end(session);
    assert.equal(await a.find(id), null);
  });

  test('ended at another instance: forgotten there once its memory runs out, never later', async () => {
    const a = instance(60_000);
    const b = instance(300);
    const id = await a.begin(8, pair(1));
    const atB = await b.find(id);
    assert.equal(atB?.userId, 8);
    await a.end((await a.find(id))!);
    await sleep(300);
    assert.equal(await b.find(id), null);
  });

  test('never remembered past its expiry', async () => {
    const a = instance(60_000, 60);
    const id = await a.begin(9, pair(1));
    await db.query(`update console_sessions set expires_at = now() + interval '200 milliseconds'`);
    // An instance that reads it now learns the new expiry, and trusts its memory no longer than that.
    const b = instance(60_000, 60);
    assert.ok(await b.find(id));
    await sleep(400);
    assert.equal(await b.find(id), null);
  });

  test('tokens renewed at another instance are taken from the row, with one refresh in all', async () => {
    refreshes = [];
    const a = instance(60_000);
    const b = instance(60_000);
    const id = await a.begin(10, pair(1));
    const atA = (await a.find(id))!;
    const atB = (await b.find(id))!;
    // Both find access-1 refused (it expired): A renews first, B then finds newer tokens in the row and takes them.
    assert.deepEqual(await a.renew(atA, 'access-1'), pair(2));
    assert.deepEqual(await b.renew(atB, 'access-1'), pair(2));
    assert.deepEqual(refreshes, ['refresh-1']);
    assert.deepEqual((await b.find(id))?.tokens, pair(2));
    assert.deepEqual((await a.find(id))?.tokens, pair(2));
  });

  test('a refused refresh ends the session everywhere it is asked', async () => {
    const a = instance(60_000);
    const id = await a.begin(11, { access_token: 'access-9', refresh_token: 'refresh-9' });
    const session = (await a.find(id))!;
    assert.equal(await a.renew(session, 'access-9'), null);
    assert.equal(await a.find(id), null);
    assert.equal(await instance(60_000).find(id), null);
  });
});
