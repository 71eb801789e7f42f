// The principals in memory (DESIGN rule 4): loaded at start, kept by the platform tables' notifications, heard by
// every instance of a service, and never trusted while the connection that hears them is down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createPrincipalTable,
  migrate,
  platformMigrations,
  saveRegisteredUser,
  saveRevokedSession,
  saveUserState,
  type PrincipalTable
} from '../src/index.ts';
import { eventually, openTestDatabase, quietLogger, type TestDatabase } from '../src/testing/index.ts';

const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

describe('principals in memory', () => {
  let db: TestDatabase;
  const tables: PrincipalTable[] = [];
  const table = async () => {
    const t = createPrincipalTable({ db, logger: quietLogger(), name: 'demo' });
    await t.start();
    tables.push(t);
    return t;
  };

  before(async () => {
    db = await openTestDatabase();
    await migrate(db, await platformMigrations());
  });
  after(async () => {
    await Promise.all(tables.map((t) => t.stop()));
    await db.destroy();
  });

  test('what the tables held at start is loaded; what is unknown is neither revoked nor demoted', async () => {
    await saveUserState(db, 1, 'manager', 'active');
    await saveUserState(db, 2, 'admin', 'deactivated');
    await saveRevokedSession(db, 'old', 1, inAMinute());
    await saveRevokedSession(db, 'expired', 1, new Date(Date.now() - 1000).toISOString());
    const t = await table();
    assert.ok(t.live);
    assert.deepEqual(t.state(1, 'fresh'), { role: 'manager', deactivated: false, revoked: false });
    assert.deepEqual(t.state(1, 'old'), { role: 'manager', deactivated: false, revoked: true });
    assert.deepEqual(t.state(2, 'x'), { role: 'admin', deactivated: true, revoked: false });
    assert.deepEqual(t.state(3, 'expired'), { role: null, deactivated: false, revoked: false });
  });

  test('every instance hears each change on commit, and a change rolled back is never heard', async () => {
    const [a, b] = [await table(), await table()];
    await saveRegisteredUser(db, 10, 'user');
    await saveUserState(db, 11, 'admin', 'active');
    await saveUserState(db, 11, 'user', 'active');
    await saveRevokedSession(db, 's10', 10, inAMinute());
    await db
      .transaction(async (tx) => {
        await saveUserState(tx, 12, 'admin', 'active');
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    for (const t of [a, b]) {
      await eventually(async () => (await t.state(10, 's10')).revoked, 2000, 'the ended session');
      assert.deepEqual(t.state(10, 'other'), { role: 'user', deactivated: false, revoked: false });
      assert.equal((await t.state(11, 'x')).role, 'user', 'the newest of two changes');
      assert.equal((await t.state(12, 'x')).role, null);
    }
    assert.equal(a.size.users, b.size.users);
  });

  test('while its connection is down the table is not trusted: the database answers; back, it is reloaded', async () => {
    const t = await table();
    await db.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`
    );
    await eventually(() => !t.live, 2000, 'the lost connection to be noticed');
    // Changed while nobody listened: the fallback reads it at once.
    await saveUserState(db, 20, 'manager', 'active');
    assert.deepEqual(await t.state(20, 'x'), { role: 'manager', deactivated: false, revoked: false });
    await eventually(() => t.live, 5000, 'the table to listen again');
    assert.deepEqual(t.state(20, 'x'), { role: 'manager', deactivated: false, revoked: false });
  });
});
